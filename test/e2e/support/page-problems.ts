// Collects what should never happen in the page: uncaught exceptions and console errors
// (a CSP violation, a React error, a failed asset load all land there).

import type { Page } from '@playwright/test';

export function watchPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  return problems;
}
