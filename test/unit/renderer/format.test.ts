// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { i18nFor } from '../../../renderer/src/i18n/i18n';
import { bandwidthToInput, inputToBandwidth } from '../../../renderer/src/model/bandwidth';
import { folderOf, progressFraction } from '../../../renderer/src/model/job-state';
import { makeJob } from './fake-uploader';

const en = i18nFor('en').f;
const de = i18nFor('de').f;

describe('sizes', () => {
  it('use decimal units with one decimal below 100', () => {
    expect(en.bytes(0)).toBe('0 bytes');
    expect(en.bytes(1)).toBe('1 byte');
    expect(en.bytes(999)).toBe('999 bytes');
    expect(en.bytes(1000)).toBe('1.0 kB');
    expect(en.bytes(1_234_567_890)).toBe('1.2 GB');
    expect(en.bytes(34_500_000)).toBe('34.5 MB');
    expect(en.bytes(412_000_000)).toBe('412 MB');
    expect(en.bytes(18_400_000_000_000)).toBe('18.4 TB');
  });

  it('promote to the next unit instead of printing 1000', () => {
    expect(en.bytes(999_960)).toBe('1.0 MB');
    expect(en.bytes(999_499)).toBe('999 kB');
  });

  it('never print nonsense for bad input', () => {
    expect(en.bytes(-5)).toBe('0 bytes');
    expect(en.bytes(Number.NaN)).toBe('0 bytes');
  });

  it('are written the German way in German: decimal comma, "Byte"', () => {
    // Intl puts a no-break space between number and unit.
    expect(de.bytes(1_234_567_890)).toBe('1,2\u00a0GB');
    expect(de.bytes(999)).toBe('999 Byte');
  });
});

describe('speeds', () => {
  it('show bytes per second in the same units', () => {
    expect(en.speed(34_500_000)).toBe('34.5 MB/s');
    expect(en.speed(512)).toBe('512 B/s');
    expect(de.speed(34_500_000)).toBe('34,5 MB/s');
  });
});

describe('time left', () => {
  it('shows at most two units, rounding up', () => {
    expect(en.eta(200)).toBe('3 min 20 sec');
    expect(en.eta(45)).toBe('45 sec');
    expect(en.eta(0.2)).toBe('1 sec');
    expect(en.eta(120)).toBe('2 min');
    expect(en.eta(3900)).toBe('1 hr 5 min');
    expect(en.eta(3600)).toBe('1 hr');
    expect(en.eta(2 * 86_400 + 3 * 3600 + 59)).toBe('2 days 3 hr');
    expect(de.eta(200)).toBe('3 Min., 20 Sek.');
  });

  it('is empty when there is no estimate', () => {
    expect(en.eta(null)).toBe('');
    expect(en.eta(Number.POSITIVE_INFINITY)).toBe('');
  });
});

describe('percentages, counts and times', () => {
  it('floor percentages so 99.9 % is not shown as done', () => {
    expect(en.percent(0.999)).toBe('99%');
    expect(en.percent(1)).toBe('100%');
    expect(en.percent(0.456)).toBe('45%');
    expect(de.percent(0.456)).toBe('45\u00a0%');
  });

  it('group thousands as the language does', () => {
    expect(en.count(10_000)).toBe('10,000');
    expect(de.count(10_000)).toBe('10.000');
  });

  it('write dates and times per language', () => {
    const at = Date.UTC(2026, 11, 1, 14, 5);
    expect(i18nFor('en').intl.formatDate(at, { timeZone: 'UTC', dateStyle: 'medium' })).toBe('Dec 1, 2026');
    expect(i18nFor('de').intl.formatDate(at, { timeZone: 'UTC', dateStyle: 'medium' })).toBe('01.12.2026');
  });
});

describe('job progress and paths', () => {
  it('counts bytes in flight and treats a finished 0-byte file as complete', () => {
    expect(progressFraction(makeJob({ size: 100, bytesConfirmed: 40, bytesAcked: 10, state: 'uploading' }))).toBe(0.5);
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
