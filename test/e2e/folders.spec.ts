// Where files go, chosen by name: the folder browser from the empty state, a folder created
// in it, an upload that lands under that path on the server, a language picked by name,
// and a subtitle attached to a done asset. No id is typed anywhere.

import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { NomadApi } from '../../main/engine/api';
import { listLanguages } from '../../main/engine/api-languages';
import { MiB, writeRandomFile } from '../support/files';
import { expect, test } from './support/bridge';
import { saveDocScreenshot } from './support/doc-screenshot';
import { queueRow } from './support/queue-row';

test('choose a bucket, create "Shoot 1" in it, upload into it: the file is under that path on the server', async ({ page, app }) => {
  await page.getByRole('button', { name: 'Choose folder…' }).click();
  const browser = page.getByRole('dialog', { name: 'Choose a destination folder' });
  await expect(browser.getByRole('list', { name: 'Folders in All folders' })).toContainText('Incoming');
  await browser.getByRole('button', { name: /^Media/ }).click();
  await expect(browser.getByRole('navigation', { name: 'Folder path' }).getByRole('button', { name: 'Media' })).toHaveAttribute('aria-current', 'location');
  await browser.getByRole('button', { name: 'New folder' }).click();
  await browser.getByLabel('Name of the new folder').fill('Shoot 1');
  await browser.getByRole('button', { name: 'Create' }).click();
  await expect(browser.getByRole('navigation', { name: 'Folder path' }).getByRole('button', { name: 'Shoot 1' })).toHaveAttribute('aria-current', 'location');
  await saveDocScreenshot(page, 'folder-browser');
  await browser.getByRole('button', { name: 'Upload to “Shoot 1”' }).click();

  // Named by its path everywhere, never by its id.
  await expect(page.getByText('They go to Media/Shoot 1 on Local sandbox.')).toBeVisible();
  const path = join(app.filesDir, 'A002_C007.mov');
  const sha256 = await writeRandomFile(path, 3 * MiB);
  await app.dropFiles([path]);
  await expect(queueRow(page, 'A002_C007.mov', 'Done')).toBeVisible();
  expect(await app.sandbox.assets()).toEqual([expect.objectContaining({ path: 'Media/Shoot 1/A002_C007.mov', sha256 })]);

  // The folder is a recent destination from now on, and search finds folders by name.
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings.getByText('Media/Shoot 1')).toBeVisible();
  await settings.getByRole('button', { name: 'Choose folder…' }).click();
  const again = page.getByRole('dialog', { name: 'Choose a destination folder' });
  await expect(again.getByRole('button', { name: 'Media/Shoot 1' })).toBeVisible();
  await again.getByLabel('Search by name').fill('inc');
  await expect(again.getByRole('list', { name: 'Folders in All folders' }).getByRole('button')).toHaveText(['Incoming']);
  await again.getByRole('button', { name: 'Use Incoming' }).click();
  // The queue is not empty (the done file stays), so the change is told in the status line.
  await expect(page.getByText('Uploads now go to Incoming.')).toBeVisible();
});

test('pick the language of new assets by name: the server records that language', async ({ page, app }) => {
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByLabel('Language of new assets').selectOption({ label: 'German' });
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings).toHaveCount(0);

  const path = join(app.filesDir, 'Interview_DE.mov');
  await writeRandomFile(path, MiB);
  await app.dropFiles([path]);
  await expect(queueRow(page, 'Interview_DE.mov', 'Done')).toBeVisible();

  const api = new NomadApi({ serverUrl: app.sandbox.url, credentials: { userName: 'demo', password: 'demo' } });
  await api.login({ userName: 'demo', password: 'demo' });
  const german = (await listLanguages(api)).find((l) => l.name === 'German')!;
  const found = await api.send('POST', '/admin/search', {
    route: 'POST /admin/search',
    body: { filters: [{ fieldName: 'title', operator: 'Equals', values: 'Interview_DE.mov' }] },
    schema: z.object({ items: z.array(z.object({ languageId: z.string().nullable() })) }),
  });
  expect(found.items).toEqual([{ languageId: german.id }]);
});

test('attach a subtitle to a done upload: the row lists it and the server keeps it with the asset', async ({ page, app }) => {
  const clip = join(app.filesDir, 'Keynote.mov');
  await writeRandomFile(clip, 2 * MiB);
  await app.dropFiles([clip]);
  await expect(queueRow(page, 'Keynote.mov', 'Done')).toBeVisible();

  const subtitle = join(app.filesDir, 'Keynote.en.srt');
  await writeFile(subtitle, '1\n00:00:00,000 --> 00:00:02,000\nWelcome.\n');
  app.pickNext([subtitle]);
  await page.getByRole('button', { name: 'Attach a file to Keynote.mov' }).click();
  await expect(queueRow(page, 'Keynote.mov', 'Done').getByText(/Attachments: Keynote\.en\.srt attached/)).toBeVisible();
  // Processing on the server is shown on the row as it progresses, and when it has ended.
  await expect(queueRow(page, 'Keynote.mov', 'Done').getByText(/Processed|Processing: \d of 5 steps done/)).toBeVisible();
  await saveDocScreenshot(page, 'attachments');

  const assets = await app.sandbox.assets();
  const keynote = assets.find((a) => a.displayName === 'Keynote.mov')!;
  expect(keynote.relatedAssets).toHaveLength(1);
  expect(assets.find((a) => a.id === keynote.relatedAssets![0])).toMatchObject({ displayName: 'Keynote.en.srt', relatedToAssetId: keynote.id });
});
