import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Lock files held by sandboxes of this process (a pid check cannot tell those apart). */
const heldHere = new Set<string>();

/**
 * One sandbox per data directory: two writers of the same state.json would silently undo each
 * other's uploads. A lock left by a process that no longer runs is taken over.
 */
export class DataDirLock {
  readonly #path: string;
  #released = false;

  private constructor(path: string) {
    this.#path = path;
  }

  static async acquire(dataDir: string): Promise<DataDirLock> {
    const path = join(dataDir, 'sandbox.lock');
    if (heldHere.has(path)) throw new Error(`data dir ${dataDir} is already used by another sandbox in this process`);
    // Two attempts: the second follows the removal of a stale lock.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(path, 'wx');
        try {
          await handle.writeFile(String(process.pid));
        } finally {
          await handle.close();
        }
        heldHere.add(path);
        return new DataDirLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
        if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
          throw new Error(`data dir ${dataDir} is in use by process ${holder} (delete ${path} if no sandbox runs there)`, { cause: error });
        }
        await rm(path, { force: true });
      }
    }
    throw new Error(`could not lock data dir ${dataDir}`);
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    heldHere.delete(this.#path);
    await rm(this.#path, { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
