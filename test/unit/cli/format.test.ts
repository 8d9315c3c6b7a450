import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from '../../../main/cli/format';

describe('formatBytes', () => {
  it('shows bytes below 1000 as they are', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1)).toBe('1 B');
    expect(formatBytes(999)).toBe('999 B');
  });

  it('uses powers of 1000 with three significant digits', () => {
    expect(formatBytes(1000)).toBe('1.00 kB');
    expect(formatBytes(1536)).toBe('1.54 kB');
    expect(formatBytes(12_345)).toBe('12.3 kB');
    expect(formatBytes(123_456)).toBe('123 kB');
    expect(formatBytes(1_000_000)).toBe('1.00 MB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.24 MB');
    expect(formatBytes(1.5e9)).toBe('1.50 GB');
    expect(formatBytes(2e12)).toBe('2.00 TB');
  });

  it('stays in TB for the largest sizes', () => {
    expect(formatBytes(5e15)).toBe('5000 TB');
  });

  it('never shows "1000 kB" or "10.00 kB": rounding up moves to the next unit or precision', () => {
    expect(formatBytes(999_999)).toBe('1.00 MB');
    expect(formatBytes(999_500)).toBe('1.00 MB');
    expect(formatBytes(999_499)).toBe('999 kB');
    expect(formatBytes(9_999)).toBe('10.0 kB');
    expect(formatBytes(99_999)).toBe('100 kB');
    expect(formatBytes(999_999_999)).toBe('1.00 GB');
  });
});

describe('formatDuration', () => {
  it('shows unknown as --', () => {
    expect(formatDuration(null)).toBe('--');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('--');
    expect(formatDuration(Number.NaN)).toBe('--');
  });

  it('seconds, then minutes and seconds, then hours and minutes', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(59.4)).toBe('59 s');
    expect(formatDuration(59.6)).toBe('1 min 0 s');
    expect(formatDuration(61)).toBe('1 min 1 s');
    expect(formatDuration(3599)).toBe('59 min 59 s');
    expect(formatDuration(3600)).toBe('1 h 0 min');
    expect(formatDuration(25 * 3600 + 61)).toBe('25 h 1 min');
  });

  it('never shows a negative time', () => {
    expect(formatDuration(-3)).toBe('0 s');
  });
});
