// The tray lists the saved servers (Servers ▸, one radio item each, the shown one checked) and
// switches between them with the window's own command; Pause all / Resume all act on the
// server shown. The sandbox plays a second server too ("Staging", its address saved under a
// name), so one app has two queues.

import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccountView } from '../../../preload/contract';
import { fakeElectron } from './fake-electron';
import { launchApp, type Launched } from './support/desktop';
import { jobUntil, publishedUntil } from './support/until';
import { releaseStall, startStalledUploads, writeMovies } from './support/uploads';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

let launched: Launched | null = null;
afterEach(async () => {
  if (launched) releaseStall(launched);
  await launched?.cleanup();
  launched = null;
});

const servers = () => fakeElectron.tray().menu.submenuOf('Servers');

describe('the tray’s Servers submenu', () => {
  it('lists every saved server, checks the shown one, and switches with the account menu’s command', async () => {
    launched = await launchApp();
    await launched.desktop.started;
    const { api } = await launched.connectRenderer();
    const service = launched.desktop.service;
    const url = launched.sandboxes.latest.url;
    expect(servers().labels).toEqual(['Local sandbox']);
    expect(servers().checkedLabel).toBe('Local sandbox');

    const added = await api.addProfile({ name: 'Staging', url });
    const stagingId = added.ok ? added.value.profileId : '';
    expect(stagingId).toMatch(/^server-/);
    expect(servers().labels).toEqual(['Local sandbox', 'Staging (signed out)']);
    expect(servers().checkedLabel).toBe('Staging (signed out)');
    expect((await api.signIn({ serverUrl: url, userName: 'demo', password: 'demo' })).ok).toBe(true);
    expect(servers().checkedLabel).toBe('Staging');

    // Staging uploads; the sandbox's queue is empty.
    const [movie] = await writeMovies(join(launched.userData, 'files'), ['S001.mov']);
    await startStalledUploads(launched, api, [movie!]);
    await publishedUntil(service, (t) => t.counts.uploading === 1);
    expect(fakeElectron.tray().menu.isEnabled('Pause all')).toBe(true);

    const toSandbox = accountUntil(launched, (a) => a.profileId === 'local-sandbox');
    servers().clickItem('Local sandbox');
    await toSandbox;
    expect(servers().checkedLabel).toBe('Local sandbox');
    expect(service.jobs.snapshot().jobs).toEqual([]);
    // The tray speaks for the server shown: nothing to pause here, while Staging's upload goes on.
    expect(fakeElectron.tray().menu.labels[0]).toBe('Nomad Uploader — nothing to upload');
    expect(fakeElectron.tray().menu.isEnabled('Pause all')).toBe(false);
    expect(service.account().profiles.find((p) => p.name === 'Staging')).toMatchObject({ signedIn: true, uploading: 1 });

    const toStaging = accountUntil(launched, (a) => a.profileId === stagingId);
    servers().clickItem('Staging');
    await toStaging;
    expect(servers().checkedLabel).toBe('Staging');
    expect(service.jobs.snapshot().jobs.map((j) => [j.name, j.state])).toEqual([['S001.mov', 'uploading']]);

    fakeElectron.tray().menu.clickItem('Pause all');
    await publishedUntil(service, (t) => t.counts.paused === 1);
    expect(service.jobs.snapshot().jobs.map((j) => [j.state, j.pauseReason])).toEqual([['paused', 'user']]);
    releaseStall(launched);
    fakeElectron.tray().menu.clickItem('Resume all');
    await jobUntil(service, (j) => j.name === 'S001.mov' && j.state === 'done');
  });

  it('a switch the service refuses leaves the shown server checked, and the window says why', async () => {
    launched = await launchApp();
    await launched.desktop.started;
    const { api, stores } = await launched.connectRenderer();
    const added = await api.addProfile({ name: 'Staging', url: launched.sandboxes.latest.url });
    const stagingId = added.ok ? added.value.profileId : '';
    expect((await api.switchProfile({ id: 'local-sandbox' })).ok).toBe(true);
    // The menu is open while the window removes Staging: the person then chooses it.
    const open = servers();
    expect((await api.removeProfile({ id: stagingId })).ok).toBe(true);
    expect(servers().labels).toEqual(['Local sandbox']);

    const refused = new Promise<void>((resolve) => {
      const off = stores.toasts.subscribe(() => {
        if (stores.toasts.getState().some((t) => t.level === 'error')) {
          off();
          resolve();
        }
      });
    });
    open.clickItem('Staging (signed out)');
    await refused;
    expect(stores.toasts.getState().find((t) => t.level === 'error')?.message).toBe('That server is no longer in the list.');
    expect(servers().checkedLabel).toBe('Local sandbox');
    expect(launched.desktop.service.account().profileId).toBe('local-sandbox');
  });
});

/** Resolves once the app published an account that matches (the tray, listening first, has it then). */
function accountUntil(app: Launched, match: (account: AccountView) => boolean): Promise<AccountView> {
  return new Promise((resolve) => {
    const off = app.desktop.service.onEvent((event) => {
      if (event.type !== 'accountChanged' || !match(event.account)) return;
      off();
      resolve(event.account);
    });
  });
}
