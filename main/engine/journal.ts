// The durable record of every unfinished job: enough to continue after a crash, a kill -9 or
// a reboot without re-sending what storage already holds, and to notice that the file
// changed in between.
//
// One file per job, `<jobId>.journal`: a whole record on the first line, then one line per
// change (a part acked, a part confirmed). A record is written atomically (temp + fsync +
// rename), so a crash mid-write leaves the previous one. A change is one appended line: it
// reaches the page cache before the append returns, so a kill -9 loses none of them (a
// power cut may lose the last few, which costs a re-send, never a wrong byte — the server is
// the authority on confirmed parts). Appending keeps the journal off the upload's critical
// path: the old format rewrote and fsynced the whole record after every part.

import { randomUUID } from 'node:crypto';
import { appendFile, open, readFile, readdir, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { UploadError, toUploadError } from './errors';
import { applyEvent, journalEventSchema, parseAnyVersion, type JournalEvent, type JournalRecord } from './journal-schema';
import { makeDirs } from './make-dirs';
import { isUnbegun, QUEUED_LOG_PATTERN, QueuedLog, queuedLogName } from './queued-log';

export { JOURNAL_VERSION, type JournalEvent, type JournalRecord } from './journal-schema';

export interface JournalStore {
  load(): Promise<{ records: JournalRecord[]; unreadable: string[] }>;
  /** The whole record, replacing what was there. */
  save(record: JournalRecord): Promise<void>;
  /** One change after the last saved record: cheap. Refused if no record was ever saved. */
  append(jobId: string, event: JournalEvent): Promise<void>;
  remove(jobId: string): Promise<void>;
}

/** For tests and for runs without --journal: same contract, nothing on disk. */
export class MemoryJournal implements JournalStore {
  readonly records = new Map<string, JournalRecord>();

  async load(): Promise<{ records: JournalRecord[]; unreadable: string[] }> {
    return { records: [...this.records.values()].map((r) => structuredClone(r)), unreadable: [] };
  }

  async save(record: JournalRecord): Promise<void> {
    this.records.set(record.jobId, structuredClone(record));
  }

  async append(jobId: string, event: JournalEvent): Promise<void> {
    const record = this.records.get(jobId);
    if (!record) throw new UploadError('journal-error', 'No upload record to add to.');
    applyEvent(record, event);
  }

  async remove(jobId: string): Promise<void> {
    this.records.delete(jobId);
  }
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** The name of a job's journal file ends so: `<jobId>.journal`. */
export const JOURNAL_FILE_SUFFIX = '.journal';
const SUFFIX = JOURNAL_FILE_SUFFIX;
/** Version 1 kept one rewritten JSON file per job. */
const LEGACY_SUFFIX = '.json';

interface Pending {
  record: JournalRecord | null;
  events: JournalEvent[];
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
}

export class FileJournal implements JournalStore {
  readonly dir: string;
  /** Per job: what is waiting to be written, and the loop writing it (one at a time, in order). */
  #pending = new Map<string, Pending>();
  #running = new Map<string, Promise<void>>();
  /**
   * Jobs whose file holds (or is being given) a record: an append to any other would make a
   * file without one.
   */
  #based = new Set<string>();
  /** Jobs whose file on disk holds a record (written or loaded by this process). */
  #onDisk = new Set<string>();
  /** Jobs loaded from a version 1 file: its removal after migrating may have failed. */
  #legacy = new Set<string>();
  #ready: Promise<void> | null = null;
  /** Jobs queued and not begun: one file per server (queued-log.ts), by file name… */
  readonly #queuedLogs = new Map<string, QueuedLog>();
  /** …and the file that holds each such job, until it has a file of its own. */
  readonly #queuedIn = new Map<string, QueuedLog>();

  constructor(dir: string) {
    this.dir = dir;
  }

  async load(): Promise<{ records: JournalRecord[]; unreadable: string[] }> {
    await this.#ensureDir();
    const records: JournalRecord[] = [];
    const unreadable: string[] = [];
    const names = (await readdir(this.dir)).sort();
    const present = new Set(names);
    for (const name of names) {
      const path = join(this.dir, name);
      if (name.startsWith('.') && name.endsWith('.tmp')) {
        // A write interrupted between open and rename: the record before it is intact.
        await rm(path, { force: true }).catch(() => undefined);
        continue;
      }
      if (name.endsWith(LEGACY_SUFFIX) && present.has(`${name.slice(0, -LEGACY_SUFFIX.length)}${SUFFIX}`)) {
        // Migrated by an earlier run whose removal of the old file failed: the current file is
        // newer (parts confirmed since) and wins; migrating again would write the old record over it.
        await rm(path, { force: true }).catch(() => undefined);
        continue;
      }
      const record = name.endsWith(SUFFIX)
        ? await readJournalFile(path)
        : name.endsWith(LEGACY_SUFFIX)
          ? await this.#migrate(path)
          : undefined;
      if (record === undefined) continue;
      if (record) {
        records.push(record);
        this.#based.add(record.jobId);
        this.#onDisk.add(record.jobId);
        if (name.endsWith(LEGACY_SUFFIX)) this.#legacy.add(record.jobId);
      } else {
        unreadable.push(path);
      }
    }
    const owned = new Set(records.map((r) => r.jobId));
    for (const name of (await readdir(this.dir)).filter((n) => QUEUED_LOG_PATTERN.test(n)).sort()) {
      const log = this.#queuedLog(name);
      try {
        for (const record of await log.load(owned)) {
          records.push(record);
          this.#queuedIn.set(record.jobId, log);
        }
      } catch {
        unreadable.push(log.path);
      }
    }
    return { records, unreadable };
  }

  save(record: JournalRecord): Promise<void> {
    if (!SAFE_ID.test(record.jobId)) return Promise.reject(new UploadError('internal', 'Invalid job id for the journal.'));
    const jobId = record.jobId;
    // Queued and never begun, and no file of its own yet: one line in its server's queued file.
    if (isUnbegun(record) && !this.#based.has(jobId)) {
      const log = this.#queuedLog(queuedLogName(record.apiUrl));
      this.#queuedIn.set(jobId, log);
      return log.add(record).catch((error: unknown) => Promise.reject(journalError(error, log.path)));
    }
    this.#based.add(jobId);
    const written = this.#enqueue(jobId, (pending) => {
      // The record contains every change made before it: those still queued are folded in.
      pending.record = structuredClone(record);
      pending.events = [];
    });
    const queuedIn = this.#queuedIn.get(jobId);
    if (!queuedIn) return written;
    this.#queuedIn.delete(jobId);
    // Its own file first, then the drop: a crash between leaves both (its own file wins on
    // load); the drop is on disk before this resolves, so a job that later finishes (own
    // file removed) cannot come back from the queued file.
    return written.then(
      () => queuedIn.drop(jobId),
      (error: unknown) => {
        // Its own file is not there (a full disk): the queued line still stands for it, and
        // whoever removes the job (it finished, it was cancelled) must drop that line too, or a
        // restart would bring a finished upload back and send it again.
        if (!this.#queuedIn.has(jobId)) this.#queuedIn.set(jobId, queuedIn);
        throw error;
      },
    );
  }

  #queuedLog(name: string): QueuedLog {
    let log = this.#queuedLogs.get(name);
    if (!log) {
      log = new QueuedLog(this.dir, name, () => this.#ensureDir());
      this.#queuedLogs.set(name, log);
    }
    return log;
  }

  append(jobId: string, event: JournalEvent): Promise<void> {
    if (!SAFE_ID.test(jobId)) return Promise.reject(new UploadError('internal', 'Invalid job id for the journal.'));
    if (!this.#based.has(jobId)) {
      return Promise.reject(new UploadError('journal-error', 'The upload record was never saved; nothing to add to.'));
    }
    return this.#enqueue(jobId, (p) => {
      p.events.push(event);
    });
  }

  async remove(jobId: string): Promise<void> {
    if (!SAFE_ID.test(jobId)) return;
    const queuedIn = this.#queuedIn.get(jobId);
    this.#queuedIn.delete(jobId);
    await queuedIn?.drop(jobId);
    const pending = this.#pending.get(jobId);
    if (pending) {
      this.#pending.delete(jobId);
      for (const waiter of pending.waiters) waiter.resolve();
    }
    await this.#running.get(jobId)?.catch(() => undefined);
    this.#based.delete(jobId);
    this.#onDisk.delete(jobId);
    // unlink, not rm: rm looks first (an lstat per name), and this runs once per finished file.
    await removeIfThere(join(this.dir, `${jobId}${SUFFIX}`));
    if (this.#legacy.delete(jobId)) await removeIfThere(join(this.dir, `${jobId}${LEGACY_SUFFIX}`));
  }

  #enqueue(jobId: string, change: (pending: Pending) => void): Promise<void> {
    let pending = this.#pending.get(jobId);
    if (!pending) {
      pending = { record: null, events: [], waiters: [] };
      this.#pending.set(jobId, pending);
    }
    change(pending);
    const done = new Promise<void>((resolve, reject) => pending.waiters.push({ resolve, reject }));
    if (!this.#running.has(jobId)) {
      const loop = this.#drain(jobId).finally(() => this.#running.delete(jobId));
      this.#running.set(jobId, loop);
    }
    return done;
  }

  /** Writes what is pending for one job, batch after batch, until nothing is left. */
  async #drain(jobId: string): Promise<void> {
    for (;;) {
      // Let callers of the same tick join this batch (one append for many changes).
      await Promise.resolve();
      const batch = this.#pending.get(jobId);
      if (!batch) return;
      this.#pending.delete(jobId);
      try {
        if (batch.record) {
          await this.#writeAtomically(batch.record, batch.events).catch((error: unknown) => {
            // Nothing on disk to append to until a record is written after all.
            if (!this.#onDisk.has(jobId) && !this.#pending.get(jobId)?.record) this.#based.delete(jobId);
            throw error;
          });
          this.#onDisk.add(jobId);
        } else if (batch.events.length > 0) {
          await this.#appendEvents(jobId, batch.events);
        }
        for (const waiter of batch.waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of batch.waiters) waiter.reject(error);
      }
    }
  }

  #ensureDir(): Promise<void> {
    // A failure is not kept: the folder may become writable later (a drive mounted again),
    // and a cached rejection would fail every save until the app restarts.
    this.#ready ??= makeDirs(this.dir).then(
      () => undefined,
      (error: unknown) => {
        this.#ready = null;
        throw error;
      },
    );
    return this.#ready;
  }

  async #writeAtomically(record: JournalRecord, events: JournalEvent[]): Promise<void> {
    const target = join(this.dir, `${record.jobId}${SUFFIX}`);
    const temp = join(this.dir, `.${record.jobId}.${randomUUID()}.tmp`);
    try {
      // Inside the try: a folder that cannot be made is a journal-error like any other write failure.
      await this.#ensureDir();
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(lines([record, ...events]));
        // fsync before rename: otherwise a power cut can leave the new name pointing at an
        // empty file on ext4/APFS.
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw journalError(error, target);
    }
  }

  async #appendEvents(jobId: string, events: JournalEvent[]): Promise<void> {
    const target = join(this.dir, `${jobId}${SUFFIX}`);
    try {
      // One write(2) of a few hundred bytes with O_APPEND: whole lines or nothing.
      await appendFile(target, lines(events));
    } catch (error) {
      throw journalError(error, target);
    }
  }

  /** A version 1 file becomes a current one; the old file goes once the new one is written. */
  async #migrate(path: string): Promise<JournalRecord | null> {
    let record: JournalRecord | null;
    try {
      record = parseAnyVersion(JSON.parse(await readFile(path, 'utf8')));
    } catch {
      return null;
    }
    if (!record || !SAFE_ID.test(record.jobId)) return null;
    await this.#writeAtomically(record, []);
    await rm(path, { force: true });
    return record;
  }
}

