// Electron's main-process `Event`: what every preventable event passes its listeners first.
// Electron emits synchronously on Node's EventEmitter and reads `defaultPrevented` after.

import type { EventEmitter } from 'node:events';

export class FakeEvent {
  #prevented = false;

  preventDefault(): void {
    this.#prevented = true;
  }

  get defaultPrevented(): boolean {
    return this.#prevented;
  }
}

/** Emits `name` with a fresh Event first; true when a listener called preventDefault(). */
export function emitPreventable(emitter: EventEmitter, name: string, ...args: unknown[]): boolean {
  const event = new FakeEvent();
  emitter.emit(name, event, ...args);
  return event.defaultPrevented;
}
