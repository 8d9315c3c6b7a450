// Limits the engine, the CLI, the settings schema and the Settings form all enforce: each one
// defined once here (they disagreed once: 1–32 in settings, 1–64 in the scheduler). Imports
// nothing, so the renderer's form checks the same numbers main validates.

/**
 * Part PUTs in flight over all files. The setting is a ceiling: the slot pool starts at
 * `start` and tries more while goodput rises (parts-in-flight probe, slot-pool.ts), steps
 * back on loss, and halves on 429/503.
 * - start 16: on a long link every connection starts at TCP's initial window, so the parts
 *   in flight set how fast the link fills — in the WAN bench's vpn run (50 Mbit/s, 500 ms)
 *   the link was full 5 s after the start with 6 parts, 4 s with 16 (the AWS CLI runs 10).
 *   Every emulated link of the bench is full at 16 in steady state; more pays only where one
 *   connection is held below its share (per-flow shaping, a far storage region's window).
 * - max and default 32: beyond that a home router's connection table and S3's per-prefix
 *   rate start to answer 503 SlowDown before the link is any fuller.
 * Memory does not grow with the parts in flight much: a part in flight holds only its read
 * buffers, ≤ 2 MiB (transfer.ts).
 */
export const CONCURRENCY_LIMITS = { min: 1, max: 32, default: 32, start: 16 } as const;

/**
 * The bandwidth limit in bytes per second; 0 means none. At most 100 GiB/s: far above any link,
 * only there so a typo (or a hand-edited settings file) cannot store a number JSON loses precision on.
 */
export const BANDWIDTH_LIMITS = { unlimited: 0, max: 100 * 1024 ** 3 } as const;
