// Limits the engine, the CLI, the settings schema and the Settings form all enforce: each one
// defined once here (they disagreed once: 1–32 in settings, 1–64 in the scheduler). Imports
// nothing, so the renderer's form checks the same numbers main validates.

/**
 * Part PUTs in flight over all files. 6 by default: enough to fill a 100 Mbit/s link at
 * 50 ms RTT with 8 MiB parts while bounding memory (each slot holds its part, read once for
 * Content-MD5 and sent from memory: 6 × 8 MiB = 48 MiB; transfer.ts).
 * At most 32: beyond that a home router's connection table and S3's per-prefix rate start
 * to answer 503 SlowDown before the link is any fuller.
 */
export const CONCURRENCY_LIMITS = { min: 1, max: 32, default: 6 } as const;

/**
 * The bandwidth limit in bytes per second; 0 means none. At most 100 GiB/s: far above any link,
 * only there so a typo (or a hand-edited settings file) cannot store a number JSON loses precision on.
 */
export const BANDWIDTH_LIMITS = { unlimited: 0, max: 100 * 1024 ** 3 } as const;
