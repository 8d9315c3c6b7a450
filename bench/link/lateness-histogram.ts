// How late the emulator delivered, against its own virtual schedule: recorded per slice, so
// it must be cheap (a fixed array of buckets, no sorting).

/** Lateness in 0.1 ms buckets up to 1 s (then one overflow bucket): cheap to record per slice. */
export class LatenessHistogram {
  readonly #buckets = new Uint32Array(10_001);
  #count = 0;
  #max = 0;

  record(ms: number): void {
    const late = Math.max(0, ms);
    this.#buckets[Math.min(10_000, Math.floor(late * 10))]! += 1;
    this.#count += 1;
    if (late > this.#max) this.#max = late;
  }

  #percentile(p: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.ceil((p / 100) * this.#count);
    let seen = 0;
    for (let i = 0; i < this.#buckets.length; i += 1) {
      seen += this.#buckets[i]!;
      if (seen >= rank) return (i + 1) / 10;
    }
    return this.#max;
  }

  summary(): { p50: number; p99: number; max: number } {
    return { p50: this.#percentile(50), p99: this.#percentile(99), max: Math.round(this.#max * 10) / 10 };
  }
}
