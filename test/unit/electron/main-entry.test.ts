// main/index.ts itself, imported as Electron would run it: it reads the process (argv,
// defaultApp, ELECTRON_RENDERER_URL, resourcesPath) and the app (isPackaged), and starts.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../../support/files';
import type { UploaderApi } from '../../../preload/contract';
import { createAppStores } from '../../../renderer/src/store/app-stores';
import { connectUploader } from '../../../renderer/src/store/connect';
import { fakeElectron, runPreload } from './fake-electron';
import { ROOT } from './support/desktop';
import { nextEvent, storeUntil } from './support/until';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const saved = { argv: process.argv, env: process.env.ELECTRON_RENDERER_URL, defaultApp: process.defaultApp, resourcesPath: process.resourcesPath };
const proc = process as { defaultApp?: boolean; resourcesPath?: string };
let temp: { dir: string; cleanup: () => Promise<void> };

beforeEach(async () => {
  temp = await makeTempDir('nomad-entry-');
});

afterEach(async () => {
  process.argv = saved.argv;
  if (saved.env === undefined) delete process.env.ELECTRON_RENDERER_URL;
  else process.env.ELECTRON_RENDERER_URL = saved.env;
  proc.defaultApp = saved.defaultApp;
  proc.resourcesPath = saved.resourcesPath;
  await temp.cleanup();
});

/** Runs main/index.ts once, makes the app ready, and returns once the window exists. */
async function runEntry(): Promise<void> {
  const created = nextEvent(fakeElectron.app, 'browser-window-created');
  vi.resetModules();
  await import('../../../main/index');
  fakeElectron.app.emitReady();
  await created;
}

/** Quits as a person would (nothing uploading: no question) and waits for the exit. */
async function quit(): Promise<void> {
  fakeElectron.app.quit();
  expect(await fakeElectron.app.whenExited()).toBe(0);
}

describe('main/index.ts', () => {
  it('packaged, ignores ELECTRON_RENDERER_URL and takes its resources from beside app.asar', async () => {
    fakeElectron.reset({ isPackaged: true, userData: join(temp.dir, 'user-data') });
    process.argv = ['/opt/Nomad Uploader/nomad-uploader'];
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/';
    proc.resourcesPath = '/opt/Nomad Uploader/resources';

    await runEntry();
    const [window] = fakeElectron.windows();
    await window!.webContents.whenLoaded();

    // Run from source, the entry's out/ is the repository root (in the bundle it is out/).
    expect(window!.webContents.getURL()).toBe(pathToFileURL(join(ROOT, 'renderer', 'index.html')).href);
    expect(fakeElectron.tray().image.path).toBe('/opt/Nomad Uploader/resources/resources/tray.png');
    await quit();
  });

  it('in development, loads the dev server; started as `electron main.js clip.mov`, queues only the clip', async () => {
    const clip = join(temp.dir, 'A003_C001.mov');
    const script = join(temp.dir, 'out', 'main', 'index.js');
    await mkdir(join(temp.dir, 'out', 'main'), { recursive: true });
    await writeFile(clip, 'clip');
    await writeFile(script, '// the app');
    fakeElectron.reset({ isPackaged: false, userData: join(temp.dir, 'user-data') });
    process.argv = ['/usr/lib/electron/electron', script, clip];
    proc.defaultApp = true;
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/';

    await runEntry();
    const [window] = fakeElectron.windows();
    await window!.webContents.whenLoaded();
    expect(window!.webContents.getURL()).toBe('http://localhost:5173/');

    // The window's own renderer (the real preload and stores) shows what was queued.
    const api = (await runPreload(window!.webContents.page!, async () => {
      vi.resetModules();
      await import('../../../preload/index');
    })) as UploaderApi;
    const stores = createAppStores();
    const disconnect = connectUploader(api, stores);
    const queue = await storeUntil(stores.queue, (q) => [...q.jobs.values()].some((j) => j.state === 'done'));
    disconnect();
    expect([...queue.jobs.values()].map((j) => [j.relativePath, j.state])).toEqual([['A003_C001.mov', 'done']]);
    await quit();
  });
});
