import { describe, expect, it } from 'vitest';
import { PartScheduler, type SlotTask, type WorkSource } from '../../../main/engine/scheduler';

/** Lets the scheduler's microtask pump and any task settlements run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Watches every task: which started, how many run at once, and finishes them on demand. */
class Probe {
  readonly started: string[] = [];
  running = 0;
  maxRunning = 0;
  #finishers = new Map<string, (fail: boolean) => void>();

  task(id: string): SlotTask {
    return () => {
      this.started.push(id);
      this.running += 1;
      this.maxRunning = Math.max(this.maxRunning, this.running);
      return new Promise<void>((resolve, reject) => {
        this.#finishers.set(id, (fail) => {
          this.running -= 1;
          if (fail) reject(new Error(`${id} failed`));
          else resolve();
        });
      });
    };
  }

  /** Finishes the `count` oldest running tasks. */
  async finish(count = 1, fail = false): Promise<void> {
    for (const [id, finisher] of [...this.#finishers].slice(0, count)) {
      this.#finishers.delete(id);
      finisher(fail);
    }
    await settle();
  }

  get inFlight(): string[] {
    return [...this.#finishers.keys()];
  }
}

/** A job with `count` parts ready to send. */
class Parts implements WorkSource {
  #next = 0;
  constructor(
    readonly name: string,
    public remaining: number,
    readonly probe: Probe,
  ) {}

  takeTask(): SlotTask | null {
    if (this.remaining === 0) return null;
    this.remaining -= 1;
    return this.probe.task(`${this.name}${this.#next++}`);
  }
}

describe('PartScheduler', () => {
  it('never runs more than the budget at once, and runs every task in the end', async () => {
    const probe = new Probe();
    const scheduler = new PartScheduler(3);
    scheduler.add(new Parts('a', 10, probe));
    await settle();
    expect(probe.running).toBe(3);
    expect(scheduler.running).toBe(3);

    for (let i = 0; i < 10; i += 1) {
      await probe.finish();
      expect(probe.running).toBeLessThanOrEqual(3);
    }

    expect(probe.started).toHaveLength(10);
    expect(probe.maxRunning).toBe(3);
    expect(scheduler.running).toBe(0);
  });

  it('a freed slot is refilled at once', async () => {
    const probe = new Probe();
    const scheduler = new PartScheduler(2);
    scheduler.add(new Parts('a', 5, probe));
    await settle();
    await probe.finish();
    expect(probe.started).toEqual(['a0', 'a1', 'a2']);
    expect(probe.running).toBe(2);
  });

  it('a file with one part starts among the first slots next to a file with 100 ready parts', async () => {
    const probe = new Probe();
    const scheduler = new PartScheduler(4);
    scheduler.add(new Parts('big', 100, probe));
    scheduler.add(new Parts('small', 1, probe));
    await settle();
    expect(probe.started).toContain('small0');
    expect(probe.started).toHaveLength(4);
  });

  it('a file added while a big one holds every slot waits one turn at most, not behind the 97 other parts', async () => {
    const probe = new Probe();
    const scheduler = new PartScheduler(3);
    scheduler.add(new Parts('big', 100, probe));
    await settle();
    expect(probe.started).toEqual(['big0', 'big1', 'big2']);

    scheduler.add(new Parts('small', 2, probe));
    await settle();
    await probe.finish();
    await probe.finish();
    await probe.finish();
    await probe.finish();

    // The newcomer joins the end of the round; from then on turns alternate.
    expect(probe.started.slice(3)).toEqual(['big3', 'small0', 'big4', 'small1']);
  });

  it('raising the budget while running starts more tasks at once', async () => {
    const probe = new Probe();
    const scheduler = new PartScheduler(2);
    scheduler.add(new Parts('a', 20, probe));
    await settle();
    expect(probe.running).toBe(2);

    scheduler.setBudget(5);
    await settle();

    expect(scheduler.budget).toBe(5);
    expect(probe.running).toBe(5);
  });

  it('lowering the budget while running lets running tasks finish and starts none until below the new budget', async () => {
    const probe = new Probe();
    const scheduler = new PartScheduler(5);
    scheduler.add(new Parts('a', 20, probe));
    await settle();
    expect(probe.running).toBe(5);

    scheduler.setBudget(2);
    await settle();
    expect(probe.running).toBe(5); // nothing is cut off mid-part

    await probe.finish(3);
    expect(probe.started).toHaveLength(5); // 2 still running: no room yet
    await probe.finish(1);
    expect(probe.started).toHaveLength(6);
    expect(probe.running).toBe(2);
  });

  it('congestion halves the effective budget, never below 1', () => {
    const scheduler = new PartScheduler(6);
    scheduler.congestion();
    expect(scheduler.effectiveBudget).toBe(3);
    scheduler.congestion();
    expect(scheduler.effectiveBudget).toBe(1);
    scheduler.congestion();
    expect(scheduler.effectiveBudget).toBe(1);
    expect(scheduler.budget).toBe(6);
  });

  it('after congestion, successes give slots back one per 4 parts, up to the budget and no further', () => {
    const scheduler = new PartScheduler(4);
    scheduler.congestion();
    expect(scheduler.effectiveBudget).toBe(2);

    const trail: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      scheduler.success();
      trail.push(scheduler.effectiveBudget);
    }

    expect(trail).toEqual([2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4]);
  });

  it('the pump obeys the cut: after congestion no new task starts until running is below the halved budget', async () => {
    const probe = new Probe();
    const scheduler = new PartScheduler(6);
    scheduler.add(new Parts('a', 50, probe));
    await settle();
    expect(probe.running).toBe(6);

    scheduler.congestion(); // effective 3
    await probe.finish(3);
    expect(probe.started).toHaveLength(6);
    await probe.finish(1);
    expect(probe.started).toHaveLength(7);
    expect(probe.running).toBe(3);
  });

  it('recovery after congestion wakes the pump by itself', async () => {
    const probe = new Probe();
    const scheduler = new PartScheduler(2);
    scheduler.add(new Parts('a', 50, probe));
    await settle();
    scheduler.congestion(); // effective 1
    await probe.finish(2);
    expect(probe.running).toBe(1);

    for (let i = 0; i < 4; i += 1) scheduler.success();
    await settle();

    expect(scheduler.effectiveBudget).toBe(2);
    expect(probe.running).toBe(2);
  });

  it('raising the budget during congestion does not undo the cut; recovery climbs to the new budget', () => {
    const scheduler = new PartScheduler(4);
    scheduler.congestion(); // 2
    scheduler.setBudget(8);
    expect(scheduler.budget).toBe(8);
    expect(scheduler.effectiveBudget).toBe(2);
    for (let i = 0; i < 4 * 6; i += 1) scheduler.success();
    expect(scheduler.effectiveBudget).toBe(8);
  });

  it('lowering the budget during congestion caps the effective budget too', () => {
    const scheduler = new PartScheduler(8);
    scheduler.congestion(); // 4
    scheduler.setBudget(2);
    expect(scheduler.effectiveBudget).toBe(2);
  });

  it('a task that rejects does not stop the pump', async () => {
    const probe = new Probe();
    const scheduler = new PartScheduler(1);
    scheduler.add(new Parts('a', 3, probe));
    await settle();

    await probe.finish(1, true);
    await probe.finish(1, true);
    await probe.finish(1);

    expect(probe.started).toEqual(['a0', 'a1', 'a2']);
    expect(scheduler.running).toBe(0);
  });

  it('a source with nothing ready now is asked again after wake()', async () => {
    const probe = new Probe();
    const scheduler = new PartScheduler(2);
    const later = new Parts('later', 0, probe);
    scheduler.add(later);
    await settle();
    expect(probe.started).toEqual([]);

    later.remaining = 1; // a retry's back-off ended
    scheduler.wake();
    await settle();

    expect(probe.started).toEqual(['later0']);
  });

  it('a removed source gets no more slots; the others carry on', async () => {
    const probe = new Probe();
    const scheduler = new PartScheduler(2);
    const paused = new Parts('paused', 10, probe);
    const other = new Parts('other', 10, probe);
    scheduler.add(paused);
    scheduler.add(other);
    await settle();

    scheduler.remove(paused);
    await probe.finish(2);
    await probe.finish(2);

    expect(probe.started.slice(2).every((id) => id.startsWith('other'))).toBe(true);
  });

  it('adding the same source twice does not give it two turns', async () => {
    const probe = new Probe();
    const scheduler = new PartScheduler(3);
    const a = new Parts('a', 10, probe);
    scheduler.add(a);
    scheduler.add(a);
    scheduler.add(new Parts('b', 10, probe));
    await settle();
    expect(probe.started).toEqual(['a0', 'b0', 'a1']);
  });

  it('keeps the budget between 1 and 64 (6 when it is not a number)', () => {
    expect(new PartScheduler(0).budget).toBe(1);
    expect(new PartScheduler(-3).budget).toBe(1);
    expect(new PartScheduler(2.9).budget).toBe(2);
    expect(new PartScheduler(1000).budget).toBe(64);
    expect(new PartScheduler(Number.NaN).budget).toBe(6);
    expect(new PartScheduler().budget).toBe(6);
  });
});
