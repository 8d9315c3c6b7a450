// Limits the engine, the CLI, the settings and the UI all enforce: defined once here.

/**
 * Part PUTs in flight over all files. 6 by default: enough to fill a 100 Mbit/s link at
 * 50 ms RTT with 8 MiB parts while bounding memory (each slot holds its part, read once for
 * Content-MD5 and sent from memory: 6 × 8 MiB = 48 MiB; transfer.ts).
 * At most 32: beyond that a home router's connection table and S3's per-prefix rate start
 * to answer 503 SlowDown before the link is any fuller.
 */
export const CONCURRENCY_LIMITS = { min: 1, max: 32, default: 6 } as const;
