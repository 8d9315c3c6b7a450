// Time for the link emulator, behind an interface so its arithmetic (serialisation, delay,
// windows) is tested under a hand-driven clock and runs on the real one in the benchmark.

export interface Clock {
  /** Milliseconds, monotonic, fractional. */
  now(): number;
  /** Calls `fn` once, as soon as possible at or after time `at` (ms on this clock). */
  at(at: number, fn: () => void): Timer;
}

export interface Timer {
  cancel(): void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  at(at, fn) {
    const handle = setTimeout(fn, Math.max(0, at - performance.now()));
    return { cancel: () => clearTimeout(handle) };
  },
};

/**
 * One pending wake-up at a time, always the earliest asked for: each direction of the link
 * needs a single timer however many chunks are in flight (a timer per chunk would cost a
 * timer-heap entry per 16 KiB at 1 Gbit/s).
 */
export class Alarm {
  readonly #clock: Clock;
  readonly #fire: () => void;
  #timer: Timer | null = null;
  #due = Number.POSITIVE_INFINITY;

  constructor(clock: Clock, fire: () => void) {
    this.#clock = clock;
    this.#fire = fire;
  }

  /** Makes sure `fire` runs at or after `at`; an earlier pending wake-up is kept. */
  arm(at: number): void {
    if (at >= this.#due) return;
    this.#timer?.cancel();
    this.#due = at;
    this.#timer = this.#clock.at(at, () => {
      this.#timer = null;
      this.#due = Number.POSITIVE_INFINITY;
      this.#fire();
    });
  }

  cancel(): void {
    this.#timer?.cancel();
    this.#timer = null;
    this.#due = Number.POSITIVE_INFINITY;
  }
}
