// Attachments (sidecars) of done uploads: subtitles, captions, proxies, thumbnails sent with
// start-related-asset to the asset they belong to. They run in a queue of their own (the
// engine's jobs, parts and retries, with the related-asset start: engine/api-related.ts),
// and each done row shows its attachments. A sidecar found in a dropped folder beside its
// clip waits for the clip's asset id — said on the row, never silent — and fails clearly
// when the clip fails or is cancelled.

import { basename } from 'node:path';
import type { NomadApi } from '../engine/api';
import { relatedUploadApi } from '../engine/api-related';
import { MemoryJournal } from '../engine/journal';
import type { Logger } from '../engine/log';
import { UploadQueue } from '../engine/queue';
import type { QueueApi } from '../engine/queue-options';
import { sidecarKindOf } from '../engine/sidecars';
import type { JobView, QueueUpdate } from '../engine/views';
import type { AttachmentView } from '../../preload/contract';

export interface AttachmentEvents {
  changed(assetId: string, attachments: AttachmentView[]): void;
}

/** A sidecar whose clip is still uploading: it starts once the clip's job is done. */
interface Pending {
  localPath: string;
  /** The clip's job in the main queue. */
  parentJobId: string;
  failed: string | null;
}

export class Attachments {
  readonly #queue: UploadQueue<QueueApi>;
  readonly #events: AttachmentEvents;
  /** Attachment job id → the asset it belongs to. */
  readonly #owner = new Map<string, string>();
  readonly #pending: Pending[] = [];
  readonly #offUpdate: () => void;

  constructor(api: NomadApi, events: AttachmentEvents, log: Logger) {
    // Replacing an attachment of the same name is what attaching it again means.
    this.#queue = new UploadQueue<QueueApi>({
      api: relatedUploadApi(api),
      journal: new MemoryJournal(),
      log,
      defaults: { parentId: null, languageId: null, relatedContentId: null, existingAssetId: null, overwrite: 'Replace', replaceOptions: [] },
    });
    this.#events = events;
    this.#offUpdate = this.#queue.onUpdate((update) => this.#onUpdate(update));
  }

  /** Attaches files to a done asset now. */
  async attach(assetId: string, paths: readonly string[]): Promise<number> {
    const { added } = await this.#queue.enqueue({
      paths,
      options: { existingAssetId: assetId },
      walked: { files: paths.map((localPath) => ({ localPath, relativePath: basename(localPath) })), problems: [], skipped: [] },
    });
    for (const job of added) this.#owner.set(job.id, assetId);
    this.#emit(assetId);
    return added.length;
  }

  /** A sidecar of a dropped folder: attached once the clip's upload (job `parentJobId`) is done. */
  waitFor(parentJobId: string, localPath: string): void {
    this.#pending.push({ localPath, parentJobId, failed: null });
  }

  /**
   * The main queue's jobs moved: start the sidecars whose clip is done, fail those whose clip
   * failed, and wait again for a clip that is tried again (Retry after a failure): its
   * sidecars were only failed for as long as the clip was.
   */
  parentsChanged(jobs: readonly JobView[]): void {
    for (const job of jobs) {
      const waiting = this.#pending.filter((p) => p.parentJobId === job.id);
      if (waiting.length === 0) continue;
      if (job.state === 'done' && job.assetId) {
        for (const p of waiting) this.#pending.splice(this.#pending.indexOf(p), 1);
        void this.attach(job.assetId, waiting.map((p) => p.localPath));
      } else if (job.state === 'failed' || job.state === 'cancelled' || job.state === 'skipped') {
        for (const p of waiting) p.failed = `${job.name} was not uploaded (${job.state}): there is nothing to attach ${basename(p.localPath)} to.`;
      } else {
        for (const p of waiting) p.failed = null;
      }
    }
  }

  /** Pending sidecars of a job of the main queue, as its row shows them. */
  pendingOf(parentJob: JobView): AttachmentView[] {
    return this.#pending
      .filter((p) => p.parentJobId === parentJob.id)
      .map((p) => ({
        jobId: `pending:${p.localPath}`,
        name: basename(p.localPath),
        kind: sidecarKindOf(basename(p.localPath)),
        state: p.failed === null ? 'waiting' : 'failed',
        reason: p.failed ?? `Waits for ${parentJob.name} to finish uploading.`,
        progress: 0,
      }));
  }

  of(assetId: string): AttachmentView[] {
    return this.#queue
      .snapshot()
      .jobs.filter((job) => this.#owner.get(job.id) === assetId)
      .map(toView);
  }

  close(): Promise<void> {
    this.#offUpdate();
    return this.#queue.close();
  }

  #onUpdate(update: QueueUpdate): void {
    const assets = new Set(update.changed.flatMap((job) => this.#owner.get(job.id) ?? []));
    for (const assetId of assets) this.#emit(assetId);
  }

  #emit(assetId: string): void {
    this.#events.changed(assetId, this.of(assetId));
  }
}

function toView(job: JobView): AttachmentView {
  const state: AttachmentView['state'] =
    job.state === 'done' ? 'done' : job.state === 'failed' || job.state === 'cancelled' ? 'failed' : job.state === 'queued' ? 'waiting' : 'uploading';
  return {
    jobId: job.id,
    name: job.name,
    kind: sidecarKindOf(job.name),
    state,
    reason: job.error?.message ?? job.waiting,
    progress: job.size > 0 ? job.bytesDone / job.size : job.state === 'done' ? 1 : 0,
  };
}
