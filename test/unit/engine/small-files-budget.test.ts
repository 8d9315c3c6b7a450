// Many small files: a file's only part holds its share of the budget (its read buffer), and
// the queue opens many small files at once, so their API round trips overlap.

import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { maxOpenJobs, MIN_OPEN_SMALL_FILES } from '../../../main/engine/job-admission';
import { OPEN_JOBS_PROBE } from '../../../main/engine/open-jobs-probe';
import { partWeight, WEIGHT_PER_SLOT } from '../../../main/engine/part-weight';
import { SlotPool, type Slot } from '../../../main/engine/slot-pool';
import { READ_CHUNK } from '../../../main/engine/source';
import type { PartTransport } from '../../../main/engine/transfer';
import { fakeClockQueue } from './support/fake-clock-queue';

afterEach(() => {
  vi.useRealTimers();
});

const KiB = 1024;
const MiB = 1024 * KiB;
const live = () => new AbortController().signal;
const flush = () => new Promise((resolve) => setImmediate(resolve));

/** Asks for a slot; the grant lands in `granted` (the wait is looked at through it, not awaited). */
function ask(pool: SlotPool, owner: object, part: { bytes: number; partsInFile: number }, granted: Slot[]): void {
  void pool.acquire(owner, live(), part).then((slot) => granted.push(slot));
}

describe('a part’s share of the budget', () => {
  it('a small file’s only part weighs its read buffer; every other part a whole slot', () => {
    expect(partWeight({ bytes: 64 * KiB, partsInFile: 1 })).toBe(1);
    expect(partWeight({ bytes: 100 * KiB, partsInFile: 1 })).toBe(2);
    expect(partWeight({ bytes: 0, partsInFile: 1 })).toBe(1);
    expect(partWeight({ bytes: READ_CHUNK, partsInFile: 1 })).toBe(WEIGHT_PER_SLOT);
    expect(partWeight({ bytes: 8 * MiB, partsInFile: 1 })).toBe(WEIGHT_PER_SLOT);
    // The last part of a big file is short, but the file's other parts are on the link too.
    expect(partWeight({ bytes: 64 * KiB, partsInFile: 3 })).toBe(WEIGHT_PER_SLOT);
    expect(partWeight(undefined)).toBe(WEIGHT_PER_SLOT);
  });

  it('a budget of 2 sends 32 files of 64 KiB at once, and no 33rd until one is answered', async () => {
    const pool = new SlotPool(2);
    const granted: Slot[] = [];
    for (let i = 0; i < 40; i += 1) ask(pool, { file: i }, { bytes: 64 * KiB, partsInFile: 1 }, granted);
    await flush();
    expect(granted).toHaveLength(32);
    expect(pool).toMatchObject({ inUse: 32, waiting: 8, healthy: true });

    granted[0]!.release();
    await flush();
    expect(granted).toHaveLength(33);
  });

  it('a big file’s part keeps its turn: small files do not overtake it for ever', async () => {
    const pool = new SlotPool(1);
    const granted: Array<{ who: string; slot: Slot }> = [];
    const want = (who: string, owner: object, bytes: number, partsInFile: number): void =>
      void pool.acquire(owner, live(), { bytes, partsInFile }).then((slot) => granted.push({ who, slot }));
    const big = { file: 'big' };
    want('small 1', { file: 1 }, 64 * KiB, 1);
    await flush();
    want('big part', big, 8 * MiB, 10);
    want('small 2', { file: 2 }, 64 * KiB, 1);
    await flush();
    // The big part does not fit beside small 1; small 2 waits behind it (its turn came first).
    expect(granted.map((g) => g.who)).toEqual(['small 1']);
    expect(pool.healthy).toBe(true);

    granted[0]!.slot.release();
    await flush();
    expect(granted.map((g) => g.who)).toEqual(['small 1', 'big part']);
  });

  it('congestion halves what is in flight by weight, as for full parts', async () => {
    const pool = new SlotPool(2);
    pool.congestion();
    const granted: Slot[] = [];
    for (let i = 0; i < 40; i += 1) ask(pool, { file: i }, { bytes: 64 * KiB, partsInFile: 1 }, granted);
    await flush();
    expect(granted).toHaveLength(16);
  });
});

