// Electron main process entry. It knows where the built bundles and resources are (from its
// own location: out/main/index.js); everything else is main/electron/desktop-app.ts.

import { app } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchDesktopApp } from './electron/desktop-app';
import { capHeapGrowth } from './engine/heap-growth';
import { useKeepAliveDispatcher } from './engine/keep-alive';

capHeapGrowth();
useKeepAliveDispatcher();
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');

void launchDesktopApp({
  outDir,
  // Packaged, resources are copied beside app.asar (electron-builder.yml extraResources).
  resourcesDir: app.isPackaged ? join(process.resourcesPath, 'resources') : join(outDir, '..', 'resources'),
  platform: process.platform,
  commandLine: { argv: process.argv, workingDirectory: process.cwd(), defaultApp: process.defaultApp === true },
  execPath: process.execPath,
  rendererUrl: process.env.ELECTRON_RENDERER_URL,
});
