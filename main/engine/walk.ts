// Turns dropped paths into upload items. A dropped folder keeps its structure and is itself
// recreated on the server, as desktop uploaders do: dropping `shoot/` that holds
// `day 1/a.mov` uploads `shoot/day 1/a.mov`.

import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { UploadError, toUploadError } from './errors';

export interface WalkedFile {
  localPath: string;
  /** Forward slashes, no leading slash: the name, or folder/sub/name for folder drops. */
  relativePath: string;
}

export interface WalkProblem {
  localPath: string;
  relativePath: string;
  error: UploadError;
}

/** OS litter no one means to upload. */
const IGNORED_NAMES = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini', '.Spotlight-V100', '.Trashes', '.fseventsd']);

export async function walkPaths(paths: readonly string[]): Promise<{ files: WalkedFile[]; problems: WalkProblem[] }> {
  const files: WalkedFile[] = [];
  const problems: WalkProblem[] = [];
  for (const raw of paths) {
    const localPath = resolve(raw);
    const name = basename(localPath);
    let info;
    try {
      info = await stat(localPath);
    } catch (error) {
      problems.push({ localPath, relativePath: name, error: describeAccess(error, localPath) });
      continue;
    }
    if (info.isDirectory()) {
      await walkFolder(localPath, name, files, problems, new Set([await realpath(localPath)]));
    } else if (info.isFile()) {
      files.push({ localPath, relativePath: name });
    } else {
      problems.push({
        localPath,
        relativePath: name,
        error: new UploadError('not-a-file', `${name} is not a regular file (device, socket or pipe).`, { path: localPath }),
      });
    }
  }
  return { files, problems };
}

async function walkFolder(
  dir: string,
  prefix: string,
  files: WalkedFile[],
  problems: WalkProblem[],
  ancestors: Set<string>,
): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    problems.push({ localPath: dir, relativePath: prefix, error: describeAccess(error, dir) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (IGNORED_NAMES.has(entry.name)) continue;
    const localPath = join(dir, entry.name);
    const relativePath = `${prefix}/${entry.name}`;
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      // Follow links to files; follow links to folders only when they do not loop back.
      try {
        const target = await stat(localPath);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        problems.push({ localPath, relativePath, error: describeAccess(error, localPath) });
        continue;
      }
    }
    if (isDir) {
      const real = await realpath(localPath).catch(() => localPath);
      if (ancestors.has(real)) continue; // a symlink loop: the folder is already being walked
      await walkFolder(localPath, relativePath, files, problems, new Set([...ancestors, real]));
    } else if (isFile) {
      files.push({ localPath, relativePath });
    } else if (!(await lstat(localPath).catch(() => null))?.isSymbolicLink()) {
      problems.push({
        localPath,
        relativePath,
        error: new UploadError('not-a-file', `${entry.name} is not a regular file.`, { path: localPath }),
      });
    }
  }
}

/** toUploadError already names the file and says why; the walk only adds the path context. */
function describeAccess(error: unknown, path: string): UploadError {
  return toUploadError(error, { path });
}
