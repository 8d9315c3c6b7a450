// A person at 200 % zoom (a 640 px window is 320 CSS px wide) or in a small window, and a
// person using only the keyboard: nothing scrolls sideways, every control is on screen,
// toasts never cover a dialog, and focus lands somewhere sensible after every action.

import { join } from 'node:path';
import { MiB, writeRandomFile } from '../support/files';
import { expect, test } from './support/bridge';
import { overflow } from './support/overflow';
import { queueRow } from './support/queue-row';

test('at 320 CSS px the queue reflows: no sideways scrolling, account menu and row actions on screen', async ({ page, app }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await expect(page.getByRole('heading', { name: 'Drop files or folders to upload' })).toBeVisible();
  expect(await overflow(page)).toEqual({ scrollsSideways: false, outside: [] });

  const names = ['A001_C001_0412_a_rather_long_interview_name_take_3.mov', 'A001_C002_0412.mov'];
  for (const name of names) await writeRandomFile(join(app.filesDir, name), MiB);
  await page.getByRole('button', { name: /^Account/ }).click();
  await page.keyboard.press('Escape');
  await app.dropFiles(names.map((n) => join(app.filesDir, n)));
  await expect(queueRow(page, names[0]!, 'Done')).toBeVisible();
  expect(await overflow(page)).toEqual({ scrollsSideways: false, outside: [] });
  await expect(page.getByRole('button', { name: `Remove ${names[0]}` })).toBeInViewport();
  await expect(page.getByRole('button', { name: /^Account/ })).toBeInViewport();

  await page.getByRole('button', { name: 'Settings' }).click();
  expect(await overflow(page)).toEqual({ scrollsSideways: false, outside: [] });
  // The long name is cut in the middle: its end and extension stay readable.
  await page.keyboard.press('Escape');
  await expect(queueRow(page, names[0]!).locator('.file-name-tail')).toHaveText('take_3.mov');
});

test('below 980 px the Decide button never covers the row’s text; toasts never cover a dialog', async ({ page, app }) => {
  await page.setViewportSize({ width: 720, height: 480 });
  const path = join(app.filesDir, 'A002_C005_0412.mov');
  await writeRandomFile(path, MiB);
  await app.dropFiles([path]);
  await expect(queueRow(page, 'A002_C005_0412.mov', 'Done')).toBeVisible();
  await page.getByRole('button', { name: 'Clear finished' }).click();
  await writeRandomFile(path, MiB + 1);
  await app.dropFiles([path]);
  const question = page.getByRole('dialog', { name: '“A002_C005_0412.mov” already exists on the server' });
  await expect(question).toBeVisible();
  // A toast arrives while the question is open (a file that is gone fails at once).
  await page.evaluate((p) => window.uploader.enqueuePaths({ paths: [p] }), join(app.filesDir, 'missing-file.mov'));
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('missing-file.mov failed');
  const replace = question.getByRole('radio', { name: 'Replace', exact: true });
  await replace.check();
  const confirm = question.getByRole('button', { name: 'Replace', exact: true });
  await expect(confirm).toBeInViewport();
  // What is on top at the centre of the button is the button.
  expect(await confirm.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return el.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
  })).toBe(true);
  await question.getByRole('button', { name: 'Decide later', exact: true }).click();

  const row = queueRow(page, 'A002_C005_0412.mov', 'Needs decision');
  const decide = row.getByRole('button', { name: /^Decide/ });
  const caption = row.locator('.job-caption');
  const [d, c] = [await decide.boundingBox(), await caption.boundingBox()];
  expect(d !== null && c !== null && (d.x >= c.x + c.width || d.y >= c.y + c.height || c.y >= d.y + d.height)).toBe(true);
});

test('keyboard: focus stays with the file after Pause, Resume, Cancel, Retry and Remove', async ({ page, app }) => {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Bandwidth unit' }).selectOption('MB/s');
  await page.getByLabel('Bandwidth limit').fill('2');
  await page.getByRole('button', { name: 'Save' }).click();
  const names = ['K001.mov', 'K002.mov'];
  for (const name of names) await writeRandomFile(join(app.filesDir, name), 16 * MiB);
  await app.dropFiles(names.map((n) => join(app.filesDir, n)));
  await expect(queueRow(page, 'K001.mov', 'Uploading')).toBeVisible();

  await page.getByRole('button', { name: 'Pause K001.mov' }).focus();
  await page.keyboard.press('Enter');
  await expect(queueRow(page, 'K001.mov', 'Paused')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resume K001.mov' })).toBeFocused();
  await expect(page.locator('[aria-live="polite"]')).toContainText('Paused K001.mov');

  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Pause K001.mov' })).toBeFocused();
  await expect(page.locator('[aria-live="polite"]')).toContainText('Resumed K001.mov');

  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Cancel K001.mov' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(queueRow(page, 'K001.mov', 'Cancelled')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Retry K001.mov' })).toBeFocused();
  await expect(page.locator('[aria-live="polite"]')).toContainText('Cancelled K001.mov');

  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Remove K001.mov' })).toBeFocused();
  await page.keyboard.press('Enter');
  // The row is gone: focus moves to the file that took its place, not to the page.
  await expect(queueRow(page, 'K002.mov')).toBeFocused();
  await expect(page.locator('[aria-live="polite"]')).toContainText('Removed K001.mov');
});

test('keyboard: Clear finished keeps focus in the queue and says what it cleared', async ({ page, app }) => {
  const path = join(app.filesDir, 'done.mov');
  await writeRandomFile(path, MiB);
  await app.dropFiles([path]);
  await expect(queueRow(page, 'done.mov', 'Done')).toBeVisible();
  await page.evaluate((p) => window.uploader.enqueuePaths({ paths: [p] }), join(app.filesDir, 'gone.mov'));
  await expect(queueRow(page, 'gone.mov', 'Failed')).toBeVisible();

  await page.getByRole('button', { name: 'Clear finished' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Cleared 1 upload: 1 done, 0 cancelled.');
  // Failed files are not "finished": they stay until removed, and focus stays in the bar.
  await expect(queueRow(page, 'gone.mov', 'Failed')).toBeVisible();
  await expect(page.getByRole('group', { name: 'Bulk actions' }).locator(':focus')).toHaveCount(1);
});
