// The app's updater: electron-updater (electron-builder's own) against the feed configured
// under `publish` in electron-builder.yml (GitHub releases), which it reads from the
// app-update.yml packaged beside app.asar. It checks the download against the sha512 the
// feed's latest*.yml lists, and on Windows the installer's signature against the app's
// publisher; macOS installs only a signed app (Squirrel.Mac). When to check, download and
// install is decided in plain Node (main/app-core/update-policy.ts); this is only glue.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../engine/log';
import { UpdatePolicy, type UpdateInfo, type UpdaterPort, type UpdateView, type UploadsPort } from '../app-core/update-policy';
import { realTimers } from '../engine/watch/settle-detector';
import { writeFileAtomically } from './updater-preference';

/** What the glue uses of electron-updater's AppUpdater (its autoUpdater). */
export interface ElectronUpdater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: unknown;
  isUpdaterActive(): boolean;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-available' | 'update-downloaded', listener: (info: { version: string; releaseNotes?: unknown }) => void): unknown;
  on(event: 'update-not-available', listener: () => void): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdaterGlueOptions {
  /** Loaded only in the packaged app: electron-updater reads app-update.yml at first use. */
  updater: ElectronUpdater | null;
  currentVersion: string;
  uploads: UploadsPort;
  /** Where "check automatically" is kept (userData). */
  preferenceFile: string;
  log: Logger;
  onChange(view: UpdateView): void;
}

export function startUpdater(options: UpdaterGlueOptions): UpdatePolicy {
  const updater = options.updater;
  const port: UpdaterPort = {
    currentVersion: options.currentVersion,
    async check() {
      if (!updater?.isUpdaterActive()) throw new Error('updates come to the installed app only; this is a development build');
      await updater.checkForUpdates();
    },
    async download() {
      await updater!.downloadUpdate();
    },
    install() {
      // Not silent (the Windows installer shows its progress), and the new version starts after it.
      updater!.quitAndInstall(false, true);
    },
  };
  let savedAutoCheck = readAutoCheck(options.preferenceFile);
  const policy = new UpdatePolicy({
    updater: port,
    uploads: options.uploads,
    autoCheck: savedAutoCheck,
    clock: { wallNow: () => Date.now(), ...realTimers },
    onChange: (view) => {
      if (view.autoCheck !== savedAutoCheck) {
        savedAutoCheck = view.autoCheck;
        writeFileAtomically(options.preferenceFile, `${JSON.stringify({ autoCheck: view.autoCheck })}\n`);
      }
      options.onChange(view);
    },
  });
  if (updater) {
    // The policy downloads when it decides to; quitting installs (the quit journals first).
    updater.autoDownload = false;
    updater.autoInstallOnAppQuit = true;
    updater.logger = {
      info: (message: unknown) => options.log.info('updater', { message: String(message) }),
      warn: (message: unknown) => options.log.warn('updater', { message: String(message) }),
      error: (message: unknown) => options.log.error('updater', { message: String(message) }),
      debug: (message: unknown) => options.log.debug('updater', { message: String(message) }),
    };
    updater.on('update-available', (info) => policy.found(infoOf(info)));
    updater.on('update-not-available', () => policy.notFound());
    updater.on('download-progress', (progress) => policy.progress(progress.percent));
    updater.on('update-downloaded', (info) => policy.downloaded(infoOf(info)));
    updater.on('error', (error) => policy.failed(error));
  }
  policy.start();
  return policy;
}

function readAutoCheck(file: string): boolean {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { autoCheck?: unknown };
    return saved.autoCheck !== false;
  } catch {
    return true; // the default: check automatically
  }
}

/** electron-updater gives notes as a string, or per version as [{version, note}] (fullChangelog). */
function infoOf(info: { version: string; releaseNotes?: unknown }): UpdateInfo {
  const notes = info.releaseNotes;
  if (typeof notes === 'string') return { version: info.version, notes };
  if (Array.isArray(notes)) {
    const text = notes.map((n: { version?: string; note?: string | null }) => `${n.version ?? ''}\n${n.note ?? ''}`.trim()).join('\n\n');
    return { version: info.version, notes: text || null };
  }
  return { version: info.version, notes: null };
}

export const UPDATE_PREFERENCE_FILE = (userData: string): string => join(userData, 'updates.json');

/**
 * electron-updater's autoUpdater, loaded in the packaged app only, and only where the build
 * wrote its feed (electron-builder puts app-update.yml beside app.asar when `publish` is set;
 * without it every check throws). A loader that fails leaves the app without updates, said in
 * the log, never an unhandled rejection at start-up.
 */
export async function loadElectronUpdater(isPackaged: boolean, resourcesPath: string | undefined, log: Logger): Promise<ElectronUpdater | null> {
  // resourcesPath is Electron's; plain Node (the glue's tests) has none.
  if (!isPackaged || !resourcesPath || !existsSync(join(resourcesPath, 'app-update.yml'))) return null;
  try {
    const module = (await import('electron-updater')) as unknown as { default?: { autoUpdater: ElectronUpdater }; autoUpdater?: ElectronUpdater };
    return module.default?.autoUpdater ?? module.autoUpdater ?? null;
  } catch (error) {
    log.warn('updates unavailable: the updater did not load', { error: (error as Error).message });
    return null;
  }
}
