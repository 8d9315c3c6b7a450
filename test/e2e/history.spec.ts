// The record of what went where: finished uploads in the history, with destination path,
// size, asset id and SHA-256; still there after a reload; searchable; exported as CSV.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MiB, writeRandomFile } from '../support/files';
import { expect, test } from './support/bridge';
import { saveDocScreenshot } from './support/doc-screenshot';
import { queueRow } from './support/queue-row';

test('the history survives a reload, finds a file by name and exports CSV', async ({ page, app }) => {
  const files = { 'B001_C004.mov': 2 * MiB, 'Drone_Wide.mov': MiB };
  const hashes: Record<string, string> = {};
  for (const [name, size] of Object.entries(files)) hashes[name] = await writeRandomFile(join(app.filesDir, name), size);
  await app.dropFiles(Object.keys(files).map((name) => join(app.filesDir, name)));
  for (const name of Object.keys(files)) await expect(queueRow(page, name, 'Done')).toBeVisible();

  await page.reload();
  await expect(page.getByText('Local sandbox — files stay on this computer')).toBeVisible();
  await page.getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('dialog', { name: 'Upload history' });
  const list = history.getByRole('list', { name: 'Finished uploads' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  const asset = (await app.sandbox.assets()).find((a) => a.displayName === 'B001_C004.mov')!;
  await expect(list).toContainText(`Asset id ${asset.id}`);
  await expect(list).toContainText(`SHA-256 ${hashes['B001_C004.mov']}`);
  await expect(list).toContainText('to Incoming');
  await saveDocScreenshot(page, 'history');

  await history.getByLabel('Search the history').fill('drone');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('Drone_Wide.mov');

  const download = page.waitForEvent('download');
  await history.getByRole('button', { name: 'Export CSV' }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toMatch(/^nomad-uploads-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, row, end] = (await readFile((await saved.path())!, 'utf8')).split('\r\n');
  expect(header).toBe('file,relative_path,local_path,destination,state,size_bytes,started_at,finished_at,duration_seconds,average_bytes_per_second,asset_id,sha256,attached_to,error');
  expect(row).toContain(`Drone_Wide.mov,Drone_Wide.mov,${join(app.filesDir, 'Drone_Wide.mov')},Incoming,done,${MiB},`);
  expect(row).toContain(hashes['Drone_Wide.mov']);
  expect(end).toBe('');
});
