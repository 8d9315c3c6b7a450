// A drop (or Add files…) into the shown queue, with what the extras keep of it: sidecars held
// back for their clip, and the destination by its path for the history.

import type { UploadQueue } from '../engine/queue';
import type { Settings } from '../../preload/contract';
import { enqueueDrop, type DropResult } from './drop-intake';
import type { UploadExtras } from './upload-extras';

export async function enqueueInto(queue: UploadQueue, extras: UploadExtras, settings: Settings, paths: string[], options: { parentId?: string | null | undefined; again: boolean }): Promise<DropResult> {
  const result = await enqueueDrop(queue, paths, { parentId: options.parentId, again: options.again, holdBack: extras.holdBack(settings) });
  const folder = options.parentId === undefined ? settings.defaultParentId : options.parentId;
  const destination = await extras.paths.pathOf(queue.api, folder).catch(() => settings.defaultParentPath ?? folder ?? 'Incoming');
  extras.dropped(result, destination);
  return result;
}
