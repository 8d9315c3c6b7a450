// One watched folder, wired to a queue and to its index: what `nomad-upload watch` and the
// app's watch folders both do before `start()`. The index is found by the folder's device and
// inode (a rename above it keeps them), sending to this server and folder: "uploaded" means
// uploaded there, so another server or destination starts an index of its own.

import { FolderWatch, type WatchQueue } from '../engine/watch/folder-watch';
import { openWritersProbe } from '../engine/watch/open-writers';
import type { SettleClock } from '../engine/watch/settle-detector';
import type { WatchEvent } from '../engine/watch/watch-events';
import { localWatchFileSystem, type WatchFileSystem } from '../engine/watch/watch-fs';
import { WatchIndex, WatchIndexFolder, type WatchIdentity } from '../engine/watch/watch-index';
import type { WatchDestination, WatchSettings } from '../engine/watch/watch-settings';

export interface OpenFolderWatchOptions {
  /** The watched folder, absolute. */
  root: string;
  /** The folder of the indexes; null keeps the index in memory (nothing remembered across runs). */
  indexDir: string | null;
  /** Which server the files go to, stable across runs (its API address; the app's sandbox key). */
  server: string;
  settings: WatchSettings;
  destination: WatchDestination;
  queue: WatchQueue;
  onEvent: (event: WatchEvent) => void;
  /** Test seams: the disk and the clock. */
  fs?: WatchFileSystem;
  clock?: SettleClock;
}

/** The watch, not started yet. A folder missing now is no error: the watch says so and looks again. */
export async function openFolderWatch(options: OpenFolderWatchOptions): Promise<FolderWatch> {
  const fs = options.fs ?? localWatchFileSystem;
  const info = await fs.stat(options.root).catch(() => null);
  // Without the folder there is no device and inode to know it by: its path finds the index.
  const identity: WatchIdentity = {
    root: options.root,
    dev: info?.dev ?? 0,
    ino: info?.ino ?? 0,
    server: options.server,
    parentId: options.destination.parentId,
  };
  const index = options.indexDir === null ? WatchIndex.inMemory(identity) : await new WatchIndexFolder(options.indexDir).openFor(identity);
  const openForWriting = options.fs ? null : openWritersProbe();
  return new FolderWatch({
    root: options.root,
    settings: options.settings,
    destination: options.destination,
    queue: options.queue,
    index,
    fs,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(openForWriting ? { openForWriting } : {}),
    onEvent: options.onEvent,
  });
}
