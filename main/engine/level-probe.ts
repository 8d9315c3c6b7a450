// A level found by trying: how many of something to keep going at once, grown while the rate
// of what they finish rises. Two levels are found this way: the small files open at once
// (open-jobs-probe.ts) and the part PUTs in flight (parts-in-flight.ts). No one number suits
// every link: on a long one more at once is more done per second, where the server or the
// link is what limits more only queue.
//
// From `start` it tries `growth` times as many, keeps the step if the rate rose by `minGain`,
// else goes back and tries again later (after a wait that doubles while trials keep failing,
// so a server that is what limits is not kept busier by trials). A kept level whose rate later
// falls by `maxLoss` steps back one level; so does a loss the owner reports (backOff).
//
// Decisions are made when something finishes, from the times the completions carry: no timer
// that must wake it, nothing to forget. Only completions while every place is taken (all but
// a tenth) say anything about the level; a stretch with places free starts the count again.

export interface LevelProbeSettings {
  /** Never fewer. */
  floor: number;
  /** Where it starts (and starts again when the ceiling changes). */
  start: number;
  /** Never more. */
  ceiling: number;
  /** Each trial goes to this many times as many. */
  growth: number;
  /** …and is kept if the rate rose by this factor. */
  minGain: number;
  /** A kept level whose rate falls below its own by this factor steps back. */
  maxLoss: number;
  /** Windows to wait after a trial that did not pay, before the next. */
  holdWindows: number;
  /** The wait doubles after each refused trial in a row, this many times at most. */
  maxHoldDoublings: number;
  /** Completions a window counts at least (and at least as many as the level). */
  minWindow: number;
}

type Phase =
  /** After a change: completions left to let pass (≈ one generation's time at the new level). */
  | { kind: 'settling'; left: number }
  /**
   * Counting: the first completion's time, how many came since, what they amounted to and
   * (when completions say it) how long they were busy.
   */
  | { kind: 'counting'; from: number; count: number; amount: number; busyMs: number };

export class LevelProbe {
  readonly #settings: LevelProbeSettings;
  #ceiling: number;
  #limit: number;
  /** The level a trial left and its rate: set while a trial runs. */
  #trial: { limit: number; rate: number } | null = null;
  /** The rate measured at the current level when it was kept. */
  #rate: number | null = null;
  #hold = 0;
  /** Trials in a row that did not pay. */
  #refused = 0;
  /**
   * Completions still to come before a loss is new news: after a back-off, as many as the new
   * level (one generation). Losses before then are the same event seen by others in flight.
   */
  #lossQuiet = 0;
  #phase: Phase;

  constructor(settings: LevelProbeSettings) {
    this.#settings = settings;
    this.#ceiling = settings.ceiling;
    this.#limit = this.#startLevel();
    this.#phase = { kind: 'settling', left: this.#limit };
  }

  /** How many at once at most, now. */
  get limit(): number {
    return this.#limit;
  }

  /** A new ceiling (the user's setting): start again from the start level under it. */
  setCeiling(ceiling: number): void {
    this.#ceiling = Math.max(1, Math.floor(ceiling));
    this.#trial = null;
    this.#rate = null;
    this.#hold = 0;
    this.#refused = 0;
    this.#lossQuiet = 0;
    this.#set(this.#startLevel(), null);
  }

  /**
   * One finished at `now` (ms), amounting to `amount` (1 for a file, bytes for a part); `open`
   * held a place as it finished, itself included.
   *
   * `busyMs`, how long it held its place, makes a window's rate the level × amount per busy
   * ms (Little's law) instead of the amount over the window's time. Parts that start together
   * and share a fair link end together: their completions come in bursts, and in the model
   * test a window of completions that cut a burst read 32 or 64 MB/s where 44 went through. The time each
   * one took does not depend on where a window cuts.
   */
  finished(now: number, open: number, amount = 1, busyMs?: number): void {
    if (this.#lossQuiet > 0) this.#lossQuiet -= 1;
    // A tenth short still counts: things done in the same moment see each other's places free.
    if (open * 10 < this.#limit * 9) {
      // The places were not taken: this says nothing about the level, and whatever was being
      // counted was diluted by the gap. The next full stretch starts with a settle.
      this.#phase = { kind: 'settling', left: this.#limit };
      if (this.#trial) this.#set(this.#trial.limit, this.#trial.rate);
      this.#trial = null;
      return;
    }
    const phase = this.#phase;
    switch (phase.kind) {
      case 'settling':
        if (phase.left > 1) {
          this.#phase = { kind: 'settling', left: phase.left - 1 };
          return;
        }
        this.#phase = { kind: 'counting', from: now, count: 0, amount: 0, busyMs: 0 };
        return;
      case 'counting': {
        const count = phase.count + 1;
        const total = phase.amount + amount;
        const busy = phase.busyMs + (busyMs ?? 0);
        if (count < Math.max(this.#settings.minWindow, this.#limit) || now <= phase.from) {
          this.#phase = { kind: 'counting', from: phase.from, count, amount: total, busyMs: busy };
          return;
        }
        this.#decide(busy > 0 ? (this.#limit * total * 1000) / busy : (total * 1000) / (now - phase.from));
        return;
      }
      default: {
        const never: never = phase;
        throw new Error(`unknown phase ${String(never)}`);
      }
    }
  }

  /**
   * Something in flight was lost (a connection reset, a request that stalled) while the
   * other side answers: one level down, and no trial for a while. The losses of one event
   * (all parts in flight dropped by one blip) count once: until as many have finished as the
   * new level holds, further losses are not new news.
   */
  backOff(): void {
    if (this.#lossQuiet > 0) return;
    const from = this.#trial?.limit ?? this.#limit;
    this.#trial = null;
    this.#hold = this.#settings.holdWindows;
    this.#set(Math.max(this.#floor(), Math.round(from / this.#settings.growth)), null);
    this.#lossQuiet = Math.max(1, this.#limit);
  }

  /** A window closed with this rate at the current level. */
  #decide(rate: number): void {
    const s = this.#settings;
    const trial = this.#trial;
    this.#trial = null;
    if (trial) {
      if (rate >= trial.rate * s.minGain) {
        this.#refused = 0;
        this.#tryMore(rate);
      } else {
        this.#hold = s.holdWindows * 2 ** Math.min(this.#refused, s.maxHoldDoublings);
        this.#refused += 1;
        this.#set(trial.limit, trial.rate);
      }
      return;
    }
    if (this.#rate !== null && rate * s.maxLoss < this.#rate && this.#limit > this.#floor()) {
      this.#set(Math.max(this.#floor(), Math.round(this.#limit / s.growth)), null);
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
    if (this.#limit >= this.#ceiling) {
      this.#set(this.#limit, rate);
      return;
    }
    this.#trial = { limit: this.#limit, rate };
    this.#set(Math.min(this.#ceiling, Math.round(this.#limit * this.#settings.growth)), null);
  }

  #set(limit: number, rate: number | null): void {
    const changed = limit !== this.#limit;
    this.#limit = limit;
    this.#rate = rate;
    // A new level takes about one generation's time to show: as many completions as places.
    this.#phase = changed ? { kind: 'settling', left: limit } : { kind: 'settling', left: 1 };
  }

  #floor(): number {
    return Math.min(this.#settings.floor, this.#ceiling);
  }

  #startLevel(): number {
    return Math.min(this.#settings.start, this.#ceiling);
  }
}
