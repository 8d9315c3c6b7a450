// Human formatting for the terminal: sizes in powers of 1000 (as Finder and Explorer show
// them to the user since 2009/Win10 respectively, and as network speeds are quoted).

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  // Decide unit and decimals on the value as it will be shown (three significant digits):
  // 999,999 bytes rounds to 1000 kB, which must read 1.00 MB; 9,999 must read 10.0 kB.
  const shown = (v: number): number => Number(v.toPrecision(3));
  let value = bytes / 1000;
  let unit = 0;
  while (shown(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const rounded = shown(value);
  return `${value.toFixed(rounded < 10 ? 2 : rounded < 100 ? 1 : 0)} ${units[unit]}`;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
