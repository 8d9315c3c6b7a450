// A fake of electron-updater's autoUpdater (AppUpdater 6.x): the calls the app makes, and
// the events a feed causes, in the order electron-updater emits them (checking →
// update-available → download-progress… → update-downloaded; or update-not-available; or error).

import { EventEmitter } from 'node:events';
import type { ElectronUpdater } from '../../../../main/electron/updater';

export class FakeAutoUpdater extends EventEmitter implements ElectronUpdater {
  autoDownload = true;
  autoInstallOnAppQuit = false;
  logger: unknown = console;
  readonly calls: string[] = [];
  /** What the feed holds: a newer version, or nothing newer. */
  feed: { version: string; releaseNotes?: unknown } | null = null;
  active = true;

  isUpdaterActive(): boolean {
    return this.active;
  }

  async checkForUpdates(): Promise<unknown> {
    this.calls.push('checkForUpdates');
    if (this.feed) this.emit('update-available', this.feed);
    else this.emit('update-not-available');
    return null;
  }

  async downloadUpdate(): Promise<unknown> {
    this.calls.push('downloadUpdate');
    this.emit('download-progress', { percent: 50 });
    this.emit('update-downloaded', this.feed);
    return [];
  }

  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.calls.push(`quitAndInstall(${isSilent}, ${isForceRunAfter})`);
  }
}
