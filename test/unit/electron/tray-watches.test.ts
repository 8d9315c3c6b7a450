// The tray tells the watch folders' state: a watch added in the window shows as "Watching 1
// folder" under the uploads' status, pausing it says so, and removing the last one takes the
// line away again; Pause / Resume watch folders act on every watch. The same commands as the
// window, through the app's real IPC.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WATCH_DEFAULTS } from '../../../main/app-core/watches-config';
import { fakeElectron } from './fake-electron';
import { launchApp, type Launched } from './support/desktop';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

let launched: Launched | null = null;
afterEach(async () => {
  await launched?.cleanup();
  launched = null;
});

describe('the tray and the watch folders', () => {
  it('shows a line for the watches while there are any, with the paused ones', async () => {
    launched = await launchApp();
    await launched.desktop.started;
    const { api } = await launched.connectRenderer();
    const service = launched.desktop.service;
    const folder = join(launched.userData, 'Exports');
    await mkdir(folder);
    expect(fakeElectron.tray().menu.labels[1]).toBe('—');

    const watch = { folder, parentId: null, overwrite: 'Replace' as const, recursive: true, ignore: WATCH_DEFAULTS.ignore, quietPeriodMs: 10_000, moveUploaded: false };
    const added = await api.addWatch({ watch });
    expect(added.ok).toBe(true);
    const id = added.ok ? added.value.config.id : '';
    await trayUntil(service, (labels) => labels[1] === 'Watching 1 folder');
    expect(fakeElectron.tray().menu.labels.slice(0, 2)).toEqual(['Nomad Uploader — nothing to upload', 'Watching 1 folder']);
    expect(service.watches.list()[0]!.state).toEqual({ kind: 'watching', liveEvents: true });

    expect((await api.setWatchPaused({ id, paused: true })).ok).toBe(true);
    await trayUntil(service, (labels) => labels[1] === 'Watching no folder, 1 paused');

    expect((await api.removeWatch({ id })).ok).toBe(true);
    await trayUntil(service, (labels) => labels[1] === '—');
    expect(fakeElectron.tray().menu.labels.slice(0, 3)).toEqual(['Nomad Uploader — nothing to upload', '—', 'Pause all']);
  });

  it('Pause watch folders pauses every watch from the tray, and Resume watch folders starts them again', async () => {
    launched = await launchApp();
    await launched.desktop.started;
    const { api } = await launched.connectRenderer();
    const service = launched.desktop.service;
    for (const name of ['Exports', 'Renders']) {
      const folder = join(launched.userData, name);
      await mkdir(folder);
      const watch = { folder, parentId: null, overwrite: 'Replace' as const, recursive: true, ignore: WATCH_DEFAULTS.ignore, quietPeriodMs: 10_000, moveUploaded: false };
      expect((await api.addWatch({ watch })).ok).toBe(true);
    }
    await trayUntil(service, (labels) => labels[1] === 'Watching 2 folders');
    const menu = (): ReturnType<typeof fakeElectron.tray>['menu'] => fakeElectron.tray().menu;
    expect(menu().isEnabled('Resume watch folders')).toBe(false);

    menu().clickItem('Pause watch folders');
    await trayUntil(service, (labels) => labels[1] === 'Watching no folder, 2 paused');
    expect(service.watches.list().map((w) => w.config.paused)).toEqual([true, true]);
    expect(menu().isEnabled('Pause watch folders')).toBe(false);

    menu().clickItem('Resume watch folders');
    await trayUntil(service, (labels) => labels[1] === 'Watching 2 folders');
    expect(service.watches.list().map((w) => w.config.paused)).toEqual([false, false]);
  });
});

/** Resolves once the tray's menu matches: now, or after a later watchesChanged (the app's own listener, the tray's, ran first). */
function trayUntil(service: Launched['desktop']['service'], match: (labels: readonly string[]) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (match(fakeElectron.tray().menu.labels)) return resolve();
    const off = service.onEvent((event) => {
      if (event.type !== 'watchesChanged' || !match(fakeElectron.tray().menu.labels)) return;
      off();
      resolve();
    });
  });
}
