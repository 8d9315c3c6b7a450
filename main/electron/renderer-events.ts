// Events to the window's page. A notice ("Could not connect: …") is said once: sent before
// the page has subscribed, it would be lost, so notices wait until the page is ready.
// Ready means the current page has made its first trusted command: connectUploader
// (renderer/src/store/connect.ts) subscribes to every event before its first command.
// Queue, account and settings events are state the page asks for when it connects; those
// are sent as they come.

import type { BrowserWindow } from 'electron';
import { eventChannel, type EventName, type Events } from '../../preload/contract';

/** A window that stays hidden for days must not hoard every notice: keep the newest. */
const MAX_PENDING_NOTICES = 20;

export class RendererEvents {
  #window: () => BrowserWindow | null;
  #ready = false;
  #pending: Array<Events['notice']> = [];

  constructor(window: () => BrowserWindow | null) {
    this.#window = window;
  }

  send<E extends EventName>(event: E, payload: Events[E]): void {
    if (event === 'notice' && !this.#ready) {
      this.#pending.push(payload as Events['notice']);
      this.#pending.splice(0, Math.max(0, this.#pending.length - MAX_PENDING_NOTICES));
      return;
    }
    this.#deliver(event, payload);
  }

  /** The page made a trusted command: it is listening; what waited goes out now. */
  markPageReady(): void {
    if (this.#ready) return;
    this.#ready = true;
    for (const notice of this.#pending.splice(0)) this.#deliver('notice', notice);
  }

  /** The page is being replaced (reload, crash, window closed): a new one must connect again. */
  markPageGone(): void {
    this.#ready = false;
  }

  #deliver<E extends EventName>(event: E, payload: Events[E]): void {
    const window = this.#window();
    if (!window || window.isDestroyed()) return;
    window.webContents.send(eventChannel(event), payload);
  }
}
