// How many jobs may hold a server session at once (starting, uploading, completing).
//
// Big files: twice the part budget, enough that a slot freed while one file completes finds
// another file's part waiting, and few enough that files finish one after another instead
// of all crawling at once. Small files spend almost all their time in API round trips
// (start, part-complete, complete: ≥ 4 per file where an S3 tool needs 1), not in PUTs, so
// their calls are overlapped across many files regardless of the byte budget: while the
// open jobs together hold less than two budgets of full parts, up to MAX_OPEN_JOBS open.
// Measured on the emulated vpn link (500 ms RTT), 2,000 × 64 KiB: 12 open jobs gave 4.4
// files/s, the AWS CLI's 10 PutObjects in flight 9.3.

import { DEFAULT_CHUNK_SIZE } from './protocol';

/**
 * Sessions open at once at most. Each holds a server-side multipart upload, an open file
 * and a journal record; 64 × 4 round trips fill a 500 ms link with 64 KiB files.
 */
export const MAX_OPEN_JOBS = 64;

export interface OpenJobs {
  /** Jobs holding a session. */
  count: number;
  /** Their files' sizes, summed. */
  bytes: number;
}

/** The most jobs that may be open, given the part budget and what the open ones hold. */
export function maxOpenJobs(budget: number, open: OpenJobs): number {
  const forBigFiles = Math.max(4, budget * 2);
  const partsHeld = open.bytes / DEFAULT_CHUNK_SIZE;
  return partsHeld < forBigFiles ? Math.max(forBigFiles, MAX_OPEN_JOBS) : forBigFiles;
}
