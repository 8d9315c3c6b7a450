// A watched folder in memory for tests on a fake clock: files the engine reads (through
// MemoryFiles) and the watch stats, lists and hears about (through WatchFileSystem). Writing
// a file stamps it with the fake clock's time and tells the watch, as inotify would.

import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { ChangeSink, DirEntry, EntryStat, WatchFileSystem } from '../../../../main/engine/watch/watch-fs';
import { MemoryFiles } from '../../engine/support/memory-files';

export class MemoryTree implements WatchFileSystem {
  readonly files = new MemoryFiles();
  readonly #bytes = new Map<string, Buffer>();
  readonly #folders = new Set<string>();
  readonly #sinks = new Set<ChangeSink>();
  /** False: the watch hears nothing (a network share), and only its rescans find changes. */
  eventsWork = true;
  hashes = 0;

  constructor(readonly root: string) {
    this.#folders.add(root);
  }

  /** Writes a whole file now (a new inode, as a save-by-rename does). */
  write(path: string, bytes: Buffer, mtimeMs = Date.now()): string {
    this.#mkdirs(dirname(path));
    this.#bytes.set(path, bytes);
    const sha = this.files.put(path, bytes, mtimeMs);
    this.#tell(path);
    return sha;
  }

  /** Adds bytes at the end, now. */
  append(path: string, bytes: Buffer): void {
    this.write(path, Buffer.concat([this.#bytes.get(path) ?? Buffer.alloc(0), bytes]));
  }

  /** `touch`: a new mtime, the same bytes. */
  touch(path: string, mtimeMs = Date.now()): void {
    this.write(path, this.#bytes.get(path)!, mtimeMs);
  }

  renameRoot(to: string): void {
    for (const [path, bytes] of [...this.#bytes]) {
      this.#bytes.delete(path);
      this.files.delete(path);
      const moved = to + path.slice(this.root.length);
      this.#bytes.set(moved, bytes);
      this.files.put(moved, bytes, 1_700_000_000_000);
    }
  }

  paths(): string[] {
    return [...this.#bytes.keys()].sort();
  }

  async stat(path: string): Promise<EntryStat | null> {
    if (this.#folders.has(path)) return { kind: 'folder', size: 0, mtimeMs: 0, ctimeMs: 0, dev: 1, ino: 0 };
    if (!this.#bytes.has(path)) return null;
    const f = await this.files.fingerprint(path);
    return { kind: 'file', size: f.size, mtimeMs: f.mtimeMs, ctimeMs: f.ctimeMs!, dev: f.dev!, ino: f.ino! };
  }

  async list(dir: string): Promise<DirEntry[]> {
    if (!this.#folders.has(dir)) throw Object.assign(new Error(`ENOENT ${dir}`), { code: 'ENOENT' });
    const names = new Map<string, DirEntry['kind']>();
    for (const folder of this.#folders) if (dirname(folder) === dir && folder !== dir) names.set(folder.slice(dir.length + 1), 'folder');
    for (const path of this.#bytes.keys()) if (dirname(path) === dir) names.set(path.slice(dir.length + 1), 'file');
    return [...names].map(([name, kind]) => ({ name, kind }));
  }

  async sha256(path: string): Promise<string> {
    this.hashes += 1;
    return createHash('sha256').update(this.#bytes.get(path)!).digest('hex');
  }

  async move(from: string, to: string): Promise<void> {
    const bytes = this.#bytes.get(from)!;
    this.#bytes.delete(from);
    this.files.delete(from);
    this.#mkdirs(dirname(to));
    this.#bytes.set(to, bytes);
    this.files.put(to, bytes);
  }

  watch(_root: string, _recursive: boolean, sink: ChangeSink): () => void {
    this.#sinks.add(sink);
    return () => this.#sinks.delete(sink);
  }

  #mkdirs(dir: string): void {
    for (let d = dir; d.startsWith(this.root) && !this.#folders.has(d); d = dirname(d)) this.#folders.add(d);
  }

  #tell(path: string): void {
    if (!this.eventsWork) return;
    for (const sink of this.#sinks) sink.changed(path);
  }
}

export const at = (root: string, rel: string): string => join(root, ...rel.split('/'));
