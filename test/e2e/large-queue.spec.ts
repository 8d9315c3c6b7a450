// A person drops a memory card with 10,000 small files, pauses everything, opens the card's
// line and scrolls all of it: scrolling stays smooth because only the rows in view are in
// the page.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './support/bridge';
import { recordLongTasks } from './support/long-tasks';
import { queueRow } from './support/queue-row';

const FILES = 10_000;
const nameOf = (i: number): string => `clip-${String(i).padStart(5, '0')}.txt`;

test('10,000 queued files scroll without jank', async ({ page, app }) => {
  test.setTimeout(90_000);
  const card = join(app.filesDir, 'card-B');
  await mkdir(card);
  for (let start = 0; start < FILES; start += 500) {
    await Promise.all(
      Array.from({ length: 500 }, (_, k) => start + k).map((i) => writeFile(join(card, nameOf(i)), 'x'.repeat(1 + (i % 1000)))),
    );
  }

  await app.dropFolder(card);
  await expect(page.getByRole('button', { name: 'All 10,000' })).toBeVisible({ timeout: 20_000 });
  // Hold the uploads (a few small files finish first) so that scrolling is measured alone.
  await page.getByRole('button', { name: 'Pause all' }).click();
  const paused = page.getByRole('heading', { name: /^Paused — [\d,]+ files$/ });
  await expect(paused).toBeVisible({ timeout: 20_000 });
  // Every paused upload is written to the journal (it resumes after a restart); once all
  // are, the app is quiet.
  const pausedCount = Number((await paused.textContent())?.replace(/\D/g, ''));
  expect(pausedCount).toBeGreaterThan(FILES - 500);
  await expect.poll(() => app.journalRecords(), { timeout: 30_000 }).toBe(pausedCount);

  const list = page.getByRole('list', { name: /^Upload queue/ });
  // The card is one line; opened, its 10,000 files are listed under it.
  await page.getByRole('button', { name: 'Show the files of card-B' }).click();
  await expect(queueRow(page, nameOf(0))).toBeVisible();
  const scrollToTheEnd = async (): Promise<void> => {
    // A fast spin of the mouse wheel over the list, then End from a row in view.
    await list.hover();
    for (let step = 0; step < 50; step += 1) {
      await page.mouse.wheel(0, 400);
      await page.waitForTimeout(16);
    }
    await list.getByRole('listitem').first().focus();
    await page.keyboard.press('End');
    await expect(queueRow(page, nameOf(FILES - 1))).toBeVisible();
  };
  // Up to three scrolls from the top: another process on a shared 2-core machine can stall
  // any one of them, while jank caused by the app shows in every one.
  const scrolls: number[][] = [];
  while (scrolls.length < 3 && !scrolls.some((tasks) => tasks.every((ms) => ms <= 100))) {
    if (scrolls.length > 0) {
      await page.keyboard.press('Home');
      await expect(queueRow(page, nameOf(0))).toBeVisible();
    }
    scrolls.push(await recordLongTasks(page, scrollToTheEnd));
  }

  const smooth = scrolls.filter((tasks) => tasks.every((ms) => ms <= 100));
  expect(smooth.length, `long tasks (ms) in each scroll: ${JSON.stringify(scrolls)}`).toBeGreaterThan(0);
  // Virtualized: a window of rows, not 10,000.
  expect(await list.getByRole('listitem').count()).toBeLessThan(40);
  // The folder's line first, then its files.
  await expect(queueRow(page, nameOf(FILES - 1))).toHaveAttribute('aria-posinset', String(FILES + 1));
});