describe('how many files are open at once', () => {
  it('big files: twice the part budget (at least 4), so they finish one after another', () => {
    expect(maxOpenJobs(6, { count: 12, bytes: 12 * 4 * 1024 * MiB })).toBe(12);
    expect(maxOpenJobs(1, { count: 4, bytes: 4 * 1024 * MiB })).toBe(4);
  });

  it('small files: many open at once while together they hold less than two budgets of parts', () => {
    expect(maxOpenJobs(6, { count: 40, bytes: 40 * 64 * KiB })).toBe(MIN_OPEN_SMALL_FILES);
    expect(maxOpenJobs(32, { count: 10, bytes: 10 * 64 * KiB })).toBe(MIN_OPEN_SMALL_FILES);
  });

  it('a big file among small ones brings the limit back down: no more open until few enough are', () => {
    expect(maxOpenJobs(6, { count: 41, bytes: 40 * 64 * KiB + 10 * 1024 * MiB })).toBe(12);
  });
});

/**
 * A queue over a 250 ms link each way with a budget of 6 (the server's parts bigger than the
 * files: every file is one part), watched as it goes: PUTs in flight, jobs open, files done.
 */
function watchedQueue() {
  const seen = { puts: 0, mostPuts: 0, open: 0, done: 0, mostOpenFirst64: 0, mostOpen: 0 };
  const counting = (transport: PartTransport): PartTransport => async (req) => {
    seen.puts += 1;
    seen.mostPuts = Math.max(seen.mostPuts, seen.puts);
    try {
      return await transport(req);
    } finally {
      seen.puts -= 1;
    }
  };
  const h = fakeClockQueue({ cloud: { latencyMs: 250, chunkSize: 8 * MiB }, queue: { budget: 6 }, wrapTransport: counting });
  h.queue.onEvent((event) => {
    if (event.type !== 'transition') return;
    const active = (state: string) => state === 'starting' || state === 'uploading' || state === 'completing';
    seen.open += Number(active(event.job.state)) - Number(active(event.from));
    seen.done += Number(event.job.state === 'done');
    if (seen.done < 64) seen.mostOpenFirst64 = Math.max(seen.mostOpenFirst64, seen.open);
    seen.mostOpen = Math.max(seen.mostOpen, seen.open);
  });
  return { h, seen };
}

describe('a drop of small files over a long round trip', () => {
  it('opens 64 at first, more once that pays, keeps their PUTs within a budget of 6, and uploads every one', async () => {
    const { h, seen } = watchedQueue();
    const paths = Array.from({ length: 600 }, (_, i) => {
      h.files.put(`/card/${i}.jpg`, randomBytes(64 * KiB));
      return `/card/${i}.jpg`;
    });
    await h.queue.enqueue({ paths });

    expect(await h.runUntilIdle()).toBe(true);

    expect(seen.mostOpenFirst64).toBe(MIN_OPEN_SMALL_FILES);
    // Nothing on this server slows with more open: the probe's first trial pays and is kept.
    expect(seen.mostOpen).toBeGreaterThan(MIN_OPEN_SMALL_FILES);
    expect(seen.mostOpen).toBeLessThanOrEqual(OPEN_JOBS_PROBE.ceiling);
    expect(seen.mostPuts).toBeGreaterThan(6);
    expect(seen.mostPuts).toBeLessThanOrEqual(6 * WEIGHT_PER_SLOT);
    expect(h.cloud.assets.size).toBe(600);
    await h.queue.close();
    expect(h.stalls).toEqual([]);
  });

  it('pause all once more are open stops every file at once; resume all lands every one byte-exact', async () => {
    const { h, seen } = watchedQueue();
    const expected = new Map<string, string>();
    const paths = Array.from({ length: 600 }, (_, i) => {
      expected.set(`${i}.jpg`, h.files.put(`/card/${i}.jpg`, randomBytes(64 * KiB)));
      return `/card/${i}.jpg`;
    });
    await h.queue.enqueue({ paths });
    // Until the probe has opened more than its floor (a bounded wait on the fake clock).
    for (let step = 0; step < 200 && seen.open <= MIN_OPEN_SMALL_FILES; step += 1) await h.advance(100);
    expect(seen.open).toBeGreaterThan(MIN_OPEN_SMALL_FILES);

    h.queue.pauseAll();
    await h.advance(5_000);
    expect(seen.open).toBe(0);
    expect(seen.puts).toBe(0);
    expect(h.cloud.assets.size).toBeLessThan(600);

    h.queue.resumeAll();
    expect(await h.runUntilIdle()).toBe(true);
    expect(new Map([...h.cloud.assets].map(([path, asset]) => [path, asset.sha256]))).toEqual(expected);
    await h.queue.close();
    expect(h.stalls).toEqual([]);
  });
});
