// Setup of the `chromium` project only (playwright.config.ts): fails the run early, with the
// fix, when Debian's Chromium is missing. The `electron` project does not depend on it, so
// the Electron smoke test runs on machines that have no Debian Chromium (Windows, macOS).

import { existsSync } from 'node:fs';
import { test as setup } from '@playwright/test';
import { CHROMIUM_PATH } from './chromium';

setup('Debian’s Chromium is installed', () => {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium (never \`playwright install\` here).`);
  }
});
