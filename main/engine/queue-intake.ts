// Turning what a person added (or what the journal kept) into jobs: names, duplicates, and
// the fingerprint of a file that cannot be read.

import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { toUploadError, type UploadError } from './errors';
import type { JobInit, JobOptions, UploadJob } from './job';
import type { JournalRecord } from './journal';
import type { FileFingerprint } from './source';
import type { WalkedFile, WalkProblem } from './walk';

/**
 * A file already in the queue for the same destination is not added twice: an unfinished job
 * goes on, a failed one is retried (adding it again means "upload this again").
 */
export class DuplicateIndex {
  readonly #options: JobOptions;
  readonly #present = new Map<string, UploadJob | null>();

  constructor(jobs: Iterable<UploadJob>, options: JobOptions) {
    this.#options = options;
    for (const job of jobs) {
      if (!job.isFinished || job.state === 'failed') this.#present.set(destinationKey(job.localPath, job.relativePath, job.options), job);
    }
  }

  /** True if the file is already there (a failed one is retried); else remembers it for this drop. */
  claim(localPath: string, relativePath: string): boolean {
    const key = destinationKey(localPath, relativePath, this.#options);
    if (!this.#present.has(key)) {
      this.#present.set(key, null);
      return false;
    }
    const existing = this.#present.get(key);
    if (existing?.state === 'failed') existing.retry();
    return true;
  }
}

/**
 * The jobs one drop adds, in walk order: readable files with their fingerprint, then the
 * paths the walk could not read (each becomes a failed job that says why, so nothing dropped
 * vanishes silently). A file already queued for the same destination is not added again.
 */
export async function initsForDrop(
  walked: { readonly files: readonly WalkedFile[]; readonly problems: readonly WalkProblem[] },
  known: DuplicateIndex,
  base: Pick<JobInit, 'dropId' | 'options' | 'createdAt'>,
  fingerprint: (path: string) => Promise<FileFingerprint>,
): Promise<{ inits: JobInit[]; duplicates: string[] }> {
  const inits: JobInit[] = [];
  const duplicates: string[] = [];
  const isDuplicate = (entry: { localPath: string; relativePath: string }): boolean => {
    if (!known.claim(entry.localPath, entry.relativePath)) return false;
    duplicates.push(entry.localPath);
    return true;
  };
  for (const file of walked.files) {
    if (isDuplicate(file)) continue;
    let print: FileFingerprint;
    let initialError: UploadError | undefined;
    try {
      print = await fingerprint(file.localPath);
    } catch (error) {
      initialError = toUploadError(error, { path: file.localPath });
      print = unreadable(file.localPath);
    }
    inits.push({ ...base, ...naming(file), id: randomUUID(), fingerprint: print, initialError });
  }
  for (const problem of walked.problems) {
    if (isDuplicate(problem)) continue;
    inits.push({ ...base, ...naming(problem), id: randomUUID(), fingerprint: unreadable(problem.localPath), initialError: problem.error });
  }
  return { inits, duplicates };
}

export function naming(file: { localPath: string; relativePath: string }): Pick<JobInit, 'localPath' | 'relativePath' | 'displayName'> {
  return { localPath: file.localPath, relativePath: file.relativePath, displayName: basename(file.relativePath) };
}

/** What a job that cannot be read is known as: a path and nothing else. */
export function unreadable(path: string): FileFingerprint {
  return { path, size: 0, mtimeMs: 0, dev: null, ino: null, ctimeMs: null };
}

export function initFromJournal(record: JournalRecord, dropId: string): JobInit {
  return {
    id: record.jobId,
    localPath: record.file.path,
    relativePath: record.relativePath,
    displayName: record.displayName,
    dropId,
    fingerprint: record.file,
    options: record.options,
    createdAt: record.createdAt,
    restored: record,
  };
}

export function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function destinationKey(localPath: string, relativePath: string, options: JobOptions): string {
  return JSON.stringify([localPath, relativePath, options.parentId, options.existingAssetId, options.relatedContentId]);
}
