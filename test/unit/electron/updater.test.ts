// The updater glue over electron-updater's autoUpdater (faked): it leaves downloading to the
// policy, installs on quit, forwards the feed's events, never installs while an upload runs,
// and "Restart now" journals every upload before quitAndInstall. A development build says
// it cannot update instead of failing silently.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpdateView, UploadsPort } from '../../../main/app-core/update-policy';
import { silentLogger } from '../../../main/engine/log';
import { loadElectronUpdater, startUpdater } from '../../../main/electron/updater';
import { FakeAutoUpdater } from './fake-electron/auto-updater';

let dir = '';
let views: UpdateView[];
let uploading: boolean;
let calls: string[];
let activity: () => void;

const uploads = (): UploadsPort => ({
  isUploading: () => uploading,
  onActivity: (listener) => {
    activity = listener;
    return () => undefined;
  },
  pauseAndJournal: async () => {
    calls.push('pauseAndJournal');
    uploading = false;
  },
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nomad-updater-'));
  views = [];
  uploading = false;
  calls = [];
  vi.useFakeTimers();
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

function start(updater: FakeAutoUpdater | null) {
  return startUpdater({ updater, currentVersion: '0.1.0', uploads: uploads(), preferenceFile: join(dir, 'updates.json'), log: silentLogger, onChange: (v) => views.push(v) });
}

describe('the updater glue', () => {
  it('downloads what the feed offers but does not install while an upload runs; Restart now journals first', async () => {
    const updater = new FakeAutoUpdater();
    updater.feed = { version: '0.2.0', releaseNotes: [{ version: '0.2.0', note: 'Watch folders.' }] };
    const policy = start(updater);
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    uploading = true;
    await policy.checkNow();
    expect(updater.calls).toEqual(['checkForUpdates', 'downloadUpdate']);
    expect(policy.view().state).toEqual({ kind: 'ready', update: { version: '0.2.0', notes: '0.2.0\nWatch folders.' }, waitingForUploads: true });
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(updater.calls).not.toContainEqual(expect.stringContaining('quitAndInstall'));

    updater.quitAndInstall = (silent, runAfter) => calls.push(`quitAndInstall(${silent}, ${runAfter})`);
    await policy.restartNow();
    expect(calls).toEqual(['pauseAndJournal', 'quitAndInstall(false, true)']);
    expect(views.at(-1)!.state.kind).toBe('installing');
    policy.stop();
  });

  it('installs by itself once uploads have stopped for a quiet minute', async () => {
    const updater = new FakeAutoUpdater();
    updater.feed = { version: '0.2.0', releaseNotes: 'Faster.' };
    const policy = start(updater);
    uploading = true;
    await policy.checkNow();
    uploading = false;
    activity();
    await vi.advanceTimersByTimeAsync(61_000);
    expect(updater.calls.at(-1)).toBe('quitAndInstall(false, true)');
    policy.stop();
  });

  it('a development build says it cannot update', async () => {
    const policy = start(null);
    await policy.checkNow();
    expect(policy.view().state).toMatchObject({ kind: 'error', message: expect.stringContaining('installed app only') });
    policy.stop();
  });

  it('keeps "check automatically" across restarts', async () => {
    const first = start(new FakeAutoUpdater());
    expect(first.view().autoCheck).toBe(true);
    first.setAutoCheck(false);
    first.stop();
    expect(JSON.parse(await readFile(join(dir, 'updates.json'), 'utf8'))).toEqual({ autoCheck: false });
    const updater = new FakeAutoUpdater();
    const again = start(updater);
    expect(again.view().autoCheck).toBe(false);
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(updater.calls).toEqual([]);
    again.stop();
  });
});

describe('loading electron-updater', () => {
  it('a development build, and a packaged one built without a feed (no app-update.yml), do not load it at all', async () => {
    // Loading it here would pull in the real `electron` package, which has no binary.
    expect(await loadElectronUpdater(false, dir, silentLogger)).toBeNull();
    expect(await loadElectronUpdater(true, dir, silentLogger)).toBeNull();
    expect(await loadElectronUpdater(true, undefined, silentLogger)).toBeNull(); // plain Node: no resourcesPath
  });
});
