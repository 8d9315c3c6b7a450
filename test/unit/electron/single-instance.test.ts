// Files named on the command line, by the first instance and by a second one that hands
// them over through the single-instance lock — and `electron path/to/main.js` (how
// Playwright and `electron-vite preview` start the app), where the script is not a file to
// upload.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { launchDesktopApp } from '../../../main/electron/desktop-app';
import { handedOverPaths, pathsFromCommandLine } from '../../../main/electron/command-line';
import { makeTempDir } from '../../support/files';
import { fakeElectron } from './fake-electron';
import { EXEC_PATH, ROOT, launchApp, type Launched } from './support/desktop';
import { jobUntil } from './support/until';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

let temp: { dir: string; cleanup: () => Promise<void> };
let launched: Launched | null = null;
let shoot: string;
let clip: string;
let mainScript: string;

beforeEach(async () => {
  temp = await makeTempDir('nomad-argv-');
  shoot = join(temp.dir, 'shoot');
  clip = join(shoot, 'A001_C002.mov');
  mainScript = join(temp.dir, 'app', 'out', 'main', 'index.js');
  await mkdir(join(temp.dir, 'app', 'out', 'main'), { recursive: true });
  await mkdir(shoot, { recursive: true });
  await writeFile(clip, 'not really a movie');
  await writeFile(mainScript, '// the app');
});

afterEach(async () => {
  await launched?.cleanup();
  launched = null;
  await temp.cleanup();
});

const names = (l: Launched): string[] => l.desktop.service.jobs.queue.snapshot().jobs.map((j) => j.relativePath).sort();
/** The clip made it to the server (and nothing is left in flight when the test ends). */
const uploaded = (l: Launched) => jobUntil(l.desktop.service, (j) => j.relativePath === 'A001_C002.mov' && j.state === 'done');

describe('the command line', () => {
  it('keeps existing files and folders, resolved against the working directory, and skips switches', () => {
    const argv = [EXEC_PATH, '--enable-logging', 'A001_C002.mov', '../shoot', 'missing.mov', '--', '-odd-name.mov'];
    expect(pathsFromCommandLine({ argv, workingDirectory: shoot, defaultApp: false })).toEqual([clip, shoot]);
  });

  it('started as `electron main.js …`, skips the app’s own script (and only it)', () => {
    const argv = ['/usr/lib/electron/electron', '--no-sandbox', mainScript, clip];
    expect(pathsFromCommandLine({ argv, workingDirectory: '/', defaultApp: true })).toEqual([clip]);
    // The same argv in a packaged app would upload the script: this is what defaultApp prevents.
    expect(pathsFromCommandLine({ argv, workingDirectory: '/', defaultApp: false })).toEqual([mainScript, clip]);
  });

  it('prefers the list a second instance resolved itself, and falls back to its argv', () => {
    const argv = [EXEC_PATH, '--original-process-start-time=1', 'A001_C002.mov'];
    expect(handedOverPaths({ paths: [clip, join(shoot, 'gone.mov')] }, { argv: [EXEC_PATH], workingDirectory: '/', defaultApp: false })).toEqual([clip]);
    expect(handedOverPaths(null, { argv, workingDirectory: shoot, defaultApp: false })).toEqual([clip]);
    expect(handedOverPaths({ paths: 'not a list' }, { argv, workingDirectory: shoot, defaultApp: false })).toEqual([clip]);
  });

  it('the first instance queues what it was started with', async () => {
    launched = await launchApp({ argv: [EXEC_PATH, clip] });
    await launched.desktop.started;
    await uploaded(launched);
    expect(names(launched)).toEqual(['A001_C002.mov']);
  });

  it('started by `electron main.js clip.mov`, queues the clip and not the script', async () => {
    launched = await launchApp({ argv: ['/usr/lib/electron/electron', mainScript, clip], defaultApp: true });
    await launched.desktop.started;
    await uploaded(launched);
    expect(names(launched)).toEqual(['A001_C002.mov']);
  });
});

describe('a second instance', () => {
  it('hands its files to the first and quits without opening anything', async () => {
    fakeElectron.reset({ anotherInstanceRunning: true, argv: [EXEC_PATH, 'A001_C002.mov'], workingDirectory: shoot });
    const result = await launchDesktopApp({
      outDir: join(ROOT, 'out'),
      resourcesDir: join(ROOT, 'resources'),
      platform: 'linux',
      commandLine: { argv: fakeElectron.environment.argv, workingDirectory: shoot, defaultApp: false },
      execPath: EXEC_PATH,
      rendererUrl: undefined,
    });

    expect(result).toBeNull();
    expect(fakeElectron.app.quitCalls).toBe(1);
    expect(fakeElectron.app.exited).toBe(true);
    expect(fakeElectron.windows()).toEqual([]);
    expect(fakeElectron.trays()).toEqual([]);
    expect(fakeElectron.ipcMain.channels).toEqual([]);
    expect(fakeElectron.environment.handedOver).toEqual([{ argv: [EXEC_PATH, 'A001_C002.mov'], workingDirectory: shoot, additionalData: { paths: [clip] } }]);
  });

  it('brings the first instance’s window back from the tray and queues the handed-over files', async () => {
    launched = await launchApp();
    await launched.desktop.started;
    const window = launched.window();
    await window.webContents.whenLoaded();
    window.close();
    expect(window.isVisible()).toBe(false);

    fakeElectron.app.launchSecondInstance({ argv: [EXEC_PATH, 'A001_C002.mov'], workingDirectory: shoot, additionalData: { paths: [clip] } });

    expect(window.isVisible()).toBe(true);
    expect(window.isFocused()).toBe(true);
    await uploaded(launched);
    expect(names(launched)).toEqual(['A001_C002.mov']);
  });

  it('from an older version that sends no list, takes the files from its argv (Chromium’s switches added)', async () => {
    launched = await launchApp();
    await launched.desktop.started;

    fakeElectron.app.launchSecondInstance({ argv: [EXEC_PATH, 'A001_C002.mov', '--enable-logging'], workingDirectory: shoot });

    await uploaded(launched);
    expect(names(launched)).toEqual(['A001_C002.mov']);
  });

  it('restores a minimized window', async () => {
    launched = await launchApp();
    await launched.desktop.started;
    const window = launched.window();
    await window.webContents.whenLoaded();
    window.minimize();

    fakeElectron.app.launchSecondInstance({ argv: [EXEC_PATH], workingDirectory: '/', additionalData: { paths: [] } });

    expect(window.isMinimized()).toBe(false);
    expect(window.isVisible()).toBe(true);
  });
});
