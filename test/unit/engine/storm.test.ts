// A property of the engine, checked over 500 seeded storms on the fake clock: whatever the
// server and storage do — 5xx, 429/503 with Retry-After, resets, stalls, late answers, wrong
// ETags, expired URLs, refused ETags, answers that take seconds — and whatever the person
// does meanwhile (pause, resume), every upload ends either done and byte-exact or failed with
// a reason; none is left waiting for nothing. The engine's own liveness check runs every
// simulated second, and whatever it finds is written to test-results/storm.json.

import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { afterAll, afterEach, expect, it, vi } from 'vitest';
import type { StallReport } from '../../../main/engine/liveness';
import type { CallAnswer, PutAnswer, Route } from './support/fake-cloud';
import { fakeClockQueue } from './support/fake-clock-queue';
import { mulberry32 } from '../../../shared/seeded-random';

const SEEDS = 500;
const KiB = 1024;
const outcomes = { done: 0, failed: 0, failures: {} as Record<string, number>, stalls: [] as Array<StallReport & { seed: number }> };

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await mkdir('test-results', { recursive: true });
  await writeFile('test-results/storm.json', `${JSON.stringify({ seeds: SEEDS, ...outcomes }, null, 2)}\n`);
});

const putFaults: Array<(r: () => number) => PutAnswer> = [
  () => ({ kind: 'status', status: 500 }),
  (r) => ({ kind: 'status', status: 503, retryAfterSeconds: Math.floor(r() * 3) }),
  () => ({ kind: 'status', status: 429 }),
  () => ({ kind: 'status', status: 403 }),
  () => ({ kind: 'reset' }),
  () => ({ kind: 'stall' }),
  () => ({ kind: 'late' }),
  () => ({ kind: 'wrong-etag' }),
];

const callFaults: Record<Route, Array<(r: () => number) => CallAnswer>> = {
  start: [() => ({ kind: 'status', status: 500 }), () => ({ kind: 'network' }), (r) => ({ kind: 'hold', ms: Math.floor(r() * 4000) })],
  parts: [() => ({ kind: 'status', status: 503, retryAfterSeconds: 1 }), () => ({ kind: 'network' })],
  'part-complete': [
    () => ({ kind: 'status', status: 500 }),
    () => ({ kind: 'status', status: 400 }), // the server refused the ETag: the part goes again
    () => ({ kind: 'network' }),
    (r) => ({ kind: 'hold', ms: Math.floor(r() * 3000) }),
  ],
  complete: [() => ({ kind: 'status', status: 500 }), () => ({ kind: 'status', status: 503, retryAfterSeconds: 2 }), () => ({ kind: 'network' })],
  cancel: [() => ({ kind: 'status', status: 500 })],
  list: [() => ({ kind: 'status', status: 500 })],
};

it(`${SEEDS} seeded storms: every upload ends done byte-exact or failed with a reason; none stalls`, async () => {
  for (let seed = 1; seed <= SEEDS; seed += 1) {
    const random = mulberry32(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const faultRate = 0.05 + random() * 0.2;
    const h = fakeClockQueue({
      cloud: { chunkSize: KiB, latencyMs: 5 + Math.floor(random() * 60), bytesPerMs: 64 + Math.floor(random() * 1024) },
      queue: { budget: 1 + Math.floor(random() * 6), stallTimeoutMs: 2_000 },
    });
    h.cloud.chaos = (what) => {
      if (random() >= faultRate) return null;
      return what === 'put' ? pick(putFaults)(random) : pick(callFaults[what])(random);
    };
    const files = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => {
      const size = random() < 0.1 ? 0 : Math.floor(random() * 12 * KiB);
      const path = `/card/s${seed}-${i}.mov`;
      return { path, name: `s${seed}-${i}.mov`, sha: h.files.put(path, randomBytes(size)) };
    });
    await h.queue.enqueue({ paths: files.map((f) => f.path) });
    // The person pauses and resumes now and then; storage forgets its URLs now and then.
    for (let t = 0; t < 5; t += 1) {
      await h.advance(Math.floor(random() * 1500));
      if (random() < 0.3) h.cloud.expireUrls();
      if (random() < 0.2) {
        const job = pick(h.queue.snapshot().jobs);
        h.queue.pause(job.id);
        await h.advance(Math.floor(random() * 1000));
        h.queue.resume(job.id);
      }
    }

    const idle = await h.runUntilIdle(30 * 60_000);

    const jobs = h.queue.snapshot().jobs;
    outcomes.stalls.push(...h.stalls.map((s) => ({ ...s, seed })));
    expect({ seed, idle, stalls: h.stalls }).toEqual({ seed, idle: true, stalls: [] });
    for (const job of jobs) {
      if (job.state === 'done') {
        outcomes.done += 1;
        expect({ seed, name: job.name, sha: h.cloud.assets.get(job.name)?.sha256 }).toEqual({
          seed,
          name: job.name,
          sha: files.find((f) => f.name === job.name)!.sha,
        });
      } else {
        expect({ seed, name: job.name, state: job.state }).toEqual({ seed, name: job.name, state: 'failed' });
        expect(job.error?.message).toBeTruthy();
        outcomes.failed += 1;
        outcomes.failures[job.error!.code] = (outcomes.failures[job.error!.code] ?? 0) + 1;
      }
    }
    expect(h.queue.openResources()).toEqual({ runs: 0, timers: 0, abortListeners: 0, slots: 0 });
    await h.queue.close();
    vi.useRealTimers();
  }
  // Most storms are survivable: the point is that none hangs, and that most still finish.
  expect(outcomes.done).toBeGreaterThan(outcomes.failed * 4);
});
