// One pass over a watched folder: every file that could be uploaded, with its stat, and what
// was left out. Names are matched against the ignore list (shared/ignore-patterns.ts) before
// a folder is entered, so `.git` or a `.cache` of 100,000 files costs one readdir, not a walk.
// Links to files are followed; links to folders are not (a link to `/` would upload a disk).
// Stats run a few at a time: the scan keeps the event loop free for the UI and the uploads.

import { join } from 'node:path';
import { ignoredBy } from '../../../shared/ignore-patterns';
import type { EntryStat, WatchFileSystem } from './watch-fs';

export interface ScannedFile {
  /** Relative to the watched folder, forward slashes, NFC. */
  path: string;
  localPath: string;
  stat: EntryStat;
}

export interface ScanResult {
  files: ScannedFile[];
  /** Entries left out by the ignore list. */
  ignored: number;
  /** Folders that could not be read (permissions), relative; the rest of the scan went on. */
  unreadable: string[];
}

export interface ScanOptions {
  recursive: boolean;
  ignore: readonly string[];
  /** Relative folder paths never entered (the Uploaded/ folder). */
  skipFolders?: ReadonlySet<string>;
}

/** Stats in flight at once: enough to hide a network share's latency, few enough to stay polite. */
const STAT_CONCURRENCY = 32;

export async function scanFolder(fs: WatchFileSystem, root: string, options: ScanOptions): Promise<ScanResult> {
  const result: ScanResult = { files: [], ignored: 0, unreadable: [] };
  const folders: Array<{ dir: string; rel: string }> = [{ dir: root, rel: '' }];
  while (folders.length > 0) {
    const { dir, rel } = folders.shift()!;
    let entries;
    try {
      entries = await fs.list(dir);
    } catch (error) {
      if (rel === '') throw error;
      result.unreadable.push(rel);
      continue;
    }
    const candidates: Array<{ localPath: string; path: string }> = [];
    for (const entry of entries) {
      if (ignoredBy(entry.name, options.ignore)) {
        result.ignored += 1;
        continue;
      }
      const path = rel === '' ? entry.name.normalize('NFC') : `${rel}/${entry.name.normalize('NFC')}`;
      const localPath = join(dir, entry.name);
      if (entry.kind === 'folder') {
        if (options.recursive && !options.skipFolders?.has(path)) folders.push({ dir: localPath, rel: path });
      } else if (entry.kind === 'file' || entry.kind === 'link') {
        candidates.push({ localPath, path });
      }
    }
    await forEachLimited(candidates, STAT_CONCURRENCY, async ({ localPath, path }) => {
      const stat = await fs.stat(localPath).catch(() => null);
      // A link to a folder, a file gone since the listing, a device: not an upload.
      if (stat?.kind === 'file') result.files.push({ path, localPath, stat });
    });
  }
  return result;
}

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
