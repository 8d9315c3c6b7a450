// "Add files…" / "Add folder…" through the native dialog, and links opened in the browser, as
// the renderer asks for them through the real preload.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeElectron } from './fake-electron';
import type { OpenDialogResult } from './fake-electron/dialog-shell-session';
import { launchApp, type Launched } from './support/desktop';
import { jobUntil } from './support/until';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

let launched: Launched | null = null;
afterEach(async () => {
  await launched?.cleanup();
  launched = null;
});

async function openApp() {
  launched = await launchApp();
  await launched.desktop.started;
  const { api } = await launched.connectRenderer();
  return { launched, api, window: launched.window(), service: launched.desktop.service };
}

describe('the native dialogs', () => {
  it('"Add folder…" opens a folder picker on the window and queues what was picked, structure kept', async () => {
    const { launched, api, window, service } = await openApp();
    const shoot = join(launched.userData, 'shoot');
    await mkdir(join(shoot, 'day 1'), { recursive: true });
    await writeFile(join(shoot, 'day 1', 'a.mov'), 'a');

    const adding = api.addFromDialog({ kind: 'folder' });
    const picker = await fakeElectron.dialog.next();
    expect(picker.kind).toBe('open');
    expect(picker.parent).toBe(window);
    expect(picker.options).toEqual({ title: 'Add folder', properties: ['openDirectory', 'multiSelections'] });
    await (picker.answer as (result: OpenDialogResult) => Promise<void>)({ canceled: false, filePaths: [shoot] });

    expect(await adding).toEqual({ ok: true, value: { added: 1 } });
    await jobUntil(service, (j) => j.relativePath === 'shoot/day 1/a.mov' && j.state === 'done');
  });

  it('"Add files…" that the person cancels adds nothing and says nothing', async () => {
    const { api } = await openApp();

    const adding = api.addFromDialog({ kind: 'files' });
    const picker = await fakeElectron.dialog.next();
    expect(picker.options).toMatchObject({ title: 'Add files', properties: ['openFile', 'multiSelections'] });
    await (picker.answer as (result: OpenDialogResult) => Promise<void>)({ canceled: true, filePaths: [] });

    expect(await adding).toEqual({ ok: true, value: { added: 0 } });
  });
});

describe('links', () => {
  it('open in the browser when they are web links, and are refused otherwise', async () => {
    const { api } = await openApp();

    expect(await api.openExternal({ url: 'https://docs.nomad-media.com/uploads' })).toEqual({ ok: true, value: null });
    expect(await api.openExternal({ url: 'file:///etc/passwd' })).toMatchObject({ ok: false });
    expect(fakeElectron.shell.opened).toEqual(['https://docs.nomad-media.com/uploads']);
  });
});
