// The system tray: activity icon, status tooltip, Pause all / Resume all / Show / Quit. The
// menu calls the same service verbs as the window's buttons.

import { Menu, Tray, nativeImage, type NativeImage } from 'electron';
import type { Totals } from '../engine/views';
import type { WatchView } from '../app-core/watches-config';
import { watchesSummary } from '../app-core/watches-summary';
import { trayIconFiles } from './tray-icons';
import { trayStatus } from './tray-status';

export interface TrayActions {
  pauseAll(): void;
  resumeAll(): void;
  showWindow(): void;
  quit(): void;
}

export interface TrayIcons {
  idle: NativeImage;
  active: NativeImage;
}

export function loadTrayIcons(platform: NodeJS.Platform, resourcesDir: string): TrayIcons {
  const files = trayIconFiles(platform, resourcesDir);
  const load = (path: string): NativeImage => {
    const image = nativeImage.createFromPath(path);
    // The "Template" file name already marks it on macOS; say so explicitly all the same.
    if (platform === 'darwin') image.setTemplateImage(true);
    return image;
  };
  return { idle: load(files.idle), active: load(files.active) };
}

export class AppTray {
  #tray: Tray;
  #actions: TrayActions;
  #icons: TrayIcons;
  #lastText = '';
  #lastActive: boolean | null = null;
  #totals: Totals | null = null;
  /** The watch folders' line (watches-summary.ts); null with no watches. */
  #watches: string | null = null;

  constructor(icons: TrayIcons, actions: TrayActions) {
    this.#actions = actions;
    this.#icons = icons;
    this.#tray = new Tray(icons.idle);
    // Windows and macOS; AppIndicator (Linux) sends no clicks, hence "Show" in the menu.
    this.#tray.on('click', () => actions.showWindow());
    this.update(null);
  }

  /** The watch folders changed: their line under the uploads' status. */
  updateWatches(watches: readonly WatchView[]): void {
    this.#watches = watchesSummary(watches);
    this.update(this.#totals);
  }

  update(totals: Totals | null): void {
    if (this.#tray.isDestroyed()) return;
    this.#totals = totals;
    const status = trayStatus(totals);
    const text = this.#watches === null ? status : `${status}\n${this.#watches}`;
    const active = totals?.active ?? false;
    if (text === this.#lastText && active === this.#lastActive) return;
    this.#lastText = text;
    if (active !== this.#lastActive) this.#tray.setImage(active ? this.#icons.active : this.#icons.idle);
    this.#lastActive = active;
    this.#tray.setToolTip(text);
    const paused = totals?.counts.paused ?? 0;
    // On Linux a changed item only shows once the menu is set again: rebuild it whole.
    this.#tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: status, enabled: false },
        ...(this.#watches === null ? [] : [{ label: this.#watches, enabled: false }]),
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
    if (!this.#tray.isDestroyed()) this.#tray.destroy();
  }
}
