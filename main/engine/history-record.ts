// One finished upload as the record keeps it (the app's history, the CLI's --report): which
// file, where it went (by path, never by id alone), how big, how long, how fast, which asset
// it became and the SHA-256 of the bytes read for it. Plain data; one shape for both.

import { z } from 'zod';
import type { JobView } from './views';

export const HISTORY_STATES = ['done', 'failed', 'cancelled'] as const;
export type HistoryState = (typeof HISTORY_STATES)[number];

export const historyEntrySchema = z.object({
  id: z.string().min(1),
  file: z.string(),
  localPath: z.string(),
  relativePath: z.string(),
  /** The destination folder by its path ("Media/Projects/Day 2"); "Incoming" when none was chosen. */
  destination: z.string(),
  state: z.enum(HISTORY_STATES),
  size: z.number().int().nonnegative(),
  /** Epoch ms the upload began sending (or was queued, when it never began). */
  startedAt: z.number(),
  finishedAt: z.number(),
  /** Bytes per second over the upload's duration; null when nothing was sent. */
  averageSpeed: z.number().nonnegative().nullable(),
  assetId: z.string().nullable(),
  sha256: z.string().nullable(),
  error: z.string().nullable(),
  /** For an attachment (sidecar): the asset it was attached to. */
  attachedTo: z.string().nullable(),
});

export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export function isHistoryState(state: string): state is HistoryState {
  return (HISTORY_STATES as readonly string[]).includes(state);
}

export interface HistoryInput {
  job: JobView;
  destination: string;
  /** Epoch ms the job first started; the queue time counts otherwise. */
  startedAt?: number | null;
  attachedTo?: string | null;
}

/** The record of a finished job; null for jobs that are not finished or were skipped. */
export function historyEntry({ job, destination, startedAt, attachedTo }: HistoryInput): HistoryEntry | null {
  if (!isHistoryState(job.state) || job.finishedAt === null) return null;
  const began = Math.min(startedAt ?? job.createdAt, job.finishedAt);
  const sent = job.state === 'done' ? job.size : job.bytesConfirmed;
  const seconds = (job.finishedAt - began) / 1000;
  return {
    id: job.id,
    file: job.name,
    localPath: job.localPath,
    relativePath: job.relativePath,
    destination,
    state: job.state,
    size: job.size,
    startedAt: began,
    finishedAt: job.finishedAt,
    averageSpeed: sent > 0 && seconds > 0 ? Math.round(sent / seconds) : null,
    assetId: job.assetId,
    sha256: job.state === 'done' ? job.sha256 : null,
    error: job.error ? `${job.error.code}: ${job.error.message}` : null,
    attachedTo: attachedTo ?? null,
  };
}

export function durationMs(entry: HistoryEntry): number {
  return Math.max(0, entry.finishedAt - entry.startedAt);
}

/** Whether the entry matches what a person typed into the history's search box. */
export function matchesHistoryQuery(entry: HistoryEntry, query: string): boolean {
  const q = query.trim().toLocaleLowerCase();
  if (q === '') return true;
  return [entry.file, entry.relativePath, entry.destination, entry.assetId ?? '', entry.sha256 ?? '', entry.state].some((field) =>
    field.toLocaleLowerCase().includes(q),
  );
}
