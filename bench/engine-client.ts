// Bench-only: the engine as the Electron main process runs it (NomadApi + UploadQueue, the
// full Nomad protocol with MD5 verification), in a process of its own so /usr/bin/time can
// measure it alone. Prints one JSON line on stdout. The event-loop delay is measured here,
// inside the engine's process, because the main process must stay responsive to IPC and the
// tray while uploading. Never part of the shipped CLI (built by bench/vite.config.ts only).
//
//   node out/bench/engine-client.js --server URL --path FILE_OR_DIR --concurrency N [--journal DIR]

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { NomadApi } from '../main/engine/api';
import { FileJournal } from '../main/engine/journal';
import { UploadQueue } from '../main/engine/queue';

const { values } = parseArgs({
  options: {
    server: { type: 'string' },
    path: { type: 'string' },
    concurrency: { type: 'string', default: '6' },
    user: { type: 'string', default: 'demo' },
    password: { type: 'string', default: 'demo' },
    // The app journals every upload on disk (resume after a crash): measured too when given.
    journal: { type: 'string' },
  },
});
if (!values.server || !values.path) throw new Error('--server and --path are required');

const credentials = { userName: values.user!, password: values.password! };
// Mean latency per API route: where a small file's time goes (the part PUT is not an API call).
const routes = new Map<string, { count: number; ms: number }>();
const api = new NomadApi({
  serverUrl: values.server,
  credentials,
  log: (event) => {
    const route = routes.get(event.request) ?? { count: 0, ms: 0 };
    route.count += 1;
    route.ms += event.ms;
    routes.set(event.request, route);
  },
});
await api.login(credentials);

const queue = new UploadQueue({
  api,
  budget: Number(values.concurrency),
  journal: values.journal ? new FileJournal(values.journal) : undefined,
  defaults: { overwrite: 'Cancel' },
});
// The app forwards every coalesced update over IPC (a structured clone); serialising it is
// the closest plain-Node stand-in for that cost, so it is part of what is measured.
let updates = 0;
let updateBytes = 0;
queue.onUpdate((update) => {
  updates += 1;
  updateBytes += JSON.stringify(update).length;
});
let failed = 0;
let firstCompletingAt: number | null = null;
let lastCompletingAt = 0;
queue.onEvent((event) => {
  if (event.type !== 'transition') return;
  if (event.job.state === 'completing') {
    lastCompletingAt = performance.now();
    firstCompletingAt ??= lastCompletingAt;
  }
  if (event.job.state === 'failed') {
    failed += 1;
    process.stderr.write(`failed: ${event.job.relativePath}: ${event.job.error?.message}\n`);
  }
});

const delay = monitorEventLoopDelay({ resolution: 10 });
const cpuBefore = process.cpuUsage();
const t0 = performance.now();
delay.enable();
const { added } = await queue.enqueue({ paths: [values.path] });
await queue.whenIdle();
const t1 = performance.now();
delay.disable();
const cpu = process.cpuUsage(cpuBefore);
const snapshot = queue.snapshot();
await queue.close();

const ms = (ns: number): number => Math.round((ns / 1e6) * 100) / 100;
process.stdout.write(
  `${JSON.stringify({
    client: 'engine',
    files: added.length,
    done: snapshot.totals.counts.done,
    failed,
    bytes: snapshot.totals.bytesTotal,
    // start → every part confirmed by the server (the last job's transition to completing)
    transferMs: Math.round(lastCompletingAt - t0),
    // start → every upload completed (includes the server's assembly in complete)
    totalMs: Math.round(t1 - t0),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    eventLoopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
    updates,
    updateBytes,
    apiMeanMs: Object.fromEntries([...routes].map(([route, r]) => [route, { count: r.count, meanMs: Math.round((r.ms / r.count) * 10) / 10 }])),
    maxRssKiB: process.resourceUsage().maxRSS,
  })}\n`,
);
