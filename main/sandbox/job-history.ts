import { nameBasedId } from './ids';
import type { AssetRecord } from './state-model';

/**
 * The processing a Nomad server runs after an upload, as the sandbox plays it: each job is
 * registered when the upload completes (or its content is replaced) and starts and finishes
 * at fixed offsets from then, so a client polling job-history sees it progress and then end
 * (after the last offset: everything complete). Offsets in seconds; the job types are the
 * ones the spec's description names (transcoding, transcription, AI analysis).
 */
const PIPELINE: readonly { jobType: string; description: string; startAfter: number; takes: number }[] = [
  { jobType: 'Ingest', description: 'Register the uploaded file and read its technical metadata', startAfter: 0, takes: 1 },
  { jobType: 'Thumbnail', description: 'Create the thumbnail image', startAfter: 1, takes: 1 },
  { jobType: 'Transcode', description: 'Create the preview proxy', startAfter: 1, takes: 4 },
  { jobType: 'Transcription', description: 'Transcribe the audio', startAfter: 2, takes: 4 },
  { jobType: 'AiAnalysis', description: 'Label objects and text (AI analysis)', startAfter: 5, takes: 3 },
];

/** Seconds after completion when all of the pipeline has finished. */
export const PROCESSING_SECONDS = Math.max(...PIPELINE.map((job) => job.startAfter + job.takes));

/** JobHistoryModel entries, oldest first, as of `now`. */
export function jobHistory(asset: AssetRecord, now = Date.now()): Record<string, unknown>[] {
  const registered = Date.parse(asset.updatedAt);
  const at = (seconds: number): string => new Date(registered + seconds * 1000).toISOString();
  return PIPELINE.map((job) => {
    const started = now >= registered + job.startAfter * 1000;
    const completed = now >= registered + (job.startAfter + job.takes) * 1000;
    return {
      // Stable per asset content and job: polling sees the same entries move on, not new ones.
      id: nameBasedId(`nomad-sandbox-job:${asset.uploadId}:${job.jobType}`),
      assetId: asset.id,
      jobType: job.jobType,
      registerDate: at(0),
      startDate: started ? at(job.startAfter) : null,
      completeDate: completed ? at(job.startAfter + job.takes) : null,
      errorDate: null,
      isErrored: false,
      description: job.description,
      displayMessage: completed ? `${job.jobType} complete` : started ? `${job.jobType} running` : `${job.jobType} queued`,
      properties: {},
    };
  });
}
