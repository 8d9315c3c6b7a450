// The shapes a job is made from and works with: what it is (init), and the queue's services
// it uses (context). Kept apart from the state machine so both stay readable.

import type { Dispatcher } from 'undici';
import type { BandwidthLimiter } from './bandwidth';
import type { Clock } from './clock';
import type { UploadError } from './errors';
import type { FileAccess } from './file-access';
import type { JobApi } from './job-api';
import type { UploadJob } from './job';
import type { JournalRecord, JournalStore } from './journal';
import type { Logger } from './log';
import type { ResumeCheck } from './resume-check';
import type { RetryPolicyOptions } from './retry-policy';
import type { PartSizeAdvisor } from './part-size';
import type { SlotPool } from './slot-pool';
import type { FileFingerprint } from './source';
import type { StartDestination } from './start-negotiation';
import type { PartTransport } from './transfer';
import type { Run } from './run';
import type { ConflictView, JobStateKind, PauseReason } from './views';

export type JobOptions = StartDestination;

export interface JobInit {
  id: string;
  localPath: string;
  relativePath: string;
  displayName: string;
  /** Which enqueue (drop, restore) this job came from. */
  dropId: string;
  fingerprint: FileFingerprint;
  options: JobOptions;
  /** Epoch ms. */
  createdAt: number;
  /** From the journal: a job of an earlier run of the program. */
  restored?: JournalRecord | undefined;
  /** The job could not even be read (missing path at enqueue): it starts failed. */
  initialError?: UploadError | undefined;
}

export interface JobContext {
  readonly api: JobApi;
  /** Which server a journal record belongs to (an upload id means nothing elsewhere). */
  readonly serverKey: string;
  readonly pool: SlotPool;
  /** The part size a new upload asks for, from how fast parts have gone. */
  readonly partSizes: PartSizeAdvisor;
  readonly limiter: BandwidthLimiter;
  readonly journal: JournalStore;
  readonly transport: PartTransport;
  readonly files: FileAccess;
  readonly dispatcher?: Dispatcher | undefined;
  readonly retryPolicy: RetryPolicyOptions;
  readonly stallTimeoutMs: number;
  /** What a resume reads again of the parts already sent: a sample, or all of them. */
  readonly resumeCheck: ResumeCheck;
  readonly clock: Clock;
  readonly log: Logger;
  /** Whether the API answers at all (shared by the queue's jobs, cached a few seconds). */
  reachable(): Promise<boolean>;
  /** Something visible changed (bytes, waiting reason): coalesced by the queue. */
  changed(job: UploadJob): void;
  /** The state kind changed: the queue may activate more jobs or apply a standing decision. */
  transitioned(job: UploadJob, from: JobStateKind): void;
  /** A problem worth telling the user that does not stop the upload. */
  warn(job: UploadJob, error: UploadError): void;
}

/** The job's states, each carrying its own data: a run exists only in the states that run. */
export type JobState =
  | { kind: 'queued' }
  | { kind: 'starting'; run: Run }
  | { kind: 'awaiting-decision'; conflict: ConflictView }
  | { kind: 'uploading'; run: Run }
  | { kind: 'paused'; reason: PauseReason }
  | { kind: 'completing'; run: Run }
  | { kind: 'done'; finishedAt: number; sha256: string }
  | { kind: 'skipped'; finishedAt: number }
  | { kind: 'failed'; error: UploadError; finishedAt: number }
  | { kind: 'cancelled'; finishedAt: number };

export type Running = Extract<JobState, { run: Run }>;

/** Why a job that is not finished is not moving, when it has nothing in flight: for the liveness check. */
export type Stall = { reason: string } | null;
