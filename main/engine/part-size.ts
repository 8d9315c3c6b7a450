// The part size a new upload asks for, from how fast parts have gone on this link: the spec's
// chunkSize "should be adjusted to optimize the upload size based on the user's internet
// connection". 8 MiB (Nomad's documented size) until the queue has seen parts go; then each
// part should take about PART_SIZE.targetMs on its own connection.
//
// Why a time, not a size: every part costs a fixed amount besides its bytes — one round trip on
// its connection (the PUT's answer, the next PUT's headers), a part-complete call and two
// journal lines. Where one connection carries 40 MB/s (a fast link, or one the probe filled
// with 32 parts), an 8 MiB part is 0.2 s and a 50 ms round trip a fifth of it. At 4 s a part,
// the round trip is ≈ 1 % wherever it is under 50 ms, and what a reset throws away (half a
// part on average) or a kill -9 re-sends (the parts in flight) stays about 2–4 s of the link.
//
// The size is chosen once per upload, before its first start goes out (job-run.ts), and kept
// in the journal: a resume must plan with the size the server planned with.

import { chunkSizeFor } from './plan';
import { partWeight, WEIGHT_PER_SLOT } from './part-weight';
import { DEFAULT_CHUNK_SIZE } from './protocol';
import type { SentPart } from './slot-pool';

const MiB = 1024 * 1024;

export const PART_SIZE = {
  /** Never smaller than Nomad's documented size (S3's minimum is 5 MiB). */
  min: DEFAULT_CHUNK_SIZE,
  /**
   * Never larger than 64 MiB: 32 parts in flight (the ceiling) then re-send at most 2 GiB after
   * a kill -9, and 64 MiB is reached only where one part goes at ≥ 16 MB/s, so that is ≤ 4 s of
   * the link. Files over 625 GiB need more per part (S3's 10,000 parts): chunkSizeFor wins.
   */
  max: 64 * MiB,
  /** What one part should take on its connection. */
  targetMs: 4_000,
  /** Parts remembered (the newest), and how many must have been seen before the size moves. */
  samples: 32,
  minSamples: 16,
  /** Parts shorter than this say more about round trips than about the link. */
  minSampleBytes: 4 * MiB,
} as const;

export class PartSizeAdvisor {
  /** Bytes per ms of the newest parts, oldest first. */
  readonly #rates: number[] = [];

  /** A part went through: a full-size one says how fast one connection carries a part now. */
  observe(part: SentPart): void {
    if (partWeight(part) !== WEIGHT_PER_SLOT || part.bytes < PART_SIZE.minSampleBytes || part.sendMs <= 0) return;
    this.#rates.push(part.bytes / part.sendMs);
    if (this.#rates.length > PART_SIZE.samples) this.#rates.shift();
  }

  /** Bytes per ms one part has gone at lately (the median: one stalled part does not move it); null before enough parts. */
  get partRate(): number | null {
    if (this.#rates.length < PART_SIZE.minSamples) return null;
    const sorted = [...this.#rates].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  }

  /**
   * The part size to ask for a new upload of `size` bytes, with `partsInFlight` parts allowed
   * at once: the size a part takes targetMs to send, in whole MiB, within [min, max] — and no
   * larger than leaves the file a part for every slot (a file of fewer parts than slots leaves
   * the link to fewer connections). Never below what S3's 10,000 parts need.
   */
  chunkSizeFor(size: number, partsInFlight: number): number {
    const base = chunkSizeFor(size);
    const rate = this.partRate;
    if (rate === null) return base;
    const wanted = ceilMiB(rate * PART_SIZE.targetMs);
    const leavesEverySlotAPart = ceilMiB(size / Math.max(1, partsInFlight));
    return Math.max(base, Math.min(PART_SIZE.max, wanted, leavesEverySlotAPart));
  }
}

function ceilMiB(bytes: number): number {
  return Math.ceil(bytes / MiB) * MiB;
}
