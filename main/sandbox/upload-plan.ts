import { MAX_PARTS, MIN_PART_SIZE } from '../engine/protocol';
import type { ZeroBytePlan } from './variants';

/** S3 refuses parts over 5 GiB. */
export const MAX_PART_SIZE = 5 * 1024 * 1024 * 1024;
/** S3 refuses objects over 5 TiB. */
export const MAX_OBJECT_SIZE = 5 * 1024 * 1024 * 1024 * 1024;

export interface PlannedPart {
  partNumber: number;
  startingPosition: number;
  /** Inclusive. */
  endingPosition: number;
}

export type PlanResult = { ok: true; parts: PlannedPart[] } | { ok: false; reason: string };

/**
 * Splits a file into S3 multipart parts of `chunkSize` bytes (the last one shorter).
 * A 0-byte file still gets one part, [0, -1]: S3 cannot complete a multipart upload without parts.
 */
export function planParts(contentLength: number, chunkSize: number): PlanResult {
  if (chunkSize < MIN_PART_SIZE) {
    return { ok: false, reason: `chunkSize ${chunkSize} is below the S3 minimum part size of ${MIN_PART_SIZE} bytes (5 MiB)` };
  }
  if (chunkSize > MAX_PART_SIZE) {
    return { ok: false, reason: `chunkSize ${chunkSize} is above the S3 maximum part size of ${MAX_PART_SIZE} bytes (5 GiB)` };
  }
  if (contentLength > MAX_OBJECT_SIZE) {
    return { ok: false, reason: `contentLength ${contentLength} is above the S3 maximum object size of 5 TiB` };
  }
  const count = Math.max(1, Math.ceil(contentLength / chunkSize));
  if (count > MAX_PARTS) {
    const needed = Math.ceil(contentLength / MAX_PARTS);
    return {
      ok: false,
      reason: `contentLength ${contentLength} with chunkSize ${chunkSize} needs ${count} parts; S3 allows at most ${MAX_PARTS}: use a chunkSize of at least ${needed}`,
    };
  }
  const parts: PlannedPart[] = [];
  for (let index = 0; index < count; index++) {
    const startingPosition = index * chunkSize;
    const endingPosition = Math.min(contentLength, startingPosition + chunkSize) - 1;
    parts.push({ partNumber: index + 1, startingPosition, endingPosition });
  }
  return { ok: true, parts };
}

/**
 * Bytes a part carries: its inclusive range, clamped to the file (a 0-byte file's part [0, 0]
 * under the zero-byte-single-part variant carries none).
 */
export function partLength(part: { startingPosition: number; endingPosition: number }, contentLength: number): number {
  return Math.max(0, Math.min(part.endingPosition, contentLength - 1) - part.startingPosition + 1);
}

/** The parts of a 0-byte upload under each plan; other sizes are planned by planParts alone. */
export function zeroByteParts(plan: ZeroBytePlan): PlannedPart[] {
  switch (plan) {
    case 'one-empty-part':
      return [{ partNumber: 1, startingPosition: 0, endingPosition: -1 }];
    case 'no-parts':
      return [];
    case 'single-part-0-0':
      return [{ partNumber: 1, startingPosition: 0, endingPosition: 0 }];
  }
}
