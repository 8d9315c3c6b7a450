// axe-core on the page as it is now, in light and dark: every WCAG 2.x A/AA rule axe has.
// A serious or critical violation fails the test (with the rule, the impact and the first
// elements it found); every result is also appended to test-results/axe/results.jsonl, one
// line per state and colour scheme, which is where the closing figures of a run come from.

import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const RESULTS = fileURLToPath(new URL('../../../test-results/axe/results.jsonl', import.meta.url));
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const BLOCKING = new Set(['serious', 'critical']);

export interface AxeFinding {
  rule: string;
  impact: string;
  nodes: number;
  targets: string[];
}

async function scan(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? 'unknown',
    nodes: v.nodes.length,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
  }));
}

/** Resolves once every running CSS transition and animation has finished (spinners run forever: skipped). */
async function settled(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
}

/** Scans the current state in light and dark mode; a serious or critical finding fails the test (softly: the other states are still scanned). */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  await mkdir(dirname(RESULTS), { recursive: true });
  const failures: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    // Colours change with a short transition: measure the colours the scheme settles on.
    await settled(page);
    const findings = await scan(page);
    await appendFile(RESULTS, `${JSON.stringify({ state, colorScheme, at: new Date().toISOString(), findings })}\n`);
    for (const f of findings) {
      if (BLOCKING.has(f.impact)) failures.push(`${colorScheme}: ${f.rule} (${f.impact}, ${f.nodes} elements: ${f.targets.join(', ')})`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  expect.soft(failures, `axe findings in "${state}"`).toEqual([]);
}
