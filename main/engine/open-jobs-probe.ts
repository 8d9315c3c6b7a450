// How many small files the queue keeps open at once, found by trying: grown while files per
// second rise.
//
// A small file spends its time in API round trips (job-admission.ts), so on a long link the
// files open at once set the pace, and no one number suits every link. Measured in the WAN
// bench (2,000 × 64 KiB, one run each): on vpn (500 ms RTT) 64 open gave 19.2 files/s and
// 128 gave 34.6; on wifi (100 ms), where the server's CPU limits, 128 gave 63.9 against 69.2
// at 64: the extra files only queued at the server. So the queue starts at 64 (the floor,
// what was fixed before), tries half as many again, keeps the step if files per second rose
// by a tenth or more, else goes back and tries again later. A level whose rate later falls by
// a third (the server slowing, answering 429) steps back one level.
//
// Decisions are made when a file is done, from the times the completions carry: no timer
// that must wake it, nothing to forget. Only completions while every open place is taken
// (all but a tenth) say anything about the limit; a queue running dry starts the count again.

import { MIN_OPEN_SMALL_FILES } from './job-admission';

/**
 * floor: never fewer open (the value measured before). ceiling: each open file holds a file
 * descriptor, an API connection while it calls and a storage connection while it sends, and
 * a session on the server; 256 keeps that under a thousand descriptors.
 */
export const OPEN_JOBS_PROBE = {
  floor: MIN_OPEN_SMALL_FILES,
  ceiling: 256,
  /** Each trial opens this many times as many. */
  growth: 1.5,
  /**
   * …and is kept if files per second rose by this factor. A step of half again gives half
   * again where the link decides and nothing where the server does; the bar sits low because
   * a window of one file's time is noisy (±5–10 % on the emulated wifi) and a step kept
   * wrongly costs only latency, a step wrongly refused costs files per second.
   */
  minGain: 1.1,
  /** A kept level whose rate falls below its own by this factor steps back. */
  maxLoss: 1.5,
  /**
   * Windows to wait after a trial that did not pay before trying again (the server may have
   * got faster), doubled after each such trial in a row up to 8 times as long: a server that
   * is what limits is not kept busier a third of the time by trials.
   */
  holdWindows: 4,
  maxHoldDoublings: 3,
  /** Completions a window counts at least (fewer are noise at 60 files/s). */
  minWindow: 32,
} as const;

type Phase =
  /** After a change: completions left to let pass (≈ one file's time at the new level). */
  | { kind: 'settling'; left: number }
  /** Counting: the first completion's time and how many came since. */
  | { kind: 'counting'; from: number; count: number };

export class OpenJobsProbe {
  #limit: number = OPEN_JOBS_PROBE.floor;
  /** The level a trial left and its rate: set while a trial runs. */
  #trial: { limit: number; rate: number } | null = null;
  /** The rate measured at the current level when it was kept. */
  #rate: number | null = null;
  #hold = 0;
  /** Trials in a row that did not pay. */
  #refused = 0;
  #phase: Phase = { kind: 'settling', left: OPEN_JOBS_PROBE.floor };

  /** Small files open at once at most, now. */
  get limit(): number {
    return this.#limit;
  }

  /** A small file is done at `now` (ms); `open` jobs held a place as it finished, itself included. */
  finished(now: number, open: number): void {
    // A tenth short still counts: files done in the same moment see each other's places free.
    if (open * 10 < this.#limit * 9) {
      // The places were not taken: this says nothing about the limit, and whatever was being
      // counted was diluted by the gap. The next full stretch starts with a settle.
      this.#phase = { kind: 'settling', left: this.#limit };
      if (this.#trial) this.#set(this.#trial.limit, this.#trial.rate);
      this.#trial = null;
      return;
    }
    const phase = this.#phase;
    switch (phase.kind) {
      case 'settling':
        this.#phase = phase.left > 1 ? { kind: 'settling', left: phase.left - 1 } : { kind: 'counting', from: now, count: 0 };
        return;
      case 'counting': {
        const count = phase.count + 1;
        if (count < Math.max(OPEN_JOBS_PROBE.minWindow, this.#limit) || now <= phase.from) {
          this.#phase = { kind: 'counting', from: phase.from, count };
          return;
        }
        this.#decide((count * 1000) / (now - phase.from));
        return;
      }
      default: {
        const never: never = phase;
        throw new Error(`unknown phase ${String(never)}`);
      }
    }
  }

  /** A window closed with this many files per second at the current level. */
  #decide(rate: number): void {
    const trial = this.#trial;
    this.#trial = null;
    if (trial) {
      if (rate >= trial.rate * OPEN_JOBS_PROBE.minGain) {
        this.#refused = 0;
        this.#tryMore(rate);
      } else {
        this.#hold = OPEN_JOBS_PROBE.holdWindows * 2 ** Math.min(this.#refused, OPEN_JOBS_PROBE.maxHoldDoublings);
        this.#refused += 1;
        this.#set(trial.limit, trial.rate);
      }
      return;
    }
    if (this.#rate !== null && rate * OPEN_JOBS_PROBE.maxLoss < this.#rate && this.#limit > OPEN_JOBS_PROBE.floor) {
      this.#set(Math.max(OPEN_JOBS_PROBE.floor, Math.round(this.#limit / OPEN_JOBS_PROBE.growth)), null);
      return;
    }
    this.#rate ??= rate;
    if (this.#hold > 0) {
      this.#hold -= 1;
      this.#phase = { kind: 'settling', left: 1 };
      return;
    }
    this.#tryMore(rate);
  }

  /** The current level gave `rate`: keep it and try the next one up (if there is one). */
  #tryMore(rate: number): void {
    if (this.#limit >= OPEN_JOBS_PROBE.ceiling) {
      this.#set(this.#limit, rate);
      return;
    }
    this.#trial = { limit: this.#limit, rate };
    this.#set(Math.min(OPEN_JOBS_PROBE.ceiling, Math.round(this.#limit * OPEN_JOBS_PROBE.growth)), null);
  }

  #set(limit: number, rate: number | null): void {
    const changed = limit !== this.#limit;
    this.#limit = limit;
    this.#rate = rate;
    // A new level takes about one file's time to show: as many completions as files open.
    this.#phase = changed ? { kind: 'settling', left: limit } : { kind: 'settling', left: 1 };
  }
}
