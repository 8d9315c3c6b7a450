// What the app adds to the queue beyond a plain enqueue: a re-dropped file that is already
// uploaded is reported (and added again only when the person says "Upload again"), a file
// that moved is found again at its new place, failed jobs are retried with the settings
// as they are now, and one action is applied to many jobs.

import { basename } from 'node:path';
import type { JobOptions } from '../engine/job';
import type { UploadQueue } from '../engine/queue';
import type { JobView } from '../engine/views';
import type { WalkedFile } from '../engine/walk';
import type { JobAction, NoticeKind } from '../../preload/contract';

const fileKey = (localPath: string, relativePath: string): string => `${localPath}\u0000${relativePath}`;

export interface DropResult {
  added: number;
  /** The jobs the drop added (for the history's destination and the sidecars that wait for them). */
  jobs: JobView[];
  /** Files of the drop held back by `holdBack` (sidecars attached once their clip is done). */
  heldBack: WalkedFile[];
  /** Set when some files were already uploaded or queued: what to tell the person. */
  notice: Extract<NoticeKind, { type: 'already-present' }> | null;
}

/**
 * Enqueues a drop. Unless `again`, files whose upload is done in this queue are left out and
 * named in the notice with the paths that "Upload again" sends back with `again: true`.
 */
export async function enqueueDrop(
  queue: UploadQueue,
  paths: readonly string[],
  options: { parentId?: string | null; again: boolean; holdBack?: (files: readonly WalkedFile[]) => Set<WalkedFile> },
): Promise<DropResult> {
  // The queue's own walk: its ignore list and link policy, and the file seam it reads through.
  const walked = await queue.walk(paths);
  const held = options.holdBack?.(walked.files) ?? new Set<WalkedFile>();
  const done = new Set(
    queue
      .snapshot()
      .jobs.filter((job) => job.state === 'done')
      .map((job) => fileKey(job.localPath, job.relativePath)),
  );
  const uploaded: WalkedFile[] = [];
  const files: WalkedFile[] = [];
  for (const file of walked.files) {
    if (held.has(file)) continue;
    if (!options.again && done.has(fileKey(file.localPath, file.relativePath))) uploaded.push(file);
    else files.push(file);
  }
  const { added, duplicates } = await queue.enqueue({
    paths,
    options: options.parentId !== undefined ? { parentId: options.parentId } : {},
    walked: { files, problems: walked.problems, skipped: walked.skipped },
  });
  const notice =
    uploaded.length > 0 || duplicates.length > 0
      ? {
          type: 'already-present' as const,
          uploaded: uploaded.map((f) => basename(f.relativePath)),
          queued: duplicates.map((p) => basename(p)),
          again: uploaded.length > 0 ? [...paths] : [],
        }
      : null;
  return { added: added.length, jobs: added, heldBack: [...held], notice };
}

/** The English words of an already-present notice (the renderer words it in the person's language). */
export function alreadyPresentMessage(notice: Extract<NoticeKind, { type: 'already-present' }>): string {
  const parts: string[] = [];
  const files = (n: number) => (n === 1 ? '1 file is' : `${n} files are`);
  if (notice.uploaded.length > 0) parts.push(`${files(notice.uploaded.length)} already uploaded`);
  if (notice.queued.length > 0) parts.push(`${files(notice.queued.length)} already in the queue`);
  return `${parts.join('; ')}.`;
}

/**
 * Replaces a job whose file moved with the file at `localPath`, keeping its destination
 * (the same relative path, so a file of a dropped folder lands in the same sub-folder).
 */
export async function replaceWithLocated(queue: UploadQueue, job: JobView, localPath: string): Promise<void> {
  await queue.remove(job.id);
  await queue.enqueue({
    paths: [localPath],
    walked: { files: [{ localPath, relativePath: job.relativePath }], problems: [], skipped: [] },
  });
}

/**
 * Failed jobs start over with the queue's current defaults (destination folder, language,
 * overwrite policy): a job keeps the options it was added with, so after Settings were
 * fixed a plain Retry would fail the same way.
 */
export async function retryWithDefaults(queue: UploadQueue, ids: readonly string[], defaults: Partial<JobOptions>): Promise<number> {
  const failed = ids.map((id) => queue.get(id)).filter((job): job is JobView => job?.state === 'failed');
  for (const job of failed) await queue.remove(job.id);
  if (failed.length === 0) return 0;
  // Each folder of the drop keeps its place: the walked paths carry the old relative paths.
  const files = failed.map((job) => ({ localPath: job.localPath, relativePath: job.relativePath }));
  const { added } = await queue.enqueue({ paths: files.map((f) => f.localPath), options: defaults, walked: { files, problems: [], skipped: [] } });
  return added.length;
}

/** One action on each listed job that can take it; returns how many did. */
export async function applyToJobs(queue: UploadQueue, action: JobAction, ids: readonly string[]): Promise<number> {
  let affected = 0;
  for (const id of ids) {
    const job = queue.get(id);
    if (job === null || !canApply(action, job)) continue;
    switch (action) {
      case 'pause':
        queue.pause(id);
        break;
      case 'resume':
        queue.resume(id);
        break;
      case 'retry':
        queue.retry(id);
        break;
      case 'cancel':
        await queue.cancel(id);
        break;
      case 'remove':
        await queue.remove(id);
        break;
    }
    affected += 1;
  }
  return affected;
}

function canApply(action: JobAction, job: JobView): boolean {
  switch (action) {
    case 'pause':
      return job.state === 'queued' || job.state === 'starting' || job.state === 'uploading';
    case 'resume':
      return job.state === 'paused';
    case 'retry':
      return job.state === 'failed' || job.state === 'cancelled';
    case 'cancel':
      return !['done', 'skipped', 'failed', 'cancelled'].includes(job.state);
    case 'remove':
      return true;
  }
}

/** Removes every failed job (cancelling its server upload); returns how many. */
export async function removeFailed(queue: UploadQueue): Promise<number> {
  const failed = queue.snapshot().jobs.filter((job) => job.state === 'failed');
  for (const job of failed) await queue.remove(job.id);
  return failed.length;
}

