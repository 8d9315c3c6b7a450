// Sizes, speeds, durations, percentages, times and counts for one language, with Intl.
// Units are decimal (1 kB = 1000 bytes), like the Finder and most transfer tools, and the
// bandwidth setting uses the same units so "5 MB/s" there and in the queue mean the same.

import type { IntlShape } from 'react-intl';

export interface Formatters {
  /** 1234567890 → "1.2 GB" (en), "1,2 GB" (de). */
  bytes(bytes: number): string;
  /** Bytes per second → "34.5 MB/s". */
  speed(bytesPerSecond: number): string;
  /** Seconds → "3 min 20 sec", two units at most; rounds up; '' when unknown. */
  eta(seconds: number | null): string;
  /** 0.456 → "45%" (en), "45 %" (de); floors, so nothing claims 100 % early. */
  percent(fraction: number): string;
  /** Epoch ms → time of day, as the language writes it. */
  time(epochMs: number): string;
  /** Epoch ms → date and time. */
  dateTime(epochMs: number): string;
  /** 10000 → "10,000" (en), "10.000" (de). */
  count(n: number): string;
}

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte', 'petabyte'] as const;

/** The unit `value` reaches and the number in it; one decimal below 100, none above. */
function scale(value: number): { n: number; unit: number; digits: number } {
  if (!Number.isFinite(value) || value <= 0) return { n: 0, unit: 0, digits: 0 };
  if (value < 1000) return { n: Math.round(value), unit: 0, digits: 0 };
  let unit = 0;
  let n = value;
  while (n >= 1000 && unit < BYTE_UNITS.length - 1) {
    n /= 1000;
    unit += 1;
  }
  let digits = n < 100 ? 1 : 0;
  // 999.96 kB must not print as "1000.0 kB": round first, then promote if it overflowed.
  let rounded = Number(n.toFixed(digits));
  if (rounded >= 1000 && unit < BYTE_UNITS.length - 1) {
    unit += 1;
    rounded = Number((rounded / 1000).toFixed(1));
    digits = 1;
  }
  return { n: rounded, unit, digits };
}

export function createFormatters(intl: IntlShape): Formatters {
  const sized = (value: number, perSecond: boolean): string => {
    const { n, unit, digits } = scale(value);
    // CLDR's short "byte" reads "999 byte" in English: plain bytes are a message of their own.
    if (unit === 0) return intl.formatMessage({ id: perSecond ? 'unit.bytes-per-second' : 'unit.bytes' }, { count: n });
    const name = BYTE_UNITS[unit] ?? 'byte';
    return intl.formatNumber(n, {
      style: 'unit',
      unit: perSecond ? `${name}-per-second` : name,
      unitDisplay: 'short',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  };
  const unit = (n: number, name: 'day' | 'hour' | 'minute' | 'second') =>
    intl.formatNumber(n, { style: 'unit', unit: name, unitDisplay: 'short' });

  return {
    bytes: (bytes) => sized(bytes, false),
    speed: (bps) => sized(bps, true),
    eta(seconds) {
      if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '';
      const total = Math.ceil(seconds);
      const days = Math.floor(total / 86_400);
      const hours = Math.floor((total % 86_400) / 3600);
      const minutes = Math.floor((total % 3600) / 60);
      const secs = total % 60;
      // Two units are enough for an estimate that changes every second anyway.
      const parts =
        days > 0
          ? [unit(days, 'day'), hours > 0 ? unit(hours, 'hour') : null]
          : hours > 0
            ? [unit(hours, 'hour'), minutes > 0 ? unit(minutes, 'minute') : null]
            : minutes > 0
              ? [unit(minutes, 'minute'), secs > 0 ? unit(secs, 'second') : null]
              : [unit(secs, 'second')];
      return intl.formatList(parts.filter((p): p is string => p !== null), { type: 'unit', style: 'narrow' });
    },
    percent(fraction) {
      const floored = !Number.isFinite(fraction) || fraction <= 0 ? 0 : fraction >= 1 ? 1 : Math.floor(fraction * 100) / 100;
      return intl.formatNumber(floored, { style: 'percent', maximumFractionDigits: 0 });
    },
    time: (epochMs) => intl.formatTime(epochMs, { hour: '2-digit', minute: '2-digit' }),
    dateTime: (epochMs) => intl.formatDate(epochMs, { dateStyle: 'medium', timeStyle: 'short' }),
    count: (n) => intl.formatNumber(n),
  };
}
