// Where a watched file is, seen from the watch (its relative path, or nothing for what the
// watch leaves out: ignored names, other levels, Uploaded/), and the move into Uploaded/ after
// its upload.

import { basename, extname, join, relative, sep } from 'node:path';
import { ignoredBy } from '../../../shared/ignore-patterns';
import type { WatchEvent } from './watch-events';
import type { EntryStat, WatchFileSystem } from './watch-fs';
import { UPLOADED_FOLDER, type WatchSettings } from './watch-settings';

/** The path inside the watch ('/'-separated, NFC), or null for what the watch leaves out. */
export function watchedPath(root: string, localPath: string, settings: Pick<WatchSettings, 'recursive' | 'ignore' | 'moveUploaded'>): string | null {
  const rel = relative(root, localPath);
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep)) return null;
  const segments = rel.split(sep).map((s) => s.normalize('NFC'));
  if (!settings.recursive && segments.length > 1) return null;
  if (segments.some((segment) => ignoredBy(segment, settings.ignore))) return null;
  const path = segments.join('/');
  // What the watch moved into Uploaded/ is not new work.
  if (settings.moveUploaded && (path === UPLOADED_FOLDER || path.startsWith(`${UPLOADED_FOLDER}/`))) return null;
  return path;
}

/** Into Uploaded/, keeping the file's place; a name taken there gets " (2)", " (3)"… (at most 100). */
export async function moveIntoUploaded(
  fs: WatchFileSystem,
  root: string,
  file: { path: string; localPath: string; stat: EntryStat },
  emit: (event: WatchEvent) => void,
): Promise<void> {
  const target = join(root, UPLOADED_FOLDER, ...file.path.split('/'));
  const ext = extname(target);
  const stem = target.slice(0, target.length - ext.length);
  for (let n = 1; n <= 100; n += 1) {
    const to = n === 1 ? target : `${stem} (${n})${ext}`;
    const exists = await fs.stat(to).catch(() => null);
    if (exists) continue;
    const moved = await fs.move(file.localPath, to).then(
      () => true,
      (error: unknown) => {
        emit({ type: 'warning', code: 'move-failed', message: `${file.path} was uploaded but could not be moved into ${UPLOADED_FOLDER}/ (${describeFsError(error)}).` });
        return false;
      },
    );
    if (moved) emit({ type: 'moved', path: file.path, to: `${UPLOADED_FOLDER}/${relative(join(root, UPLOADED_FOLDER), to).split(sep).join('/')}` });
    return;
  }
  emit({ type: 'warning', code: 'move-failed', message: `${file.path} was uploaded; ${UPLOADED_FOLDER}/ already holds 100 files of that name (${basename(target)}).` });
}

/** An error as the watch's warnings name it: the errno code when there is one. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${code}` : message;
}
