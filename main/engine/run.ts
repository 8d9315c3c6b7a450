// One activation of a job: its abort signal and every operation it is waiting on. Pause,
// cancel and failure end the run, which aborts its requests and clears its timers; callbacks
// of an ended run change nothing (Uppy's lesson: listeners and timers die with the upload).
//
// Every await of a run goes through `track`, so at any moment the run can say what it waits
// for: a request, a timer, a slot, the disk. That is what the liveness check reads — a run
// that waits for nothing is a run that will never move again.

import { getEventListeners, setMaxListeners } from 'node:events';
import type { Clock } from './clock';
import { UploadError } from './errors';

export type WaitKind = 'request' | 'timer' | 'slot' | 'io';

export interface PendingWait {
  kind: WaitKind;
  /** What it is, for the stall report: `PUT part 3`, `backoff part 3`, `journal`. */
  label: string;
  /** Monotonic ms when the wait began. */
  since: number;
  /** Longer than this and something is wrong (a timer that never fired); Infinity = no bound. */
  boundMs: number;
}

export type RunActivity = Record<WaitKind, number>;

/**
 * How long a local operation (a stat, a journal line) may take before it counts as stuck: two
 * minutes is far beyond a slow USB disk and well within what a hung network mount does.
 * Requests have their own timeouts and stall watchdog; slots are checked by the pool.
 */
const IO_BOUND_MS = 120_000;

export class Run {
  readonly #controller = new AbortController();
  readonly #clock: Clock;
  readonly #pending = new Set<PendingWait>();

  constructor(clock: Clock) {
    this.#clock = clock;
    // Every part in flight, API call and backoff sleep of the run listens on this signal:
    // more than Node's default 10 is expected, not a leak (each removes itself when done).
    setMaxListeners(0, this.#controller.signal);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get ended(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Aborts everything the run waits on. Idempotent. */
  end(): void {
    if (this.ended) return;
    this.#controller.abort(new UploadError('aborted', 'Stopped.'));
  }

  /** Throws `aborted` if the run has ended: call after every await that was not tracked. */
  assertLive(): void {
    if (this.ended) throw new UploadError('aborted', 'Stopped.');
  }

  /** Runs `op` as a tracked wait of this run. */
  async track<T>(
    kind: WaitKind,
    label: string,
    op: (signal: AbortSignal) => Promise<T>,
    boundMs = kind === 'io' ? IO_BOUND_MS : Number.POSITIVE_INFINITY,
  ): Promise<T> {
    this.assertLive();
    const wait: PendingWait = { kind, label, since: this.#clock.now(), boundMs };
    this.#pending.add(wait);
    try {
      return await op(this.signal);
    } finally {
      this.#pending.delete(wait);
    }
  }

  /**
   * Like `track`, for what must finish whether or not the run has ended: closing the run's
   * file, keeping an upload id the server gave us while a pause was on its way. Tracked while
   * the run lives, so the liveness check sees it; run plainly once it has ended.
   */
  async settle<T>(kind: WaitKind, label: string, op: () => Promise<T>): Promise<T> {
    if (this.ended) return op();
    return this.track(kind, label, () => op());
  }

  /** A backoff or Retry-After wait; rejects `aborted` when the run ends first. */
  sleep(ms: number, label: string): Promise<void> {
    // A timer that has not fired 5 s after it was due is a fake clock misused or a bug.
    return this.track('timer', label, (signal) => this.#clock.sleep(ms, signal), ms + 5000);
  }

  activity(): RunActivity {
    const counts: RunActivity = { request: 0, timer: 0, slot: 0, io: 0 };
    for (const wait of this.#pending) counts[wait.kind] += 1;
    return counts;
  }

  /** Waits that have lasted longer than their bound. */
  overdue(): PendingWait[] {
    const now = this.#clock.now();
    return [...this.#pending].filter((wait) => now - wait.since > wait.boundMs);
  }

  /**
   * What the liveness check asks of a run: null while it waits on something that will end by
   * itself, else why it will not move again.
   */
  stall(): string | null {
    const overdue = this.overdue();
    if (overdue.length > 0) return `overdue: ${overdue.map((w) => `${w.kind}:${w.label}`).join(', ')}`;
    if (this.#pending.size === 0) return 'no request in flight, no timer and no slot to wait for';
    return null;
  }

  /** Timers armed and listeners on the abort signal: zero once everything of the run settled. */
  resources(): { timers: number; abortListeners: number } {
    return { timers: this.activity().timer, abortListeners: getEventListeners(this.signal, 'abort').length };
  }

  describe(): string {
    return [...this.#pending].map((w) => `${w.kind}:${w.label}`).join(', ') || 'nothing';
  }
}
