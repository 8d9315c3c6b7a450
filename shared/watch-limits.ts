// The bounds of a watch folder's timings, in milliseconds, defined once: the engine's watch
// defaults, the CLI's flags, the app's watch schema and the renderer's fields all read these.
// In shared/ (imports nothing) so the app's schema and the renderer have them without the engine.

export const WATCH_QUIET_PERIOD = {
  /** The default: renders and card offloads pause for seconds between writes. */
  defaultMs: 10_000,
  /** Below 1 s a file system's own mtime granularity (1-2 s on FAT/exFAT cards) decides. */
  minMs: 1_000,
  maxMs: 3_600_000,
} as const;

export const WATCH_RESCAN = {
  /** A stat per file: ~1 s of wall time for 50,000 files here (npm run bench:watch). */
  defaultMs: 60_000,
  minMs: 5_000,
  maxMs: 86_400_000,
} as const;
