// The window in another language, chosen in Settings: every word German, sizes and speeds
// written the German way; names in any script shown in their own direction.

import { join } from 'node:path';
import { MiB, writeRandomFile } from '../support/files';
import { expect, test } from './support/bridge';
import { saveDocScreenshot } from './support/doc-screenshot';

test('German, chosen in Settings, with numbers and dates the German way', async ({ page, app }) => {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Language of the app' }).selectOption('de');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { name: 'Dateien oder Ordner zum Hochladen ablegen' })).toBeVisible();

  await page.getByRole('button', { name: 'Einstellungen' }).click();
  await page.getByRole('combobox', { name: 'Einheit der Bandbreite' }).selectOption('MB/s');
  await page.getByLabel('Bandbreitenlimit').fill('6');
  await page.getByRole('button', { name: 'Speichern' }).click();
  const files = { 'Interview_Müller_Teil_1.mov': 96 * MiB, 'Drohne_Übersicht.mov': 2 * MiB, 'Tonaufnahme_Straße.wav': MiB };
  for (const [name, size] of Object.entries(files)) await writeRandomFile(join(app.filesDir, name), size);
  await writeRandomFile(join(app.filesDir, 'Karte-A', 'CLIP0001.MXF'), MiB);
  await writeRandomFile(join(app.filesDir, 'Karte-A', 'CLIP0002.MXF'), MiB);
  await app.dropFiles(Object.keys(files).map((n) => join(app.filesDir, n)));
  await app.dropFolder(join(app.filesDir, 'Karte-A'));
  await expect(page.getByRole('listitem', { name: /^Drohne_Übersicht\.mov, 2,1 MB, Fertig, Hochgeladen um \d\d:\d\d$/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('listitem', { name: /^Karte-A, Ordner, 2,1 MB, 2 von 2 Dateien fertig, Alle Dateien hochgeladen$/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('listitem', { name: /^Interview_Müller_Teil_1\.mov, 101 MB, Lädt hoch, \d+ % · [\d,]+ MB\/s/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Alle pausieren' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Mitteilungen' })).toHaveCount(0);
  await saveDocScreenshot(page, 'german');
});

test('names in right-to-left scripts keep their own direction', async ({ page, app }) => {
  const name = 'ראיון עם הבמאית — צילום שני.mov';
  await writeRandomFile(join(app.filesDir, name), MiB);
  await app.dropFiles([join(app.filesDir, name)]);
  const shown = page.getByRole('listitem', { name: new RegExp(`^${name}, `) }).locator('bdi.file-name');
  await expect(shown).toHaveAttribute('dir', 'auto');
  // Laid out right to left, isolated from the English around it.
  expect(await shown.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
});
