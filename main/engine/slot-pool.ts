// One global budget of in-flight part PUTs shared by every job: AWS lib-storage's N workers
// over one part source, generalised to many files. A worker that has a part asks the pool
// for a slot and waits on a promise that the next release resolves — so no wake-up can be
// forgotten — and grants go to the job served least recently, so a small file gets a
// slot next to a 200 GB one instead of waiting behind its 97 other parts. Memory stays
// bounded by budget × part size whatever the number or size of files.
//
// The budget bounds bytes, not requests: a small file's only part holds only its share of a
// slot (part-weight.ts), so a thousand 64 KiB files keep many PUTs in flight — on a long
// round trip each PUT is mostly waiting — for the memory of one slot per 16 of them.

import { UploadError } from './errors';
import { LevelProbe, type LevelProbeSettings } from './level-probe';
import { CONCURRENCY_LIMITS } from './limits';
import { partWeight, WEIGHT_PER_SLOT, type PartShape } from './part-weight';

/**
 * The parts allowed in flight changed: the person's setting, a 429/503, a part lost on the
 * way, or the probe (a trial, a trial undone, a step back, recovery after a cut).
 */
export interface PartsInFlightChange {
  from: number;
  to: number;
  why: 'setting' | 'congestion' | 'loss' | 'probe';
  ceiling: number;
}

/** A part that went through: its shape, and how long its PUT held the slot. */
export interface SentPart extends PartShape {
  sendMs: number;
}

export interface Slot {
  /** Gives the slot back; idempotent. */
  release(): void;
}

interface Waiter {
  owner: object;
  /** Its share of the budget, in weight units (a full slot is WEIGHT_PER_SLOT). */
  weight: number;
  grant: (slot: Slot) => void;
  fail: (error: unknown) => void;
  signal: AbortSignal;
  onAbort: () => void;
}

/** After congestion, one slot comes back per this many successful parts. */
const RECOVERY_SUCCESSES = 4;

/**
 * The parts in flight, found by trying (level-probe.ts) under the user's setting, from
 * parts of multi-part files only (a small file's pace is its API round trips, not its PUT):
 * - start 16 and floor 4: see CONCURRENCY_LIMITS; below 4 one slow connection is a quarter
 *   of the link, and a loss cuts no further.
 * - growth 1.5: 16 → 24 → 32, so the ceiling is two kept trials away.
 * - a window of at least 16 parts (and at least as many as in flight): one generation of
 *   parts, so every part in flight has a say in the rate, not the few that happened to end.
 * - minGain, maxLoss, holds: as for the small files open (open-jobs-probe.ts), measured there.
 */
export const PARTS_IN_FLIGHT_PROBE = {
  floor: 4,
  start: CONCURRENCY_LIMITS.start,
  ceiling: CONCURRENCY_LIMITS.default,
  growth: 1.5,
  minGain: 1.1,
  maxLoss: 1.5,
  holdWindows: 4,
  maxHoldDoublings: 3,
  minWindow: 16,
} as const satisfies LevelProbeSettings;

export class SlotPool {
  #budget: number;
  /** The parts in flight found by trying, ≤ budget. */
  readonly #probe: LevelProbe;
  /** The cut that congestion (429/503) made, recovering towards the probe's level; null: none. */
  #cut: number | null = null;
  readonly #now: () => number;
  readonly #onChange: (change: PartsInFlightChange) => void;
  #inUse = 0;
  /** Weight units held by granted slots. */
  #weightInUse = 0;
  /** Waiters per owner (only owners that have some). */
  #queues = new Map<object, Waiter[]>();
  /** When each owner was last given a slot (a grant counter): the least recently served goes next. */
  #lastServed = new WeakMap<object, number>();
  #grants = 0;
  #successesSinceCongestion = 0;

  /**
   * @param now monotonic ms, for the probe's rates.
   * @param onChange the parts allowed in flight changed (for the log: how the pool read the link).
   */
  constructor(
    budget: number = CONCURRENCY_LIMITS.default,
    now: () => number = () => performance.now(),
    onChange: (change: PartsInFlightChange) => void = () => undefined,
  ) {
    this.#budget = clampBudget(budget);
    this.#probe = new LevelProbe({ ...PARTS_IN_FLIGHT_PROBE, ceiling: this.#budget });
    this.#now = now;
    this.#onChange = onChange;
  }

  /** The user's setting: the ceiling. */
  get budget(): number {
    return this.#budget;
  }

  /** The parts in flight the probe has found pay, ≤ budget. */
  get level(): number {
    return this.#probe.limit;
  }

