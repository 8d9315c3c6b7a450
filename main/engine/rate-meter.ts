// Bytes per second over a sliding window, O(1) per sample: progress callbacks arrive per
// read chunk (up to ~1000/s), so this must not allocate or scan on the hot path.

const BUCKET_MS = 250;
/** 5 s: long enough to smooth TCP sawtooth, short enough that a stall shows within seconds. */
const WINDOW_BUCKETS = 20;

export class RateMeter {
  #buckets = new Float64Array(WINDOW_BUCKETS);
  #bucketStart = new Float64Array(WINDOW_BUCKETS).fill(-Infinity);
  #now: () => number;
  #firstSampleAt: number | null = null;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  add(bytes: number): void {
    const now = this.#now();
    this.#firstSampleAt ??= now;
    const slot = Math.floor(now / BUCKET_MS);
    const index = slot % WINDOW_BUCKETS;
    if (this.#bucketStart[index] !== slot) {
      this.#bucketStart[index] = slot;
      this.#buckets[index] = 0;
    }
    this.#buckets[index]! += bytes;
  }

  /** Bytes per second over the window (or since the first sample, if that is shorter). */
  rate(): number {
    const now = this.#now();
    if (this.#firstSampleAt === null) return 0;
    const currentSlot = Math.floor(now / BUCKET_MS);
    let sum = 0;
    for (let i = 0; i < WINDOW_BUCKETS; i += 1) {
      if (currentSlot - this.#bucketStart[i]! < WINDOW_BUCKETS) sum += this.#buckets[i]!;
    }
    const spanMs = Math.min(WINDOW_BUCKETS * BUCKET_MS, Math.max(BUCKET_MS, now - this.#firstSampleAt));
    return (sum * 1000) / spanMs;
  }

  reset(): void {
    this.#buckets.fill(0);
    this.#bucketStart.fill(-Infinity);
    this.#firstSampleAt = null;
  }
}

export function etaSeconds(remainingBytes: number, bytesPerSecond: number): number | null {
  if (remainingBytes <= 0) return 0;
  if (bytesPerSecond <= 1) return null;
  return Math.ceil(remainingBytes / bytesPerSecond);
}
