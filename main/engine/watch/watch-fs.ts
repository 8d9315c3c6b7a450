// The watch's seam to the disk: stat, list, hash, move and the platform's change events.
// The real one is below; tests on a fake clock use one in memory, so no real I/O races the
// fake timers.

import { createHash } from 'node:crypto';
import { createReadStream, watch, type FSWatcher } from 'node:fs';
import { lstat, readdir, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { watchTree } from './folder-events';
import { makeDirs } from '../make-dirs';

export interface EntryStat {
  kind: 'file' | 'folder' | 'other';
  size: number;
  /** Whole milliseconds, as the engine's fingerprint keeps it. */
  mtimeMs: number;
  /** Changes with every write and every metadata change; nobody can set it back. */
  ctimeMs: number;
  dev: number;
  ino: number;
}

export interface DirEntry {
  name: string;
  kind: 'file' | 'folder' | 'link' | 'other';
}

/** Stops the events; safe to call twice. */
export type Unwatch = () => void;

export interface ChangeSink {
  /** Something changed at or under this absolute path (a hint: the watch stats to learn what). */
  changed(path: string): void;
  /** Events stopped working (limit reached, folder gone): rescans carry on alone. */
  failed(error: Error): void;
}

export interface WatchFileSystem {
  /** Null when nothing is there (any more). Links are followed. */
  stat(path: string): Promise<EntryStat | null>;
  list(dir: string): Promise<DirEntry[]>;
  sha256(path: string): Promise<string>;
  /** Moves a file, making the folders it goes into. */
  move(from: string, to: string): Promise<void>;
  /** Platform events for a folder tree (or the folder alone); see folder-events.ts. */
  watch(root: string, recursive: boolean, sink: ChangeSink, descend?: (dir: string) => boolean): Unwatch;
}

export const localWatchFileSystem: WatchFileSystem = {
  async stat(path) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
      throw error;
    });
    if (!info) return null;
    return {
      kind: info.isFile() ? 'file' : info.isDirectory() ? 'folder' : 'other',
      size: info.size,
      mtimeMs: Math.trunc(info.mtimeMs),
      ctimeMs: info.ctimeMs,
      dev: info.dev,
      ino: info.ino,
    };
  },
  async list(dir) {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.map((e) => ({
      name: e.name,
      kind: e.isFile() ? 'file' : e.isDirectory() ? 'folder' : e.isSymbolicLink() ? 'link' : 'other',
    }));
  },
  sha256(path) {
    return new Promise((resolve, reject) => {
      const hash = createHash('sha256');
      createReadStream(path, { highWaterMark: 1024 * 1024 })
        .on('data', (chunk) => hash.update(chunk))
        .on('error', reject)
        .on('end', () => resolve(hash.digest('hex')));
    });
  },
  async move(from, to) {
    await makeDirs(dirname(to));
    // Never over an existing file: the caller picks a free name; a race is refused by this check.
    if (await lstat(to).catch(() => null)) throw Object.assign(new Error(`${to} exists`), { code: 'EEXIST' });
    await rename(from, to);
  },
  watch(root, recursive, sink, descend) {
    return watchTree(root, recursive, sink, {
      platform: process.platform,
      watch: (path, options, listener) => watch(path, options, listener) as FSWatcher,
      list: (dir) => localWatchFileSystem.list(dir),
      ...(descend ? { descend } : {}),
    });
  },
};
