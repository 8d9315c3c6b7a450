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

/** How many parts a server following the spec hands out for this size and chunk size. */
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

export interface MergedPlan<T extends PartRange> {
  /** The whole file, in part order: the server's listed parts and the ones it left out. */
  parts: Array<{ range: PartRange; listed: T | null; exact: boolean }>;
}

/**
 * The whole plan from a listing that may name only some parts. A Continue start may answer
 * every part (with `isCompleted`) or only the parts still to send; a server that leaves a
 * part out of a resume listing has it. So the parts it leaves out are completed — but only
 * where they fit: the listed parts must lie in the file in byte order, and every gap
 * between them must be filled by part numbers the listing skipped (and the other way round).
 * The ranges of parts left out follow the server's own part size (its listed non-final parts,
 * or the size we asked for); `exact` is false where a gap of several parts does not divide into
 * that size, and such a range is a guess that must not be read back to check the file.
 *
 * A 0-byte file may have one part [0, -1], none, or one part [0, 0] (a server that clamps the
 * range to the file when storing): each is an empty part, sent with no bytes.
 *
 * @param omittedAreCompleted false for a fresh start: nothing can be completed yet, so a
 *   partial plan is a plan mismatch.
 */
export function mergeServerPlan<T extends PartRange>(listed: readonly T[], size: number, chunkSize: number, omittedAreCompleted: boolean): MergedPlan<T> {
  if (size === 0) {
    const parts = listed.map((p) => ({ range: { partNumber: p.partNumber, start: 0, end: -1 }, listed: p, exact: true }));
    checkServerPlan(
      listed.map((p) => (p.start === 0 && p.end === 0 ? { ...p, end: -1 } : p)),
      0,
    );
    return { parts };
  }
  if (!omittedAreCompleted) {
    checkServerPlan(listed, size);
    return { parts: [...listed].sort((a, b) => a.partNumber - b.partNumber).map((p) => ({ range: p, listed: p, exact: true })) };
  }
  const sorted = [...listed].sort((a, b) => a.partNumber - b.partNumber);
  const chunk = listedPartSize(sorted, size) ?? chunkSize;
  const parts: MergedPlan<T>['parts'] = [];
  let position = 0;
  let previous = 0;
  for (const part of sorted) {
    const gap = part.start - position;
    const skipped = part.partNumber - previous - 1;
    if (gap < 0 || part.end < part.start || part.end >= size || (gap === 0) !== (skipped === 0)) {
      throw new UploadError(
        'plan-mismatch',
        `The server's part list does not fit the file (part ${part.partNumber} spans ${part.start}-${part.end} after byte ${position - 1} and part ${previous}).`,
        { partNumber: part.partNumber },
      );
    }
    parts.push(...fillGap(previous + 1, skipped, position, gap, chunk, false));
    parts.push({ range: part, listed: part, exact: true });
    position = part.end + 1;
    previous = part.partNumber;
  }
  const tail = size - position;
  if (tail > 0) parts.push(...fillGap(previous + 1, Math.ceil(tail / chunk), position, tail, chunk, true));
  return { parts };
}

/** The server's own part size: the length its listed non-final parts share, if they agree. */
function listedPartSize(sorted: readonly PartRange[], size: number): number | null {
  const lengths = new Set(sorted.filter((p) => p.end !== size - 1).map((p) => rangeLength(p)));
  return lengths.size === 1 ? [...lengths][0]! : null;
}

function fillGap(
  firstNumber: number,
  count: number,
  start: number,
  bytes: number,
  chunk: number,
  atEnd: boolean,
): Array<{ range: PartRange; listed: null; exact: boolean }> {
  if (count === 0) return [];
  // Whole parts of the server's size; only the file's last part may be shorter.
  const uniform = atEnd ? (count - 1) * chunk < bytes && bytes <= count * chunk : bytes === count * chunk;
  const each = uniform ? chunk : Math.ceil(bytes / count);
  const parts: Array<{ range: PartRange; listed: null; exact: boolean }> = [];
  for (let i = 0; i < count; i += 1) {
    const from = start + i * each;
    const end = i === count - 1 ? start + bytes - 1 : Math.min(from + each, start + bytes) - 1;
    parts.push({ range: { partNumber: firstNumber + i, start: from, end }, listed: null, exact: uniform || count === 1 });
  }
  return parts;
}
