// axe-core (WCAG 2.0–2.2 A and AA rules) on every screen and dialog of the app, in light
// and dark mode: the first-run window, menus, each dialog, a queue in every state, a
// dropped folder opened, a selection, failure details, signed out, leftovers, German, and
// a 320 px wide window. Any serious or critical finding fails the test; every result is
// kept in test-results/axe/results.jsonl (support/axe.ts).

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MiB, writeRandomFile } from '../support/files';
import { expectAccessible } from './support/axe';
import { expect, test } from './support/bridge';
import { openLeftoverUpload } from './support/leftover';
import { queueRow } from './support/queue-row';

test.beforeAll(async () => {
  await rm(new URL('../../test-results/axe/results.jsonl', import.meta.url), { force: true });
});

test('first run, menus and dialogs', async ({ page, app }) => {
  test.setTimeout(90_000);
  await expectAccessible(page, 'empty window');
  await page.getByRole('button', { name: /^Account/ }).click();
  await expectAccessible(page, 'account menu');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Settings' }).click();
  await expectAccessible(page, 'settings dialog');
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Choose folder…' }).click();
  await expect(page.getByRole('dialog', { name: 'Choose a destination folder' }).getByRole('button', { name: /^Media/ })).toBeVisible();
  await expectAccessible(page, 'folder browser');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('dialog', { name: 'Upload history' })).toBeVisible();
  await expectAccessible(page, 'history');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: /^Account/ }).click();
  await page.getByRole('menuitem', { name: 'Sign in to a Nomad server…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in to a Nomad server' });
  await dialog.getByLabel('Server address').fill(app.sandbox.url);
  await dialog.getByLabel('User name').fill('demo');
  await dialog.getByLabel('Password').fill('wrong');
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Wrong user name or password.');
  await expectAccessible(page, 'sign-in: wrong password');

  await openLeftoverUpload(app.sandbox.url, 'A004_C001_0416_interview.mov', 40 * MiB);
  await page.reload();
  await page.getByRole('button', { name: 'Review…' }).click();
  await expect(page.getByRole('dialog', { name: 'Unfinished uploads on the server' })).toBeVisible();
  await expectAccessible(page, 'leftovers dialog');
  await page.getByRole('button', { name: 'Discard all…' }).click();
  await expectAccessible(page, 'leftovers: confirm discard all');
});

