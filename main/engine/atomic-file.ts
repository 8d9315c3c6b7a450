import { open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeDirs } from './make-dirs';

/** The file's text, or null when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Replaces a file atomically (temp file + fsync + rename + directory fsync), so a crash
 * leaves either the old or the new content, never a torn one.
 */
export async function replaceAtomically(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  await makeDirs(dir);
  const temp = `${path}.tmp`;
  const file = await open(temp, 'w');
  try {
    await file.writeFile(text, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
  await syncDirectory(dir);
}

/** A new or renamed directory entry is durable only once the directory is flushed. Windows cannot open directories: skip there. */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
