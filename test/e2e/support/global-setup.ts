// Fails the run early, with the fix, when the built app is missing. What each project needs
// beyond that is its own setup (Chromium: chromium.setup.ts); nothing here may ask for a
// browser, or the Electron-only run (`--project=electron`) could not start without one.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MAIN_ENTRY, RENDERER_DIR } from './paths';

export default function globalSetup(): void {
  for (const built of [join(RENDERER_DIR, 'index.html'), MAIN_ENTRY]) {
    if (!existsSync(built)) throw new Error(`${built} is not built: run \`npm run build\` first.`);
  }
}
