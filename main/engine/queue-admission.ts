// Which of the queue's jobs wait for a place and which hold one. Counted on every transition
// (never recomputed by scanning), so the queue decides in O(1) whether another job may start
// and the liveness check can compare "queued with room to start" against the counts.

import { phaseOf } from '../../shared/job-states';
import { isSmallFile, maxOpenJobs } from './job-admission';
import { OpenJobsProbe } from './open-jobs-probe';
import type { JobStateKind } from './views';

export interface AdmittedJob {
  readonly state: JobStateKind;
  readonly size: number;
}

/** Holds one of the queue's active places (shared/job-states.ts). */
const isActive = (state: JobStateKind): boolean => phaseOf(state) === 'active';

export class QueueAdmission<Job extends AdmittedJob> {
  /** Jobs in state `queued`, in the order they became so. */
  readonly #pending = new Set<Job>();
  /** Each active job's size as it was when it opened (job-admission.ts weighs open bytes). */
  readonly #activeSizes = new Map<Job, number>();
  #activeCount = 0;
  #activeBytes = 0;
  readonly #maxActiveOverride: number | undefined;
  /** How many small files may be open: found by trying, from the completions' pace. */
  readonly #probe = new OpenJobsProbe();
  /** Monotonic ms. */
  readonly #now: () => number;

  constructor(maxActiveOverride: number | undefined, now: () => number) {
    this.#maxActiveOverride = maxActiveOverride;
    this.#now = now;
  }

  get queued(): number {
    return this.#pending.size;
  }

  get active(): number {
    return this.#activeCount;
  }

  maxActive(budget: number): number {
    return this.#maxActiveOverride ?? maxOpenJobs(budget, { count: this.#activeCount, bytes: this.#activeBytes }, this.#probe.limit);
  }

  /** A job that was just made (it may already be queued, e.g. restored from the journal). */
  added(job: Job): void {
    if (job.state === 'queued') this.#pending.add(job);
  }

  /** A job left the queue; by then it holds no place (it was cancelled or had finished). */
  removed(job: Job): void {
    this.#pending.delete(job);
  }

  /** Counts a transition: `job.state` is already the new state. */
  moved(job: Job, from: JobStateKind): void {
    const to = job.state;
    // Before the count drops: how many places were held as it finished, itself included.
    if (to === 'done' && isActive(from) && isSmallFile(job.size)) this.#probe.finished(this.#now(), this.#activeCount);
    if (to === 'queued') this.#pending.add(job);
    else this.#pending.delete(job);
    this.#activeCount += Number(isActive(to)) - Number(isActive(from));
    const counted = this.#activeSizes.get(job);
    if (isActive(to) && counted === undefined) {
      this.#activeSizes.set(job, job.size);
      this.#activeBytes += job.size;
    } else if (!isActive(to) && counted !== undefined) {
      this.#activeSizes.delete(job);
      this.#activeBytes -= counted;
    }
  }

  /** The next queued job if there is room for it (it leaves the waiting list), else null. */
  takeNext(budget: number): Job | null {
    if (this.#activeCount >= this.maxActive(budget) || this.#pending.size === 0) return null;
    const next = this.#pending.values().next().value as Job;
    this.#pending.delete(next);
    return next;
  }

  clear(): void {
    this.#pending.clear();
  }
}
