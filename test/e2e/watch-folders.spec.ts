// Watch folders as an edit bay uses them: a person adds a watch on the export folder (picked
// with the native picker, destination chosen by name in the folder browser), renders written
// into it on disk upload by themselves and show as Done rows, and the sandbox holds them byte
// for byte under the chosen folder, sub-folders kept, litter left out. Paused, a new render
// waits; resumed, it goes up. Removed, the watch is gone. Checked with axe on the way.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { MiB, writeRandomFile } from '../support/files';
import { expectAccessible } from './support/axe';
import { expect, test, type UploaderApp } from './support/bridge';
import { saveDocScreenshot } from './support/doc-screenshot';
import { queueRow } from './support/queue-row';

/** Adds a watch on `folder` sending to Media/<destination> with a 1 s quiet period (the shortest: the test stays brisk); returns its row. */
async function addWatch(page: Page, app: UploaderApp, folder: string, destination: string, check?: () => Promise<void>) {
  await page.getByRole('button', { name: 'Watch folders' }).click();
  const watches = page.getByRole('dialog', { name: 'Watch folders' });
  await expect(watches.getByText(/No folder is watched yet/)).toBeVisible();
  await watches.getByRole('button', { name: 'Add watch folder…' }).click();

  const form = page.getByRole('dialog', { name: 'Add a watch folder' });
  app.pickNext([folder]);
  await form.getByRole('button', { name: 'Choose folder to watch…' }).click();
  await expect(form.getByText(folder)).toBeVisible();
  await form.getByRole('button', { name: 'Choose destination…' }).click();
  const browser = page.getByRole('dialog', { name: 'Choose a destination folder' });
  await browser.getByRole('button', { name: /^Media/ }).click();
  await browser.getByRole('button', { name: 'New folder' }).click();
  await browser.getByLabel('Name of the new folder').fill(destination);
  await browser.getByRole('button', { name: 'Create' }).click();
  await browser.getByRole('button', { name: `Upload to “${destination}”` }).click();
  await expect(form.getByText(`Media/${destination}`)).toBeVisible();
  // The defaults are there to see and edit.
  await expect(form.getByLabel('Never upload these names')).toHaveValue(/\.DS_Store\n[\s\S]*\*\.tmp/);
  await form.getByLabel('Quiet period (seconds)').fill('1');
  await check?.();
  await form.getByRole('button', { name: 'Start watching' }).click();

  const row = watches.getByRole('listitem').filter({ hasText: folder });
  await expect(row.getByText('Watching', { exact: true })).toBeVisible();
  await expect(row.getByText(`To Media/${destination}`)).toBeVisible();
  return { watches, row };
}

test('add a watch, write renders into the folder: they upload by themselves, byte-exact, sub-folders kept, litter left out', async ({ page, app }) => {
  const exports = join(app.filesDir, 'Exports');
  await mkdir(exports);
  const { watches, row } = await addWatch(page, app, exports, 'Dailies', () => expectAccessible(page, 'watch folder form'));

  // The renders land on disk, with the litter an OS and an editor leave beside them.
  const a = await writeRandomFile(join(exports, 'A001_render.mov'), 3 * MiB);
  await mkdir(join(exports, 'day 1'));
  const b = await writeRandomFile(join(exports, 'day 1', 'B002_render.mov'), 2 * MiB);
  await writeFile(join(exports, '.DS_Store'), 'litter');
  await writeFile(join(exports, 'A001_render.mov.tmp'), 'half-written');

  await expect(row.getByText(/^2 files uploaded since the app started/)).toBeVisible();
  await saveDocScreenshot(page, 'watch-folders');
  await watches.getByRole('button', { name: 'Close' }).last().click();
  await expect(queueRow(page, 'A001_render.mov', 'Done')).toBeVisible();
  // The sub-folder is one line in the queue, as a dropped folder is; its file is inside.
  await page.getByRole('listitem', { name: /^day 1, folder, / }).getByRole('button', { name: 'Show the files of day 1' }).click();
  await expect(queueRow(page, 'B002_render.mov', 'Done')).toBeVisible();
  const stored = (await app.sandbox.assets()).map((asset) => ({ path: asset.path, sha256: asset.sha256 })).sort((x, y) => x.path.localeCompare(y.path));
  expect(stored).toEqual([
    { path: 'Media/Dailies/A001_render.mov', sha256: a },
    { path: 'Media/Dailies/day 1/B002_render.mov', sha256: b },
  ]);

  // The history names where each went: the watch's destination, not the default one.
  await page.getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('dialog', { name: 'Upload history' });
  await expect(history.getByRole('listitem').filter({ hasText: 'B002_render.mov' }).getByText('to Media/Dailies')).toBeVisible();
});

test('pause a watch: a new render waits; resume: it goes up; remove: the watch is gone, its uploads stay', async ({ page, app }) => {
  const renders = join(app.filesDir, 'Renders');
  await mkdir(renders);
  const { watches, row } = await addWatch(page, app, renders, 'Finals');

  await watches.getByRole('button', { name: 'Pause watching Renders' }).click();
  await expect(row.getByText('Paused', { exact: true })).toBeVisible();
  await expectAccessible(page, 'watch folders');
  const c = await writeRandomFile(join(renders, 'C003_render.mov'), MiB);
  await expect(queueRow(page, 'C003_render.mov')).toHaveCount(0);
  await watches.getByRole('button', { name: 'Resume watching Renders' }).click();
  await expect(row.getByText('Watching', { exact: true })).toBeVisible();
  await expect(row.getByText(/^1 file uploaded since the app started/)).toBeVisible();
  await watches.getByRole('button', { name: 'Close' }).last().click();
  await expect(queueRow(page, 'C003_render.mov', 'Done')).toBeVisible();
  expect((await app.sandbox.assets()).map((asset) => ({ path: asset.path, sha256: asset.sha256 }))).toEqual([{ path: 'Media/Finals/C003_render.mov', sha256: c }]);

  await page.getByRole('button', { name: 'Watch folders' }).click();
  await watches.getByRole('button', { name: 'Remove the watch of Renders' }).click();
  await watches.getByRole('button', { name: 'Remove watch' }).click();
  await expect(watches.getByText(/No folder is watched yet/)).toBeVisible();
  expect(await app.sandbox.assets()).toHaveLength(1);
});
