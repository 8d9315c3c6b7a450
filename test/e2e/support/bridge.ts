// The e2e fixture: the built renderer in Chromium, with `window.uploader` bridged to the real
// UploaderService, handler map and a sandbox server in this Node process (DESIGN.md, "Testing
// without an Electron binary"). A drop in the page uploads real bytes to the sandbox, and
// the test reads what the server stored through sandbox.assets() / stats().

import { readdir } from 'node:fs/promises';
import { test as base, expect } from '@playwright/test';
import type { Sandbox } from '../../../main/sandbox';
import { dropFiles, dropFolder } from './drop';
import { connectPage } from './page-bridge';
import { watchPageProblems } from './page-problems';
import { RENDERER_DIR } from './paths';
import { serveDirectory } from './static-server';
import { startUploaderBackend } from './uploader-backend';
import { JOURNAL_FILE_SUFFIX } from '../../../main/engine/journal';

export interface UploaderApp {
  /** The server the app uploads to (the service's embedded sandbox). */
  sandbox: Sandbox;
  /** A temp folder for the files a test creates and drops; removed after the test. */
  filesDir: string;
  /** Drops files (absolute paths) on the window. */
  dropFiles(paths: readonly string[]): Promise<void>;
  /** Drops a folder on the window (see dropFolder for what is emulated). */
  dropFolder(path: string): Promise<void>;
  /** What the next "Add files…" / "Add folder…" picker returns, as if the person chose it. */
  pickNext(paths: readonly string[]): void;
  /** Uploads the app has recorded on disk to resume after a restart (journal records). */
  journalRecords(): Promise<number>;
  /** Addresses the app asked the system browser to open, in order (single sign-on, links). */
  openedUrls(): readonly string[];
}

async function countJournalRecords(dir: string): Promise<number> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return names.filter((name) => name.endsWith(JOURNAL_FILE_SUFFIX)).length;
}

export const test = base.extend<{ app: UploaderApp }, { rendererUrl: string }>({
  rendererUrl: [
    // One static server for the whole run: the built files do not change between tests.
    async ({}, use) => {
      const server = await serveDirectory(RENDERER_DIR);
      await use(server.url);
      await server.close();
    },
    { scope: 'worker' },
  ],

  app: async ({ page, rendererUrl }, use) => {
    const backend = await startUploaderBackend();
    const bridge = await connectPage(page, backend);
    const problems = watchPageProblems(page);
    await page.goto(rendererUrl);
    // The app is up once it shows where uploads go.
    await expect(page.getByText('Local sandbox — files stay on this computer')).toBeVisible();

    await use({
      sandbox: backend.sandbox,
      filesDir: backend.filesDir,
      dropFiles: (paths) => dropFiles(page, paths),
      dropFolder: (path) => dropFolder(page, path),
      pickNext: (paths) => backend.shell.pickNext([...paths]),
      journalRecords: () => countJournalRecords(backend.journalDir),
      openedUrls: () => backend.shell.opened,
    });

    await bridge.disconnect();
    await backend.close();
    expect(bridge.failures, 'events the bridge could not deliver').toEqual([]);
    expect(problems, 'errors in the page').toEqual([]);
  },
});

export { expect };
