// `--journal DIR` checked before anything is uploaded: a journal that cannot be written would
// only show up later as warnings ("cannot be read (EROFS)", "unexpected error: ENOENT mkdir
// …"), after parts went out that no restart could then recognise as ours.

import { randomUUID } from 'node:crypto';
import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { forTerminal } from '../../shared/visible-text';
import { makeDirs } from '../engine/make-dirs';

/** Null when DIR can hold a journal (made if missing); else one sentence saying why not. */
export async function prepareJournalDir(dir: string): Promise<string | null> {
  const shown = forTerminal(dir);
  const existing = await stat(dir).catch(() => null);
  if (existing && !existing.isDirectory()) return `--journal ${shown} is a file, not a folder: give a folder for the journal.`;
  try {
    await makeDirs(dir);
    // Write what a journal writes, then take it away again.
    const probe = join(dir, `.write-check-${randomUUID()}.tmp`);
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    switch (code) {
      case 'EROFS':
        return `--journal ${shown} is on a read-only file system: give a folder that can be written.`;
      case 'EACCES':
      case 'EPERM':
        return `--journal ${shown} cannot be written (permission denied): give a folder you can write to.`;
      case 'ENOTDIR':
      case 'EEXIST':
        return `--journal ${shown} is inside a file, not a folder: give a folder for the journal.`;
      case 'ENOENT':
        // The nearest existing parent refuses new folders (a pseudo file system such as /proc).
        return `--journal ${shown} cannot be made there: give a folder on a disk.`;
      case 'ENOSPC':
      case 'EDQUOT':
        return `--journal ${shown} is on a full disk: free some space or give another folder.`;
      default:
        return `--journal ${shown} cannot be used (${code ?? (error as Error).message}).`;
    }
  }
}
