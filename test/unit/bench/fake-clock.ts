// A hand-driven clock for the link emulator's arithmetic: time moves only when the test says.

import type { Clock, Timer } from '../../../bench/link/clock';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export class FakeClock implements Clock {
  #now = 0;
  #seq = 0;
  #pending: Pending[] = [];

  now(): number {
    return this.#now;
  }

  at(at: number, fn: () => void): Timer {
    const entry: Pending = { at: Math.max(at, this.#now), seq: (this.#seq += 1), fn, cancelled: false };
    this.#pending.push(entry);
    return { cancel: () => void (entry.cancelled = true) };
  }

  /** Runs every timer due up to `now + ms`, in time order, each at its own time. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (let fired = 0; ; fired += 1) {
      // A timer that re-arms itself at the same instant would spin forever: fail instead.
      if (fired > 5_000_000) throw new Error(`FakeClock: over 5,000,000 timers by ${this.#now} ms`);
      this.#pending = this.#pending.filter((p) => !p.cancelled);
      const next = this.#pending.reduce<Pending | null>((a, b) => (!a || b.at < a.at || (b.at === a.at && b.seq < a.seq) ? b : a), null);
      if (!next || next.at > until) break;
      this.#pending.splice(this.#pending.indexOf(next), 1);
      this.#now = next.at;
      next.fn();
    }
    this.#now = until;
  }

  /** Runs timers until none is left; the clock stays at the last one's time. */
  runAll(): void {
    for (;;) {
      this.#pending = this.#pending.filter((p) => !p.cancelled);
      if (this.#pending.length === 0) return;
      const next = Math.min(...this.#pending.map((p) => p.at));
      this.advance(next - this.#now);
    }
  }
}
