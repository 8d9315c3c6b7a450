// The global budget of parts in flight: who gets a slot when, and how congestion bends it.

import { describe, expect, it } from 'vitest';
import { CONCURRENCY_LIMITS } from '../../../main/engine/limits';
import { SlotPool, type Slot } from '../../../main/engine/slot-pool';

const live = () => new AbortController().signal;
const flush = () => new Promise((resolve) => setImmediate(resolve));

/** Asks for `count` slots for `owner`; returns the grants in the order they arrive. */
/** Asks for `count` slots; each grant lands in `granted` (the waits are looked at through it, not awaited). */
function ask(pool: SlotPool, owner: object, count: number, granted: Array<{ owner: object; slot: Slot }>, signal = live()): void {
  for (let i = 0; i < count; i += 1) void pool.acquire(owner, signal).then((slot) => granted.push({ owner, slot }));
}

describe('SlotPool', () => {
  it('never grants more than the budget; a release grants the next waiter at once', async () => {
    const pool = new SlotPool(3);
    const granted: Array<{ owner: object; slot: Slot }> = [];
    ask(pool, {}, 5, granted);
    await flush();
    expect(granted).toHaveLength(3);
    expect(pool).toMatchObject({ inUse: 3, waiting: 2, healthy: true });

    granted[0]!.slot.release();
    await flush();
    expect(granted).toHaveLength(4);
    granted[0]!.slot.release(); // a second release of the same slot changes nothing
    await flush();
    expect(granted).toHaveLength(4);
  });

  it('grants go to the owner served least recently: a file with one part goes next, not behind 97', async () => {
    const pool = new SlotPool(2);
    const big = { name: 'big' };
    const small = { name: 'small' };
    const granted: Array<{ owner: object; slot: Slot }> = [];
    ask(pool, big, 99, granted);
    await flush();
    ask(pool, small, 1, granted);
    await flush();

    granted[0]!.slot.release();
    await flush();

    expect(granted[2]!.owner).toBe(small);
  });

  it('a waiter whose run ends is dropped; a held slot is freed the moment its run ends', async () => {
    const pool = new SlotPool(1);
    const holder = new AbortController();
    const waiter = new AbortController();
    const granted: Array<{ owner: object; slot: Slot }> = [];
    ask(pool, {}, 1, granted, holder.signal);
    const waiting = pool.acquire({}, waiter.signal);
    await flush();
    expect(pool).toMatchObject({ inUse: 1, waiting: 1 });

    waiter.abort(new Error('paused'));
    await expect(waiting).rejects.toThrow('paused');
    expect(pool.waiting).toBe(0);

    holder.abort();
    expect(pool.inUse).toBe(0);
  });

  it('congestion halves the effective budget (never below 1); successes give one slot back per 4', () => {
    const pool = new SlotPool(8);
    pool.congestion();
    expect(pool.effectiveBudget).toBe(4);
    pool.congestion();
    pool.congestion();
    pool.congestion();
    expect(pool.effectiveBudget).toBe(1);
    for (let i = 0; i < 4; i += 1) pool.success();
    expect(pool.effectiveBudget).toBe(2);
    for (let i = 0; i < 100; i += 1) pool.success();
    expect(pool.effectiveBudget).toBe(8);
  });

  it('after a cut, no new slot is granted until in-use is below the halved budget; recovery grants by itself', async () => {
    const pool = new SlotPool(4);
    const granted: Array<{ owner: object; slot: Slot }> = [];
    ask(pool, {}, 8, granted);
    await flush();
    pool.congestion(); // effective 2, 4 in use
    granted[0]!.slot.release();
    granted[1]!.slot.release();
    await flush();
    expect(granted).toHaveLength(4);
    granted[2]!.slot.release();
    await flush();
    expect(granted).toHaveLength(5);
    for (let i = 0; i < 4; i += 1) pool.success(); // effective 3
    await flush();
    expect(granted).toHaveLength(6);
  });

  it('raising the budget while not congested takes effect at once; during congestion the cut stays', async () => {
    const pool = new SlotPool(2);
    const granted: Array<{ owner: object; slot: Slot }> = [];
    ask(pool, {}, 6, granted);
    await flush();
    pool.setBudget(4);
    await flush();
    expect(granted).toHaveLength(4);

    pool.congestion(); // 2
    pool.setBudget(8);
    expect(pool.effectiveBudget).toBe(2);
    pool.setBudget(1);
    expect(pool.effectiveBudget).toBe(1);
  });

  it('keeps the budget within the limits (the default when it is not a number)', () => {
    expect(new SlotPool(0).budget).toBe(1);
    expect(new SlotPool(1000).budget).toBe(32);
    expect(new SlotPool(Number.NaN).budget).toBe(CONCURRENCY_LIMITS.default);
  });
});
