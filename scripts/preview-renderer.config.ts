// Dev-only: builds the renderer alone (no Electron) into /tmp/renderer-preview so it can be
// opened in Chromium with a fake window.uploader (scripts/preview-renderer-fake.ts) for
// screenshots. The app's own build is electron.vite.config.ts.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: resolve(import.meta.dirname, '../renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: '/tmp/renderer-preview',
    emptyOutDir: true,
  },
});
