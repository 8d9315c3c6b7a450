// The queue owns the jobs: it walks dropped paths into jobs, activates them as the part
// budget allows, carries commands to them (one job or all), and emits coalesced updates.
// The CLI, the app's IPC handlers and the tray all drive the engine through this class.

import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { Dispatcher } from 'undici';
import type { NomadApi } from './api';
import { BandwidthLimiter } from './bandwidth';
import { UploadError, toUploadError } from './errors';
import { UploadJob, type JobContext, type JobOptions } from './job';
import { MemoryJournal, type JournalRecord, type JournalStore } from './journal';
import { silentLogger, type Logger } from './log';
import { etaSeconds } from './rate-meter';
import { DEFAULT_RETRY_POLICY, type RetryPolicyOptions } from './retry-policy';
import { PartScheduler } from './scheduler';
import { LocalFileSource, fingerprintFile, type ByteSource } from './source';
import {
  JOB_STATES,
  type ConflictDecision,
  type JobStateKind,
  type JobView,
  type PauseReason,
  type QueueSnapshot,
  type QueueUpdate,
  type StateCounts,
  type Totals,
} from './views';
import { walkPaths } from './walk';

export interface UploadQueueOptions {
  api: NomadApi;
  /**
   * Names the server in journal records; default: the API base URL. The app's local sandbox
   * gets a new port each start, so it passes a stable name instead.
   */
  serverKey?: string;
  journal?: JournalStore;
  /** In-flight part PUTs shared by every job; 6 by default. */
  budget?: number;
  /** Bytes per second for all uploads together; 0 = unlimited. */
  bandwidthLimit?: number;
  /** A part with no byte moving for this long is aborted and retried; 60 s by default. */
  stallTimeoutMs?: number;
  retryPolicy?: Partial<RetryPolicyOptions>;
  dispatcher?: Dispatcher;
  defaults?: Partial<JobOptions>;
  /** Coalescing window for updates: 100 ms = at most 10 updates per second. */
  updateIntervalMs?: number;
  /** Jobs with a server session open at once (starting, uploading, completing). */
  maxActiveJobs?: number;
  source?: (path: string) => ByteSource;
  now?: () => number;
  /** Engine log; silent by default. Lines are redacted on the way out. */
  log?: Logger;
}

export interface EnqueueRequest {
  paths: readonly string[];
  options?: Partial<JobOptions>;
}

export interface EnqueueResult {
  added: JobView[];
  /** Paths already in the queue for the same destination and not finished. */
  duplicates: string[];
}

export type QueueEvent =
  | { type: 'transition'; job: JobView; from: JobStateKind }
  | { type: 'warning'; job: JobView; error: { code: string; message: string } };

const ACTIVE: ReadonlySet<JobStateKind> = new Set(['starting', 'uploading', 'completing']);

export const DEFAULT_JOB_OPTIONS: JobOptions = {
  parentId: null,
  languageId: null,
  relatedContentId: null,
  existingAssetId: null,
  overwrite: 'Ask',
  replaceOptions: [],
};

export class UploadQueue {
  readonly api: NomadApi;
  #serverKey: string;
  #journal: JournalStore;
  #scheduler: PartScheduler;
  #limiter: BandwidthLimiter;
  #ctx: JobContext;
  #defaults: JobOptions;
  #jobs = new Map<string, UploadJob>();
  /** Jobs in state `queued`, in the order they became so. */
  #pending = new Set<UploadJob>();
  #activeCount = 0;
  #maxActiveOverride: number | undefined;
  #standingDecision: ConflictDecision | null = null;
  #dirty = new Set<string>();
  #removed = new Set<string>();
  #flushTimer: NodeJS.Timeout | null = null;
  #lastFlush = 0;
  #updateIntervalMs: number;
  #updateListeners = new Set<(update: QueueUpdate) => void>();
  #eventListeners = new Set<(event: QueueEvent) => void>();
  #idleWaiters: Array<() => void> = [];
  #closed = false;
  #now: () => number;