test('a queue in every state, its dialogs, and the same in German and at 320 px', async ({ page, app }) => {
  test.setTimeout(150_000);
  const file = (name: string) => join(app.filesDir, name);
  await writeRandomFile(file('A002_C005_0412.mov'), MiB);
  app.pickNext([file('A002_C005_0412.mov')]);
  await page.getByRole('button', { name: 'Add files…' }).first().click();
  await expect(queueRow(page, 'A002_C005_0412.mov', 'Done')).toBeVisible();
  await page.getByRole('button', { name: 'Clear finished' }).click();

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Bandwidth unit' }).selectOption('MB/s');
  await page.getByLabel('Bandwidth limit').fill('6');
  await page.getByRole('button', { name: 'Save' }).click();

  const sizes: Record<string, number> = {
    'A001_C001_0412.mov': MiB,
    'A002_C005_0412.mov': MiB,
    'B001_C010_0413_drone.mov': 120 * MiB,
    'B001_C011_0413_drone.mov': 64 * MiB,
    'interview_take2.wav': 32 * MiB,
    'ראיון עם הבמאית — צילום שני.mov': MiB,
  };
  for (const [name, size] of Object.entries(sizes)) await writeRandomFile(file(name), size);
  await writeRandomFile(join(app.filesDir, 'card-C', 'CLIP0001.MXF'), MiB);
  await writeRandomFile(join(app.filesDir, 'card-C', 'sub', 'CLIP0002.MXF'), 2 * MiB);
  app.pickNext(Object.keys(sizes).map(file));
  await page.getByRole('button', { name: 'Add files…' }).first().click();
  const question = page.getByRole('dialog', { name: '“A002_C005_0412.mov” already exists on the server' });
  await expect(question).toBeVisible();
  await expectAccessible(page, 'conflict dialog');
  await page.getByRole('button', { name: 'Decide later', exact: true }).click();
  await app.dropFolder(join(app.filesDir, 'card-C'));
  await page.getByRole('button', { name: 'Cancel interview_take2.wav' }).click();
  await page.getByRole('button', { name: 'Pause B001_C011_0413_drone.mov' }).click();
  // The injected fault answers the next upload start, whoever sends it: every other small
  // file has started (and finished) first, so it is A003's start that is refused.
  await expect(queueRow(page, 'A001_C001_0412.mov', 'Done')).toBeVisible();
  await expect(queueRow(page, 'ראיון עם הבמאית — צילום שני.mov', 'Done')).toBeVisible();
  await expect(page.getByRole('listitem', { name: /^card-C, folder, .+, 2 of 2 files done, / })).toBeVisible();
  app.sandbox.faults.add({ kind: 'api-status', route: 'start', status: 400, times: 1 });
  await writeRandomFile(file('A003_C002_0412.mov'), MiB);
  await app.dropFiles([file('A003_C002_0412.mov')]);
  await expect(queueRow(page, 'A003_C002_0412.mov', 'Failed')).toBeVisible();
  await expectAccessible(page, 'queue: every state');

  await page.getByRole('button', { name: 'Show the files of card-C' }).click();
  await expectAccessible(page, 'queue: dropped folder opened');
  await page.getByRole('checkbox', { name: 'Select B001_C010_0413_drone.mov' }).check();
  await page.getByRole('checkbox', { name: /^Select all 2 files of card-C/ }).check();
  await expectAccessible(page, 'queue: selection');
  await page.getByRole('button', { name: 'Clear selection' }).click();

  await page.getByRole('button', { name: 'Why A003_C002_0412.mov failed' }).click();
  await expect(page.getByRole('dialog', { name: 'Why this file did not upload' })).toBeVisible();
  await expectAccessible(page, 'failure details');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Remove failed…' }).click();
  await expectAccessible(page, 'confirm: remove failed');
  await page.getByRole('button', { name: 'Keep them' }).click();

  await page.getByRole('button', { name: 'Failed 1' }).click();
  await page.getByRole('searchbox', { name: 'Search by name' }).fill('nothing like this');
  await expectAccessible(page, 'queue: nothing matches');
  await page.getByRole('button', { name: 'Show all' }).click();

  await page.setViewportSize({ width: 320, height: 640 });
  await expectAccessible(page, 'queue at 320 px');
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Language of the app' }).selectOption('de');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Dateien hinzufügen…' })).toBeVisible();
  await expectAccessible(page, 'queue in German');
  await page.getByRole('button', { name: 'Einstellungen' }).click();
  await expectAccessible(page, 'settings in German');
});

test('signed out with the queue kept', async ({ page, app }) => {
  await page.getByRole('button', { name: /^Account/ }).click();
  await page.getByRole('menuitem', { name: 'Sign in to a Nomad server…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in to a Nomad server' });
  await dialog.getByLabel('Server address').fill(app.sandbox.url);
  await dialog.getByLabel('User name').fill('demo');
  await dialog.getByLabel('Password').fill('demo');
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Bandwidth unit' }).selectOption('MB/s');
  await page.getByLabel('Bandwidth limit').fill('2');
  await page.getByRole('button', { name: 'Save' }).click();
  await writeRandomFile(join(app.filesDir, 'A005_C001_0417.mov'), 16 * MiB);
  await app.dropFiles([join(app.filesDir, 'A005_C001_0417.mov')]);
  await expect(queueRow(page, 'A005_C001_0417.mov', 'Uploading')).toBeVisible();
  await page.getByRole('button', { name: /^Account/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('region', { name: 'Signed out' })).toBeVisible();
  await expectAccessible(page, 'signed out, queue kept');
});
