// A working session for the README screenshots: files added with "Add files…", some done,
// one uploading, one paused, one cancelled and one waiting for a decision, in light and
// dark mode.

import { join } from 'node:path';
import { MiB, writeRandomFile } from '../support/files';
import { expect, test } from './support/bridge';
import { saveDocScreenshot } from './support/doc-screenshot';
import { queueRow } from './support/queue-row';

test('a mixed queue, in light and dark mode', async ({ page, app }) => {
  const file = (name: string) => join(app.filesDir, name);
  const sizes: Record<string, number> = {
    'A001_C001_0412.mov': 2 * MiB,
    'A001_C002_0412.mov': 3 * MiB,
    'A001_C003_0412_sound.wav': 1 * MiB,
    'A002_C005_0412.mov': 1 * MiB,
    'B001_C010_0413_drone.mov': 160 * MiB,
    'B001_C011_0413_drone.mov': 96 * MiB,
    'interview_take2.wav': 48 * MiB,
  };
  for (const [name, size] of Object.entries(sizes)) await writeRandomFile(file(name), size);

  // Uploaded earlier: adding it again asks what to do with the copy on the server.
  app.pickNext([file('A002_C005_0412.mov')]);
  await page.getByRole('button', { name: 'Add files…' }).first().click();
  await expect(queueRow(page, 'A002_C005_0412.mov', 'Done')).toBeVisible();
  await page.getByRole('button', { name: 'Clear finished' }).click();

  // A slow link, so the big files are still moving when the pictures are taken.
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Bandwidth unit' }).selectOption('MB/s');
  await page.getByLabel('Bandwidth limit').fill('8');
  await page.getByRole('button', { name: 'Save' }).click();

  app.pickNext(Object.keys(sizes).map(file));
  await page.getByRole('button', { name: 'Add files…' }).first().click();
  await expect(page.getByRole('dialog', { name: '“A002_C005_0412.mov” already exists on the server' })).toBeVisible();
  await page.getByRole('button', { name: 'Decide later', exact: true }).click();
  await page.getByRole('button', { name: 'Cancel interview_take2.wav' }).click();
  await expect(queueRow(page, 'A001_C003_0412_sound.wav', 'Done')).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause B001_C011_0413_drone.mov' }).click();

  await expect(queueRow(page, 'A001_C001_0412.mov', 'Done')).toBeVisible();
  await expect(queueRow(page, 'A001_C002_0412.mov', 'Done')).toBeVisible();
  await expect(queueRow(page, 'A002_C005_0412.mov', 'Needs decision')).toBeVisible();
  await expect(queueRow(page, 'B001_C010_0413_drone.mov', 'Uploading')).toBeVisible();
  await expect(queueRow(page, 'B001_C011_0413_drone.mov', 'Paused')).toBeVisible();
  await expect(queueRow(page, 'interview_take2.wav', 'Cancelled')).toBeVisible();
  // Notifications come and go; the pictures show the queue itself.
  await expect(page.getByRole('region', { name: 'Notifications' }).getByRole('listitem')).toHaveCount(0);

  await saveDocScreenshot(page, 'queue');
  await page.emulateMedia({ colorScheme: 'dark' });
  await saveDocScreenshot(page, 'dark-queue');
});
