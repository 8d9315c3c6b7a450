// Where the window's page comes from: the built index.html, or under `electron-vite dev` the
// dev server named by ELECTRON_RENDERER_URL. The packaged app never honours that variable:
// whoever could set it would make the signed app show their page with the whole
// window.uploader API (the sender check trusts the dev server, the strict CSP is relaxed for
// it). Same gate as electron-vite's guide: `!app.isPackaged`.

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type RendererLocation =
  | { kind: 'file'; path: string; url: string }
  | { kind: 'dev-server'; url: string; origin: string };

export interface RendererLocationOptions {
  isPackaged: boolean;
  /** process.env.ELECTRON_RENDERER_URL */
  devServerUrl: string | undefined;
}

/** @param outDir the built app's out/ folder (inside app.asar when packaged) */
export function rendererLocation(outDir: string, options: RendererLocationOptions): RendererLocation {
  const devServer = options.isPackaged ? null : httpUrl(options.devServerUrl);
  if (devServer) return { kind: 'dev-server', url: devServer.href, origin: devServer.origin };
  const path = join(outDir, 'renderer', 'index.html');
  return { kind: 'file', path, url: pathToFileURL(path).href };
}

function httpUrl(value: string | undefined): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
