// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatEta,
  formatPercent,
  formatSpeed,
  plural,
} from '../../../renderer/src/format/format';
import { bandwidthToInput, inputToBandwidth } from '../../../renderer/src/model/bandwidth';
import { folderOf, progressFraction } from '../../../renderer/src/model/job-state';
import { makeJob } from './fake-uploader';

describe('formatBytes', () => {
  it('uses decimal units with one decimal below 100', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.0 KB');
    expect(formatBytes(1_234_567_890)).toBe('1.2 GB');
    expect(formatBytes(34_500_000)).toBe('34.5 MB');
    expect(formatBytes(412_000_000)).toBe('412 MB');
    expect(formatBytes(18_400_000_000_000)).toBe('18.4 TB');
  });

  it('promotes to the next unit instead of printing 1000', () => {
    expect(formatBytes(999_960)).toBe('1.0 MB');
    expect(formatBytes(999_499)).toBe('999 KB');
  });

  it('never prints nonsense for bad input', () => {
    expect(formatBytes(-5)).toBe('0 B');
    expect(formatBytes(Number.NaN)).toBe('0 B');
  });
});

describe('formatSpeed', () => {
  it('shows bytes per second in the same units', () => {
    expect(formatSpeed(34_500_000)).toBe('34.5 MB/s');
    expect(formatSpeed(512)).toBe('512 B/s');
    expect(formatSpeed(0)).toBe('0 B/s');
  });
});

describe('formatEta', () => {
  it('shows at most two units, rounding up', () => {
    expect(formatEta(200)).toBe('3 min 20 s');
    expect(formatEta(45)).toBe('45 s');
    expect(formatEta(0.2)).toBe('1 s');
    expect(formatEta(120)).toBe('2 min');
    expect(formatEta(3900)).toBe('1 h 5 min');
    expect(formatEta(3600)).toBe('1 h');
    expect(formatEta(2 * 86_400 + 3 * 3600 + 59)).toBe('2 d 3 h');
  });

  it('is empty when there is no estimate', () => {
    expect(formatEta(null)).toBe('');
    expect(formatEta(Number.POSITIVE_INFINITY)).toBe('');
  });
});

describe('formatPercent, formatCount, plural', () => {
  it('floors percentages so 99.9% is not shown as done', () => {
    expect(formatPercent(0.999)).toBe('99%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.456)).toBe('45%');
  });

  it('groups thousands and picks the right noun', () => {
    expect(formatCount(10_000)).toBe('10,000');
    expect(plural(1, 'file', 'files')).toBe('1 file');
    expect(plural(10_000, 'file', 'files')).toBe('10,000 files');
  });
});

describe('job progress and paths', () => {
  it('counts bytes in flight and treats a finished 0-byte file as complete', () => {
    expect(progressFraction(makeJob({ size: 100, bytesConfirmed: 40, bytesInFlight: 10, state: 'uploading' }))).toBe(0.5);
    expect(progressFraction(makeJob({ size: 0, state: 'done' }))).toBe(1);
    expect(progressFraction(makeJob({ size: 0, state: 'queued' }))).toBe(0);
  });

  it('takes the folder part of a relative path', () => {
    expect(folderOf('shoot/day 1/a.mov')).toBe('shoot/day 1');
    expect(folderOf('a.mov')).toBe('');
  });
});

describe('bandwidth limit in human units', () => {
  it('reads bytes per second as the largest fitting unit', () => {
    expect(bandwidthToInput(0)).toEqual({ unit: 'unlimited', amount: '' });
    expect(bandwidthToInput(5_000_000)).toEqual({ unit: 'MB/s', amount: '5' });
    expect(bandwidthToInput(1_500_000)).toEqual({ unit: 'MB/s', amount: '1.5' });
    expect(bandwidthToInput(750_000)).toEqual({ unit: 'KB/s', amount: '750' });
  });

  it('turns what was typed back into bytes per second', () => {
    expect(inputToBandwidth({ unit: 'MB/s', amount: '2.5' })).toEqual({ ok: true, bytesPerSecond: 2_500_000 });
    expect(inputToBandwidth({ unit: 'KB/s', amount: '300' })).toEqual({ ok: true, bytesPerSecond: 300_000 });
    expect(inputToBandwidth({ unit: 'unlimited', amount: 'whatever' })).toEqual({ ok: true, bytesPerSecond: 0 });
    expect(inputToBandwidth({ unit: 'MB/s', amount: '0' }).ok).toBe(false);
    expect(inputToBandwidth({ unit: 'KB/s', amount: 'fast' }).ok).toBe(false);
  });
});
