// The durable record of every unfinished job: enough to continue after a crash, a kill -9
// or a reboot without re-sending what the server already confirmed, and to notice that the
// file changed in between. One JSON file per job, replaced atomically (temp + fsync +
// rename), so a crash mid-write leaves the previous version, never half of one.

import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { UploadError, toUploadError } from './errors';
import { UPLOAD_OVERWRITE_OPTIONS, UPLOAD_REPLACE_OPTIONS } from './protocol';

export const JOURNAL_VERSION = 1;

const jobOptionsSchema = z.object({
  parentId: z.string().nullable(),
  languageId: z.string().nullable(),
  relatedContentId: z.string().nullable(),
  existingAssetId: z.string().nullable(),
  overwrite: z.enum(['Ask', ...UPLOAD_OVERWRITE_OPTIONS]),
  replaceOptions: z.array(z.enum(UPLOAD_REPLACE_OPTIONS)),
});

export const journalRecordSchema = z.object({
  version: z.literal(JOURNAL_VERSION),
  jobId: z.string().min(1),
  createdAt: z.number(),
  /** API base the upload belongs to: an upload id means nothing on another server. */
  apiUrl: z.string(),
  userName: z.string().nullable(),
  file: z.object({ path: z.string(), size: z.number().int().nonnegative(), mtimeMs: z.number() }),
  relativePath: z.string(),
  displayName: z.string(),
  options: jobOptionsSchema,
  /** null until start answered; a record without it still says "we asked to start this". */
  uploadId: z.string().nullable(),
  assetId: z.string().nullable(),
  /** Parts the server confirmed, with the ETag it accepted. */
  parts: z.array(z.object({ partNumber: z.number().int().positive(), etag: z.string() })),
  /** Whether the user paused it: a restart must not resume what the user paused. */
  paused: z.boolean(),
});

export type JournalRecord = z.infer<typeof journalRecordSchema>;

export interface JournalStore {
  load(): Promise<{ records: JournalRecord[]; unreadable: string[] }>;
  save(record: JournalRecord): Promise<void>;
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

  async remove(jobId: string): Promise<void> {
    this.records.delete(jobId);
  }
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export class FileJournal implements JournalStore {
  readonly dir: string;
  /** Per job: the write in progress and whether another is due after it. */
  #writes = new Map<string, { running: Promise<void>; next: JournalRecord | null }>();
  #ready: Promise<void> | null = null;

  constructor(dir: string) {
    this.dir = dir;
  }

  async load(): Promise<{ records: JournalRecord[]; unreadable: string[] }> {
    await this.#ensureDir();
    const records: JournalRecord[] = [];
    const unreadable: string[] = [];
    for (const name of (await readdir(this.dir)).sort()) {
      if (!name.endsWith('.json')) continue;
      const path = join(this.dir, name);
      try {
        const parsed = journalRecordSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
        if (parsed.success) records.push(parsed.data);
        else unreadable.push(path);
      } catch {
        unreadable.push(path);
      }
    }
    return { records, unreadable };
  }

  /**
   * Coalesces: while a write for this job is running, only the newest record waits behind
   * it. Resolves once a write containing `record` (or a newer one) is durable.
   */
  save(record: JournalRecord): Promise<void> {
    if (!SAFE_ID.test(record.jobId)) return Promise.reject(new UploadError('internal', 'Invalid job id for the journal.'));
    const entry = this.#writes.get(record.jobId);
    if (entry) {
      // The running loop picks `next` up before it finishes: awaiting it covers this record.
      entry.next = record;
      return entry.running;
    }
    const state: { running: Promise<void>; next: JournalRecord | null } = { running: Promise.resolve(), next: null };
    const loop = async (first: JournalRecord): Promise<void> => {
      let current: JournalRecord | null = first;
      try {
        while (current) {
          state.next = null;
          await this.#writeAtomically(current);
          current = state.next;
        }
      } finally {
        this.#writes.delete(first.jobId);
      }
    };
    state.running = loop(record);
    this.#writes.set(record.jobId, state);
    return state.running;
  }

  async remove(jobId: string): Promise<void> {
    if (!SAFE_ID.test(jobId)) return;
    const pending = this.#writes.get(jobId);
    if (pending) {
      pending.next = null;
      await pending.running.catch(() => undefined);
    }
    await rm(join(this.dir, `${jobId}.json`), { force: true });
  }

  #ensureDir(): Promise<void> {
    // A failure is not kept: the folder may become writable later (a drive mounted again),
    // and a cached rejection would fail every save until the app restarts.
    this.#ready ??= mkdir(this.dir, { recursive: true }).then(
      () => undefined,
      (error: unknown) => {
        this.#ready = null;
        throw error;
      },
    );
    return this.#ready;
  }

  async #writeAtomically(record: JournalRecord): Promise<void> {
    const target = join(this.dir, `${record.jobId}.json`);
    const temp = join(this.dir, `.${record.jobId}.${randomUUID()}.tmp`);
    try {
      // Inside the try: a folder that cannot be made is a journal-error like any other write failure.
      await this.#ensureDir();
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(JSON.stringify(record));
        // fsync before rename: otherwise a power cut can leave the new name pointing at
        // an empty file on ext4/APFS.
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      const uploadError = toUploadError(error, { path: target });
      if (uploadError.code === 'disk-full') throw uploadError;
      throw new UploadError('journal-error', `The upload record could not be saved (${uploadError.message}).`, { path: target }, { cause: error });
    }
  }
}
