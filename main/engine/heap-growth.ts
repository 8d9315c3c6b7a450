// How far V8 lets the heap grow past what survived its last full collection before it
// collects again. Left to itself it picks a factor between 1.1 and 4 from how fast the program
// allocates, and an upload allocates fast and keeps little: every file's journal write, API
// call and part PUT is short-lived garbage. In the WAN bench's 2,000 × 64 KiB run (wifi) a
// heap snapshot taken at 45 MiB used held 25 MiB alive; over six runs the heap peaked at
// 53–102 MiB used and the CLI at 147–195 MiB RSS (205 MB in the report: the CLI is allowed
// 200). With a fixed factor of 1.5, six runs peaked at 47–52 MiB used and 139–146 MiB RSS.
// In two A/Bs of three rounds each, the capped build's CLI CPU per file was the same and its
// files per second 3–5 % lower, well inside the spread of the rounds (that workload is bound
// by the sandbox on the same 2 cores).
//
// The cost is a full collection each time the old generation grows by half of what lives,
// not by up to three times it: more marking, mostly on V8's concurrent threads (the event
// loop's p99 did not move), for a heap that stays small. The flag is V8's own
// (`--heap-growing-percent`, long-lived in its heap controller); set at run time, it applies
// from the next collection on.

import { setFlagsFromString } from 'node:v8';

/** The old generation grows to (1 + this / 100) × what survived the last full collection. */
export const HEAP_GROWING_PERCENT = 50;

/** For the process entries (CLI, desktop app), as early as they start. */
export function capHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
