// The app's one window over its lifetime: created on demand, brought back from the tray,
// and what closing it means. With a tray, closing hides it and uploads go on; without one
// (Linux with no AppIndicator host) a hidden window could never be found again, so closing
// asks to quit instead (main/electron/quit-guard.ts).

import type { BrowserWindow } from 'electron';
import type { Totals } from '../engine/views';
import type { RendererEvents } from './renderer-events';
import { taskbarProgress } from './tray-status';

export interface MainWindowOptions {
  create(): BrowserWindow;
  events: RendererEvents;
  /** Closing the window when there is no tray to bring it back from. */
  onCloseWithoutTray(): void;
}

export class MainWindow {
  #options: MainWindowOptions;
  #window: BrowserWindow | null = null;
  #closeToTray = false;
  #closeAllowed = false;
  #progress: string | null = null;

  constructor(options: MainWindowOptions) {
    this.#options = options;
  }

  /** The window, or null while there is none (not yet created, or closed for good). */
  get current(): BrowserWindow | null {
    return this.#window && !this.#window.isDestroyed() ? this.#window : null;
  }

  /** Whether a tray icon can bring a hidden window back; until known, assume not. */
  set closeToTray(value: boolean) {
    this.#closeToTray = value;
  }

  show(): void {
    const existing = this.current;
    if (!existing) {
      // A new window shows itself on ready-to-show (no blank flash).
      this.#window = this.#create();
      return;
    }
    if (existing.isMinimized()) existing.restore();
    existing.show();
    existing.focus();
  }

  minimize(): void {
    this.current?.minimize();
  }

  /** The app is quitting: let the window close for real. */
  allowClose(): void {
    this.#closeAllowed = true;
  }

  /** Taskbar (Windows), dock (macOS) or launcher (Unity) progress from the totals. */
  setProgress(totals: Totals | null): void {
    const window = this.current;
    if (!window) return;
    const { progress, mode } = taskbarProgress(totals);
    const key = `${progress}:${mode}`;
    if (key === this.#progress) return;
    this.#progress = key;
    window.setProgressBar(progress, { mode });
  }

  #create(): BrowserWindow {
    const window = this.#options.create();
    const events = this.#options.events;
    this.#progress = null;
    window.on('close', (event) => {
      if (this.#closeAllowed) return;
      event.preventDefault();
      if (this.#closeToTray) window.hide();
      else this.#options.onCloseWithoutTray();
    });
    window.on('closed', () => {
      events.markPageGone();
      if (this.#window === window) this.#window = null;
    });
    window.webContents.on('did-start-navigation', (details) => {
      // A reload replaces the page: the new one must subscribe before notices go to it.
      if (details.isMainFrame && !details.isSameDocument) events.markPageGone();
    });
    window.webContents.on('render-process-gone', (_event, details) => {
      events.markPageGone();
      // The uploads live in this process and go on; give the person their window back.
      if (details.reason !== 'clean-exit' && !window.isDestroyed()) window.webContents.reload();
    });
    return window;
  }
}
