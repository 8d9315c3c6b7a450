// A person signs in to a Nomad server (the sandbox plays the real server) and mistypes the
// password first: the dialog says so plainly and keeps the address; the right password works.

import { expect, test } from './support/bridge';
import { saveDocScreenshot } from './support/doc-screenshot';

test('a wrong password is shown clearly; the right one signs in', async ({ page, app }) => {
  const host = new URL(app.sandbox.url).host;
  await page.getByRole('button', { name: 'Account' }).click();
  await page.getByRole('menuitem', { name: 'Sign in to a Nomad server…' }).click();

  const dialog = page.getByRole('dialog', { name: 'Sign in to a Nomad server' });
  await dialog.getByLabel('Server address').fill(app.sandbox.url);
  await dialog.getByLabel('User name').fill('demo');
  await dialog.getByLabel('Password').fill('wrong');
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();

  await expect(dialog.getByRole('alert')).toHaveText('Wrong user name or password.');
  // What was typed stays, except the password; focus waits in the password field.
  await expect(dialog.getByLabel('Server address')).toHaveValue(app.sandbox.url);
  await expect(dialog.getByLabel('Password')).toHaveValue('');
  await expect(dialog.getByLabel('Password')).toBeFocused();
  await saveDocScreenshot(page, 'sign-in');

  await dialog.getByLabel('Password').fill('demo');
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();

  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText(`Signed in to ${host} as demo`);
  // The header no longer says "Local sandbox": uploads now go to the server.
  await expect(page.getByText('Local sandbox — files stay on this computer')).toBeHidden();
  await expect(page.getByTitle(app.sandbox.url)).toHaveText(`${host}demo`);
  await page.getByRole('button', { name: 'Account' }).click();
  await expect(page.getByText('Signed in as demo')).toBeVisible();
});
