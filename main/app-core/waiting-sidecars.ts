// The sidecars of dropped folders that wait for their clip, kept on disk beside the journal so
// that a quit (or a switch to another server) does not forget them: on the next start they wait
// on the restored clip's row again and are attached once it is done. One file for every saved
// server; each entry says whose it is, and a server rewrites only its own entries.

import { dirname, join } from 'node:path';
import { z } from 'zod';
import { readTextIfExists, replaceAtomically } from '../engine/atomic-file';

export interface WaitingSidecar {
  /** The clip's job in the main queue (job ids survive a restart: they are the journal's). */
  parentJobId: string;
  localPath: string;
}

const fileSchema = z.object({
  version: z.literal(1),
  waiting: z.array(z.object({ serverKey: z.string(), parentJobId: z.string().min(1), localPath: z.string().min(1) })),
});

type Entry = z.infer<typeof fileSchema>['waiting'][number];

/** Where the list lives: beside the journal folder (the app's data folder), like the history. */
export function waitingSidecarsFileFor(journalDir: string | null): string | null {
  return journalDir === null ? null : join(dirname(journalDir), 'waiting-sidecars.json');
}

/** The attachments' own journal folder, beside the main one (the main journal reads only its own folder). */
export function attachmentsJournalDirFor(journalDir: string | null): string | null {
  return journalDir === null ? null : join(dirname(journalDir), 'attachments-journal');
}

export class WaitingSidecarsFile {
  readonly #path: string | null;
  readonly #serverKey: string;
  /** Other servers' entries, as read: written back untouched. */
  #others: Entry[] = [];
  /** One write at a time, in order: the last list asked for is the one on disk. */
  #writing: Promise<void> = Promise.resolve();
  readonly #onError: (error: Error) => void;

  private constructor(path: string | null, serverKey: string, onError: (error: Error) => void) {
    this.#path = path;
    this.#serverKey = serverKey;
    this.#onError = onError;
  }

  /** Reads this server's waiting sidecars. A file that cannot be read or parsed starts an empty list (and is said). */
  static async open(path: string | null, serverKey: string, onError: (error: Error) => void): Promise<{ file: WaitingSidecarsFile; waiting: WaitingSidecar[] }> {
    const file = new WaitingSidecarsFile(path, serverKey, onError);
    if (path === null) return { file, waiting: [] };
    const text = await readTextIfExists(path).catch((error: Error) => {
      onError(error);
      return null;
    });
    if (text === null) return { file, waiting: [] };
    const parsed = fileSchema.safeParse(safeJson(text));
    if (!parsed.success) {
      onError(new Error(`${path} is not a list of waiting sidecars; starting without it`));
      return { file, waiting: [] };
    }
    file.#others = parsed.data.waiting.filter((e) => e.serverKey !== serverKey);
    const waiting = parsed.data.waiting.filter((e) => e.serverKey === serverKey).map(({ parentJobId, localPath }) => ({ parentJobId, localPath }));
    return { file, waiting };
  }

  /** Writes this server's list (atomically); a failed write is said, never thrown into the queue's path. */
  save(waiting: readonly WaitingSidecar[]): Promise<void> {
    const path = this.#path;
    if (path === null) return Promise.resolve();
    const text = `${JSON.stringify({ version: 1, waiting: [...this.#others, ...waiting.map((w) => ({ serverKey: this.#serverKey, ...w }))] }, null, 2)}\n`;
    this.#writing = this.#writing.then(() => replaceAtomically(path, text)).catch((error: Error) => this.#onError(error));
    return this.#writing;
  }

  /** Resolves once every write asked for so far has finished. */
  settled(): Promise<void> {
    return this.#writing;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
