// How much of the part budget one part PUT holds. The budget exists to bound memory (each
// PUT in flight holds its part in memory, read once for Content-MD5: transfer.ts) and the
// bytes competing for the link. A small file's only part holds its own size, so it takes that share of a
// slot: without this, 2,000 files of 64 KiB on a 500 ms link ran 6 PUTs at a time, each one
// mostly waiting for its round trip (4.4 files/s against the AWS CLI's 9.3).
//
// Only a file's sole part: every other part is at least S3's 5 MiB minimum on a real
// server, and a part of a multi-part file is bandwidth the budget must keep counting.

import { READ_CHUNK } from './source';

/** The smallest share a part can hold: 64 KiB, so a slot admits at most 16 parts (sockets, not bytes, bound it then). */
const WEIGHT_UNIT = 64 * 1024;

/** Weight units in one full slot. */
export const WEIGHT_PER_SLOT = READ_CHUNK / WEIGHT_UNIT;

export interface PartShape {
  /** The part's length. */
  bytes: number;
  /** How many parts its file has. */
  partsInFile: number;
}

/** A part's share of the budget in weight units, 1…WEIGHT_PER_SLOT; unknown: a full slot. */
export function partWeight(part: PartShape | undefined): number {
  if (!part || part.partsInFile !== 1 || !Number.isFinite(part.bytes) || part.bytes >= READ_CHUNK) return WEIGHT_PER_SLOT;
  return Math.max(1, Math.ceil(part.bytes / WEIGHT_UNIT));
}