  /** The slots that may be in use now: the probe's level, or less after congestion (429/503) cut it. */
  get effectiveBudget(): number {
    return Math.min(this.#cut ?? Number.POSITIVE_INFINITY, this.#probe.limit);
  }

  get inUse(): number {
    return this.#inUse;
  }

  /** Workers waiting for a slot, over all owners. */
  get waiting(): number {
    let count = 0;
    for (const queue of this.#queues.values()) count += queue.length;
    return count;
  }

  /**
   * The pool's own invariant: nobody waits while a slot is free. A violation would be a
   * grant forgotten here, and it is what the liveness check asks of the pool.
   */
  get healthy(): boolean {
    const next = this.#peek();
    return next === null || !this.#fits(next.weight);
  }

  /**
   * Resolves with a slot when one is free and it is this owner's turn; rejects when `signal`
   * aborts. `part`: what the slot is for (a small file's only part takes less of the budget).
   */
  acquire(owner: object, signal: AbortSignal, part?: PartShape): Promise<Slot> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<Slot>((resolve, reject) => {
      const waiter: Waiter = {
        owner,
        weight: partWeight(part),
        grant: resolve,
        fail: reject,
        signal,
        onAbort: () => {
          this.#dequeue(waiter);
          reject(signal.reason ?? new UploadError('aborted', 'Stopped.'));
        },
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
      const queue = this.#queues.get(owner);
      if (queue) queue.push(waiter);
      else this.#queues.set(owner, [waiter]);
      this.#grant();
    });
  }

  /** A new ceiling (the user changed the setting): the probe starts again under it; a congestion cut stays. */
  setBudget(budget: number): void {
    const before = this.effectiveBudget;
    this.#budget = clampBudget(budget);
    this.#probe.setCeiling(this.#budget);
    if (this.#cut !== null) this.#cut = Math.min(this.#cut, this.#budget);
    this.#changed(before, 'setting');
    this.#grant();
  }

  /** The server or storage said 429/503: halve the parts in flight (never below 1). */
  congestion(): void {
    const before = this.effectiveBudget;
    this.#cut = Math.max(1, Math.floor(before / 2));
    this.#successesSinceCongestion = 1;
    this.#changed(before, 'congestion');
  }

  /**
   * A part PUT was lost on the way (reset, stalled) while the server answers: the probe steps
   * back a level. Not called for an outage (nothing answers): that says nothing of how many
   * connections the path carries.
   */
  loss(): void {
    const before = this.effectiveBudget;
    this.#probe.backOff();
    this.#changed(before, 'loss');
  }

  /**
   * A part was confirmed. After a congestion cut, slots come back gradually; a part of a
   * multi-part file also tells the probe its bytes (`part` absent: nothing to learn from).
   */
  success(part?: SentPart): void {
    const before = this.effectiveBudget;
    if (part && partWeight(part) === WEIGHT_PER_SLOT) {
      // 64 workers per job wait on a saturated pool; a pool with none waiting and places free
      // is running dry (a file's last parts), which the probe must not read as the level's pace.
      const open = this.waiting > 0 ? this.effectiveBudget : Math.ceil(this.#weightInUse / WEIGHT_PER_SLOT);
      this.#probe.finished(this.#now(), open, part.bytes, Math.max(1, part.sendMs));
    }
    if (this.#cut !== null) {
      this.#successesSinceCongestion += 1;
      if (this.#successesSinceCongestion > RECOVERY_SUCCESSES) {
        this.#cut += 1;
        this.#successesSinceCongestion = 1;
      }
      if (this.#cut >= this.#probe.limit) this.#cut = null;
    }
    this.#changed(before, 'probe');
    // Only a level or cut that rose frees places: a grant pass per small file would be for nothing.
    if (this.effectiveBudget > before) this.#grant();
  }

  #changed(before: number, why: PartsInFlightChange['why']): void {
    const after = this.effectiveBudget;
    if (after !== before) this.#onChange({ from: before, to: after, why, ceiling: this.#budget });
  }

  /** Whether a waiter of this weight may have a slot now. */
  #fits(weight: number): boolean {
    return this.#weightInUse + weight <= this.effectiveBudget * WEIGHT_PER_SLOT;
  }

  #grant(): void {
    for (let next = this.#peek(); next && this.#fits(next.weight); next = this.#peek()) {
      const waiter = this.#take(next.owner);
      const signal = waiter.signal;
      signal.removeEventListener('abort', waiter.onAbort);
      this.#inUse += 1;
      this.#weightInUse += waiter.weight;
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        signal.removeEventListener('abort', release);
        this.#inUse -= 1;
        this.#weightInUse -= waiter.weight;
        this.#grant();
      };
      // A slot dies with its run: the moment the run ends (pause, cancel, failure) the slot is
      // free, even before the aborted request has finished tearing down its socket.
      signal.addEventListener('abort', release, { once: true });
      waiter.grant({ release });
    }
  }

  /**
   * The oldest waiter of the owner served least recently (never served comes first). Round
   * robin by arrival would let a job whose waiters all asked at once look "new" after every
   * grant; by last service, a file that just arrived goes before one that was just served.
   * The turn is kept even when that waiter does not fit yet: a full-size part is not
   * overtaken for ever by small ones.
   */
  #peek(): { owner: object; weight: number } | null {
    let chosen: object | null = null;
    let oldest = Number.POSITIVE_INFINITY;
    for (const owner of this.#queues.keys()) {
      const served = this.#lastServed.get(owner) ?? -1;
      if (served < oldest) {
        oldest = served;
        chosen = owner;
      }
    }
    if (chosen === null) return null;
    return { owner: chosen, weight: this.#queues.get(chosen)![0]!.weight };
  }

  #take(owner: object): Waiter {
    const queue = this.#queues.get(owner)!;
    const waiter = queue.shift()!;
    if (queue.length === 0) this.#queues.delete(owner);
    this.#grants += 1;
    this.#lastServed.set(owner, this.#grants);
    return waiter;
  }

  #dequeue(waiter: Waiter): void {
    const queue = this.#queues.get(waiter.owner);
    if (!queue) return;
    const index = queue.indexOf(waiter);
    if (index >= 0) queue.splice(index, 1);
    if (queue.length === 0) this.#queues.delete(waiter.owner);
  }
}

function clampBudget(budget: number): number {
  if (!Number.isFinite(budget)) return CONCURRENCY_LIMITS.default;
  return Math.min(CONCURRENCY_LIMITS.max, Math.max(CONCURRENCY_LIMITS.min, Math.floor(budget)));
}
