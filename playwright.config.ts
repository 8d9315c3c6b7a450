// End-to-end tests: the built renderer in Debian's Chromium, bridged to the real service and
// a sandbox server (test/e2e/support/bridge.ts); plus the Electron smoke test, which runs
// only where an Electron binary is installed. Build first: `npm run build`.
//
// Two projects, so each run needs only what it uses: `chromium` (every spec but the smoke
// test) depends on a setup that checks Debian's Chromium; `electron` (the smoke test alone,
// `npx playwright test --project=electron`) needs no Chromium at all — that is what the
// Windows and macOS CI jobs run.

import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/e2e/support/chromium';
import { QUIET_TEST_ENV } from './test/support/quiet-output';

// Workers (and the sandbox each one starts) inherit the runner's environment.
Object.assign(process.env, QUIET_TEST_ENV);

const ELECTRON_SMOKE = /electron-smoke\.spec\.ts$/;

export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/e2e/support/global-setup.ts',
  // Its own folder: Playwright empties outputDir at start, and test-results/ holds other reports.
  outputDir: 'test-results/e2e',
  // Two cores: the browser, the engine and the sandbox already share them.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
    locale: 'en-US',
    timezoneId: 'UTC',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'chromium-available', testMatch: /support\/chromium\.setup\.ts$/ },
    {
      name: 'chromium',
      testIgnore: ELECTRON_SMOKE,
      dependencies: ['chromium-available'],
      use: { launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } },
    },
    { name: 'electron', testMatch: ELECTRON_SMOKE },
  ],
});
