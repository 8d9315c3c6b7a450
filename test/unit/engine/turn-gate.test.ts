import { describe, expect, it } from 'vitest';
import { TurnGate } from '../../../main/engine/turn-gate';

/** A task that runs until the test lets it finish. */
function heldTask(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: async () => {
      log.push(`${name} starts`);
      await done;
      log.push(`${name} ends`);
      return name;
    },
    finish: () => finish(),
  };
}

const never = new AbortController().signal;

describe('TurnGate', () => {
  it('runs two at a time, the others in the order they asked', async () => {
    const gate = new TurnGate(2);
    const log: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => heldTask(log, n)) as [ReturnType<typeof heldTask>, ReturnType<typeof heldTask>, ReturnType<typeof heldTask>, ReturnType<typeof heldTask>];
    const results = [a, b, c, d].map((t) => gate.turn(never, t.run));
    await Promise.resolve();
    expect(log).toEqual(['a starts', 'b starts']);
    expect(gate.running).toBe(2);
    expect(gate.waiting).toBe(2);

    b.finish();
    await results[1];
    await Promise.resolve();
    expect(log).toEqual(['a starts', 'b starts', 'b ends', 'c starts']);

    a.finish();
    c.finish();
    d.finish();
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c', 'd']);
    expect(gate.running).toBe(0);
    expect(gate.waiting).toBe(0);
  });

  it('a task that fails hands its turn on like one that succeeds', async () => {
    const gate = new TurnGate(1);
    const failing = gate.turn(never, () => Promise.reject(new Error('disk gone')));
    const next = gate.turn(never, () => Promise.resolve('read'));
    await expect(failing).rejects.toThrow('disk gone');
    await expect(next).resolves.toBe('read');
    expect(gate.running).toBe(0);
  });

  it('a waiter whose signal aborts (the part was paused) leaves the line and never runs; the next one gets the lane', async () => {
    const gate = new TurnGate(1);
    const log: string[] = [];
    const first = heldTask(log, 'first');
    const paused = new AbortController();
    const running = gate.turn(never, first.run);
    const leaving = gate.turn(paused.signal, () => {
      log.push('paused part ran');
      return Promise.resolve();
    });
    const last = gate.turn(never, () => Promise.resolve('last'));

    paused.abort(new Error('paused'));
    await expect(leaving).rejects.toThrow('paused');
    expect(gate.waiting).toBe(1);

    first.finish();
    await running;
    await expect(last).resolves.toBe('last');
    expect(log).toEqual(['first starts', 'first ends']);
    expect(gate.running).toBe(0);
  });

  it('an already aborted signal is refused without taking a lane', async () => {
    const gate = new TurnGate(1);
    const stopped = new AbortController();
    stopped.abort(new Error('cancelled'));
    await expect(gate.turn(stopped.signal, () => Promise.resolve())).rejects.toThrow('cancelled');
    expect(gate.running).toBe(0);
  });

  it('refuses zero lanes', () => {
    expect(() => new TurnGate(0)).toThrow(RangeError);
  });
});
