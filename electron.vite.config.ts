import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const CSP_META = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/i;

/**
 * `electron-vite dev` serves the renderer from Vite, which injects inline scripts (the React
 * refresh preamble), inline styles (imported CSS is applied through <style> tags) and an
 * HMR websocket: the strict policy in index.html blocks all three. This relaxes the meta tag
 * for the dev server only (apply: 'serve'); the built renderer keeps the strict policy.
 */
function devRelaxedCsp(): Plugin {
  return {
    name: 'nomad:dev-relaxed-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      if (!CSP_META.test(html)) throw new Error('renderer/index.html has no Content-Security-Policy meta tag to relax');
      return html.replace(CSP_META, (_match, start: string, policy: string, end: string) => {
        const relaxed = policy
          .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
          .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
          .replace("connect-src 'self'", "connect-src 'self' ws:");
        return `${start}${relaxed}${end}`;
      });
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be a single CommonJS file: it cannot import ESM chunks.
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react(), devRelaxedCsp()],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified by default (735 KB); it is loaded from
      // disk on every window open, so ship it minified.
      minify: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
