// Human-readable numbers for the queue. Units are decimal (1 KB = 1000 bytes), like the
// Finder and most transfer tools, and the bandwidth setting uses the same units so that
// "5 MB/s" in Settings and "5.0 MB/s" in the queue mean the same thing.

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;
const countFormat = new Intl.NumberFormat('en-US');

/** Scales `value` to the largest unit it reaches; one decimal below 100, none above. */
function scaled(value: number, units: readonly string[]): string {
  if (!Number.isFinite(value) || value <= 0) return `0 ${units[0]}`;
  if (value < 1000) return `${Math.round(value)} ${units[0]}`;
  let unit = 0;
  let n = value;
  while (n >= 1000 && unit < units.length - 1) {
    n /= 1000;
    unit += 1;
  }
  // 999.96 KB must not print as "1000.0 KB": round first, then promote if it overflowed.
  let text = n < 100 ? n.toFixed(1) : Math.round(n).toString();
  if (Number(text) >= 1000 && unit < units.length - 1) {
    unit += 1;
    text = (Number(text) / 1000).toFixed(1);
  }
  return `${text} ${units[unit]}`;
}

/** 1234567890 → "1.2 GB". */
export function formatBytes(bytes: number): string {
  return scaled(bytes, BYTE_UNITS);
}

/** Bytes per second → "34.5 MB/s". */
export function formatSpeed(bytesPerSecond: number): string {
  return scaled(
    bytesPerSecond,
    BYTE_UNITS.map((u) => `${u}/s`),
  );
}

/** Seconds → "3 min 20 s", "1 h 5 min", "2 d 3 h". Rounds up: a remaining 0.2 s is "1 s". */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '';
  const total = Math.ceil(seconds);
  if (total < 60) return `${total} s`;
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  // Two units are enough precision for an estimate that changes every second anyway.
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return secs > 0 ? `${minutes} min ${secs} s` : `${minutes} min`;
}

/** 0.456 → "45%". Floors, so a nearly finished upload never claims 100% early. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction) || fraction <= 0) return '0%';
  if (fraction >= 1) return '100%';
  return `${Math.floor(fraction * 100)}%`;
}

const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** Epoch milliseconds → local time of day, "14:32" (or "2:32 PM", as the OS prefers). */
export function formatClock(epochMs: number): string {
  return clockFormat.format(new Date(epochMs));
}

/** 10000 → "10,000". */
export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** "1 file", "3 files". */
export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
