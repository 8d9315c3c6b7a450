// Uploads the server holds open for this user that no job continues (in this queue, or in the
// queue of another saved server at the same address), each named by its asset's display name
// (GET /admin/asset/{id}) when the server says it.

import { getAsset } from '../engine/api-assets';
import type { UploadQueue } from '../engine/queue';
import type { LeftoverUpload } from '../../preload/contract';

/** @param known upload ids that jobs continue (every open queue's). */
export async function listLeftovers(queue: UploadQueue, known: ReadonlySet<string>): Promise<LeftoverUpload[]> {
  const api = queue.api;
  const uploads = (await api.listUploads()).filter((u) => !known.has(u.id));
  // The file's name, from its asset; the id when the server cannot say (older servers).
  const names = await Promise.all(uploads.map((u) => getAsset(api, u.assetId).then((a) => a.displayName, () => null)));
  return uploads.map((u, index) => ({
    uploadId: u.id,
    assetId: u.assetId,
    displayName: names[index] ?? null,
    contentLength: u.contentLength ?? null,
    startDate: u.startDate ?? null,
    partsTotal: u.parts?.length ?? 0,
    partsConfirmed: u.parts?.filter((p) => p.isCompleted).length ?? 0,
  }));
}
