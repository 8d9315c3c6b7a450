// A person cancels an upload halfway: the row says Cancelled, the server drops what it had
// and stores nothing.

import { join } from 'node:path';
import { MiB, writeRandomFile } from '../support/files';
import { expect, test } from './support/bridge';
import { queueRow } from './support/queue-row';

test('cancel an upload: Cancelled, one cancel on the server, no asset', async ({ page, app }) => {
  // Slow enough (10 MB/s for 64 MiB) that Cancel is pressed while bytes are moving.
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Bandwidth unit' }).selectOption('MB/s');
  await page.getByLabel('Bandwidth limit').fill('10');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();

  const path = join(app.filesDir, 'interview-take-3.mov');
  await writeRandomFile(path, 64 * MiB);
  await app.dropFiles([path]);

  await expect(queueRow(page, 'interview-take-3.mov', 'Uploading')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel interview-take-3.mov' }).click();

  await expect(queueRow(page, 'interview-take-3.mov', 'Cancelled')).toBeVisible();
  await expect.poll(() => app.sandbox.stats().cancels).toBe(1);
  expect(app.sandbox.stats().completes).toBe(0);
  expect(await app.sandbox.assets()).toEqual([]);
});
