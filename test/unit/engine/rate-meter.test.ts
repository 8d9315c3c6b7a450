import { describe, expect, it } from 'vitest';
import { RateMeter, etaSeconds } from '../../../main/engine/rate-meter';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** Feeds `bytesPerSecond` in 100 ms steps for `ms`. */
function feed(meter: RateMeter, clock: ReturnType<typeof manualClock>, bytesPerSecond: number, ms: number): void {
  for (let t = 0; t < ms; t += 100) {
    meter.add(bytesPerSecond / 10);
    clock.advance(100);
  }
}

describe('RateMeter', () => {
  it('says 0 before anything moved', () => {
    const clock = manualClock();
    expect(new RateMeter(clock.now).rate()).toBe(0);
  });

  it('measures a steady 1 MB/s as about 1 MB/s (within one 250 ms bucket)', () => {
    const clock = manualClock();
    const meter = new RateMeter(clock.now);
    feed(meter, clock, 1_000_000, 10_000);
    const rate = meter.rate();
    expect(rate).toBeGreaterThanOrEqual(940_000);
    expect(rate).toBeLessThanOrEqual(1_010_000);
  });

  it('in the first second it averages over the time since the first sample, not the whole window', () => {
    const clock = manualClock();
    const meter = new RateMeter(clock.now);
    feed(meter, clock, 1_000_000, 1000);
    // 1 MB over 1 s: not 1 MB over 5 s.
    expect(meter.rate()).toBeCloseTo(1_000_000, -4);
  });

  it('follows a change of speed within the 5 s window', () => {
    const clock = manualClock();
    const meter = new RateMeter(clock.now);
    feed(meter, clock, 4_000_000, 10_000);
    feed(meter, clock, 1_000_000, 6_000);
    expect(meter.rate()).toBeGreaterThanOrEqual(900_000);
    expect(meter.rate()).toBeLessThanOrEqual(1_100_000);
  });

  it('drops to 0 once nothing has moved for the whole window (a stall shows within seconds)', () => {
    const clock = manualClock();
    const meter = new RateMeter(clock.now);
    feed(meter, clock, 1_000_000, 3000);
    clock.advance(2000);
    expect(meter.rate()).toBeGreaterThan(0);
    clock.advance(3500);
    expect(meter.rate()).toBe(0);
  });

  it('forgets old buckets when traffic resumes after a long pause', () => {
    const clock = manualClock();
    const meter = new RateMeter(clock.now);
    feed(meter, clock, 8_000_000, 5000);
    clock.advance(60_000);
    feed(meter, clock, 1_000_000, 5000);
    expect(meter.rate()).toBeLessThanOrEqual(1_010_000);
  });

  it('reset starts over', () => {
    const clock = manualClock();
    const meter = new RateMeter(clock.now);
    feed(meter, clock, 1_000_000, 2000);
    meter.reset();
    expect(meter.rate()).toBe(0);
    feed(meter, clock, 2_000_000, 1000);
    expect(meter.rate()).toBeCloseTo(2_000_000, -4);
  });
});

describe('etaSeconds', () => {
  it('is 0 when nothing remains', () => {
    expect(etaSeconds(0, 0)).toBe(0);
    expect(etaSeconds(-5, 100)).toBe(0);
  });

  it('is unknown (null) while nothing moves', () => {
    expect(etaSeconds(1000, 0)).toBeNull();
    expect(etaSeconds(1000, 1)).toBeNull();
  });

  it('rounds up to whole seconds', () => {
    expect(etaSeconds(1000, 300)).toBe(4);
    expect(etaSeconds(1000, 1000)).toBe(1);
  });
});
