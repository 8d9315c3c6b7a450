import { MAX_PARTS, MIN_PART_SIZE } from '../engine/protocol';

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

export function partLength(part: { startingPosition: number; endingPosition: number }): number {
  return part.endingPosition - part.startingPosition + 1;
}
