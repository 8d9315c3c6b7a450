// What the server does with an asset after the upload (`GET /admin/asset/{assetId}/job-history`):
// transcoding, thumbnails, transcription. The app polls it gently for a done row and stops
// when every job has ended; the answer is summarised here, once, for the app and the CLI.

import { z } from 'zod';
import { pathSegment, type NomadApi } from './api';
import type { ProcessingJob, ProcessingStatus } from '../../shared/processing-status';
// Defined in shared/ (the renderer shows it); re-exported for the engine's callers.
export type { ProcessingJob, ProcessingJobState, ProcessingStatus } from '../../shared/processing-status';

const historySchema = z.array(
  z
    .object({
      id: z.string().nullable().optional(),
      jobType: z.string().nullable().optional(),
      startDate: z.string().nullable().optional(),
      completeDate: z.string().nullable().optional(),
      errorDate: z.string().nullable().optional(),
      isErrored: z.boolean().nullable().optional(),
      displayMessage: z.string().nullable().optional(),
    })
    .passthrough(),
);

export async function getJobHistory(api: NomadApi, assetId: string, signal?: AbortSignal): Promise<ProcessingJob[]> {
  const answer = await api.send('GET', `/admin/asset/${pathSegment(assetId)}/job-history`, {
    route: 'GET /admin/asset/{assetId}/job-history',
    schema: historySchema,
    signal,
  });
  return answer.map((entry) => ({
    type: entry.jobType ?? 'Job',
    state: entry.isErrored || entry.errorDate ? 'failed' : entry.completeDate ? 'done' : entry.startDate ? 'running' : 'queued',
    message: entry.displayMessage ?? null,
  }));
}

export function processingStatus(jobs: readonly ProcessingJob[]): ProcessingStatus {
  if (jobs.length === 0) return { state: 'none' };
  const ended = jobs.filter((job) => job.state === 'done' || job.state === 'failed');
  if (ended.length < jobs.length) return { state: 'running', jobs: [...jobs], finished: ended.length };
  return { state: 'ended', jobs: [...jobs], failed: jobs.filter((job) => job.state === 'failed').length };
}
