import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkServerPlan, chunkSizeFor, partCount, rangeLength, type PartRange } from '../../../main/engine/plan';
import { DEFAULT_CHUNK_SIZE, MAX_PARTS } from '../../../main/engine/protocol';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;

/** The ranges a server following the spec hands out (the engine never plans; it checks). */
function planParts(size: number, chunkSize: number): PartRange[] {
  if (size === 0) return [{ partNumber: 1, start: 0, end: -1 }];
  const parts: PartRange[] = [];
  for (let start = 0, partNumber = 1; start < size; start += chunkSize, partNumber += 1) {
    parts.push({ partNumber, start, end: Math.min(start + chunkSize, size) - 1 });
  }
  return parts;
}

describe('chunkSizeFor', () => {
  it('proposes the documented 8 MiB for ordinary files', () => {
    expect(DEFAULT_CHUNK_SIZE).toBe(8 * MiB);
    expect(chunkSizeFor(0)).toBe(8 * MiB);
    expect(chunkSizeFor(1)).toBe(8 * MiB);
    expect(chunkSizeFor(5 * GiB)).toBe(8 * MiB);
  });

  it('keeps 8 MiB up to exactly 10,000 parts of 8 MiB (78.125 GiB)', () => {
    const limit = MAX_PARTS * 8 * MiB;
    expect(chunkSizeFor(limit)).toBe(8 * MiB);
    expect(partCount(limit, chunkSizeFor(limit))).toBe(10_000);
  });

  it('one byte over 10,000 × 8 MiB raises the part size to the next whole MiB', () => {
    const size = MAX_PARTS * 8 * MiB + 1;
    expect(chunkSizeFor(size)).toBe(9 * MiB);
    expect(partCount(size, chunkSizeFor(size))).toBeLessThanOrEqual(MAX_PARTS);
  });

  it('a 200 GB file gets ceil(size / 10000) rounded up to a MiB: 20 MiB, 9,537 parts', () => {
    const size = 200_000_000_000;
    expect(chunkSizeFor(size)).toBe(20 * MiB);
    expect(partCount(size, 20 * MiB)).toBe(9537);
  });

  it('a 1 TiB file gets 105 MiB parts and stays under 10,000 parts', () => {
    expect(chunkSizeFor(TiB)).toBe(105 * MiB);
    expect(partCount(TiB, chunkSizeFor(TiB))).toBe(9987);
  });

  it('never needs more than 10,000 parts and is always a whole MiB', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 * 1024 * TiB }), (size) => {
        const chunk = chunkSizeFor(size);
        expect(chunk % MiB).toBe(0);
        expect(chunk).toBeGreaterThanOrEqual(8 * MiB);
        expect(partCount(size, chunk)).toBeLessThanOrEqual(MAX_PARTS);
        // ... and is the smallest whole MiB that does so (above 8 MiB).
        if (chunk > 8 * MiB) expect(Math.ceil(size / (chunk - MiB))).toBeGreaterThan(MAX_PARTS);
      }),
    );
  });
});

describe('a spec plan', () => {
  it('plans a 0-byte file as one empty part [0, -1]', () => {
    expect(planParts(0, 8 * MiB)).toEqual([{ partNumber: 1, start: 0, end: -1 }]);
  });

  it('plans a 1-byte file as one part [0, 0]', () => {
    expect(planParts(1, 8 * MiB)).toEqual([{ partNumber: 1, start: 0, end: 0 }]);
  });

  it('plans exactly 8 MiB as one full part', () => {
    expect(planParts(8 * MiB, 8 * MiB)).toEqual([{ partNumber: 1, start: 0, end: 8 * MiB - 1 }]);
  });

  it('plans 8 MiB + 1 as a full part and a 1-byte last part', () => {
    expect(planParts(8 * MiB + 1, 8 * MiB)).toEqual([
      { partNumber: 1, start: 0, end: 8 * MiB - 1 },
      { partNumber: 2, start: 8 * MiB, end: 8 * MiB },
    ]);
  });

  it('numbers parts from 1, tiles the file, and agrees with partCount', () => {
    // Sizes up to 300 parts of the chunk size: every shape of tiling, without huge arrays.
    const sizeAndChunk = fc
      .integer({ min: 1, max: 16 * MiB })
      .chain((chunk) => fc.tuple(fc.integer({ min: 0, max: chunk * 300 }), fc.constant(chunk)));
    fc.assert(
      fc.property(sizeAndChunk, ([size, chunk]) => {
        const parts = planParts(size, chunk);
        expect(parts.length).toBe(partCount(size, chunk));
        parts.forEach((part, i) => expect(part.partNumber).toBe(i + 1));
        const covered = parts.reduce((sum, part) => sum + rangeLength(part), 0);
        expect(covered).toBe(size);
        expect(() => checkServerPlan(parts, size)).not.toThrow();
      }),
    );
  });

  it('rangeLength is inclusive at both ends', () => {
    expect(rangeLength({ start: 0, end: 0 })).toBe(1);
    expect(rangeLength({ start: 0, end: -1 })).toBe(0);
    expect(rangeLength({ start: 10, end: 19 })).toBe(10);
  });
});

