// Finds a file's row in the queue the way a screen reader does: a list item whose accessible
// name starts with the file name (rows are labelled "name, size, state, detail").

import type { Locator, Page } from '@playwright/test';

export function queueRow(page: Page, fileName: string): Locator {
  const escaped = fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page
    .getByRole('list', { name: /^Upload queue/ })
    .getByRole('listitem', { name: new RegExp(`^${escaped}, `) });
}
