// The real app in Electron: built main, sandboxed preload and renderer, embedded sandbox.
// A file dropped on its window (through the real preload's webUtils.getPathForFile) uploads.
// Runs only where the Electron binary is installed; says exactly why it skipped elsewhere.

import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { MiB, makeTempDir, writeRandomFile } from '../support/files';
import { dropFiles } from './support/drop';
import { findElectronBinary } from './support/electron-binary';
import { MAIN_ENTRY } from './support/paths';
import { queueRow } from './support/queue-row';

/** The binary to launch, or the reason this machine cannot run the test. */
function electronToLaunch(): { path: string } | { skip: string } {
  const binary = findElectronBinary();
  if (!binary.found) {
    return { skip: `Electron binary not installed (${binary.reason}); run \`npx install-electron\` on a machine with internet` };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { skip: 'Electron needs a display and there is none: run the e2e tests under `xvfb-run -a npx playwright test`' };
  }
  return { path: binary.path };
}

test('Electron: the built app starts and uploads a dropped file', async () => {
  const electronBinary = electronToLaunch();
  if ('skip' in electronBinary) {
    // The list reporter does not print skip reasons: say it where the run's output shows it.
    console.warn(`electron-smoke skipped: ${electronBinary.skip}`);
    test.skip(true, electronBinary.skip);
    return;
  }
  test.setTimeout(60_000);

  const temp = await makeTempDir('nomad-electron-');
  const userData = join(temp.dir, 'user-data');
  const path = join(temp.dir, 'files', 'A001_C009_0415.mov');
  await writeRandomFile(path, 3 * MiB);

  const app = await electron.launch({
    executablePath: electronBinary.path,
    // Chromium refuses to run as root with its sandbox on (CI runs as root).
    args: [MAIN_ENTRY, `--user-data-dir=${userData}`, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    // XDG_CONFIG_HOME too: on Linux it is where userData (settings, journal, sandbox data)
    // lives. No ELECTRON_RENDERER_URL: the built renderer, never a dev server.
    env: { ...process.env, XDG_CONFIG_HOME: userData, ELECTRON_RENDERER_URL: '' },
  });
  const window = await app.firstWindow();
  await expect(window.getByText('Local sandbox — files stay on this computer')).toBeVisible({ timeout: 20_000 });

  await dropFiles(window, [path]);
  await expect(queueRow(window, 'A001_C009_0415.mov', 'Done')).toBeVisible({ timeout: 30_000 });
  // Started as `electron out/main/index.js` (process.defaultApp): the script is not a file to upload.
  await expect(window.getByText('index.js')).toHaveCount(0);

  await app.close();
  await temp.cleanup();
});
