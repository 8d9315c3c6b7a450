// Telling the server a person cancelled an upload: it deletes every part the upload has, so it
// happens only on a person's word, never because something failed. It runs after the job's
// run has ended, on a run of its own, with a few quick retries for the transient errors a
// cancel meets (a keep-alive socket the server just closed, a 503).

import { UploadError } from './errors';
import type { UploadJob } from './job';
import type { JobContext } from './job-context';
import { retrying } from './retrying';
import { Run } from './run';

const ATTEMPTS = 4;
/** Quick: the person is looking at a row that says Cancelled. */
const MAX_DELAY_MS = 2000;

/** Never throws: a cancel the server did not hear of is a warning, and the upload a leftover. */
export async function cancelOnServer(ctx: JobContext, uploadId: string, job: UploadJob): Promise<void> {
  const run = new Run(ctx.clock);
  const what = 'POST /asset/upload/{id}/cancel';
  await retrying(
    {
      run,
      policy: { ...ctx.retryPolicy, maxDelayMs: Math.min(ctx.retryPolicy.maxDelayMs, MAX_DELAY_MS) },
      job: job.id,
      log: ctx.log,
      onWaiting: () => undefined,
      onCongestion: () => undefined,
    },
    { what, maxFailures: ATTEMPTS },
    () => run.track('request', what, () => ctx.api.cancelUpload(uploadId, 'Cancelled by the user')),
  ).catch((error: unknown) => {
    const code = error instanceof UploadError ? error.code : 'internal';
    const message = `${job.displayName} was cancelled here, but the server could not be told; it will be listed as an unfinished upload.`;
    ctx.warn(job, new UploadError(code, message));
  });
}
