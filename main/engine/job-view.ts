// A job as the outside sees it (CLI, IPC, renderer): plain data that crosses IPC and JSON.

import type { UploadError } from './errors';
import type { UploadIdentity } from './job-run';
import { chunkSizeFor, partCount } from './plan';
import { etaSeconds } from './rate-meter';
import { isRetryableCode } from './retry-policy';
import type { ConflictView, JobStateKind, JobView, PauseReason } from './views';

export interface JobViewInput {
  job: Pick<JobView, 'id' | 'relativePath' | 'localPath' | 'dropId' | 'createdAt'> & { displayName: string };
  state: JobStateKind;
  size: number;
  bytesConfirmed: number;
  bytesAcked: number;
  bytesDone: number;
  bytesSending: number;
  /** Null until the server's plan is known: then our own chunking is the best guess. */
  partsTotal: number | null;
  partsConfirmed: number;
  speed: number;
  waiting: string | null;
  pauseReason: PauseReason | null;
  error: UploadError | null;
  conflict: ConflictView | null;
  upload: UploadIdentity | null;
  finishedAt: number | null;
  /** Failures so far, for the failure details a person reads ("failed 2 times"). */
  failures: number;
  sha256: string | null;
}

export function jobView(input: JobViewInput): JobView {
  const { job, error } = input;
  const remaining = input.size - input.bytesDone;
  return {
    id: job.id,
    name: job.displayName,
    relativePath: job.relativePath,
    localPath: job.localPath,
    dropId: job.dropId,
    size: input.size,
    state: input.state,
    bytesConfirmed: input.bytesConfirmed,
    bytesAcked: input.bytesAcked,
    bytesDone: input.bytesDone,
    bytesSending: input.bytesSending,
    partsTotal: input.partsTotal ?? partCount(input.size, chunkSizeFor(input.size)),
    partsConfirmed: input.partsConfirmed,
    speed: input.speed,
    etaSeconds: input.state === 'uploading' ? etaSeconds(remaining, input.speed) : null,
    waiting: input.waiting,
    pauseReason: input.pauseReason,
    error: error
      ? {
          code: error.code,
          message: error.message,
          retryable: isRetryableCode(error.code),
          detail: error.context.detail ?? null,
          status: error.context.status ?? null,
          request: error.context.request ?? null,
          attempts: input.failures,
        }
      : null,
    conflict: input.conflict,
    uploadId: input.upload?.id ?? null,
    // A version 1 journal could hold an upload without its asset id.
    assetId: input.upload?.assetId || null,
    createdAt: job.createdAt,
    finishedAt: input.finishedAt,
    sha256: input.sha256,
  };
}
