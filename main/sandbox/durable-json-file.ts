import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * A JSON file that is replaced atomically (temp file + fsync + rename + directory fsync), so
 * a crash leaves either the old or the new state, never a torn one.
 *
 * `commit()` resolves once a write that STARTED AFTER the call has reached the disk: callers
 * mutate memory, then await commit() before answering, which makes every answered API call
 * durable. Concurrent commits coalesce into one write of the latest snapshot.
 */
export class DurableJsonFile {
  readonly #path: string;
  readonly #serialize: () => string;
  #waiters: Waiter[] = [];
  #draining = false;
  #idle: Promise<void> = Promise.resolve();

  constructor(path: string, serialize: () => string) {
    this.#path = path;
    this.#serialize = serialize;
  }

  static async read(path: string): Promise<string | null> {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  commit(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      if (!this.#draining) this.#idle = this.#drain();
    });
  }

  /** Resolves when no write is in flight (used on close). */
  async settled(): Promise<void> {
    await this.#idle;
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#waiters.length > 0) {
        const batch = this.#waiters;
        this.#waiters = [];
        try {
          await this.#write(this.#serialize());
          for (const waiter of batch) waiter.resolve();
        } catch (error) {
          for (const waiter of batch) waiter.reject(error);
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  async #write(text: string): Promise<void> {
    const dir = dirname(this.#path);
    await mkdir(dir, { recursive: true });
    const temp = `${this.#path}.tmp`;
    const file = await open(temp, 'w');
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, this.#path);
    await syncDirectory(dir);
  }
}

/** The rename is durable only once the directory entry is flushed. Windows cannot open directories: skip there. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
