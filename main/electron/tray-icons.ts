// Which tray image files each OS gets (plain data, no Electron: the packaging test checks
// that each is shipped).

import { join } from 'node:path';

/**
 * The icon files each OS wants: macOS a black-and-alpha *template* (the menu bar tints it
 * for light and dark, and for the highlighted state); Windows an .ico with every size the
 * notification area asks for at each display scale; Linux PNGs (AppIndicator takes PNG;
 * `@2x` files are picked up for HiDPI).
 */
export function trayIconFiles(platform: NodeJS.Platform, resourcesDir: string): { idle: string; active: string } {
  switch (platform) {
    case 'darwin':
      return { idle: join(resourcesDir, 'trayTemplate.png'), active: join(resourcesDir, 'tray-activeTemplate.png') };
    case 'win32':
      return { idle: join(resourcesDir, 'tray.ico'), active: join(resourcesDir, 'tray-active.ico') };
    default:
      return { idle: join(resourcesDir, 'tray.png'), active: join(resourcesDir, 'tray-active.png') };
  }
}
