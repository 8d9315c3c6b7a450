// How many small files the queue keeps open at once, found by trying: grown while files per
// second rise.
//
// A small file spends its time in API round trips (job-admission.ts), so on a long link the
// files open at once set the pace, and no one number suits every link. Measured in the WAN
// bench (2,000 × 64 KiB, one run each): on vpn (500 ms RTT) 64 open gave 19.2 files/s and
// 128 gave 34.6; on wifi (100 ms), where the server's CPU limits, 128 gave 63.9 against 69.2
// at 64: the extra files only queued at the server. So the queue starts at 64 (the floor,
// what was fixed before), tries half as many again, keeps the step if files per second rose
// by a tenth or more, else goes back and tries again later. A level whose rate later falls by
// a third (the server slowing, answering 429) steps back one level.
//
// The trying itself (windows, trials, holds, no timer) is level-probe.ts, shared with the
// parts in flight; this is what it is set to for small files.

import { MIN_OPEN_SMALL_FILES } from './job-admission';
import { LevelProbe, type LevelProbeSettings } from './level-probe';

/**
 * floor: never fewer open (the value measured before). ceiling: each open file holds a file
 * descriptor, an API connection while it calls and a storage connection while it sends, and
 * a session on the server; 256 keeps that under a thousand descriptors.
 */
export const OPEN_JOBS_PROBE = {
  floor: MIN_OPEN_SMALL_FILES,
  start: MIN_OPEN_SMALL_FILES,
  ceiling: 256,
  /** Each trial opens this many times as many. */
  growth: 1.5,
  /**
   * …and is kept if files per second rose by this factor. A step of half again gives half
   * again where the link decides and nothing where the server does; the bar sits low because
   * a window of one file's time is noisy (±5–10 % on the emulated wifi) and a step kept
   * wrongly costs only latency, a step wrongly refused costs files per second.
   */
  minGain: 1.1,
  /** A kept level whose rate falls below its own by this factor steps back. */
  maxLoss: 1.5,
  /**
   * Windows to wait after a trial that did not pay before trying again (the server may have
   * got faster), doubled after each such trial in a row up to 8 times as long: a server that
   * is what limits is not kept busier a third of the time by trials.
   */
  holdWindows: 4,
  maxHoldDoublings: 3,
  /** Completions a window counts at least (fewer are noise at 60 files/s). */
  minWindow: 32,
} as const satisfies LevelProbeSettings;

/** Small files open at once: `limit`, told of each small file done (`finished(now, open)`). */
export class OpenJobsProbe extends LevelProbe {
  constructor() {
    super(OPEN_JOBS_PROBE);
  }
}
