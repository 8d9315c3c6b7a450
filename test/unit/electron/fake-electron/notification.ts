// Notification: isSupported() as the desktop says, show() puts it on screen, the person can
// click or close it.

import { EventEmitter } from 'node:events';
import { environment } from './environment';
import { FakeEvent } from './events';

export interface NotificationOptions {
  title?: string;
  body?: string;
  silent?: boolean;
}

export class FakeNotification extends EventEmitter {
  static #shown: FakeNotification[] = [];

  static isSupported(): boolean {
    return environment.notificationsSupported;
  }

  /** Every notification shown since the last reset. */
  static shown(): FakeNotification[] {
    return [...FakeNotification.#shown];
  }

  static reset(): void {
    FakeNotification.#shown = [];
  }

  readonly title: string;
  readonly body: string;
  #onScreen = false;

  constructor(options: NotificationOptions = {}) {
    super();
    this.title = options.title ?? '';
    this.body = options.body ?? '';
  }

  show(): void {
    if (!this.#onScreen) FakeNotification.#shown.push(this);
    this.#onScreen = true;
    this.emit('show', new FakeEvent());
  }

  close(): void {
    if (!this.#onScreen) return;
    this.#onScreen = false;
    this.emit('close', new FakeEvent());
  }

  // --- the test's side ------------------------------------------------------------

  click(): void {
    if (!this.#onScreen) throw new Error('the notification is not on screen');
    this.emit('click', new FakeEvent());
    this.close();
  }
}
