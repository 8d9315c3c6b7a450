// Main-thread tasks over 50 ms in the page ("longtask" entries: what a person feels as
// jank), recorded while `during` runs. Returns their durations in milliseconds.

import type { Page } from '@playwright/test';

interface Recorder {
  observer: PerformanceObserver;
  durations: number[];
}

const KEY = '__e2eLongTasks';

export async function recordLongTasks(page: Page, during: () => Promise<void>): Promise<number[]> {
  await page.evaluate((key) => {
    const durations: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) durations.push(entry.duration);
    });
    observer.observe({ type: 'longtask' });
    (window as unknown as Record<string, Recorder>)[key] = { observer, durations };
  }, KEY);
  await during();
  return page.evaluate(
    (key) =>
      // Entries are delivered after the task ends: wait a frame, then take what is pending.
      new Promise<number[]>((resolve) => {
        requestAnimationFrame(() =>
          setTimeout(() => {
            const { observer, durations } = (window as unknown as Record<string, Recorder>)[key]!;
            for (const entry of observer.takeRecords()) durations.push(entry.duration);
            observer.disconnect();
            resolve(durations);
          }, 0),
        );
      }),
    KEY,
  );
}
