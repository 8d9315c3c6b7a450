// What a watch has uploaded: per file (by its path inside the watched folder) the size and
// mtime it had, its whole-file SHA-256 and the asset it became. It answers "already
// uploaded?" from memory — never by reading the files again — so a restart or a rescan of
// 50,000 files sends nothing twice and hashes nothing. Paths are relative to the watched
// folder, so renaming a folder above it (or the watched folder itself) changes nothing.
//
// On disk: one file per watch. The first line names the watch; then one line per upload (or
// per forgotten file), appended and fsynced (an upload takes seconds; one fsync per file is
// nothing, and a power cut then cannot make a file go up twice). A line cut short by a crash
// is the last one and is dropped on load. When the file holds many lines nobody reads any
// more, it is rewritten: temp file, fsync, rename — a crash leaves the old one whole.

import { randomUUID } from 'node:crypto';
import { open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { makeDirs } from '../make-dirs';

export const WATCH_INDEX_VERSION = 1;
const SUFFIX = '.watch-index';

/** What the index keeps of the watch itself: which folder, sending where. */
export interface WatchIdentity {
  /** The folder as last seen (a rename above it keeps dev + ino). */
  root: string;
  dev: number;
  ino: number;
  /** The server and folder the files went to: "uploaded" means uploaded there. */
  server: string;
  parentId: string | null;
}

export interface IndexEntry {
  size: number;
  mtimeMs: number;
  sha256: string | null;
  assetId: string | null;
  /** Epoch ms. */
  uploadedAt: number;
}

export type IndexVerdict =
  | { kind: 'new' }
  | { kind: 'uploaded'; entry: IndexEntry }
  /** Same size, other mtime: the SHA-256 decides whether it really changed. */
  | { kind: 'touched'; entry: IndexEntry }
  | { kind: 'changed'; entry: IndexEntry };

const headerSchema = z.object({
  v: z.literal(WATCH_INDEX_VERSION),
  root: z.string(),
  dev: z.number(),
  ino: z.number(),
  server: z.string(),
  parentId: z.string().nullable(),
});

const lineSchema = z.union([
  z.object({ p: z.string(), s: z.number().int().nonnegative(), m: z.number(), h: z.string().nullable(), a: z.string().nullable(), t: z.number() }),
  z.object({ p: z.string(), gone: z.literal(true) }),
]);
type Line = z.infer<typeof lineSchema>;

export class WatchIndex {
  readonly file: string;
  #identity: WatchIdentity;
  readonly #entries: Map<string, IndexEntry>;
  #writes: Promise<void> = Promise.resolve();

  private constructor(file: string, identity: WatchIdentity, entries: Map<string, IndexEntry>) {
    this.file = file;
    this.#identity = identity;
    this.#entries = entries;
  }

  /** An index in memory only (no --journal): nothing is remembered across runs. */
  static inMemory(identity: WatchIdentity): WatchIndex {
    return new WatchIndex('', identity, new Map());
  }

  /** Opens the file (made if missing); a line cut short by a crash is dropped. */
  static async open(file: string, identity: WatchIdentity): Promise<WatchIndex> {
    const loaded = await readIndexFile(file);
    const index = new WatchIndex(file, identity, loaded?.entries ?? new Map());
    const moved = loaded !== null && (loaded.identity.root !== identity.root || loaded.identity.dev !== identity.dev || loaded.identity.ino !== identity.ino);
    // Rewritten when new, when the folder moved (the header says where it is now), when a
    // crash cut its last line short (the next line would be glued to it), or when more than
    // half its lines are history.
    if (loaded === null || moved || loaded.cutShort || loaded.lines > 2 * index.#entries.size + 64) await index.#rewrite();
    return index;
  }

  get identity(): WatchIdentity {
    return this.#identity;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(path: string): IndexEntry | undefined {
    return this.#entries.get(path);
  }

  verdict(path: string, size: number, mtimeMs: number): IndexVerdict {
    const entry = this.#entries.get(path);
    if (!entry) return { kind: 'new' };
    if (entry.size === size && entry.mtimeMs === mtimeMs) return { kind: 'uploaded', entry };
    if (entry.size === size && entry.sha256 !== null) return { kind: 'touched', entry };
    return { kind: 'changed', entry };
  }

  /** Remembers an upload (or a new mtime for the same bytes); durable when it resolves. */
  record(path: string, entry: IndexEntry): Promise<void> {
    this.#entries.set(path, entry);
    return this.#append({ p: path, s: entry.size, m: entry.mtimeMs, h: entry.sha256, a: entry.assetId, t: entry.uploadedAt });
  }

  /** The file left the folder (moved into Uploaded/): a new one at the path is new. */
  forget(path: string): Promise<void> {
    if (!this.#entries.delete(path)) return Promise.resolve();
    return this.#append({ p: path, gone: true });
  }

  /** Resolves once every write so far is on disk (or failed). */
  flushed(): Promise<void> {
    return this.#writes.catch(() => undefined);
  }

  #append(line: Line): Promise<void> {
    if (!this.file) return Promise.resolve();
    const write = this.#writes.catch(() => undefined).then(() => appendDurably(this.file, `${JSON.stringify(line)}\n`));
    this.#writes = write;
    return write;
  }

  async #rewrite(): Promise<void> {
    if (!this.file) return;
    const lines = [JSON.stringify({ v: WATCH_INDEX_VERSION, ...this.#identity })];
    for (const [p, e] of this.#entries) lines.push(JSON.stringify({ p, s: e.size, m: e.mtimeMs, h: e.sha256, a: e.assetId, t: e.uploadedAt }));
    const temp = `${this.file}.${randomUUID()}.tmp`;
    try {
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(`${lines.join('\n')}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}

/** The watch indexes of one journal folder: finds a watch's own index after a rename above it. */
export class WatchIndexFolder {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /**
   * The index of this folder sending to this destination: the one whose folder has the same
   * device and inode (it was renamed or moved on the same disk), else the same path (the
   * folder was made again), else a new one.
   */
  async openFor(identity: WatchIdentity): Promise<WatchIndex> {
    await makeDirs(this.dir);
    const names = (await readdir(this.dir)).filter((n) => n.endsWith(SUFFIX)).sort();
    let byPath: string | null = null;
    for (const name of names) {
      const header = await readHeader(join(this.dir, name));
      if (!header || header.server !== identity.server || header.parentId !== identity.parentId) continue;
      if (header.dev === identity.dev && header.ino === identity.ino) return WatchIndex.open(join(this.dir, name), identity);
      if (header.root === identity.root) byPath ??= name;
    }
    return WatchIndex.open(join(this.dir, byPath ?? `${randomUUID()}${SUFFIX}`), identity);
  }

  /** The index of a watch the app knows by id. */
  openById(id: string, identity: WatchIdentity): Promise<WatchIndex> {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(id)) return Promise.reject(new Error('Invalid watch id for the index.'));
    return makeDirs(this.dir).then(() => WatchIndex.open(join(this.dir, `${id}${SUFFIX}`), identity));
  }

  async remove(id: string): Promise<void> {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(id)) return;
    await rm(join(this.dir, `${id}${SUFFIX}`), { force: true });
  }
}

async function appendDurably(file: string, text: string): Promise<void> {
  const handle = await open(file, 'a');
  try {
    await handle.appendFile(text);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

async function readHeader(file: string): Promise<WatchIdentity | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  return parseHeader(text.slice(0, text.indexOf('\n') >>> 0));
}

function parseHeader(row: string): WatchIdentity | null {
  const parsed = headerSchema.safeParse(safeJson(row));
  if (!parsed.success) return null;
  const { v: _version, ...identity } = parsed.data;
  return identity;
}

async function readIndexFile(file: string): Promise<{ identity: WatchIdentity; entries: Map<string, IndexEntry>; lines: number; cutShort: boolean } | null> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return null;
  const rows = text.split('\n');
  // The file ends with a newline; what follows the last one is an append cut short.
  const cutShort = rows.pop() !== '';
  const identity = parseHeader(rows[0] ?? '');
  if (!identity) throw new Error(`${file} is not a watch index (its first line is not one).`);
  const entries = new Map<string, IndexEntry>();
  for (const row of rows.slice(1)) {
    const line = lineSchema.safeParse(safeJson(row));
    // A line that cannot be read is skipped, not fatal: the worst it costs is one re-upload.
    if (!line.success) continue;
    if ('gone' in line.data) entries.delete(line.data.p);
    else entries.set(line.data.p, { size: line.data.s, mtimeMs: line.data.m, sha256: line.data.h, assetId: line.data.a, uploadedAt: line.data.t });
  }
  return { identity, entries, lines: rows.length, cutShort };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
