// How many part PUTs are in flight: found by trying under the user's setting, from 16. Driven
// by a closed system through the real pool: a job's 64 workers each take a slot, send an
// 8 MiB part for as long as the modelled link takes with that many in flight, give the slot
// back, and report the part confirmed one round trip later — as part-pipeline.ts does.

import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONCURRENCY_LIMITS } from '../../../main/engine/limits';
import { silentLogger } from '../../../main/engine/log';
import { PARTS_IN_FLIGHT_PROBE, SlotPool } from '../../../main/engine/slot-pool';
import { fakeClockQueue } from './support/fake-clock-queue';
import { sha256 } from './support/memory-files';

const MiB = 1024 * 1024;
const PART = 8 * MiB;
const flush = () => new Promise((resolve) => setImmediate(resolve));

/** ms one part takes when `inFlight` parts share the link, sent at time t. */
type LinkModel = (inFlight: number, t: number) => number;

/** bytes per ms for a rate in megabytes per second. */
const mbps = (megabytesPerSecond: number) => (megabytesPerSecond * 1_000_000) / 1000;

/** A shared bottleneck of `rate` MB/s and, optionally, a cap per connection (per-flow shaping, a far region's window). */
const link =
  (rate: number, perConnection = Number.POSITIVE_INFINITY): LinkModel =>
  (inFlight) =>
    PART / Math.min(mbps(perConnection), mbps(rate) / inFlight);

interface Trace {
  /** The level after each confirmed part. */
  levels: number[];
  /** Most parts in flight at once. */
  mostInFlight: number;
  /** MB/s over the last quarter of the parts. */
  lateRate: number;
}

/**
 * Sends `parts` parts of one file through `pool` with 64 workers (as a job has), the clock
 * driven by the events; `rttMs` between a PUT's end and its confirmation.
 */
async function upload(pool: SlotPool, clock: { t: number }, parts: number, model: LinkModel, rttMs = 100): Promise<Trace> {
  const owner = {};
  const events: Array<{ at: number; fire: () => void }> = [];
  const at = (ms: number) =>
    new Promise<void>((resolve) => {
      events.push({ at: clock.t + ms, fire: resolve });
      events.sort((a, b) => a.at - b.at);
    });
  const levels: number[] = [];
  const doneAt: number[] = [];
  let next = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  const worker = async (): Promise<void> => {
    while (next < parts) {
      next += 1;
      const slot = await pool.acquire(owner, new AbortController().signal, { bytes: PART, partsInFile: parts });
      const grantedAt = clock.t;
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await at(model(inFlight, clock.t));
      inFlight -= 1;
      const sendMs = clock.t - grantedAt;
      slot.release();
      await at(rttMs);
      pool.success({ bytes: PART, partsInFile: parts, sendMs });
      levels.push(pool.level);
      doneAt.push(clock.t);
    }
  };
  const workers = Promise.all(Array.from({ length: 64 }, worker));
  for (;;) {
    await flush();
    const event = events.shift();
    if (!event) break;
    clock.t = event.at;
    event.fire();
  }
  await workers;
  const from = Math.floor(parts * 0.75);
  const lateRate = ((parts - 1 - from) * PART) / 1000 / (doneAt[parts - 1]! - doneAt[from]!);
  return { levels, mostInFlight, lateRate };
}

function pool(ceiling: number = CONCURRENCY_LIMITS.default): { pool: SlotPool; clock: { t: number } } {
  const clock = { t: 0 };
  return { pool: new SlotPool(ceiling, () => clock.t), clock };
}

