// The system tray: activity icon, status tooltip, Pause all / Resume all, the watch folders
// (their line, and Pause / Resume watch folders while there are any), the saved servers
// (Servers ▸, one radio item each, the shown one checked), Show / Quit. The menu calls the
// same commands as the window's buttons and account menu.

import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { ProfileView } from '../../preload/contract';
import type { Totals } from '../engine/views';
import type { WatchView } from '../app-core/watches-config';
import { watchesSummary } from '../app-core/watches-summary';
import { trayIconFiles } from './tray-icons';
import { trayStatus } from './tray-status';

export interface TrayActions {
  pauseAll(): void;
  resumeAll(): void;
  /** Shows another saved server (or the sandbox) in the window: the account menu's switch. */
  switchProfile(id: string): Promise<void>;
  /** The Watch folders screen's pause switch, for one watch. */
  setWatchPaused(id: string, paused: boolean): Promise<void>;
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
  #watchList: readonly WatchView[] = [];
  /** The saved servers as the account last listed them. */
  #profiles: readonly ProfileView[] = [];
  #lastProfiles = '';

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
    this.#watchList = watches;
    this.update(this.#totals);
  }

  /** The account changed (a switch, a sign-in or -out, a server added, renamed or removed). */
  updateProfiles(profiles: readonly ProfileView[]): void {
    this.#profiles = profiles;
    this.update(this.#totals);
  }

  update(totals: Totals | null): void {
    if (this.#tray.isDestroyed()) return;
    this.#totals = totals;
    const status = trayStatus(totals);
    const text = this.#watches === null ? status : `${status}\n${this.#watches}`;
    const active = totals?.active ?? false;
    const servers = serverItems(this.#profiles, (id) => {
      // Electron checks a clicked radio item itself: whatever the switch led to, show the truth after it.
      void this.#actions.switchProfile(id).finally(() => {
        this.#lastProfiles = '';
        this.update(this.#totals);
      });
    });
    const profilesKey = JSON.stringify(servers.map((s) => [s.label, s.checked]));
    if (text === this.#lastText && active === this.#lastActive && profilesKey === this.#lastProfiles) return;
    this.#lastText = text;
    this.#lastProfiles = profilesKey;
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
        ...watchItems(this.#watchList, (id, pause) => void this.#actions.setWatchPaused(id, pause)),
        { type: 'separator' },
        { label: 'Servers', type: 'submenu', enabled: servers.length > 0, submenu: servers },
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

/**
 * Pause / Resume watch folders, while there are any: each acts on every watch it can (a paused
 * watch stops taking new files; its uploads already queued go on, as in the window).
 */
export function watchItems(watches: readonly WatchView[], setPaused: (id: string, paused: boolean) => void): MenuItemConstructorOptions[] {
  if (watches.length === 0) return [];
  const running = watches.filter((w) => !w.config.paused);
  const paused = watches.filter((w) => w.config.paused);
  return [
    { label: 'Pause watch folders', enabled: running.length > 0, click: () => running.forEach((w) => setPaused(w.config.id, true)) },
    { label: 'Resume watch folders', enabled: paused.length > 0, click: () => paused.forEach((w) => setPaused(w.config.id, false)) },
  ];
}

/**
 * The Servers submenu: one radio item per profile in the account menu's order, the shown one
 * checked, a server without a sign-in says so. Choosing the shown one again changes nothing.
 */
export function serverItems(profiles: readonly ProfileView[], switchTo: (id: string) => void): Array<MenuItemConstructorOptions & { label: string; checked: boolean }> {
  return profiles.map((profile) => ({
    label: profileLabel(profile),
    type: 'radio' as const,
    checked: profile.active,
    click: () => {
      if (!profile.active) switchTo(profile.id);
    },
  }));
}

function profileLabel(profile: ProfileView): string {
  const name = profile.kind === 'sandbox' ? 'Local sandbox' : profile.name;
  return profile.kind === 'server' && !profile.signedIn ? `${name} (signed out)` : name;
}
