// What the journal keeps of a job, and how older versions are read. A record says which file
// (and how to tell it is still the same file), which server upload is ours and how we know,
// what the user chose, whether the user paused it, and the parts storage or the server
// confirmed with their ETags (so a resume can confirm what was sent without sending it again,
// and can check a sample of the local file against what was sent).

import { z } from 'zod';
import { UPLOAD_OVERWRITE_OPTIONS, UPLOAD_REPLACE_OPTIONS } from './protocol';

export const JOURNAL_VERSION = 2;

export const jobOptionsSchema = z.object({
  parentId: z.string().nullable(),
  languageId: z.string().nullable(),
  relatedContentId: z.string().nullable(),
  existingAssetId: z.string().nullable(),
  overwrite: z.enum(['Ask', ...UPLOAD_OVERWRITE_OPTIONS]),
  replaceOptions: z.array(z.enum(UPLOAD_REPLACE_OPTIONS)),
});

export const fileIdentitySchema = z.object({
  path: z.string(),
  size: z.number().int().nonnegative(),
  /** Whole milliseconds: sub-ms precision is not preserved by every file system or JSON. */
  mtimeMs: z.number(),
  /** Device and inode: a file swapped for another of the same size and mtime has other ones. */
  dev: z.number().nullable().default(null),
  ino: z.number().nullable().default(null),
  ctimeMs: z.number().nullable().default(null),
});

const knownPartSchema = z.object({
  partNumber: z.number().int().positive(),
  /** What storage answered (and part-complete is told): the MD5 on plain buckets, opaque on KMS ones. */
  etag: z.string().min(1),
  /** The MD5 of the bytes we sent: what a resume checks the local file against. */
  md5: z.string().nullable().default(null),
  /** false: storage answered 2xx with this ETag, the server was not yet told (part-complete). */
  confirmed: z.boolean(),
});

export const journalRecordSchema = z.object({
  version: z.literal(JOURNAL_VERSION),
  jobId: z.string().min(1),
  /** Epoch ms, for people. */
  createdAt: z.number(),
  /** Which server the upload belongs to: an upload id means nothing on another one. */
  apiUrl: z.string(),
  userName: z.string().nullable(),
  file: fileIdentitySchema,
  relativePath: z.string(),
  displayName: z.string(),
  options: jobOptionsSchema,
  /**
   * The server upload that is ours, and how we know: from the answer to our own start, taken
   * over as our own earlier start, or from a version 1 journal (which did not say).
   */
  upload: z.object({ id: z.string().min(1), assetId: z.string(), proof: z.enum(['start-answer', 'adopted', 'legacy']) }).nullable(),
  /** A start was sent (epoch ms) and its answer never seen: a crash, a lost connection. */
  startSentAt: z.number().nullable(),
  /**
   * Uploads the server named when it refused our start: someone else's (or an older run's).
   * Never taken over as our own earlier start, whatever else matches.
   */
  notOurs: z.array(z.string()).default([]),
  /** Only a person's pause is kept: a pause for sleep or quit comes back resuming. */
  pausedByUser: z.boolean(),
  /**
   * The part size this upload's start asked for, when it was not chunkSizeFor(size) (the link
   * was fast: part-size.ts); null: chunkSizeFor(size), and every record written before this.
   * Written with startSentAt: a resume plans the parts a server left out with the server's size.
   */
  chunkSize: z.number().int().positive().nullable().default(null),
  parts: z.array(knownPartSchema),
});

export type JournalRecord = z.infer<typeof journalRecordSchema>;
export type FileIdentity = z.infer<typeof fileIdentitySchema>;

/** A change after the record was written, appended as one line. */
export const journalEventSchema = z.discriminatedUnion('e', [
  z.object({ e: z.literal('ack'), n: z.number().int().positive(), etag: z.string().min(1), md5: z.string().nullable().default(null) }),
  z.object({ e: z.literal('confirm'), n: z.number().int().positive() }),
]);
export type JournalEvent = z.infer<typeof journalEventSchema>;

export function applyEvent(record: JournalRecord, event: JournalEvent): void {
  const existing = record.parts.find((p) => p.partNumber === event.n);
  switch (event.e) {
    case 'ack':
      if (existing) Object.assign(existing, { etag: event.etag, md5: event.md5, confirmed: false });
      else record.parts.push({ partNumber: event.n, etag: event.etag, md5: event.md5, confirmed: false });
      return;
    case 'confirm':
      if (existing) existing.confirmed = true;
      return;
  }
}

/** Version 1 (one JSON file per job, rewritten whole after every part). */
const recordV1Schema = z.object({
  version: z.literal(1),
  jobId: z.string().min(1),
  createdAt: z.number(),
  apiUrl: z.string(),
  userName: z.string().nullable(),
  file: z.object({ path: z.string(), size: z.number().int().nonnegative(), mtimeMs: z.number() }),
  relativePath: z.string(),
  displayName: z.string(),
  options: jobOptionsSchema,
  uploadId: z.string().nullable(),
  assetId: z.string().nullable(),
  parts: z.array(z.object({ partNumber: z.number().int().positive(), etag: z.string() })),
  paused: z.boolean(),
});

/** Reads a record of any version this build knows; null when it is none of them. */
export function parseAnyVersion(value: unknown): JournalRecord | null {
  const current = journalRecordSchema.safeParse(value);
  if (current.success) return current.data;
  const v1 = recordV1Schema.safeParse(value);
  if (!v1.success) return null;
  const old = v1.data;
  return {
    version: JOURNAL_VERSION,
    jobId: old.jobId,
    createdAt: old.createdAt,
    apiUrl: old.apiUrl,
    userName: old.userName,
    file: { ...old.file, dev: null, ino: null, ctimeMs: null },
    relativePath: old.relativePath,
    displayName: old.displayName,
    options: old.options,
    upload: old.uploadId ? { id: old.uploadId, assetId: old.assetId ?? '', proof: 'legacy' } : null,
    // Version 1 wrote its record just before start: without an upload id, a start was sent.
    startSentAt: old.uploadId ? null : old.createdAt,
    notOurs: [],
    // Version 1 did not know who paused; every pause it kept was a person's or a quit's.
    pausedByUser: old.paused,
    chunkSize: null,
    // Version 1 kept only ETags it had checked to be the MD5 of what was sent.
    parts: old.parts.filter((p) => p.etag !== '').map((p) => ({ partNumber: p.partNumber, etag: p.etag, md5: p.etag, confirmed: true })),
  };
}
