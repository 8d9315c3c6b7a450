// Reflow at 320 CSS px (a 640 px window at 200 % zoom): WCAG 1.4.10 says nothing may need
// sideways scrolling and every control stays on screen. Used by every spec that checks it.

import type { Page } from '@playwright/test';

/** Whether the page scrolls sideways, and which visible controls stick out of the window. */
export async function overflow(page: Page): Promise<{ scrollsSideways: boolean; outside: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const outside = [...document.querySelectorAll<HTMLElement>('button, input, select, [role="listitem"]')]
      .filter((el) => el.offsetParent !== null && !el.closest('.visually-hidden'))
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && (box.left < -1 || box.right > width + 1);
      })
      .map((el) => el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName);
    return { scrollsSideways: document.documentElement.scrollWidth > width || document.body.scrollWidth > width, outside };
  });
}
