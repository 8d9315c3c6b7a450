// A person keeps two servers: the local sandbox and "Staging" (the sandbox's address saved as
// a server, so the same server plays a second one with its own sign-in and its own queue).
// They add Staging from the account menu, sign in, upload there, switch back and find the
// sandbox's queue as they left it, switch again, rename Staging and remove it.

import { join } from 'node:path';
import { MiB, writeRandomFile } from '../support/files';
import { expectAccessible } from './support/axe';
import { expect, test } from './support/bridge';
import { saveDocScreenshot } from './support/doc-screenshot';
import { overflow } from './support/overflow';
import { queueRow } from './support/queue-row';

test('add a second server, switch between the two queues, rename it and remove it', async ({ page, app }) => {
  test.setTimeout(90_000);
  const host = new URL(app.sandbox.url).host;
  const account = page.getByRole('button', { name: /^Account/ });
  const menu = page.getByRole('menu', { name: 'Account' });
  const servers = menu.getByRole('group', { name: 'Servers' });

  // The sandbox's upload is paused halfway (a bandwidth limit keeps it running long enough to pause).
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Bandwidth unit' }).selectOption('MB/s');
  await page.getByLabel('Bandwidth limit').fill('2');
  await page.getByRole('button', { name: 'Save' }).click();
  const local = join(app.filesDir, 'L001_C003_0501_sandbox.mov');
  await writeRandomFile(local, 24 * MiB);
  await app.dropFiles([local]);
  await expect(queueRow(page, 'L001_C003_0501_sandbox.mov', 'Uploading')).toBeVisible();
  await page.getByRole('button', { name: 'Pause L001_C003_0501_sandbox.mov' }).click();
  await expect(queueRow(page, 'L001_C003_0501_sandbox.mov', 'Paused')).toBeVisible();

  // Add server…: a mistake is named at its field; the sign-in comes next, its address filled in.
  await account.click();
  await menu.getByRole('menuitem', { name: 'Add server…' }).click();
  const add = page.getByRole('dialog', { name: 'Add a server' });
  await add.getByLabel('Name').fill('Staging');
  await add.getByLabel('Server address').fill(host);
  await add.getByRole('button', { name: 'Add server' }).click();
  await expect(add.getByText(/^Enter a web address that starts with https:\/\//)).toBeVisible();
  await add.getByLabel('Server address').fill(app.sandbox.url);
  await add.getByRole('button', { name: 'Add server' }).click();
  const signIn = page.getByRole('dialog', { name: 'Sign in to a Nomad server' });
  await expect(signIn.getByLabel('Server address')).toHaveValue(app.sandbox.url);
  await signIn.getByLabel('User name').fill('demo');
  await signIn.getByLabel('Password').fill('demo');
  await signIn.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(signIn).toBeHidden();

  // Staging's queue is its own: empty, then one upload.
  await expect(page.getByRole('heading', { name: 'Drop files or folders to upload' })).toBeVisible();
  await expect(queueRow(page, 'L001_C003_0501_sandbox.mov')).toHaveCount(0);
  const remote = join(app.filesDir, 'S001_C001_0501_staging.mov');
  await writeRandomFile(remote, MiB);
  await app.dropFiles([remote]);
  await expect(queueRow(page, 'S001_C001_0501_staging.mov', 'Done')).toBeVisible();

  // The menu lists both, Staging checked, the sandbox with its paused upload still to do.
  await account.click();
  await expect(servers.getByRole('menuitemradio', { name: 'Staging, ' + host + ', Signed in', exact: true })).toHaveAttribute('aria-checked', 'true');
  await expect(servers.getByRole('menuitemradio', { name: 'Local sandbox, This computer, 1 unfinished upload', exact: true })).toHaveAttribute('aria-checked', 'false');
  await saveDocScreenshot(page, 'server-profiles');

  // Back to the sandbox, by keyboard: its queue is as it was left, paused by the person.
  await page.keyboard.press('Home');
  await expect(servers.getByRole('menuitemradio', { name: /^Local sandbox/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(queueRow(page, 'L001_C003_0501_sandbox.mov', 'Paused')).toBeVisible();
  await expect(queueRow(page, 'S001_C001_0501_staging.mov')).toHaveCount(0);
  await expect(page.getByText('Local sandbox — files stay on this computer')).toBeVisible();
  await expect(account).toBeFocused();

  await account.click();
  await servers.getByRole('menuitemradio', { name: /^Staging/ }).click();
  await expect(queueRow(page, 'S001_C001_0501_staging.mov', 'Done')).toBeVisible();
  await expect(queueRow(page, 'L001_C003_0501_sandbox.mov')).toHaveCount(0);

  // Manage servers…: rename Staging in place, then remove it (asked first; the shown one goes, the sandbox is shown).
  await account.click();
  await menu.getByRole('menuitem', { name: 'Manage servers…' }).click();
  const manage = page.getByRole('dialog', { name: 'Saved servers' });
  await expect(manage.getByRole('listitem').filter({ hasText: 'Staging' })).toHaveAttribute('aria-current', 'true');
  await manage.getByRole('button', { name: 'Rename Staging' }).click();
  await manage.getByLabel('New name for Staging').fill('Staging (EU)');
  await manage.getByLabel('New name for Staging').press('Enter');
  await expect(manage.getByRole('button', { name: 'Rename Staging (EU)' })).toBeFocused();
  await manage.getByRole('button', { name: 'Remove Staging (EU)' }).click();
  const question = manage.getByRole('group', { name: 'Remove Staging (EU)' });
  await expect(question).toContainText('Unfinished uploads would stay in the journal');
  await expect(question).toContainText('The window then shows the local sandbox.');
  await question.getByRole('button', { name: 'Remove server' }).click();
  await expect(manage.getByRole('listitem')).toHaveCount(1);
  await manage.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect(manage).toBeHidden();

  await expect(queueRow(page, 'L001_C003_0501_sandbox.mov', 'Paused')).toBeVisible();
  await account.click();
  await expect(servers.getByRole('menuitemradio')).toHaveCount(1);
  await expect(servers.getByRole('menuitemradio', { name: /^Local sandbox/ })).toHaveAttribute('aria-checked', 'true');
});

test('at 320 CSS px (200 % zoom) the servers menu and dialogs reflow, and pass axe', async ({ page, app }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 320, height: 640 });
  const account = page.getByRole('button', { name: /^Account/ });
  const menu = page.getByRole('menu', { name: 'Account' });

  await account.click();
  await menu.getByRole('menuitem', { name: 'Add server…' }).click();
  const add = page.getByRole('dialog', { name: 'Add a server' });
  await add.getByRole('button', { name: 'Add server' }).click();
  await expect(add.getByText('Give the server a name.')).toBeVisible();
  expect(await overflow(page)).toEqual({ scrollsSideways: false, outside: [] });
  await expectAccessible(page, 'add server: what is missing');
  await add.getByLabel('Name').fill('Staging — the production mirror in Frankfurt');
  await add.getByLabel('Server address').fill(app.sandbox.url);
  await add.getByRole('button', { name: 'Add server' }).click();
  // Signed out until the sign-in: the person leaves that for later.
  await page.getByRole('dialog', { name: 'Sign in to a Nomad server' }).getByRole('button', { name: 'Cancel' }).click();

  await account.click();
  await expect(menu.getByRole('menuitemradio', { name: /^Staging — the production mirror in Frankfurt, .+, Not signed in$/ })).toHaveAttribute('aria-checked', 'true');
  expect(await overflow(page)).toEqual({ scrollsSideways: false, outside: [] });
  for (const item of await menu.getByRole('menuitemradio').all()) await expect(item).toBeInViewport();
  await expectAccessible(page, 'account menu with saved servers');

  await menu.getByRole('menuitem', { name: 'Manage servers…' }).click();
  const manage = page.getByRole('dialog', { name: 'Saved servers' });
  expect(await overflow(page)).toEqual({ scrollsSideways: false, outside: [] });
  await expectAccessible(page, 'saved servers');
  await manage.getByRole('button', { name: /^Remove Staging/ }).click();
  await expect(manage.getByRole('button', { name: 'Remove server' })).toBeFocused();
  expect(await overflow(page)).toEqual({ scrollsSideways: false, outside: [] });
  await expectAccessible(page, 'saved servers: remove question');
});
