// Fails the run early, with the fix, when what the e2e tests need is missing.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_PATH } from './chromium';
import { RENDERER_DIR } from './paths';

export default function globalSetup(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium (never \`playwright install\` here).`);
  }
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error('out/renderer is not built: run `npm run build` (or `npx electron-vite build`) first.');
  }
}
