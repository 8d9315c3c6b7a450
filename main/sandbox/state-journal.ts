import { open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { readTextIfExists, replaceAtomically, syncDirectory } from '../engine/atomic-file';
import { STATE_CHANGE_OPS, type StateChange } from './state-changes';
import { SandboxState } from './state-store';

export const STATE_FILE = 'state.json';
const JOURNAL_FILE = /^state-(\d+)\.log$/;
const journalName = (generation: number): string => `state-${generation}.log`;

/**
 * The journal is folded into a new snapshot once it outgrows both this and the snapshot
 * itself: replay at start-up then reads at most about twice the state, and the snapshot's
 * O(state) write is paid once per O(state) bytes of changes (amortized O(1) per change).
 */
export const MIN_COMPACTION_BYTES = 1024 * 1024;

export interface JournalOptions {
  log?: (line: string) => void;
  /** Default MIN_COMPACTION_BYTES; tests lower it to see compaction happen. */
  minCompactionBytes?: number;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Durable sandbox state: a snapshot (`state.json`) plus an append-only journal of changes
 * (`state-<generation>.log`, one JSON line per change), instead of rewriting the whole state
 * on every mutation. An answered call costs one small append and one fdatasync, whatever the
 * size of the state.
 *
 * Why a journal and not coalesced rewrites: coalescing still writes O(state) bytes per batch,
 * so with 500 sessions and uploads every batch costs more, while an append is as cheap with
 * 50,000 records as with 5. Durability is unchanged: `commit()` resolves once a write that
 * started after the call has reached the disk (concurrent commits share one append + sync),
 * so every answered call survives kill -9 and power loss.
 *
 * Crash safety: a kill can tear only the journal's last line (its commit never resolved): it
 * is dropped at start-up. Compaction writes the new snapshot atomically, naming the next
 * journal generation, and only then deletes the old journal, so either the old snapshot and
 * its journal or the new snapshot is complete at every instant.
 */
export class StateJournal {
  readonly #dataDir: string;
  readonly #state: SandboxState;
  readonly #log: (line: string) => void;
  readonly #minCompactionBytes: number;
  #generation: number;
  #handle: FileHandle | null = null;
  #journalBytes: number;
  #snapshotBytes: number;
  /** Lines taken from the state but not yet durable: kept across a failed append and written first next time. */
  #unwritten: string[] = [];
  #waiters: Waiter[] = [];
  #draining = false;
  #idle: Promise<void> = Promise.resolve();

  private constructor(dataDir: string, state: SandboxState, generation: number, sizes: { journal: number; snapshot: number }, options: JournalOptions) {
    this.#dataDir = dataDir;
    this.#state = state;
    this.#generation = generation;
    this.#journalBytes = sizes.journal;
    this.#snapshotBytes = sizes.snapshot;
    this.#log = options.log ?? (() => {});
    this.#minCompactionBytes = options.minCompactionBytes ?? MIN_COMPACTION_BYTES;
  }

  /** Loads the snapshot, replays its journal (dropping a torn last line) and removes journals of other generations. */
  static async open(dataDir: string, options: JournalOptions = {}): Promise<StateJournal> {
    const log = options.log ?? (() => {});
    const snapshotPath = join(dataDir, STATE_FILE);
    const saved = await readTextIfExists(snapshotPath);
    let state: SandboxState;
    let generation = 0;
    let snapshotBytes: number;
    if (saved === null) {
      state = SandboxState.create();
      const text = state.serialize(generation);
      await replaceAtomically(snapshotPath, text);
      snapshotBytes = Buffer.byteLength(text);
    } else {
      state = SandboxState.parse(saved, snapshotPath);
      generation = (JSON.parse(saved) as { journalGeneration?: number }).journalGeneration ?? 0;
      snapshotBytes = Buffer.byteLength(saved);
    }
    const journalBytes = await replay(join(dataDir, journalName(generation)), state, log);
    for (const name of await readdir(dataDir)) {
      const match = JOURNAL_FILE.exec(name);
      if (match && Number(match[1]) !== generation) await rm(join(dataDir, name), { force: true });
    }
    return new StateJournal(dataDir, state, generation, { journal: journalBytes, snapshot: snapshotBytes }, options);
  }

  get state(): SandboxState {
    return this.#state;
  }

  /** Which journal file is in use (state-<generation>.log); grows by one with each compaction. */
  get generation(): number {
    return this.#generation;
  }

  /** Resolves once every change recorded before the call is on disk. */
  commit(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      if (!this.#draining) this.#idle = this.#drain();
    });
  }

  /** Resolves when no write is in flight. */
  async settled(): Promise<void> {
    await this.#idle;
  }

  async close(): Promise<void> {
    await this.settled();
    await this.#handle?.close();
    this.#handle = null;
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#waiters.length > 0) {
        const batch = this.#waiters;
        this.#waiters = [];
        try {
          await this.#append();
          for (const waiter of batch) waiter.resolve();
        } catch (error) {
          for (const waiter of batch) waiter.reject(error);
        }
        if (this.#journalBytes > Math.max(this.#minCompactionBytes, this.#snapshotBytes)) await this.#compact();
      }
    } finally {
      this.#draining = false;
    }
  }

  async #append(): Promise<void> {
    this.#unwritten.push(...this.#state.takeChanges());
    if (this.#unwritten.length === 0) return;
    const bytes = Buffer.from(`${this.#unwritten.join('\n')}\n`, 'utf8');
    const handle = await this.#journal();
    try {
      await handle.write(bytes, 0, bytes.length, null);
      await handle.datasync();
    } catch (error) {
      // Cut off whatever part of the batch reached the file, so no torn line sits in the middle
      // of the journal once later batches follow; the lines are written again next time.
      await handle.truncate(this.#journalBytes).catch(() => {});
      throw error;
    }
    this.#journalBytes += bytes.length;
    this.#unwritten = [];
  }

  async #journal(): Promise<FileHandle> {
    if (this.#handle) return this.#handle;
    const handle = await open(join(this.#dataDir, journalName(this.#generation)), 'a');
    // A new file's directory entry must be durable too, or a crash could lose the whole journal.
    await syncDirectory(this.#dataDir);
    this.#handle = handle;
    return handle;
  }

  /** Folds the journal into a new snapshot. A failure leaves the current snapshot and journal in use. */
  async #compact(): Promise<void> {
    const next = this.#generation + 1;
    // Every change so far is in memory, so the snapshot holds it: changes recorded but not yet
    // appended are taken here (synchronously with serialize) and not written to the new journal.
    const pending = [...this.#unwritten, ...this.#state.takeChanges()];
    const text = this.#state.serialize(next);
    try {
      await replaceAtomically(join(this.#dataDir, STATE_FILE), text);
    } catch (error) {
      this.#unwritten = pending;
      this.#log(`could not compact the state journal (it stays in use): ${String(error)}`);
      return;
    }
    this.#unwritten = [];
    const old = this.#handle;
    const oldName = journalName(this.#generation);
    this.#handle = null;
    this.#generation = next;
    this.#journalBytes = 0;
    this.#snapshotBytes = Buffer.byteLength(text);
    await old?.close().catch(() => {});
    await rm(join(this.#dataDir, oldName), { force: true });
  }
}

/** Applies a journal to the state; returns the journal's length after dropping a torn tail. */
async function replay(path: string, state: SandboxState, log: (line: string) => void): Promise<number> {
  const text = await readTextIfExists(path);
  if (text === null) return 0;
  const lines = text.split('\n');
  // Everything after the last newline never completed an append.
  const complete = lines.slice(0, -1);
  let goodBytes = 0;
  for (const [index, line] of complete.entries()) {
    const change = parseChange(line);
    if (change === null) {
      // A bad line followed by good ones is not a torn write but damage: refuse, as for a bad snapshot.
      if (complete.slice(index + 1).some((later) => parseChange(later) !== null)) {
        throw new Error(`${path} line ${index + 1} is not a state change; the journal is damaged`);
      }
      break;
    }
    state.apply(change);
    goodBytes += Buffer.byteLength(line) + 1;
  }
  if (goodBytes !== Buffer.byteLength(text)) {
    log(`${path}: dropped ${Buffer.byteLength(text) - goodBytes} bytes of an append that never completed`);
    const handle = await open(path, 'r+');
    try {
      await handle.truncate(goodBytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  return goodBytes;
}

function parseChange(line: string): StateChange | null {
  try {
    const value = JSON.parse(line) as { op?: unknown } | null;
    return typeof value === 'object' && value !== null && typeof value.op === 'string' && STATE_CHANGE_OPS.has(value.op) ? (value as StateChange) : null;
  } catch {
    return null;
  }
}
