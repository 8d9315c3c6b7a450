// The app's watch folders, kept across restarts in one JSON file beside the journal (like
// the history). Written atomically: a crash leaves the old list or the new one. A saved watch
// that no longer validates (a hand edit, an older version) is dropped and said so, not fatal:
// the others still start.

import { dirname, join } from 'node:path';
import { z } from 'zod';
import { readTextIfExists, replaceAtomically } from '../engine/atomic-file';
import { watchConfigSchema, type WatchConfig } from './watches-config';

const fileSchema = z.object({ version: z.literal(1), watches: z.array(z.unknown()) });

/** The watches file sits beside the journal folder (the app's data folder). */
export function watchesFileFor(journalDir: string | null): string | null {
  return journalDir === null ? null : join(dirname(journalDir), 'watches.json');
}

/** The watches' indexes (what each uploaded) live in the journal folder, one folder per watch. */
export function watchIndexesDirFor(journalDir: string | null): string | null {
  return journalDir === null ? null : join(journalDir, 'watch');
}

export interface LoadedWatches {
  watches: WatchConfig[];
  /** Saved entries that could not be read (each a sentence for the log and a notice). */
  problems: string[];
}

export class WatchStore {
  readonly #path: string | null;
  #writing: Promise<void> = Promise.resolve();
  #pending: WatchConfig[] | null = null;
  readonly #onError: (error: Error) => void;

  constructor(path: string | null, onError: (error: Error) => void = () => undefined) {
    this.#path = path;
    this.#onError = onError;
  }

  async load(): Promise<LoadedWatches> {
    if (this.#path === null) return { watches: [], problems: [] };
    const text = await readTextIfExists(this.#path);
    if (text === null) return { watches: [], problems: [] };
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return { watches: [], problems: [`${this.#path} is not JSON; the watch folders saved in it are not started.`] };
    }
    const file = fileSchema.safeParse(raw);
    if (!file.success) return { watches: [], problems: [`${this.#path} is not a list of watch folders.`] };
    const watches: WatchConfig[] = [];
    const problems: string[] = [];
    for (const [n, entry] of file.data.watches.entries()) {
      const parsed = watchConfigSchema.safeParse(entry);
      if (parsed.success) watches.push(parsed.data);
      else problems.push(`Watch folder ${n + 1} in ${this.#path} cannot be read (${parsed.error.issues[0]?.message ?? 'invalid'}); it is left out.`);
    }
    return { watches, problems };
  }

  /** Saves the list; writes made while one runs are folded into the next. */
  save(watches: readonly WatchConfig[]): void {
    const path = this.#path;
    if (path === null) return;
    const queued = this.#pending !== null;
    this.#pending = structuredClone([...watches]);
    if (queued) return;
    this.#writing = this.#writing.then(async () => {
      const list = this.#pending!;
      this.#pending = null;
      await replaceAtomically(path, `${JSON.stringify({ version: 1, watches: list }, null, 2)}\n`).catch((error: Error) => this.#onError(error));
    });
  }

  /** Resolves once everything saved so far is on disk. */
  settled(): Promise<void> {
    return this.#writing;
  }
}
