// A person drops one file on the window and watches it upload; the server stores exactly
// the bytes on disk.

import { join } from 'node:path';
import { MiB, writeRandomFile } from '../support/files';
import { expect, test } from './support/bridge';
import { saveDocScreenshot } from './support/doc-screenshot';
import { queueRow } from './support/queue-row';

test('drop a file and see it complete with the same bytes on the server', async ({ page, app }) => {
  await expect(page.getByRole('heading', { name: 'Drop files or folders to upload' })).toBeVisible();
  await saveDocScreenshot(page, 'empty');

  const path = join(app.filesDir, 'A001_C002_0412.mov');
  const sha256 = await writeRandomFile(path, 12 * MiB + 12_345);
  await app.dropFiles([path]);

  await expect(queueRow(page, 'A001_C002_0412.mov', 'Done')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'All uploads finished' })).toBeVisible();

  expect(await app.sandbox.assets()).toEqual([
    expect.objectContaining({ path: 'Incoming/A001_C002_0412.mov', size: 12 * MiB + 12_345, sha256 }),
  ]);
});
