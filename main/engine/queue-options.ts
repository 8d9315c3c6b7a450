// What an UploadQueue is made with, and what it answers: the queue's public shapes.

import type { PartSizeAdvisor } from './part-size';
import type { UploadErrorCode } from './errors';
import type { Dispatcher } from 'undici';
import type { NomadApi } from './api';
import type { Clock } from './clock';
import type { FileAccess } from './file-access';
import type { JobApi } from './job-api';
import type { JobOptions } from './job-context';
import type { JournalStore } from './journal';
import type { StallReport } from './liveness';
import type { Logger } from './log';
import type { ResumeCheck } from './resume-check';
import type { RetryPolicyOptions } from './retry-policy';
import type { PartTransport } from './transfer';
import type { SkippedEntry, WalkOptions } from './walk';
import type { JobStateKind, JobView } from './views';
import type { WalkedFile, WalkProblem } from './walk';

/** The API a queue drives: the job routes, and the base URL that names the server by default. */
export type QueueApi = JobApi & { readonly baseUrl: string };

export interface UploadQueueOptions<Api extends QueueApi = NomadApi> {
  api: Api;
  /**
   * Names the server in journal records; default: the API base URL. The app's local sandbox
   * gets a new port each start, so it passes a stable name instead.
   */
  serverKey?: string;
  journal?: JournalStore;
  /** In-flight part PUTs shared by every job, at most (the pool finds how many pay); CONCURRENCY_LIMITS.default by default. */
  budget?: number;
  /** What chooses a new upload's part size from how fast parts went; one of its own by default. */
  partSizes?: PartSizeAdvisor;
  /** Bytes per second for all uploads together; 0 = unlimited. */
  bandwidthLimit?: number;
  /** A part with no byte moving for this long is aborted and retried; 60 s by default. */
  stallTimeoutMs?: number;
  /** What a resume reads again of the parts already sent: `sample` (default) or `full`. */
  resumeCheck?: ResumeCheck;
  retryPolicy?: Partial<RetryPolicyOptions>;
  dispatcher?: Dispatcher;
  defaults?: Partial<JobOptions>;
  /** Coalescing window for updates: 100 ms = at most 10 updates per second. */
  updateIntervalMs?: number;
  /** Jobs with a server session open at once (starting, uploading, completing). */
  maxActiveJobs?: number;
  /** What a dropped folder leaves out (ignore list) and whether links out of it are followed. */
  walk?: WalkOptions;
  /** Test seams: the disk, the part PUT, time. */
  files?: Partial<FileAccess>;
  transport?: PartTransport;
  clock?: Partial<Clock>;
  /** @deprecated use `clock.wallNow`; kept so older callers keep their wall clock. */
  now?: () => number;
  /** Engine log; silent by default. Lines are redacted on the way out. */
  log?: Logger;
  /**
   * How often the queue checks that nothing waits silently (30 s by default), and what it does
   * about a stall: by default, log it and start the job again from the server's state.
   */
  liveness?: { intervalMs?: number; onStall?: (reports: StallReport[]) => void };
}

export interface EnqueueRequest {
  paths: readonly string[];
  options?: Partial<JobOptions>;
  /**
   * `paths` already walked by the caller, who may have left files out (already uploaded) or
   * placed them (a moved file found again keeps its `shoot/day 1/…` place): used instead of
   * walking `paths` again.
   */
  walked?: { files: readonly WalkedFile[]; problems: readonly WalkProblem[]; skipped: readonly SkippedEntry[] };
}

export interface EnqueueResult {
  added: JobView[];
  /** Paths already in the queue for the same destination and not finished. */
  duplicates: string[];
  /** What the walk left out, and why (ignore list, links out of the dropped folder). */
  skipped: SkippedEntry[];
}

export type QueueEvent =
  | { type: 'transition'; job: JobView; from: JobStateKind }
  | { type: 'warning'; job: JobView; error: { code: UploadErrorCode; message: string } };

export const DEFAULT_JOB_OPTIONS: JobOptions = {
  parentId: null,
  languageId: null,
  relatedContentId: null,
  existingAssetId: null,
  overwrite: 'Ask',
  replaceOptions: [],
};
