// What the window, the tray and the e2e bridge may do to the jobs of the shown profile's queue:
// verbs, so no caller reaches into a queue (which queue is shown is the service's business).
// Commands that start network work are refused (with "sign in") while the profile is signed out.

import { UploadError } from '../engine/errors';
import type { ConflictDecision, QueueSnapshot } from '../engine/views';
import type { UploadQueue } from '../engine/queue';
import type { JobAction, LeftoverUpload, Settings } from '../../preload/contract';
import { AppError } from './app-errors';
import { emptyTotals } from '../../shared/totals';
import { jobDefaults, type Connection } from './connection';
import { applyToJobs, removeFailed, replaceWithLocated, retryWithDefaults } from './drop-intake';
import { listLeftovers } from './leftovers';

export class JobVerbs {
  readonly #shown: () => Connection | null;
  readonly #settings: () => Settings;
  /** Every open connection: a queue not shown may continue an upload on the same server. */
  readonly #all: () => readonly Connection[];

  constructor(shown: () => Connection | null, settings: () => Settings, all: () => readonly Connection[]) {
    this.#shown = shown;
    this.#settings = settings;
    this.#all = all;
  }

  /** The shown queue, for commands that only stop or tidy: allowed while signed out. */
  get queue(): UploadQueue {
    const connection = this.#shown();
    if (connection === null) throw new UploadError('auth-required', 'Sign in to a server (or use the local sandbox) first.');
    return connection.queue;
  }

  /** The shown queue, for commands that start network work: refused while signed out. */
  get activeQueue(): UploadQueue {
    const queue = this.queue;
    if (this.#shown()?.signedOut) throw new AppError('signed-out', 'You are signed out. Sign in to continue uploading.');
    return queue;
  }

  snapshot(): QueueSnapshot {
    return this.#shown()?.queue.snapshot() ?? { jobs: [], totals: emptyTotals() };
  }

  /** Throws not-found for a job that left the queue (before a file picker opens for it). */
  requireJob(id: string): void {
    if (this.queue.get(id) === null) throw new UploadError('not-found', 'That upload is no longer in the queue.');
  }

  pause(id: string): void {
    this.queue.pause(id);
  }

  resume(id: string): void {
    this.activeQueue.resume(id);
  }

  cancel(id: string): Promise<void> {
    return this.queue.cancel(id);
  }

  retry(id: string): void {
    this.activeQueue.retry(id);
  }

  remove(id: string): Promise<void> {
    return this.queue.remove(id);
  }

  pauseAll(): void {
    this.queue.pauseAll();
  }

  resumeAll(): void {
    this.activeQueue.resumeAll();
  }

  retryFailed(): number {
    return this.activeQueue.retryFailed();
  }

  clearFinished(): number {
    return this.queue.clearFinished();
  }

  resolveConflict(id: string, decision: ConflictDecision): void {
    this.queue.resolveConflict(id, decision);
  }

  /** A failed job's file, found again by the person at `localPath`. */
  async locateFile(id: string, localPath: string): Promise<void> {
    const queue = this.activeQueue;
    const job = queue.get(id);
    if (job === null) throw new UploadError('not-found', 'That upload is no longer in the queue.');
    await replaceWithLocated(queue, job, localPath);
  }

  retryWithSettings(ids: readonly string[]): Promise<number> {
    return retryWithDefaults(this.activeQueue, ids, jobDefaults(this.#settings()));
  }

  applyToJobs(action: JobAction, ids: readonly string[]): Promise<number> {
    const starts = action === 'resume' || action === 'retry';
    return applyToJobs(starts ? this.activeQueue : this.queue, action, ids);
  }

  removeFailed(): Promise<number> {
    return removeFailed(this.queue);
  }

  listLeftovers(): Promise<LeftoverUpload[]> {
    return listLeftovers(this.activeQueue, this.#continuedUploads());
  }

  async discardLeftover(uploadId: string): Promise<void> {
    const queue = this.activeQueue;
    // Two saved servers at one address (or the sandbox saved as a server) share the server's
    // open uploads: one that a queue continues is never a leftover to discard.
    if (this.#continuedUploads().has(uploadId)) throw new UploadError('bad-request', 'A file in one of your queues continues this upload: cancel it there instead.');
    await queue.api.cancelUpload(uploadId, 'Discarded by the user');
  }

  /** Upload ids that a job of any open queue continues. */
  #continuedUploads(): Set<string> {
    return new Set(this.#all().flatMap((c) => c.queue.snapshot().jobs.flatMap((j) => (j.uploadId ? [j.uploadId] : []))));
  }
}
