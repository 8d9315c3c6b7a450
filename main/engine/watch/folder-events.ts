// The platform's change events for a watched folder, as hints ("look at this path again").
//
// macOS and Windows watch a whole tree with one handle (FSEvents, ReadDirectoryChangesW):
// `fs.watch(root, { recursive: true })`. On Linux, Node's own recursive mode (Node 20; 22
// too) walks the tree and adds an inotify watch for every file *and* folder, and cannot leave
// ignored folders out: 50,000 files took 50,000+ watches of the user's whole budget
// (fs.inotify.max_user_watches, 8,192 on older kernels), and past it every watch on the
// machine fails with ENOSPC. chokidar 4 (pure JS) does the same per file. A folder's inotify
// watch already reports every entry in it being created, written, closed, moved or deleted,
// so here Linux gets one non-recursive watch per folder, and none for ignored folders.
//
// Events are hints only: the watch stats what they name, and its periodic rescan finds what
// no event told (network shares send none; a full inotify queue drops them).

import type { FSWatcher, WatchListener } from 'node:fs';
import { join, sep } from 'node:path';
import type { ChangeSink, DirEntry, Unwatch } from './watch-fs';

export interface TreeWatchDeps {
  platform: NodeJS.Platform;
  watch(path: string, options: { recursive: boolean; persistent: boolean }, listener: WatchListener<string>): FSWatcher;
  list(dir: string): Promise<DirEntry[]>;
  /** Folders not to watch (ignored names, the Uploaded/ folder); by default every folder. */
  descend?: (path: string) => boolean;
}

/** Platforms whose recursive fs.watch is one handle for the tree. */
const NATIVE_RECURSIVE: ReadonlySet<NodeJS.Platform> = new Set(['darwin', 'win32']);

export function watchTree(root: string, recursive: boolean, sink: ChangeSink, deps: TreeWatchDeps): Unwatch {
  if (recursive && NATIVE_RECURSIVE.has(deps.platform)) return watchNative(root, sink, deps);
  return new FolderWatchers(root, recursive, sink, deps).start();
}

function watchNative(root: string, sink: ChangeSink, deps: TreeWatchDeps): Unwatch {
  let watcher: FSWatcher;
  try {
    watcher = deps.watch(root, { recursive: true, persistent: false }, (_type, name) => sink.changed(name ? join(root, name) : root));
  } catch (error) {
    sink.failed(error as Error);
    return () => undefined;
  }
  watcher.on('error', (error) => {
    watcher.close();
    sink.failed(error);
  });
  return () => watcher.close();
}

/** One non-recursive watch per folder (Linux), following folders as they come and go. */
class FolderWatchers {
  readonly #root: string;
  readonly #recursive: boolean;
  readonly #sink: ChangeSink;
  readonly #deps: TreeWatchDeps;
  readonly #watchers = new Map<string, FSWatcher>();
  #closed = false;

  constructor(root: string, recursive: boolean, sink: ChangeSink, deps: TreeWatchDeps) {
    this.#root = root;
    this.#recursive = recursive;
    this.#sink = sink;
    this.#deps = deps;
  }

  start(): Unwatch {
    void this.#add(this.#root);
    return () => this.#close();
  }

  /** How many folders are watched (one inotify watch each). */
  get size(): number {
    return this.#watchers.size;
  }

  async #add(dir: string): Promise<void> {
    if (this.#closed || this.#watchers.has(dir)) return;
    if (dir !== this.#root && this.#deps.descend && !this.#deps.descend(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = this.#deps.watch(dir, { recursive: false, persistent: false }, (_type, name) => this.#onEvent(dir, name));
    } catch (error) {
      this.#fail(dir, error as NodeJS.ErrnoException);
      return;
    }
    watcher.on('error', (error: NodeJS.ErrnoException) => this.#fail(dir, error));
    this.#watchers.set(dir, watcher);
    if (!this.#recursive) return;
    const entries = await this.#deps.list(dir).catch(() => [] as DirEntry[]);
    for (const entry of entries) if (entry.kind === 'folder') await this.#add(join(dir, entry.name));
  }

  #onEvent(dir: string, name: string | null): void {
    if (this.#closed) return;
    const path = name ? join(dir, name) : dir;
    this.#sink.changed(path);
    if (!this.#recursive || !name) return;
    // A folder that appeared (made, moved in) gets its own watch; one that went loses its own.
    void this.#deps.list(path).then(
      () => this.#add(path),
      () => this.#drop(path),
    );
  }

  #fail(dir: string, error: NodeJS.ErrnoException): void {
    if (this.#closed) return;
    if (error.code === 'ENOENT' && dir !== this.#root) {
      this.#drop(dir); // the folder went between its event and its watch
      return;
    }
    // ENOSPC (inotify watch limit), EMFILE, the root gone: events are not to be trusted now.
    this.#close();
    this.#sink.failed(error);
  }

  #drop(dir: string): void {
    for (const [path, watcher] of this.#watchers) {
      if (path === dir || path.startsWith(dir + sep)) {
        watcher.close();
        this.#watchers.delete(path);
      }
    }
  }

  #close(): void {
    this.#closed = true;
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
  }
}
