// When an upload fails, the person sees why and what fixes it, and the fix is one click:
// details with the server's own words, Copy details, Sign in, Choose another folder,
// Locate file. And the dead ends of before: a signed-out drop offers Sign in, a web site
// as the address is not "a wrong password", a folder that does not exist is not saved.

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MiB, writeRandomFile } from '../support/files';
import { expect, test } from './support/bridge';
import { saveDocScreenshot } from './support/doc-screenshot';
import { queueRow } from './support/queue-row';

test('a failed upload: details, the server’s words, Copy details, and Try again', async ({ page, app }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const path = join(app.filesDir, 'A003_C002_0412_interview.mov');
  await writeRandomFile(path, 2 * MiB);
  // The server refuses the start the way Nomad refuses a bad parent folder.
  app.sandbox.faults.add({ kind: 'api-status', route: 'start', status: 400, times: 1 });
  await app.dropFiles([path]);
  await expect(queueRow(page, 'A003_C002_0412_interview.mov', 'Failed')).toBeVisible();
  // The failure is announced as a toast that leads to it.
  await page.getByRole('region', { name: 'Notifications' }).getByRole('button', { name: 'Details' }).click();

  const details = page.getByRole('dialog', { name: 'Why this file did not upload' });
  await expect(details).toBeVisible();
  await expect(details.getByText('The server refused the upload.')).toBeVisible();
  await expect(details.getByText('POST /asset/upload/start → 400')).toBeVisible();
  await expect(details.getByText('failed once')).toBeVisible();
  await expect(details.getByText('bad-request')).toBeVisible();
  await saveDocScreenshot(page, 'failure-details');

  await details.getByRole('button', { name: 'Copy details' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('Nomad Uploader: A003_C002_0412_interview.mov did not upload');
  expect(copied).toContain('Request: POST /asset/upload/start → 400');
  expect(copied).toContain(`File on this computer: ${path}`);
  expect(copied).toContain('Destination on the server: Incoming/A003_C002_0412_interview.mov');

  await details.getByRole('button', { name: 'Try again' }).click();
  await expect(details).toBeHidden();
  await expect(queueRow(page, 'A003_C002_0412_interview.mov', 'Done')).toBeVisible();
});

test('a file deleted before it uploaded is found again with Locate file…', async ({ page, app }) => {
  const path = join(app.filesDir, 'B004_C001.mov');
  await writeRandomFile(path, MiB);
  // Picked with Add files…, then gone before the upload starts: it fails as "no longer where it was".
  await rm(path);
  app.pickNext([path]);
  await page.getByRole('button', { name: 'Add files…' }).first().click();
  await expect(queueRow(page, 'B004_C001.mov', 'Failed')).toBeVisible();
  await page.getByRole('button', { name: 'Why B004_C001.mov failed' }).click();
  const details = page.getByRole('dialog', { name: 'Why this file did not upload' });
  await expect(details.getByText('The file is no longer where it was when you added it.')).toBeVisible();

  const found = join(app.filesDir, 'moved', 'B004_C001 copy.mov');
  const sha256 = await writeRandomFile(found, MiB);
  app.pickNext([found]);
  await details.getByRole('button', { name: 'Locate file…' }).click();
  await expect(queueRow(page, 'B004_C001.mov', 'Done')).toBeVisible();
  expect(await app.sandbox.assets()).toEqual([expect.objectContaining({ path: 'Incoming/B004_C001.mov', sha256 })]);
});

test('a web site as the server address is told from a wrong password', async ({ page, app }) => {
  await page.getByRole('button', { name: /^Account/ }).click();
  await page.getByRole('menuitem', { name: 'Sign in to a Nomad server…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in to a Nomad server' });
  // The page the app itself is served from: a web server, not a Nomad admin API.
  const site = new URL(page.url()).origin;
  await dialog.getByLabel('Server address').fill(site);
  await dialog.getByLabel('User name').fill('demo');
  await dialog.getByLabel('Password').fill('demo');
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(dialog.getByText(`${new URL(site).host} answers, but not as a Nomad admin API. Check the address.`)).toBeVisible();
  await expect(dialog.getByText('It answered: GET /admin/asset/upload → 404')).toBeVisible();
  await expect(dialog.getByLabel('Server address')).toBeFocused();

  await dialog.getByLabel('Server address').fill(app.sandbox.url);
  await dialog.getByLabel('Password').fill('wrong');
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Wrong user name or password.');
});

test('signed out, the queue stays as "Paused — sign in to continue", and a drop offers Sign in', async ({ page, app }) => {
  await page.getByRole('button', { name: /^Account/ }).click();
  await page.getByRole('menuitem', { name: 'Sign in to a Nomad server…' }).click();
  const signIn = page.getByRole('dialog', { name: 'Sign in to a Nomad server' });
  await signIn.getByLabel('Server address').fill(app.sandbox.url);
  await signIn.getByLabel('User name').fill('demo');
  await signIn.getByLabel('Password').fill('demo');
  await signIn.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(signIn).toBeHidden();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Bandwidth unit' }).selectOption('MB/s');
  await page.getByLabel('Bandwidth limit').fill('4');
  await page.getByRole('button', { name: 'Save' }).click();
  const path = join(app.filesDir, 'C001_C003_0418.mov');
  const sha256 = await writeRandomFile(path, 24 * MiB);
  await app.dropFiles([path]);
  await expect(queueRow(page, 'C001_C003_0418.mov', 'Uploading')).toBeVisible();

  await page.getByRole('button', { name: /^Account/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: /^Account: Signed out/ })).toBeVisible();
  await expect(queueRow(page, 'C001_C003_0418.mov', 'Paused')).toHaveAccessibleName(/Paused — sign in to continue$/);
  await expect(page.getByRole('region', { name: 'Signed out' })).toContainText('1 upload waits, paused, and continues when you sign in.');

  const another = join(app.filesDir, 'C001_C004_0418.mov');
  await writeRandomFile(another, MiB);
  await app.dropFiles([another]);
  const toast = page.getByRole('region', { name: 'Notifications' }).getByRole('listitem').filter({ hasText: 'You are signed out' });
  await toast.getByRole('button', { name: 'Sign in' }).click();
  await signIn.getByLabel('Password').fill('demo');
  await signIn.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(signIn).toBeHidden();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Bandwidth unit' }).selectOption('unlimited');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(queueRow(page, 'C001_C003_0418.mov', 'Done')).toBeVisible({ timeout: 30_000 });
  expect(await app.sandbox.assets()).toEqual([expect.objectContaining({ path: 'Incoming/C001_C003_0418.mov', sha256 })]);
});

test('a file dropped again after it uploaded is not added twice; "Upload again" asks about the copy on the server', async ({ page, app }) => {
  const path = join(app.filesDir, 'D001_C001_0419.mov');
  await writeRandomFile(path, MiB);
  await app.dropFiles([path]);
  await expect(queueRow(page, 'D001_C001_0419.mov', 'Done')).toBeVisible();

  await app.dropFiles([path]);
  const notice = page.getByRole('region', { name: 'Notifications' }).getByRole('listitem').filter({ hasText: '“D001_C001_0419.mov” is already uploaded.' });
  await expect(notice).toBeVisible();
  await expect(page.getByRole('list', { name: /^Upload queue/ }).getByRole('listitem')).toHaveCount(1);

  await notice.getByRole('button', { name: 'Upload again' }).click();
  await expect(page.getByRole('dialog', { name: '“D001_C001_0419.mov” already exists on the server' })).toBeVisible();
});
