// How many jobs may hold a server session at once (starting, uploading, completing).
//
// Big files: twice the part budget, enough that a slot freed while one file completes finds
// another file's part waiting, and few enough that files finish one after another instead
// of all crawling at once. Small files spend almost all their time in API round trips
// (start, part-complete, complete: ≥ 4 per file where an S3 tool needs 1), not in PUTs, so
// their calls are overlapped across many files regardless of the byte budget: while the
// open jobs together hold less than two budgets of full parts, MIN_OPEN_SMALL_FILES open or
// as many more as the probe found to pay (open-jobs-probe.ts). Measured on the emulated vpn
// link (500 ms RTT), 2,000 × 64 KiB: 12 open jobs gave 4.4 files/s, the AWS CLI's 10
// PutObjects in flight 9.3.

import { DEFAULT_CHUNK_SIZE } from './protocol';

/**
 * Small files open at once, at first and at least. Each holds a server-side multipart
 * upload, an open file and a journal record. The queue opens more while that makes files go
 * faster (open-jobs-probe.ts), up to its ceiling.
 */
export const MIN_OPEN_SMALL_FILES = 64;

export interface OpenJobs {
  /** Jobs holding a session. */
  count: number;
  /** Their files' sizes, summed. */
  bytes: number;
}

/**
 * The most jobs that may be open, given the part budget and what the open ones hold;
 * `smallFiles`: how many small files may be open now (the probe's finding).
 */
export function maxOpenJobs(budget: number, open: OpenJobs, smallFiles: number = MIN_OPEN_SMALL_FILES): number {
  const forBigFiles = Math.max(4, budget * 2);
  const partsHeld = open.bytes / DEFAULT_CHUNK_SIZE;
  return partsHeld < forBigFiles ? Math.max(forBigFiles, smallFiles) : forBigFiles;
}

/** A file of at most one default part: what the probe counts (a big file's pace is its bytes'). */
export function isSmallFile(size: number): boolean {
  return size <= DEFAULT_CHUNK_SIZE;
}
