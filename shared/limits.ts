// Limits the engine, the CLI, the settings schema and the Settings form all enforce: each one
// defined once here (they disagreed once: 1–32 in settings, 1–64 in the scheduler). Imports
// nothing, so the renderer's form checks the same numbers main validates.

/**
 * Part PUTs in flight over all files: the ceiling the slot pool works under (it halves on
 * 429/503 and wins slots back as parts go through). 16 by default: on a long link every
 * connection starts at TCP's initial window, so the parts in flight set how fast the link
 * fills — in the WAN bench's vpn run (50 Mbit/s, 500 ms) the link was full 5 s after the
 * start with 6 parts, 4 s with 16 (the AWS CLI runs 10). Memory does not grow with it: a
 * part in flight holds only its read buffers, ≤ 2 MiB (transfer.ts). At most 32: beyond that
 * a home router's connection table and S3's per-prefix rate start to answer 503 SlowDown
 * before the link is any fuller.
 */
export const CONCURRENCY_LIMITS = { min: 1, max: 32, default: 16 } as const;

/**
 * The bandwidth limit in bytes per second; 0 means none. At most 100 GiB/s: far above any link,
 * only there so a typo (or a hand-edited settings file) cannot store a number JSON loses precision on.
 */
export const BANDWIDTH_LIMITS = { unlimited: 0, max: 100 * 1024 ** 3 } as const;
