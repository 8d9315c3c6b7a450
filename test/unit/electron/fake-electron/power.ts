// powerMonitor (the OS's power events) and powerSaveBlocker (ids from start(), stop()
// returns whether it stopped one), as Electron documents them.

import { EventEmitter } from 'node:events';
import { FakeEvent } from './events';

export class FakePowerMonitor extends EventEmitter {
  reset(): void {
    this.removeAllListeners();
  }

  // --- the test's side ------------------------------------------------------------

  /** The lid closes, or the person chooses Sleep. */
  sleep(): void {
    this.emit('suspend');
  }

  wake(): void {
    this.emit('resume');
  }

  /** Linux/macOS shut down or reboot; true when the app asked for a moment (preventDefault). */
  shutdown(): boolean {
    const event = new FakeEvent();
    this.emit('shutdown', event);
    return event.defaultPrevented;
  }
}

type BlockerType = 'prevent-app-suspension' | 'prevent-display-sleep';

export class FakePowerSaveBlocker {
  #next = 0;
  #active = new Map<number, BlockerType>();
  /** Every start() since the last reset, in order. */
  started: BlockerType[] = [];

  reset(): void {
    this.#active.clear();
    this.started = [];
  }

  start(type: BlockerType): number {
    const id = this.#next++;
    this.#active.set(id, type);
    this.started.push(type);
    return id;
  }

  stop(id: number): boolean {
    return this.#active.delete(id);
  }

  isStarted(id: number): boolean {
    return this.#active.has(id);
  }

  /** The types blocking sleep right now. */
  get active(): BlockerType[] {
    return [...this.#active.values()];
  }
}

export const powerMonitor = new FakePowerMonitor();
export const powerSaveBlocker = new FakePowerSaveBlocker();
