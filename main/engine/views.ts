// What the engine shows of itself to the outside (CLI, IPC, renderer): plain data, no
// functions, no class instances, so it crosses IPC and serializes to JSON unchanged.

import type { UploadOverwriteOption, UploadReplaceOption } from './protocol';

import type { JobStateKind } from '../../shared/job-states';
import type { UploadErrorCode } from '../../shared/error-codes';
import type { Totals } from '../../shared/totals';

// The states and what each allows are one table, shared with the renderer.
export { FINISHED_STATES, JOB_STATES, JOB_STATE_RULES, type JobCommand, type JobPhase, type JobStateKind } from '../../shared/job-states';

/**
 * What to do when the target already exists. `Ask` starts with Nomad's `Cancel` option and,
 * when the server reports a conflict, parks the job in `awaiting-decision`; plain `Cancel`
 * turns the same conflict into a failure (the CLI's default: nobody is there to ask).
 */
export type OverwritePolicy = 'Ask' | UploadOverwriteOption;

/**
 * Who paused a job. Only a person's pause is journalled as paused: a laptop that died asleep
 * (a system pause) comes back resuming, not waiting for a click nobody knows to give.
 */
export type PauseReason = 'user' | 'system';

export type ConflictAction = 'continue' | 'replace' | 'asset-replace' | 'skip';

export interface ConflictDecision {
  action: ConflictAction;
  /** For `asset-replace` when the server did not name the existing asset: the one the person chose. */
  existingAssetId?: string;
  replaceOptions?: UploadReplaceOption[];
  /** Apply the same decision to every job now (or later) awaiting one in this queue. */
  applyToAll?: boolean;
}

export interface ErrorView {
  /** Stable machine code, e.g. `file-changed`, `auth-failed`, `server-error`. */
  code: UploadErrorCode;
  /** One sentence a user understands: what happened and what to do. */
  message: string;
  retryable: boolean;
  /** The server's own words (ProblemDetails detail or title), if it said any. */
  detail?: string | null;
  /** HTTP status of the answer that failed the job, if it was one. */
  status?: number | null;
  /** Which request failed, e.g. `POST /asset/upload/start` (never a pre-signed URL). */
  request?: string | null;
  /** How many times this job has failed so far (1 = the first try; a Retry that fails again = 2). */
  attempts?: number;
}

export interface ConflictView {
  assetId: string | null;
  uploadId: string | null;
  detail: string;
  /**
   * What the engine can do with this conflict. `asset-replace` only when it knows which asset
   * to replace: the server named it, or the upload was given one.
   */
  choices: ConflictAction[];
  /** Why the engine asks although the overwrite policy is not Ask; null when it is. */
  reason: string | null;
}

export interface JobView {
  id: string;
  /** File name as it will appear on the server. */
  name: string;
  /** Sub-path relative to the upload destination, e.g. `shoot/day 1/a.mov`. */
  relativePath: string;
  localPath: string;
  /**
   * One id per enqueue (a drop, an "Add files", a restore): with the first segment of
   * `relativePath` it groups a dropped folder's files into one line.
   */
  dropId: string;
  size: number;
  state: JobStateKind;
  /** Bytes the server confirmed (part-complete answered). */
  bytesConfirmed: number;
  /** Bytes storage holds (it answered 2xx and the ETag checked out) that the server has yet to confirm. */
  bytesAcked: number;
  /**
   * Progress: confirmed plus acked bytes (the whole size once done). Never bytes merely handed
   * to a socket: a storage that swallows bytes and never answers stays at 0 %.
   */
  bytesDone: number;
  /** Handed to sockets in attempts storage has not answered yet: shown apart, may be sent again. */
  bytesSending: number;
  partsTotal: number;
  partsConfirmed: number;
  /** Bytes per second over the last few seconds; 0 when idle. */
  speed: number;
  etaSeconds: number | null;
  /** Why a running job is not moving: waiting for network, backing off after an error… */
  waiting: string | null;
  /** Set while paused: by the person, or by the system (sleep, quit). */
  pauseReason: PauseReason | null;
  error: ErrorView | null;
  conflict: ConflictView | null;
  uploadId: string | null;
  assetId: string | null;
  createdAt: number;
  finishedAt: number | null;
  /** The whole file's SHA-256 as it was read for the upload: set once done. */
  sha256: string | null;
}

// Defined in shared/ with emptyTotals (the renderer and the tray need them without a queue); re-exported here.
export type { StateCounts, Totals } from '../../shared/totals';

export interface QueueSnapshot {
  jobs: JobView[];
  totals: Totals;
}

/** Coalesced change set: emitted at most every 100 ms while anything changes. */
export interface QueueUpdate {
  changed: JobView[];
  removed: string[];
  totals: Totals;
  /**
   * Another saved server's queue is shown (a switch): its jobs replace the list and are not
   * news to announce ("3 uploads started" was read out for uploads that had been running for an hour).
   */
  switched?: true;
}
