// The jobs that are queued and have not begun: one append-only file per server for all of
// them (`queued-<server hash>.log` in the journal folder), so that quitting with a 500-file camera card queued
// brings all 500 back on the next start, not only the few that had begun (a job's own
// journal file is first written just before its start request). One file, one fsync per
// batch: a drop of 2,000 files is one append, where 2,000 record files would be 2,000
// fsyncs competing with the first uploads for the disk and the thread pool.
//
// Lines: `{"add":<record>}` when a job is queued, `{"drop":"<jobId>"}` when it leaves (it
// began and has its own file, or it was cancelled). A drop is on disk before the journal
// says the job's own record is: so a job that finished (own file removed) can never come
// back from here and be uploaded twice. Torn last lines (a crash mid-append) are skipped.
// The file is rewritten without dead lines when they outnumber the live ones, and removed
// when nothing is queued — only ever by the journal that writes to it: the app keeps one
// journal per saved server over the same folder (each uploading at once), so each server
// has its own file, and reading (load) never writes.

import { createHash } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { parseAnyVersion, type JournalRecord } from './journal-schema';

/** `queued-` + 16 hex digits of the server's key + `.log`. */
export const QUEUED_LOG_PATTERN = /^queued-[0-9a-f]{16}\.log$/;

/** The file of one server's queued jobs. */
export function queuedLogName(serverKey: string): string {
  return `queued-${createHash('sha256').update(serverKey).digest('hex').slice(0, 16)}.log`;
}

/** Rewrite when dead lines exceed the live ones by this many (a 2,000-file drop that all began: one rewrite, not 2,000). */
const COMPACT_SLACK = 256;

const dropSchema = z.strictObject({ drop: z.string().min(1) });

/** A record that says nothing the server knows: queued, never started, not paused by the person. */
export function isUnbegun(record: JournalRecord): boolean {
  return record.upload === null && record.startSentAt === null && record.parts.length === 0 && record.notOurs.length === 0 && !record.pausedByUser;
}

interface Batch {
  lines: string[];
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
}

export class QueuedLog {
  readonly #dir: string;
  readonly #name: string;
  readonly #path: string;
  readonly #live = new Map<string, JournalRecord>();
  /** Lines in the file now (live or dead). */
  #lines = 0;
  #batch: Batch | null = null;
  /** One write at a time, in order. */
  #writing: Promise<void> = Promise.resolve();
  readonly #ensureDir: () => Promise<void>;

  constructor(dir: string, name: string, ensureDir: () => Promise<void>) {
    this.#dir = dir;
    this.#name = name;
    this.#path = join(dir, name);
    this.#ensureDir = ensureDir;
  }

  get path(): string {
    return this.#path;
  }

  /**
   * The queued jobs the file holds, minus those `owned` (a job with its own journal file:
   * that file is newer). Reads only: the next write compacts what is dead.
   */
  async load(owned: ReadonlySet<string>): Promise<JournalRecord[]> {
    let text: string | null;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      text = null;
    }
    this.#live.clear();
    this.#lines = 0;
    for (const row of (text ?? '').split('\n')) {
      const line = parseLine(row);
      if (line === null) continue;
      this.#lines += 1;
      if ('drop' in line) this.#live.delete(line.drop);
      else this.#live.set(line.add.jobId, line.add);
    }
    // Dead here, though no drop line says so yet: the next write leaves them out.
    for (const jobId of owned) this.#live.delete(jobId);
    return [...this.#live.values()].map((r) => structuredClone(r));
  }

  /** Remembers a queued job; resolves once it is on disk. */
  add(record: JournalRecord): Promise<void> {
    this.#live.set(record.jobId, structuredClone(record));
    return this.#append({ add: record });
  }

  /** Forgets a job (it began, or it is gone); resolves once that is on disk. No-op for a job it does not hold. */
  drop(jobId: string): Promise<void> {
    if (!this.#live.delete(jobId)) return Promise.resolve();
    return this.#append({ drop: jobId });
  }

  #append(value: unknown): Promise<void> {
    let batch = this.#batch;
    if (batch === null) {
      const fresh: Batch = { lines: [], waiters: [] };
      this.#batch = batch = fresh;
      // Everything asked for in this tick (a whole drop) goes in one append and one fsync.
      void this.#chain(async () => {
        await Promise.resolve();
        this.#batch = null;
        try {
          await this.#write(fresh.lines);
          for (const w of fresh.waiters) w.resolve();
        } catch (error) {
          for (const w of fresh.waiters) w.reject(error);
        }
      });
    }
    batch.lines.push(`${JSON.stringify(value)}\n`);
    return new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
  }

  #chain(step: () => Promise<void>): Promise<void> {
    const next = this.#writing.then(step);
    this.#writing = next.catch(() => undefined);
    return next;
  }

  async #write(rows: string[]): Promise<void> {
    if (this.#live.size === 0) {
      // Nothing queued: no file (an empty journal folder stays empty).
      await rm(this.#path, { force: true });
      this.#lines = 0;
      return;
    }
    if (this.#lines + rows.length - this.#live.size > this.#live.size + COMPACT_SLACK) {
      await this.#compact();
      return;
    }
    await this.#ensureDir();
    const handle = await open(this.#path, 'a');
    try {
      await handle.writeFile(rows.join(''));
      await handle.datasync();
    } finally {
      await handle.close();
    }
    this.#lines += rows.length;
  }

  /** The file becomes exactly the live jobs (temp + fsync + rename), or goes if there are none. */
  async #compact(): Promise<void> {
    if (this.#live.size === 0) {
      await rm(this.#path, { force: true });
      this.#lines = 0;
      return;
    }
    await this.#ensureDir();
    // A leading dot and .tmp: the journal's load removes it if a crash left it behind.
    const temp = join(this.#dir, `.${this.#name}.tmp`);
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile([...this.#live.values()].map((record) => `${JSON.stringify({ add: record })}\n`).join(''));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.#path);
    this.#lines = this.#live.size;
  }
}

function parseLine(row: string): { add: JournalRecord } | { drop: string } | null {
  if (row.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(row);
  } catch {
    return null; // an append cut short by a crash
  }
  const drop = dropSchema.safeParse(value);
  if (drop.success) return { drop: drop.data.drop };
  if (typeof value !== 'object' || value === null || !('add' in value)) return null;
  const record = parseAnyVersion(value.add);
  return record && isUnbegun(record) ? { add: record } : null;
}
