import { describe, expect, it } from 'vitest';
import { BandwidthLimiter } from '../../../main/engine/bandwidth';

/** A clock the test moves by hand: it drives refills; waits themselves are real (and short here). */
function manualClock(start = 50_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** Lets every already-settled promise run its callbacks. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Starts a take and reports whether it has finished yet. */
function track(promise: Promise<void>) {
  const state = { done: false, promise };
  // The test awaits `promise` itself for failures; this side only watches for completion.
  promise.then(
    () => {
      state.done = true;
    },
    () => undefined,
  );
  return state;
}

describe('BandwidthLimiter', () => {
  it('unlimited (0) never waits, whatever the size', async () => {
    const limiter = new BandwidthLimiter(0);
    const take = track(limiter.take(1024 ** 3));
    await settle();
    expect(take.done).toBe(true);
    expect(limiter.rate).toBe(0);
  });

  it('with a limit, bytes beyond the tokens wait bytes / rate', async () => {
    const clock = manualClock();
    const limiter = new BandwidthLimiter(1000, clock.now); // 1000 B/s, clock frozen: no refill
    const started = performance.now();

    const take = track(limiter.take(100));
    await settle();
    expect(take.done).toBe(false);
    await take.promise;

    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('after an idle time, a burst of a tenth of a second of the rate goes through at once, and no more', async () => {
    const clock = manualClock();
    const limiter = new BandwidthLimiter(10_000, clock.now);
    clock.advance(60_000); // a minute idle: the bucket is full, but capped at 0.1 s of the rate

    const burst = track(limiter.take(1000));
    await settle();
    expect(burst.done).toBe(true);

    const next = track(limiter.take(100));
    await settle();
    expect(next.done).toBe(false);
    await next.promise;
  });

  it('time passing refills the bucket', async () => {
    const clock = manualClock();
    const limiter = new BandwidthLimiter(10_000, clock.now);
    clock.advance(100);
    await limiter.take(1000); // the 100 ms of tokens that built up
    clock.advance(50);
    const half = track(limiter.take(500));
    await settle();
    expect(half.done).toBe(true);
  });

  it('concurrent callers queue behind each other: the limit holds for all parts together', async () => {
    const clock = manualClock();
    const limiter = new BandwidthLimiter(10_000, clock.now);
    const started = performance.now();
    const finished: Array<[number, number]> = [];

    await Promise.all(
      [1, 2, 3].map((n) => limiter.take(500).then(() => finished.push([n, performance.now() - started]))),
    );

    expect(finished.map(([n]) => n)).toEqual([1, 2, 3]);
    // 1500 bytes at 10,000 B/s: the last caller waited for all three.
    expect(finished[2]![1]).toBeGreaterThanOrEqual(140);
  });

  it('lifting the limit (setRate 0) lets new takes through at once', async () => {
    const clock = manualClock();
    const limiter = new BandwidthLimiter(1000, clock.now);
    limiter.setRate(0);
    const take = track(limiter.take(10_000_000));
    await settle();
    expect(take.done).toBe(true);
  });

  it('lowering the rate also lowers the burst already saved up', async () => {
    const clock = manualClock();
    const limiter = new BandwidthLimiter(1_000_000, clock.now);
    clock.advance(10_000); // 100,000 bytes of burst saved
    limiter.setRate(1000); // now only 100 bytes of burst
    expect(limiter.rate).toBe(1000);
    const controller = new AbortController();
    const take = track(limiter.take(1000, controller.signal));
    await settle();
    expect(take.done).toBe(false);
    controller.abort(); // no timer left running after the test
    await expect(take.promise).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a negative rate is treated as unlimited', () => {
    expect(new BandwidthLimiter(-5).rate).toBe(0);
  });

  it('a wait is abortable (pause, cancel)', async () => {
    const clock = manualClock();
    const limiter = new BandwidthLimiter(100, clock.now);
    const controller = new AbortController();
    const waiting = limiter.take(10_000, controller.signal); // would be 100 s
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('suggests reads of about a tenth of a second of the rate, between 16 KiB and the maximum', () => {
    expect(new BandwidthLimiter(0).preferredChunk(1024 * 1024)).toBe(1024 * 1024);
    expect(new BandwidthLimiter(2 * 1024 * 1024).preferredChunk(1024 * 1024)).toBe(209_715);
    expect(new BandwidthLimiter(1000).preferredChunk(1024 * 1024)).toBe(16 * 1024);
    expect(new BandwidthLimiter(1024 ** 3).preferredChunk(1024 * 1024)).toBe(1024 * 1024);
  });
});
