// One job's side of the journal: the record as it stands, written whole when what it says
// about the job changes (the upload, the file, a pause) and appended to for each part. A
// record rewritten after every part cost an fsync'd rewrite of the whole part list inside
// the part's slot; now a part costs one appended line, and the record is rewritten only when
// the appended lines outgrow it (so the work stays linear in the number of parts).

import { toUploadError, type UploadError } from './errors';
import type { JournalEvent, JournalRecord, JournalStore } from './journal';
import type { JobInit } from './job-context';
import { chunkSizeFor } from './plan';

/** Rewrite the record after this many appended lines, or after as many as it has parts. */
const MIN_LINES_BEFORE_REWRITE = 64;

export type RecordPatch = Partial<Omit<JournalRecord, 'version' | 'jobId' | 'parts'>>;

export class JobJournal {
  readonly #store: JournalStore;
  readonly #onError: (error: UploadError) => void;
  #record: JournalRecord;
  #linesSinceWrite = 0;
  #removed = false;
  /**
   * The newest whole write landed and nothing is in flight, so the store holds this record as
   * it stands and a write that changes nothing can be skipped. A small file's run asks for the
   * same record twice more after the start's answer (the file check, the server's empty part
   * list); each skipped write is an open, an fsync and a rename, which a folder of 2,000 clips
   * paid 2,000 times.
   */
  #stored = false;
  /** Whole writes numbered as they begin: only the newest one landing makes the store current. */
  #writes = 0;
  #inFlight = 0;

  constructor(store: JournalStore, record: JournalRecord, onError: (error: UploadError) => void) {
    this.#store = store;
    this.#record = structuredClone(record);
    this.#onError = onError;
  }

  get record(): Readonly<JournalRecord> {
    return this.#record;
  }

  /** A new job's record, written as it is queued: a quit before it begins brings it back queued. */
  begin(): Promise<void> {
    return this.#write();
  }

  /** Changes what the record says about the job and writes it whole (again, after a removal). */
  async update(patch: RecordPatch): Promise<void> {
    const unchanged = (Object.keys(patch) as Array<keyof RecordPatch>).every((key) => sameValue(this.#record[key], patch[key]));
    if (unchanged && this.#current()) return;
    this.#removed = false;
    this.#record = { ...this.#record, ...structuredClone(patch) };
    await this.#write();
  }

  /** Replaces the part list (a new plan, or a fresh start) and writes the record whole. */
  async resetParts(parts: JournalRecord['parts']): Promise<void> {
    if (this.#current() && sameValue(this.#record.parts, parts)) return;
    this.#removed = false;
    this.#record = { ...this.#record, parts: structuredClone(parts) };
    await this.#write();
  }

  /**
   * Storage holds part `n` with this ETag. Awaited inside the part's slot: once it resolves,
   * a kill -9 cannot make us send the part again (the resume confirms it from here).
   */
  acked(partNumber: number, etag: string, md5: string): Promise<void> {
    const existing = this.#record.parts.find((p) => p.partNumber === partNumber);
    if (existing) Object.assign(existing, { etag, md5, confirmed: false });
    else this.#record.parts.push({ partNumber, etag, md5, confirmed: false });
    return this.#append({ e: 'ack', n: partNumber, etag, md5 });
  }

  confirmed(partNumber: number): Promise<void> {
    const existing = this.#record.parts.find((p) => p.partNumber === partNumber);
    if (existing) existing.confirmed = true;
    return this.#append({ e: 'confirm', n: partNumber });
  }

  /** The job is over (done, cancelled, skipped): nothing of it needs to survive a restart. */
  async remove(): Promise<void> {
    this.#removed = true;
    this.#stored = false;
    await this.#store.remove(this.#record.jobId).catch((error: unknown) => this.#onError(toUploadError(error)));
  }

  async #append(event: JournalEvent): Promise<void> {
    if (this.#removed) return;
    this.#linesSinceWrite += 1;
    if (this.#linesSinceWrite > Math.max(MIN_LINES_BEFORE_REWRITE, this.#record.parts.length)) {
      await this.#write();
      return;
    }
    this.#inFlight += 1;
    try {
      await this.#store.append(this.#record.jobId, event);
    } catch {
      // Never saved, or the append failed: the whole record carries this change too.
      await this.#write();
    } finally {
      this.#inFlight -= 1;
    }
  }

  async #write(): Promise<void> {
    if (this.#removed) return;
    this.#linesSinceWrite = 0;
    const write = ++this.#writes;
    this.#stored = false;
    this.#inFlight += 1;
    try {
      await this.#store.save(this.#record);
      if (write === this.#writes && !this.#removed) this.#stored = true;
    } catch (error) {
      // The server is the authority on confirmed parts; the journal only remembers which
      // upload is ours. Losing a write costs at most a question on restart, so the upload
      // goes on and the user is told.
      this.#onError(toUploadError(error));
    } finally {
      this.#inFlight -= 1;
    }
  }

  /** A write now would put nothing new in the store, and no caller is left waiting on one. */
  #current(): boolean {
    return this.#stored && this.#inFlight === 0 && !this.#removed;
  }
}

/** Record fields are JSON (numbers, strings, flat objects and lists): equal when their JSON is. */
function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** The record of a job that has not been journalled before. */
export function newJournalRecord(init: JobInit, serverKey: string, userName: string | null): JournalRecord {
  return {
    version: 2,
    jobId: init.id,
    createdAt: init.createdAt,
    apiUrl: serverKey,
    userName,
    file: { ...init.fingerprint },
    relativePath: init.relativePath,
    displayName: init.displayName,
    options: { ...init.options, replaceOptions: [...init.options.replaceOptions] },
    upload: null,
    startSentAt: null,
    notOurs: [],
    pausedByUser: false,
    chunkSize: null,
    parts: [],
  };
}

/** The part size the record's upload was (or will be) started with. */
export function recordedChunkSize(record: Readonly<JournalRecord>, size: number): number {
  return record.chunkSize ?? chunkSizeFor(size);
}

/**
 * Until the server is asked, show what the journal says was confirmed, so a restored job
 * reads "60 %" rather than "0 %". The ranges assume our own chunk size; the server's answer
 * replaces all of it when the job runs.
 */
export function journaledProgress(record: Readonly<JournalRecord>, size: number): { parts: number; bytes: number } {
  const chunk = recordedChunkSize(record, size);
  let parts = 0;
  let bytes = 0;
  for (const part of record.parts) {
    if (!part.confirmed) continue;
    const start = (part.partNumber - 1) * chunk;
    if (start >= size && size > 0) continue;
    parts += 1;
    bytes += Math.max(0, Math.min(chunk, size - start));
  }
  return { parts, bytes };
}
