// Part planning: pure functions. The server decides the real ranges (they always win); the
// client only proposes a chunk size and checks that what the server sent covers the file.

import { UploadError } from './errors';
import { DEFAULT_CHUNK_SIZE, MAX_PARTS } from './protocol';

const MiB = 1024 * 1024;

export interface PartRange {
  partNumber: number;
  start: number;
  /** Inclusive, as in the Nomad protocol. */
  end: number;
}

/**
 * 8 MiB, the size Nomad documents, unless the file would need more than 10,000 parts
 * (S3's limit, reached above 78.125 GiB): then ceil(size / 10000), rounded up to a whole MiB.
 */
export function chunkSizeFor(size: number): number {
  if (size <= DEFAULT_CHUNK_SIZE * MAX_PARTS) return DEFAULT_CHUNK_SIZE;
  return Math.ceil(size / MAX_PARTS / MiB) * MiB;
}

/** The ranges a server following the spec will hand out for this size and chunk size. */
export function planParts(size: number, chunkSize: number): PartRange[] {
  // A 0-byte file is one empty part: S3 needs at least one part to complete.
  if (size === 0) return [{ partNumber: 1, start: 0, end: -1 }];
  const parts: PartRange[] = [];
  for (let start = 0, partNumber = 1; start < size; start += chunkSize, partNumber += 1) {
    parts.push({ partNumber, start, end: Math.min(start + chunkSize, size) - 1 });
  }
  return parts;
}

/** How many parts planParts would make, without making them. */
export const partCount = (size: number, chunkSize: number): number => (size === 0 ? 1 : Math.ceil(size / chunkSize));

export const rangeLength = (part: Pick<PartRange, 'start' | 'end'>): number => part.end - part.start + 1;

/**
 * Checks the server's parts tile [0, size) exactly: sorted by start, no gap, no overlap,
 * and part numbers rising with the byte position (storage assembles the object in part
 * number order, so parts numbered against the byte order would scramble it).
 * Splicing bytes by a plan that does not cover the file would corrupt the asset silently.
 */
export function checkServerPlan(parts: readonly PartRange[], size: number): void {
  const sorted = [...parts].sort((a, b) => a.start - b.start);
  if (size === 0) {
    if (sorted.length === 0) return;
    if (sorted.every((p) => rangeLength(p) === 0)) return;
    throw new UploadError('plan-mismatch', 'The server planned bytes for an empty file.');
  }
  let expected = 0;
  let previousNumber = 0;
  for (const part of sorted) {
    if (part.start !== expected || part.end < part.start) {
      throw new UploadError(
        'plan-mismatch',
        `The server's part plan does not match the file (part ${part.partNumber} starts at ${part.start}, expected ${expected}).`,
        { partNumber: part.partNumber },
      );
    }
    if (part.partNumber <= previousNumber) {
      throw new UploadError(
        'plan-mismatch',
        `The server's part numbers do not follow the file's byte order (part ${part.partNumber} after part ${previousNumber}).`,
        { partNumber: part.partNumber },
      );
    }
    expected = part.end + 1;
    previousNumber = part.partNumber;
  }
  if (expected !== size) {
    throw new UploadError(
      'plan-mismatch',
      `The server's part plan covers ${expected} bytes but the file has ${size}.`,
    );
  }
}