describe('parts in flight: found by trying under the setting', () => {
  it('a link where each connection is held below its share: grows while goodput rises, up to the setting', async () => {
    // 1 Gbit/s, but one connection gets 4 MB/s: 16 parts carry 64 MB/s, 32 carry 125.
    const { pool: p, clock } = pool();
    expect(p.level).toBe(CONCURRENCY_LIMITS.start);
    const run = await upload(p, clock, 600, link(125, 4));
    expect(run.levels.at(-1)).toBe(CONCURRENCY_LIMITS.default);
    expect(run.mostInFlight).toBe(CONCURRENCY_LIMITS.default);
    expect(run.lateRate).toBeGreaterThan(100);
  });

  it('a link already full at 16: tries 24, finds no gain, goes back and stays there most of the time', async () => {
    // 100 Mbit/s shared by every connection, no cap per connection.
    const { pool: p, clock } = pool();
    const run = await upload(p, clock, 800, link(12.5));
    expect(Math.max(...run.levels)).toBe(24);
    expect(run.levels.at(-1)).toBe(16);
    const above = run.levels.filter((l) => l > 16).length;
    expect(above / run.levels.length).toBeLessThan(0.3);
  });

  it('the setting is the ceiling: never more in flight; raising it starts again from 16 and climbs', async () => {
    const { pool: p, clock } = pool(8);
    expect(p.level).toBe(8);
    const capped = await upload(p, clock, 200, link(125, 4));
    expect(capped.mostInFlight).toBe(8);
    expect(Math.max(...capped.levels)).toBe(8);

    p.setBudget(32);
    expect(p.level).toBe(16);
    const raised = await upload(p, clock, 600, link(125, 4));
    expect(raised.levels.at(-1)).toBe(32);
  });

  it('a loss while the server answers steps back one level; the losses of one outage count once', () => {
    const { pool: p } = pool();
    // Every part in flight dropped by one blip: one step, not sixteen.
    for (let i = 0; i < 16; i += 1) p.loss();
    expect(p.level).toBe(11);
    // Once the new level has settled (as many parts as it has), a new loss is new news.
    for (let i = 0; i < 11; i += 1) p.success({ bytes: PART, partsInFile: 100, sendMs: 2000 });
    p.loss();
    expect(p.level).toBe(7);
    for (let i = 0; i < 7; i += 1) p.success({ bytes: PART, partsInFile: 100, sendMs: 2000 });
    p.loss();
    for (let i = 0; i < 5; i += 1) p.success({ bytes: PART, partsInFile: 100, sendMs: 2000 });
    p.loss();
    expect(p.level).toBe(PARTS_IN_FLIGHT_PROBE.floor);
  });

  it('after losses on a link where more pays, trials climb back up', async () => {
    const { pool: p, clock } = pool();
    p.loss();
    expect(p.level).toBe(11);
    const run = await upload(p, clock, 800, link(125, 4));
    expect(run.levels.at(-1)).toBe(32);
  });

  it('429/503 halves what is in flight from the level found, and recovery stops at that level', () => {
    const { pool: p } = pool();
    p.congestion();
    expect(p.effectiveBudget).toBe(8);
    for (let i = 0; i < 200; i += 1) p.success();
    expect(p.effectiveBudget).toBe(16);
    expect(p.level).toBe(16);
  });

  it('says each change and why: a loss, a 429/503, the person lowering the setting', () => {
    const changes: unknown[] = [];
    const p = new SlotPool(32, () => 0, (change) => changes.push(change));
    p.loss();
    p.congestion();
    p.setBudget(4);
    p.setBudget(4);
    expect(changes).toEqual([
      { from: 16, to: 11, why: 'loss', ceiling: 32 },
      { from: 11, to: 5, why: 'congestion', ceiling: 32 },
      { from: 5, to: 4, why: 'setting', ceiling: 4 },
    ]);
  });

  it('small files teach it nothing: their pace is their round trips, not their PUTs', () => {
    const { pool: p, clock } = pool();
    for (let i = 0; i < 500; i += 1) {
      clock.t += 10;
      p.success({ bytes: 64 * 1024, partsInFile: 1, sendMs: 5 });
    }
    expect(p.level).toBe(16);
  });
});

describe('parts in flight: what a job tells the pool', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a PUT whose connection drops while the server answers: one level fewer, and the file still lands byte-exact', async () => {
    // 12 parts: too few for the probe to measure a window, so only the loss moves the level.
    const logged: unknown[] = [];
    const log = { ...silentLogger, info: (message: string, fields?: unknown) => void (message === 'parts in flight' && logged.push(fields)) };
    const h = fakeClockQueue({ cloud: { chunkSize: 256 * 1024 }, queue: { budget: CONCURRENCY_LIMITS.default, log } });
    const bytes = randomBytes(3 * MiB);
    h.files.put('/card/clip.mov', bytes);
    h.cloud.onPut(2, { kind: 'reset' });
    expect(h.queue.partsInFlight).toBe(16);

    await h.queue.enqueue({ paths: ['/card/clip.mov'] });
    expect(await h.runUntilIdle()).toBe(true);

    expect(h.queue.partsInFlight).toBe(11);
    // …and the log says so, for whoever reads it on a real server.
    expect(logged).toEqual([{ from: 16, to: 11, why: 'loss', ceiling: 32 }]);
    expect([...h.cloud.assets.values()]).toEqual([expect.objectContaining({ size: bytes.length, sha256: sha256(bytes) })]);
    expect(h.stalls).toEqual([]);
  });

  it('a part-complete lost on the way (an API call, the PUT went through) says nothing of the storage path: the level stays', async () => {
    const h = fakeClockQueue({ cloud: { chunkSize: 256 * 1024 }, queue: { budget: CONCURRENCY_LIMITS.default } });
    const bytes = randomBytes(3 * MiB);
    h.files.put('/card/clip.mov', bytes);
    h.cloud.onCall('part-complete', { kind: 'network' });

    await h.queue.enqueue({ paths: ['/card/clip.mov'] });
    expect(await h.runUntilIdle()).toBe(true);

    expect(h.queue.partsInFlight).toBe(16);
    expect([...h.cloud.assets.values()]).toEqual([expect.objectContaining({ size: bytes.length, sha256: sha256(bytes) })]);
  });

  it('a PUT lost while nothing answers (offline) says nothing of the path: the level stays', async () => {
    const h = fakeClockQueue({ cloud: { chunkSize: 256 * 1024 }, queue: { budget: CONCURRENCY_LIMITS.default } });
    h.files.put('/card/clip.mov', randomBytes(3 * MiB));
    h.cloud.onPut(2, { kind: 'reset' });
    h.cloud.apiReachable = false;
    h.cloud.onScripted = () => {
      // Back online once the drop has been seen.
      setTimeout(() => {
        h.cloud.apiReachable = true;
      }, 5_000);
    };

    await h.queue.enqueue({ paths: ['/card/clip.mov'] });
    expect(await h.runUntilIdle()).toBe(true);

    expect(h.queue.partsInFlight).toBe(16);
    expect(h.cloud.assets.size).toBe(1);
  });
});
