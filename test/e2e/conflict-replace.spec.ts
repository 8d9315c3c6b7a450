// A person uploads a file, changes it, and drops it again: the app asks what to do with the
// copy already on the server, and Replace puts the new version there.

import { join } from 'node:path';
import { MiB, writeRandomFile } from '../support/files';
import { expect, test } from './support/bridge';
import { saveDocScreenshot } from './support/doc-screenshot';
import { queueRow } from './support/queue-row';

test('answer the existing-asset question with Replace', async ({ page, app }) => {
  const path = join(app.filesDir, 'A003_C007_0414_interview.mov');
  await writeRandomFile(path, 3 * MiB);
  await app.dropFiles([path]);
  await expect(queueRow(page, 'A003_C007_0414_interview.mov', 'Done')).toBeVisible();
  await page.getByRole('button', { name: 'Clear finished' }).click();
  await expect(page.getByRole('heading', { name: 'Drop files or folders to upload' })).toBeVisible();

  const newSha256 = await writeRandomFile(path, 4 * MiB + 77);
  await app.dropFiles([path]);

  const question = page.getByRole('dialog', { name: '“A003_C007_0414_interview.mov” already exists on the server' });
  await expect(question).toBeVisible();
  await expect(queueRow(page, 'A003_C007_0414_interview.mov', 'Needs decision')).toBeAttached();
  await saveDocScreenshot(page, 'conflict');
  await question.getByRole('radio', { name: 'Replace', exact: true }).check();
  await question.getByRole('button', { name: 'Replace', exact: true }).click();

  await expect(question).toBeHidden();
  await expect(queueRow(page, 'A003_C007_0414_interview.mov', 'Done')).toBeVisible();
  expect(await app.sandbox.assets()).toEqual([
    expect.objectContaining({ path: 'Incoming/A003_C007_0414_interview.mov', size: 4 * MiB + 77, sha256: newSha256 }),
  ]);
});
