// Dropping files and folders on the window. Playwright cannot start an OS drag, so, as
// TOOLCHAIN.md describes: real files are loaded through a hidden <input type=file> (Chromium
// backs them with the files on disk), moved into a DataTransfer, and dragenter / dragover /
// drop are dispatched on the page. Each File is recorded with its absolute path in the
// bridge's WeakMap, so window.uploader.getPathForFile answers as webUtils does in Electron.
// (The same File object reaches the drop listener through DataTransfer.files: checked.)

import { stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import type { JSHandle, Page } from '@playwright/test';
import { WIRING } from './page-bridge';

export async function dropFiles(page: Page, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    if (!isAbsolute(path) || !(await stat(path)).isFile()) throw new Error(`dropFiles needs absolute paths of files: ${path}`);
  }
  const input = await page.evaluateHandle(() => {
    const element = document.createElement('input');
    element.type = 'file';
    element.multiple = true;
    element.hidden = true;
    document.body.append(element);
    return element;
  });
  await input.setInputFiles([...paths]);
  const dataTransfer = await page.evaluateHandle(
    ({ input, paths, registry }) => {
      const files = [...(input.files ?? [])];
      const known = (window as unknown as Record<string, WeakMap<File, string>>)[registry];
      const transfer = new DataTransfer();
      files.forEach((file, index) => {
        const path = paths[index] ?? '';
        // setInputFiles keeps the order it was given; make sure, since a wrong pairing
        // would upload one file under another's name.
        if (path.split(/[\\/]/).pop() !== file.name) throw new Error(`file ${index} is ${file.name}, expected ${path}`);
        known?.set(file, path);
        transfer.items.add(file);
      });
      input.remove();
      return transfer;
    },
    { input, paths: [...paths], registry: WIRING.paths },
  );
  await dispatchDrop(page, dataTransfer);
}

/**
 * Emulates dropping a folder. In Electron a dropped folder arrives as ONE File entry (named
 * like the folder, size 0, no type) whose webUtils.getPathForFile is the folder's path, and
 * the app enqueues that path (main walks the folder). Chromium's file input cannot produce
 * such an entry, so this creates a synthetic File named like the folder and records the
 * folder's real path for it: what is emulated is only the File → path lookup, everything
 * after it (enqueuePaths, the walk, the uploads) is the real app.
 */
export async function dropFolder(page: Page, folderPath: string): Promise<void> {
  if (!isAbsolute(folderPath) || !(await stat(folderPath)).isDirectory()) {
    throw new Error(`dropFolder needs the absolute path of a folder: ${folderPath}`);
  }
  const dataTransfer = await page.evaluateHandle(
    ({ name, path, registry }) => {
      const entry = new File([], name);
      (window as unknown as Record<string, WeakMap<File, string>>)[registry]?.set(entry, path);
      const transfer = new DataTransfer();
      transfer.items.add(entry);
      return transfer;
    },
    { name: basename(folderPath), path: folderPath, registry: WIRING.paths },
  );
  await dispatchDrop(page, dataTransfer);
}

/** The event sequence of a drag that enters the window and is released over it. */
async function dispatchDrop(page: Page, dataTransfer: JSHandle<DataTransfer>): Promise<void> {
  const target = page.locator('body');
  for (const type of ['dragenter', 'dragover', 'drop'] as const) {
    await target.dispatchEvent(type, { dataTransfer });
  }
  await dataTransfer.dispose();
}