async function removeIfThere(path: string): Promise<void> {
  await unlink(path).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  });
}

async function readJournalFile(path: string): Promise<JournalRecord | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  const rows = text.split('\n');
  // A file always ends with a newline; what follows the last one is an append cut short.
  rows.pop();
  let record: JournalRecord | null = null;
  for (const [index, row] of rows.entries()) {
    if (index === 0) {
      try {
        record = parseAnyVersion(JSON.parse(row));
      } catch {
        return null;
      }
      if (!record) return null;
      continue;
    }
    const value = parseEventRow(row);
    if (value === null) continue; // a torn line with nothing whole in it
    // A whole line that is not an event is not a crash's doing: the file is not ours to trust.
    const event = journalEventSchema.safeParse(value);
    if (!event.success) return null;
    applyEvent(record!, event.data);
  }
  return record;
}

/**
 * An event line that does not parse is an append cut short by a crash with the next run's
 * append glued onto it (`{"e":"ack","n":4,"et{"e":"ack","n":5,…}`). Its tail is a whole
 * event; the torn head is lost. Losing an event is safe (ack and confirm are facts in our
 * favour: without one, that part is only sent or confirmed again); losing the record is not.
 */
function parseEventRow(row: string): unknown {
  try {
    return JSON.parse(row);
  } catch {
    const tail = row.lastIndexOf('{"e":');
    if (tail <= 0) return null;
    try {
      return JSON.parse(row.slice(tail));
    } catch {
      return null;
    }
  }
}

function lines(values: readonly unknown[]): string {
  return values.map((v) => `${JSON.stringify(v)}\n`).join('');
}

function journalError(error: unknown, target: string): UploadError {
  const uploadError = toUploadError(error, { path: target });
  if (uploadError.code === 'disk-full') return uploadError;
  return new UploadError('journal-error', `The upload record could not be saved (${uploadError.message}).`, { path: target }, { cause: error });
}