  constructor(options: UploadQueueOptions) {
    this.api = options.api;
    this.#journal = options.journal ?? new MemoryJournal();
    this.#scheduler = new PartScheduler(options.budget ?? 6);
    this.#limiter = new BandwidthLimiter(options.bandwidthLimit ?? 0);
    this.#defaults = { ...DEFAULT_JOB_OPTIONS, ...options.defaults };
    this.#updateIntervalMs = options.updateIntervalMs ?? 100;
    this.#maxActiveOverride = options.maxActiveJobs;
    this.#now = options.now ?? Date.now;
    const sourceFor = options.source ?? ((path: string) => new LocalFileSource(path));
    this.#serverKey = options.serverKey ?? options.api.baseUrl;
    this.#ctx = {
      api: options.api,
      serverKey: this.#serverKey,
      scheduler: this.#scheduler,
      limiter: this.#limiter,
      journal: this.#journal,
      dispatcher: options.dispatcher,
      retryPolicy: { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy },
      stallTimeoutMs: options.stallTimeoutMs ?? 60_000,
      log: options.log ?? silentLogger,
      source: sourceFor,
      now: this.#now,
      changed: (job) => this.#markDirty(job.id),
      transitioned: (job, from) => this.#onTransition(job, from),
      warn: (job, error) => this.#emit({ type: 'warning', job: job.view(), error: { code: error.code, message: error.message } }),
    };
  }

  // --- adding work ----------------------------------------------------------------

  async enqueue(request: EnqueueRequest): Promise<EnqueueResult> {
    this.#assertOpen();
    const options: JobOptions = { ...this.#defaults, ...stripUndefined(request.options ?? {}) };
    const { files, problems } = await walkPaths(request.paths);
    const dropId = randomUUID();
    const added: UploadJob[] = [];
    const duplicates: string[] = [];
    // A file already in the queue for the same destination is not added twice: an unfinished
    // job goes on, a failed one is retried (adding it again means "upload this again").
    const present = new Map<string, UploadJob | null>();
    for (const job of this.#jobs.values()) {
      if (!job.isFinished || job.state === 'failed') present.set(destinationKey(job.localPath, job.relativePath, job.options), job);
    }
    const isDuplicate = (localPath: string, relativePath: string): boolean => {
      const key = destinationKey(localPath, relativePath, options);
      if (!present.has(key)) {
        present.set(key, null);
        return false;
      }
      const existing = present.get(key);
      if (existing?.state === 'failed') existing.retry();
      duplicates.push(localPath);
      return true;
    };
    for (const file of files) {
      if (isDuplicate(file.localPath, file.relativePath)) continue;
      let fingerprint;
      let initialError: UploadError | undefined;
      try {
        fingerprint = await fingerprintFile(file.localPath);
      } catch (error) {
        initialError = toUploadError(error, { path: file.localPath });
        fingerprint = { path: file.localPath, size: 0, mtimeMs: 0 };
      }
      added.push(
        this.#createJob({
          id: randomUUID(),
          localPath: file.localPath,
          relativePath: file.relativePath,
          displayName: basename(file.relativePath),
          dropId,
          fingerprint,
          options,
          createdAt: this.#now(),
          initialError,
        }),
      );
    }
    for (const problem of problems) {
      if (isDuplicate(problem.localPath, problem.relativePath)) continue;
      added.push(
        this.#createJob({
          id: randomUUID(),
          localPath: problem.localPath,
          relativePath: problem.relativePath,
          displayName: basename(problem.relativePath),
          dropId,
          fingerprint: { path: problem.localPath, size: 0, mtimeMs: 0 },
          options,
          createdAt: this.#now(),
          initialError: problem.error,
        }),
      );
    }
    this.#fill();
    return { added: added.map((j) => j.view()), duplicates };
  }

  /**
   * Brings back every unfinished job of this server from the journal. Jobs the user had
   * paused stay paused; the others continue where the server says they are.
   */
  async restore(filter: { include?: (record: JournalRecord) => boolean } = {}): Promise<{ restored: JobView[]; unreadable: string[] }> {
    this.#assertOpen();
    const { records, unreadable } = await this.#journal.load();
    const restored: UploadJob[] = [];
    const dropId = randomUUID();
    for (const record of records) {
      if (record.apiUrl !== this.#serverKey || this.#jobs.has(record.jobId)) continue;
      if (filter.include && !filter.include(record)) continue;
      restored.push(this.#createJob(fromJournal(record, dropId)));
    }
    this.#fill();
    return { restored: restored.map((j) => j.view()), unreadable };
  }

  #createJob(init: ConstructorParameters<typeof UploadJob>[0]): UploadJob {
    const job = new UploadJob(init, this.#ctx);
    this.#jobs.set(job.id, job);
    this.#removed.delete(job.id);
    if (job.state === 'queued') this.#pending.add(job);
    this.#markDirty(job.id);
    return job;
  }

  // --- commands -------------------------------------------------------------------

  pause(id: string, reason: PauseReason = 'user'): void {
    this.#job(id).pause(reason);
  }

  resume(id: string, reason: PauseReason = 'user'): void {
    this.#job(id).resume(reason);
  }

  async cancel(id: string): Promise<void> {
    await this.#job(id).cancel();
  }

  retry(id: string): void {
    this.#job(id).retry();
  }

  /** Removes a job from the queue; an unfinished one is cancelled first. */
  async remove(id: string): Promise<void> {
    const job = this.#job(id);
    // Removing an unfinished or failed job is giving up on it: its server upload is cancelled
    // (parts deleted) rather than left behind as a leftover.
    if (!job.isFinished || job.state === 'failed') await job.cancel();
    job.dispose();
    this.#jobs.delete(id);
    this.#pending.delete(job);
    this.#dirty.delete(id);
    this.#removed.add(id);
    this.#scheduleFlush();
  }

  resolveConflict(id: string, decision: ConflictDecision): void {
    const job = this.#job(id);
    if (decision.applyToAll) {
      this.#standingDecision = { ...decision, applyToAll: false };
      for (const other of this.#jobs.values()) {
        if (other.state === 'awaiting-decision') other.resolveConflict(this.#standingDecision);
      }
    }
    job.resolveConflict(decision);
  }

  /**
   * `system` (sleep, quit) pauses only what is not already paused; `user` also takes over a
   * system pause, so wake leaves it alone.
   */
  pauseAll(reason: PauseReason = 'user'): void {
    // Queued jobs first, so pausing an active one does not activate a queued one meanwhile.
    for (const job of [...this.#jobs.values()].sort((a, b) => Number(ACTIVE.has(a.state)) - Number(ACTIVE.has(b.state)))) {
      job.pause(reason);
    }
  }

  /** `user` resumes every paused job; `system` (wake) only those the system paused. */
  resumeAll(reason: PauseReason = 'user'): void {
    for (const job of this.#jobs.values()) job.resume(reason);
  }

  retryFailed(): number {
    let count = 0;
    for (const job of this.#jobs.values()) {
      if (job.state !== 'failed') continue;
      job.retry();
      count += 1;
    }
    return count;
  }

  /** Removes done, skipped and cancelled jobs; failed ones stay until the user acts on them. */
  clearFinished(): number {
    let count = 0;
    for (const job of [...this.#jobs.values()]) {
      if (job.state !== 'done' && job.state !== 'skipped' && job.state !== 'cancelled') continue;
      this.#jobs.delete(job.id);
      this.#dirty.delete(job.id);
      this.#removed.add(job.id);
      count += 1;
    }
    this.#scheduleFlush();
    return count;
  }

  setBudget(budget: number): void {
    this.#scheduler.setBudget(budget);
    this.#fill();
  }

  setBandwidthLimit(bytesPerSecond: number): void {
    this.#limiter.setRate(bytesPerSecond);
  }

  setDefaults(defaults: Partial<JobOptions>): void {
    this.#defaults = { ...this.#defaults, ...stripUndefined(defaults) };
  }

  get budget(): number {
    return this.#scheduler.budget;
  }

  get bandwidthLimit(): number {
    return this.#limiter.rate;
  }

  // --- observing ------------------------------------------------------------------

  get(id: string): JobView | null {
    return this.#jobs.get(id)?.view() ?? null;
  }

  snapshot(): QueueSnapshot {
    const jobs = [...this.#jobs.values()].map((j) => j.view());
    return { jobs, totals: computeTotals(jobs) };
  }

  /** Coalesced updates, at most one per update interval. Returns the unsubscribe function. */
  onUpdate(listener: (update: QueueUpdate) => void): () => void {
    this.#updateListeners.add(listener);
    return () => this.#updateListeners.delete(listener);
  }

  /** Every state transition and warning, as it happens (not coalesced). */
  onEvent(listener: (event: QueueEvent) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  /** Runs, timers and abort listeners held by jobs, and jobs registered with the scheduler. */
  openResources(): { runs: number; timers: number; abortListeners: number; scheduled: number } {
    const total = { runs: 0, timers: 0, abortListeners: 0, scheduled: this.#scheduler.sourceCount };
    for (const job of this.#jobs.values()) {
      const held = job.openResources();
      total.runs += held.runs;
      total.timers += held.timers;
      total.abortListeners += held.abortListeners;
    }
    return total;
  }

  get isIdle(): boolean {
    return this.#activeCount === 0 && this.#pending.size === 0;
  }

  /** Resolves when nothing is queued or running (paused and awaiting-decision jobs wait on the user). */
  whenIdle(): Promise<void> {
    if (this.isIdle) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Stops everything without cancelling anything: in-flight requests are aborted, timers
   * cleared, server uploads stay open and journaled for the next start.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const job of this.#jobs.values()) job.dispose();
    this.#pending.clear();
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    this.#updateListeners.clear();
    this.#eventListeners.clear();
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  // --- internals ------------------------------------------------------------------

  #job(id: string): UploadJob {
    const job = this.#jobs.get(id);
    if (!job) throw new UploadError('not-found', 'That upload is no longer in the queue.');
    return job;
  }

  #assertOpen(): void {
    if (this.#closed) throw new UploadError('internal', 'The upload queue is closed.');
  }

  get #maxActive(): number {
    // Small files spend most of their time in API round trips, not in PUTs: allowing a few
    // more open jobs than part slots keeps the slots busy.
    return this.#maxActiveOverride ?? Math.max(4, this.#scheduler.budget * 2);
  }

  #fill(): void {
    if (this.#closed) return;
    while (this.#activeCount < this.#maxActive && this.#pending.size > 0) {
      const next = this.#pending.values().next().value as UploadJob;
      this.#pending.delete(next);
      next.activate();
    }
    this.#checkIdle();
  }

  #onTransition(job: UploadJob, from: JobStateKind): void {
    const to = job.state;
    if (to === 'queued') this.#pending.add(job);
    else this.#pending.delete(job);
    this.#activeCount += Number(ACTIVE.has(to)) - Number(ACTIVE.has(from));
    if (to === 'awaiting-decision' && this.#standingDecision) {
      const decision = this.#standingDecision;
      queueMicrotask(() => job.resolveConflict(decision));
    }
    this.#emit({ type: 'transition', job: job.view(), from });
    // Let the transition finish before activating others (we may be inside job code).
    queueMicrotask(() => this.#fill());
  }

  #checkIdle(): void {
    if (!this.isIdle || this.#idleWaiters.length === 0) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #emit(event: QueueEvent): void {
    for (const listener of this.#eventListeners) listener(event);
  }

  #markDirty(id: string): void {
    this.#dirty.add(id);
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#flushTimer || this.#closed) return;
    const wait = Math.max(0, this.#lastFlush + this.#updateIntervalMs - this.#now());
    this.#flushTimer = setTimeout(() => this.#flush(), wait);
    this.#flushTimer.unref();
  }

  #flush(): void {
    this.#flushTimer = null;
    this.#lastFlush = this.#now();
    const changed: JobView[] = [];
    for (const id of this.#dirty) {
      const job = this.#jobs.get(id);
      if (job) changed.push(job.view());
    }
    this.#dirty.clear();
    const removed = [...this.#removed];
    this.#removed.clear();
    // Totals straight from the jobs' counters: building a full view of every job 10 times a
    // second cost the main process milliseconds per flush with 10,000 jobs queued.
    const totals = computeTotals(this.#jobs.values());
    const update: QueueUpdate = { changed, removed, totals };
    for (const listener of this.#updateListeners) listener(update);
    // Speeds and ETAs keep moving while anything uploads, even without new events.
    if (totals.active) this.#scheduleFlush();
  }
}

/** What totals need of a job: a JobView has it, and so has an UploadJob without building one. */
export type TotalsInput = Pick<JobView, 'state' | 'size' | 'bytesConfirmed' | 'bytesInFlight' | 'speed'>;

export function computeTotals(jobs: Iterable<TotalsInput>): Totals {
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as StateCounts;
  let bytesTotal = 0;
  let bytesDone = 0;
  let remaining = 0;
  let speed = 0;
  let count = 0;
  for (const job of jobs) {
    count += 1;
    counts[job.state] += 1;
    if (job.state === 'cancelled' || job.state === 'skipped') continue;
    bytesTotal += job.size;
    const done = job.state === 'done' ? job.size : job.bytesConfirmed + job.bytesInFlight;
    bytesDone += done;
    if (job.state !== 'failed') remaining += job.size - done;
    speed += job.speed;
  }
  return {
    jobs: count,
    counts,
    bytesTotal,
    bytesDone,
    speed,
    etaSeconds: remaining > 0 ? etaSeconds(remaining, speed) : null,
    active: counts.starting + counts.uploading + counts.completing > 0,
  };
}

function destinationKey(localPath: string, relativePath: string, options: JobOptions): string {
  return JSON.stringify([localPath, relativePath, options.parentId, options.existingAssetId, options.relatedContentId]);
}

function fromJournal(record: JournalRecord, dropId: string): ConstructorParameters<typeof UploadJob>[0] {
  return {
    id: record.jobId,
    localPath: record.file.path,
    relativePath: record.relativePath,
    displayName: record.displayName,
    dropId,
    fingerprint: record.file,
    options: record.options,
    createdAt: record.createdAt,
    resume: { uploadId: record.uploadId, assetId: record.assetId, parts: record.parts, paused: record.paused },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
