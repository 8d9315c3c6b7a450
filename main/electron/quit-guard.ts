// What quitting means while uploads run. Every way out (the Quit item, Cmd+Q, closing the
// window where there is no tray, the OS shutting down) goes through here: ask if anything
// is uploading, then stop every upload as a system pause (service.quit(): journalled, not
// cancelled) and only then let Electron close the window and exit. The question is an
// async dialog: a modal one would block this process, and with it every upload, while the
// person reads it.

import type { App } from 'electron';
import type { Logger } from '../engine/log';

export type QuitSource =
  /** Tray "Quit", Cmd+Q, app.quit(): Electron's before-quit. */
  | 'app'
  /** The window's close button when there is no tray to hide it in. */
  | 'window-close'
  /** The OS is shutting down or logging out: no time to ask. */
  | 'system-shutdown';

export interface QuitPorts {
  app: Pick<App, 'on' | 'quit'>;
  isUploading(): boolean;
  /** Stops the uploads so they continue on the next start (UploaderService.quit). */
  stopUploads(): Promise<void>;
  /** Asks the person; true = quit anyway. */
  confirmQuit(source: QuitSource): Promise<boolean>;
  /** The person chose to keep uploading after closing the window (no tray): keep it out of the way. */
  keepRunning(source: QuitSource): void;
  /** Right before the real quit: let the window close, remove the tray. */
  beforeExit(): void;
  log: Logger;
}

type Phase = 'running' | 'asking' | 'stopping' | 'exiting';

export class QuitGuard {
  #ports: QuitPorts;
  #phase: Phase = 'running';

  constructor(ports: QuitPorts) {
    this.#ports = ports;
    ports.app.on('before-quit', (event) => {
      // Our own final app.quit(): let Electron close the window and exit.
      if (this.#phase === 'exiting') return;
      event.preventDefault();
      this.request('app');
    });
  }

  /** Starts quitting, unless a quit is already being decided or carried out. */
  request(source: QuitSource): void {
    if (this.#phase !== 'running') return;
    void this.#decide(source);
  }

  async #decide(source: QuitSource): Promise<void> {
    if (source !== 'system-shutdown' && this.#ports.isUploading()) {
      this.#phase = 'asking';
      const quit = await this.#ports.confirmQuit(source).catch(() => false);
      if (!quit) {
        this.#phase = 'running';
        this.#ports.keepRunning(source);
        return;
      }
    }
    this.#phase = 'stopping';
    await this.#ports.stopUploads().catch((error: unknown) => {
      this.#ports.log.error('quit: stopping the uploads failed', { error: (error as Error).message });
    });
    this.#phase = 'exiting';
    this.#ports.beforeExit();
    this.#ports.app.quit();
  }
}
