// Turns dropped paths into upload items. A dropped folder keeps its structure and is itself
// recreated on the server, as desktop uploaders do: dropping `shoot/` that holds
// `day 1/a.mov` uploads `shoot/day 1/a.mov`.
//
// Names go to the server in Unicode NFC: macOS hands out `café` decomposed (NFD), and the
// same name in two forms became two look-alike assets. What is left out is said, never
// skipped silently: OS litter matching the ignore list, and links to folders outside the
// dropped tree (followed only when asked: a link to `/` would upload a whole disk).

import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { ignoredBy, SYSTEM_LITTER } from '../../shared/ignore-patterns';
import { UploadError, toUploadError } from './errors';

export interface WalkedFile {
  localPath: string;
  /** Forward slashes, no leading slash, NFC: the name, or folder/sub/name for folder drops. */
  relativePath: string;
}

export interface WalkProblem {
  localPath: string;
  relativePath: string;
  error: UploadError;
}

export interface SkippedEntry {
  localPath: string;
  relativePath: string;
  /** `ignored`: matched the ignore list; `link-outside`: a link to a folder outside the drop. */
  reason: 'ignored' | 'link-outside';
  detail: string;
}

export interface WalkOptions {
  /** Names never uploaded (see shared/ignore-patterns.ts); OS litter by default. */
  ignore?: readonly string[];
  /** Follow links to folders outside the dropped tree too. */
  followLinks?: boolean;
}

export interface WalkResult {
  files: WalkedFile[];
  problems: WalkProblem[];
  skipped: SkippedEntry[];
}

const nfc = (name: string): string => name.normalize('NFC');

export async function walkPaths(paths: readonly string[], options: WalkOptions = {}): Promise<WalkResult> {
  const result: WalkResult = { files: [], problems: [], skipped: [] };
  const ignore = options.ignore ?? SYSTEM_LITTER;
  for (const raw of paths) {
    const localPath = resolve(raw);
    const name = nfc(basename(localPath));
    let info;
    try {
      info = await stat(localPath);
    } catch (error) {
      result.problems.push({ localPath, relativePath: name, error: describeAccess(error, localPath) });
      continue;
    }
    if (info.isDirectory()) {
      const root = await realpath(localPath);
      await walkFolder({ result, ignore, followLinks: options.followLinks ?? false, root }, localPath, name, new Set([root]));
    } else if (info.isFile()) {
      // A file dropped by name is meant, even if its name is on the ignore list.
      result.files.push({ localPath, relativePath: name });
    } else {
      result.problems.push({
        localPath,
        relativePath: name,
        error: new UploadError('not-a-file', `${name} is not a regular file (device, socket or pipe).`, { path: localPath }),
      });
    }
  }
  return result;
}

interface Walk {
  result: WalkResult;
  ignore: readonly string[];
  followLinks: boolean;
  /** The dropped folder, resolved: links to folders inside it are part of the drop. */
  root: string;
}

async function walkFolder(walk: Walk, dir: string, prefix: string, ancestors: Set<string>): Promise<void> {
  const { result } = walk;
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    result.problems.push({ localPath: dir, relativePath: prefix, error: describeAccess(error, dir) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const localPath = join(dir, entry.name);
    const relativePath = `${prefix}/${nfc(entry.name)}`;
    const pattern = ignoredBy(entry.name, walk.ignore);
    if (pattern) {
      result.skipped.push({ localPath, relativePath, reason: 'ignored', detail: `matches "${pattern}" on the ignore list` });
      continue;
    }
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    const isLink = entry.isSymbolicLink();
    if (isLink) {
      // Links to files are followed; links to folders only within the drop, or when asked.
      try {
        const target = await stat(localPath);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        result.problems.push({ localPath, relativePath, error: describeAccess(error, localPath) });
        continue;
      }
    }
    if (isDir) {
      const real = await realpath(localPath).catch(() => localPath);
      if (ancestors.has(real)) continue; // a symlink loop: the folder is already being walked
      if (isLink && !walk.followLinks && !isInside(real, walk.root)) {
        result.skipped.push({ localPath, relativePath, reason: 'link-outside', detail: `a link to ${real}, outside the dropped folder` });
        continue;
      }
      await walkFolder(walk, localPath, relativePath, new Set([...ancestors, real]));
    } else if (isFile) {
      result.files.push({ localPath, relativePath });
    } else if (!(await lstat(localPath).catch(() => null))?.isSymbolicLink()) {
      result.problems.push({
        localPath,
        relativePath,
        error: new UploadError('not-a-file', `${entry.name} is not a regular file.`, { path: localPath }),
      });
    }
  }
}

function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** toUploadError already names the file and says why; the walk only adds the path context. */
function describeAccess(error: unknown, path: string): UploadError {
  return toUploadError(error, { path });
}
