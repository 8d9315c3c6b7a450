// Screenshots for the README, taken by the e2e run itself so they always show the current
// UI. Overwritten on every run; the viewport (1280×800, scale 1) is fixed in the config.

import type { Page } from '@playwright/test';
import { DOCS_DIR } from './paths';

export async function saveDocScreenshot(page: Page, name: string): Promise<void> {
  // Spinners and transitions frozen, no blinking caret: fewer noisy diffs between runs.
  await page.screenshot({ path: `${DOCS_DIR}${name}.png`, animations: 'disabled', caret: 'hide' });
}
