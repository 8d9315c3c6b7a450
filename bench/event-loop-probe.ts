// Preloaded into a client we did not write for the benchmark (`node --import …/event-loop-probe.js
// out/node/cli.js …`): measures the process's event-loop delay from start to exit and writes
// it to $BENCH_EVENT_LOOP_FILE, so the CLI is measured as users run it, unmodified.

import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.BENCH_EVENT_LOOP_FILE;
if (file) {
  // 10 ms resolution, as the bench's own clients measure.
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const ms = (ns: number): number => Math.round((ns / 1e6) * 100) / 100;
  process.on('exit', () => {
    delay.disable();
    writeFileSync(file, JSON.stringify({ p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) }));
  });
}
