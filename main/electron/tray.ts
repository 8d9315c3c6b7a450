// The system tray: activity icon, status tooltip, Pause all / Resume all / Show / Quit. The
// menu calls the same queue methods as the window's buttons.

import { Menu, Tray, nativeImage } from 'electron';
import { join } from 'node:path';
import type { Totals } from '../engine/views';
import { trayStatus } from './tray-status';

export interface TrayActions {
  pauseAll(): void;
  resumeAll(): void;
  showWindow(): void;
  quit(): void;
}

export class AppTray {
  #tray: Tray;
  #actions: TrayActions;
  #idle: Electron.NativeImage;
  #active: Electron.NativeImage;
  #lastText = '';
  #lastActive: boolean | null = null;

  constructor(resourcesDir: string, actions: TrayActions) {
    this.#actions = actions;
    this.#idle = nativeImage.createFromPath(join(resourcesDir, 'tray.png'));
    this.#active = nativeImage.createFromPath(join(resourcesDir, 'tray-active.png'));
    this.#tray = new Tray(this.#idle);
    this.#tray.on('click', () => actions.showWindow());
    this.update(null);
  }

  update(totals: Totals | null): void {
    const text = trayStatus(totals);
    const active = totals?.active ?? false;
    if (text === this.#lastText && active === this.#lastActive) return;
    this.#lastText = text;
    if (active !== this.#lastActive) this.#tray.setImage(active ? this.#active : this.#idle);
    this.#lastActive = active;
    this.#tray.setToolTip(text);
    const paused = totals?.counts.paused ?? 0;
    this.#tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: text, enabled: false },
        { type: 'separator' },
        { label: 'Pause all', enabled: active || (totals?.counts.queued ?? 0) > 0, click: () => this.#actions.pauseAll() },
        { label: 'Resume all', enabled: paused > 0, click: () => this.#actions.resumeAll() },
        { type: 'separator' },
        { label: 'Show Nomad Uploader', click: () => this.#actions.showWindow() },
        { label: 'Quit', click: () => this.#actions.quit() },
      ]),
    );
  }

  destroy(): void {
    this.#tray.destroy();
  }
}
