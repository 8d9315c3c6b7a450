// A person drops a folder: it is one line in the queue, with its own progress and counts;
// opened, it lists its files with the sub-folder each lands in; the server gets the
// folder's structure, not a flat list.

import { join } from 'node:path';
import { writeRandomFile } from '../support/files';
import { expect, test } from './support/bridge';
import { saveDocScreenshot } from './support/doc-screenshot';
import { queueRow } from './support/queue-row';

test('drop a folder: one line for it, its files inside, its paths kept on the server', async ({ page, app }) => {
  const shoot = join(app.filesDir, 'shoot');
  const aSha = await writeRandomFile(join(shoot, 'day 1', 'a.mov'), 300_000);
  const bSha = await writeRandomFile(join(shoot, 'b.mov'), 200_000);

  await app.dropFolder(shoot);

  const folder = page.getByRole('listitem', { name: /^shoot, folder, / });
  await expect(folder).toHaveAccessibleName(/2 of 2 files done, All files uploaded$/);
  await expect(folder.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await folder.getByRole('button', { name: 'Show the files of shoot' }).click();
  await expect(queueRow(page, 'a.mov', 'Done')).toBeVisible();
  await expect(queueRow(page, 'b.mov', 'Done')).toBeVisible();
  // Each row says which folder its file lands in.
  await expect(queueRow(page, 'a.mov').getByText('shoot/day 1', { exact: true })).toBeVisible();
  await expect(queueRow(page, 'b.mov').getByText('shoot', { exact: true })).toBeVisible();
  await saveDocScreenshot(page, 'grouped-drop');

  const stored = await app.sandbox.assets();
  expect(stored.map(({ path, sha256 }) => ({ path, sha256 }))).toEqual([
    { path: 'Incoming/shoot/b.mov', sha256: bSha },
    { path: 'Incoming/shoot/day 1/a.mov', sha256: aSha },
  ]);
});
