// A person pauses a large upload, sees that nothing more is sent, and resumes it: the upload
// continues where it stopped and the server ends up with exactly the file's bytes.

import { join } from 'node:path';
import { CONCURRENCY_LIMITS } from '../../shared/limits';
import { MiB, writeRandomFile } from '../support/files';
import { expect, test } from './support/bridge';
import { saveDocScreenshot } from './support/doc-screenshot';
import { queueRow } from './support/queue-row';

const SIZE = 200 * MiB;
const PART = 8 * MiB;
/** Parts in flight at once (the default of Settings → Parallel transfers): the most a pause can cut off. */
const PARTS_IN_FLIGHT = CONCURRENCY_LIMITS.default;

test('pause and resume a 200 MiB upload', async ({ page, app }) => {
  test.setTimeout(90_000);
  // A bandwidth limit keeps the upload running long enough to pause it halfway.
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Bandwidth unit' }).selectOption('MB/s');
  await page.getByLabel('Bandwidth limit').fill('40');
  await saveDocScreenshot(page, 'settings');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();

  const path = join(app.filesDir, 'B002_C011_0413_drone.mov');
  const sha256 = await writeRandomFile(path, SIZE);
  await app.dropFiles([path]);
  await expect(queueRow(page, 'B002_C011_0413_drone.mov', 'Uploading')).toBeVisible();
  await expect.poll(() => app.sandbox.stats().partBytesReceived, { timeout: 20_000 }).toBeGreaterThan(40 * MiB);

  await page.getByRole('button', { name: 'Pause B002_C011_0413_drone.mov' }).click();
  await expect(queueRow(page, 'B002_C011_0413_drone.mov', 'Paused')).toBeVisible();
  await expect(queueRow(page, 'B002_C011_0413_drone.mov').getByText(/^Paused at \d+%$/)).toBeVisible();

  // Parts cut off by the pause may still be draining: wait until storage has answered every
  // PUT that reached it (aborted or done). After that, not one more byte.
  const answered = () => {
    const stats = app.sandbox.stats();
    return Object.values(stats.partPutsByStatus).reduce((sum, n) => sum + n, 0) === stats.partPuts;
  };
  await expect.poll(answered, { timeout: 20_000 }).toBe(true);
  const atPause = app.sandbox.stats().partBytesReceived;
  await page.waitForTimeout(1_500);
  expect(app.sandbox.stats().partBytesReceived).toBe(atPause);
  expect(atPause).toBeLessThan(SIZE);

  await page.getByRole('button', { name: 'Resume B002_C011_0413_drone.mov' }).click();
  await expect(queueRow(page, 'B002_C011_0413_drone.mov', 'Done')).toBeVisible({ timeout: 30_000 });

  const stored = await app.sandbox.assets();
  expect(stored).toEqual([expect.objectContaining({ path: 'Incoming/B002_C011_0413_drone.mov', size: SIZE, sha256 })]);
  // Resume re-sends only the parts that were in flight when paused, never confirmed ones.
  expect(app.sandbox.stats().partBytesReceived).toBeLessThanOrEqual(SIZE + PARTS_IN_FLIGHT * PART);
  expect(app.sandbox.stats().cancels).toBe(0);
});