describe('checkServerPlan', () => {
  const size = 20;
  const good: PartRange[] = [
    { partNumber: 1, start: 0, end: 7 },
    { partNumber: 2, start: 8, end: 15 },
    { partNumber: 3, start: 16, end: 19 },
  ];

  it('accepts a plan that tiles the file, in any order the server lists it', () => {
    expect(() => checkServerPlan(good, size)).not.toThrow();
    expect(() => checkServerPlan([...good].reverse(), size)).not.toThrow();
  });

  it('rejects a gap between parts', () => {
    const gap = [good[0]!, { partNumber: 2, start: 9, end: 15 }, good[2]!];
    expect(() => checkServerPlan(gap, size)).toThrow(expect.objectContaining({ code: 'plan-mismatch', context: { partNumber: 2 } }));
  });

  it('rejects overlapping parts', () => {
    const overlap = [good[0]!, { partNumber: 2, start: 7, end: 15 }, good[2]!];
    expect(() => checkServerPlan(overlap, size)).toThrow(expect.objectContaining({ code: 'plan-mismatch' }));
  });

  it('rejects a plan that stops short of the end of the file', () => {
    expect(() => checkServerPlan(good.slice(0, 2), size)).toThrow(
      expect.objectContaining({ code: 'plan-mismatch', message: expect.stringContaining('covers 16 bytes but the file has 20') }),
    );
  });

  it('rejects a plan that runs past the end of the file', () => {
    expect(() => checkServerPlan(good, size - 1)).toThrow(expect.objectContaining({ code: 'plan-mismatch' }));
  });

  it('rejects a plan that does not start at byte 0', () => {
    expect(() => checkServerPlan(good.slice(1), size)).toThrow(expect.objectContaining({ code: 'plan-mismatch' }));
  });

  it('rejects an empty plan for a non-empty file', () => {
    expect(() => checkServerPlan([], size)).toThrow(expect.objectContaining({ code: 'plan-mismatch' }));
  });

  it('rejects part numbers that do not follow the byte order (storage assembles by part number)', () => {
    const swapped = [
      { partNumber: 2, start: 0, end: 7 },
      { partNumber: 1, start: 8, end: 15 },
      { partNumber: 3, start: 16, end: 19 },
    ];
    expect(() => checkServerPlan(swapped, size)).toThrow(expect.objectContaining({ code: 'plan-mismatch' }));
  });

  it('rejects two parts with the same number', () => {
    const duplicate = [good[0]!, { partNumber: 1, start: 8, end: 15 }, good[2]!];
    expect(() => checkServerPlan(duplicate, size)).toThrow(expect.objectContaining({ code: 'plan-mismatch' }));
  });

  it('accepts the empty part of an empty file', () => {
    expect(() => checkServerPlan([{ partNumber: 1, start: 0, end: -1 }], 0)).not.toThrow();
  });

  it('rejects bytes planned for an empty file', () => {
    expect(() => checkServerPlan([{ partNumber: 1, start: 0, end: 7 }], 0)).toThrow(
      expect.objectContaining({ code: 'plan-mismatch', message: expect.stringContaining('empty file') }),
    );
  });
});
