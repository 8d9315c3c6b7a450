// Finds a file's row in the queue the way a screen reader reads it: a list item labelled
// "<name>, <size>, <state>, <detail>" (queue-row.tsx). With a state, only a row in that
// state matches, so `expect(queueRow(page, 'a.mov', 'Done')).toBeVisible()` waits for Done.

import type { Locator, Page } from '@playwright/test';

export type RowState =
  | 'Queued'
  | 'Starting'
  | 'Needs decision'
  | 'Uploading'
  | 'Paused'
  | 'Finishing'
  | 'Done'
  | 'Skipped'
  | 'Failed'
  | 'Cancelled';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function queueRow(page: Page, fileName: string, state?: RowState): Locator {
  const name = state === undefined ? new RegExp(`^${escape(fileName)}, `) : new RegExp(`^${escape(fileName)}, .+?, ${escape(state)}, `);
  return page.getByRole('list', { name: /^Upload queue/ }).getByRole('listitem', { name });
}
