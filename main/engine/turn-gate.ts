// At most N tasks at a time, in the order they asked; a task whose signal aborts while it waits
// leaves the line at once (its turn is never granted, so no slot can leak). No timers: a turn
// is handed over when the task before it settles, so no wake-up can be forgotten.

interface Waiter {
  start: () => void;
  onAbort: () => void;
}

export class TurnGate {
  readonly #lanes: number;
  #running = 0;
  readonly #line: Waiter[] = [];

  constructor(lanes: number) {
    if (!Number.isInteger(lanes) || lanes < 1) throw new RangeError(`a TurnGate needs at least one lane, got ${lanes}`);
    this.#lanes = lanes;
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Tasks waiting for their turn. */
  get waiting(): number {
    return this.#line.length;
  }

  /** Runs `task` when a lane is free; rejects with the signal's reason if it aborts first. */
  async turn<T>(signal: AbortSignal, task: () => Promise<T>): Promise<T> {
    if (signal.aborted) throw signal.reason;
    if (this.#running >= this.#lanes) await this.#wait(signal);
    else this.#running += 1;
    try {
      return await task();
    } finally {
      this.#handOver();
    }
  }

  #wait(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          signal.removeEventListener('abort', waiter.onAbort);
          resolve();
        },
        onAbort: () => {
          const at = this.#line.indexOf(waiter);
          if (at !== -1) this.#line.splice(at, 1);
          reject(signal.reason);
        },
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
      this.#line.push(waiter);
    });
  }

  /** The lane goes to the next in line (still counted as running), or is freed. */
  #handOver(): void {
    const next = this.#line.shift();
    if (next) next.start();
    else this.#running -= 1;
  }
}
