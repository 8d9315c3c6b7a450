// Every way into a Nomad account from the app, with the sandbox playing the server: a
// two-factor code, a two-factor setup (the server's QR code and setup code shown), a new
// password typed twice, an API key, and single sign-on through the person's own browser.

import { expect, test } from './support/bridge';
import { expectAccessible } from './support/axe';
import { saveDocScreenshot } from './support/doc-screenshot';

async function openSignIn(page: import('@playwright/test').Page) {
  await page.getByRole('button', { name: 'Account' }).click();
  await page.getByRole('menuitem', { name: 'Sign in to a Nomad server…' }).click();
  return page.getByRole('dialog', { name: 'Sign in to a Nomad server' });
}

test('a two-factor account asks for the code; a wrong one is said plainly, the right one signs in', async ({ page, app }) => {
  const dialog = await openSignIn(page);
  await dialog.getByLabel('Server address').fill(app.sandbox.url);
  await dialog.getByLabel('User name').fill('mfa');
  await dialog.getByLabel('Password', { exact: true }).fill('mfa');
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();

  const code = dialog.getByLabel('Two-factor code');
  await expect(code).toBeFocused();
  await expect(dialog.getByText('This account signs in with a second factor.')).toBeVisible();
  await code.fill('111111');
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(dialog.getByText('The two-factor code was refused: it is wrong or has expired.')).toBeVisible();
  await expect(code).toHaveValue('');
  await expectAccessible(page, 'sign-in: two-factor code refused');
  await saveDocScreenshot(page, 'sign-in-two-factor');

  await code.fill('123456');
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText(`Signed in to ${new URL(app.sandbox.url).host} as mfa`);
});

test('two-factor setup shows the QR code and the setup code, then takes the first code', async ({ page, app }) => {
  const dialog = await openSignIn(page);
  await dialog.getByLabel('Server address').fill(app.sandbox.url);
  await dialog.getByLabel('User name').fill('mfa-setup');
  await dialog.getByLabel('Password', { exact: true }).fill('mfa-setup');
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();

  const qr = dialog.getByRole('img', { name: 'QR code to set up two-factor sign-in' });
  await expect(qr).toBeVisible();
  // The image is the server's PNG, decoded: a real bitmap, not a broken-image icon.
  expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(20);
  await expect(dialog.getByLabel('Setup code')).toHaveText('JBSWY3DPEHPK3PXPNOMADSBX');
  await expectAccessible(page, 'sign-in: two-factor setup');
  await saveDocScreenshot(page, 'sign-in-two-factor-setup');

  await dialog.getByLabel('Two-factor code').fill('123456');
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(dialog).toBeHidden();
});

test('a new password is asked for twice; different ones are caught before anything is sent', async ({ page, app }) => {
  const dialog = await openSignIn(page);
  await dialog.getByLabel('Server address').fill(app.sandbox.url);
  await dialog.getByLabel('User name').fill('newpass');
  await dialog.getByLabel('Password', { exact: true }).fill('newpass');
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();

  await expect(dialog.getByLabel('New password', { exact: true })).toBeFocused();
  await dialog.getByLabel('New password', { exact: true }).fill('a-new-password');
  await dialog.getByLabel('New password again').fill('a-new-passwort');
  await dialog.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(dialog.getByText('The two passwords differ. Type the same one twice.')).toBeVisible();
  await expect(dialog.getByLabel('New password again')).toBeFocused();

  await dialog.getByLabel('New password again').fill('a-new-password');
  await dialog.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(dialog).toBeHidden();
  // The server now knows the new password, and only that one.
  const old = await fetch(`${app.sandbox.url}/api/account/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userName: 'newpass', password: 'newpass' }) });
  expect(old.status).toBe(404);
});

test('an API key signs in as its account; a wrong one is refused on the field', async ({ page, app }) => {
  const dialog = await openSignIn(page);
  await dialog.getByLabel('Server address').fill(app.sandbox.url);
  await dialog.getByRole('button', { name: 'Sign in with an API key' }).click();

  const key = dialog.getByLabel('API key');
  await expect(key).toBeFocused();
  await key.fill('not-the-key');
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(dialog.getByText('The server refused this API key.')).toBeVisible();

  await key.fill('demo-api-key');
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText(`Signed in to ${new URL(app.sandbox.url).host} as demo`);

  // Settings → Test connection runs the doctor's checks on this connection.
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('button', { name: 'Test connection' }).click();
  await expect(settings.getByText('The uploader should work with this server.')).toBeVisible();
  await expect(settings.getByText('Signed in with API key as demo.')).toBeVisible();
});

test('single sign-on opens the provider in the browser and continues once it comes back', async ({ page, app }) => {
  const dialog = await openSignIn(page);
  await dialog.getByLabel('Server address').fill(app.sandbox.url);
  await dialog.getByRole('button', { name: 'Sign in with single sign-on' }).click();
  await dialog.getByLabel('Sign-in provider').fill('sandbox');
  await dialog.getByRole('button', { name: 'Continue in browser' }).click();

  await expect(dialog.getByRole('status')).toHaveText(/Finish signing in in your browser/);
  await expect.poll(() => app.openedUrls().length).toBe(1);
  await saveDocScreenshot(page, 'sign-in-sso-waiting');

  // The person's browser: the provider's page, outside the app.
  const browser = await page.context().newPage();
  await browser.goto(app.openedUrls()[0]!);
  await expect(browser.getByRole('heading', { name: 'Sign in to the Nomad sandbox' })).toBeVisible();
  await saveDocScreenshot(browser, 'sign-in-sso-provider');
  await browser.getByRole('link', { name: 'Sign in as demo' }).click();
  await expect(browser.getByRole('heading', { name: 'Signed in' })).toBeVisible();
  await expect(browser.getByText('You can close this tab and go back to Nomad Uploader.')).toBeVisible();
  expect(new URL(browser.url()).hostname).toBe('127.0.0.1');
  await browser.close();

  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText(`Signed in to ${new URL(app.sandbox.url).host} as demo`);
});
