// What the server is doing with an uploaded asset (transcodes, thumbnails…), as the app shows it on
// a done row. In shared/ so the contract and the renderer have it without the engine's HTTP client;
// main/engine/api-job-history.ts builds it and re-exports it.

export type ProcessingJobState = 'queued' | 'running' | 'done' | 'failed';

export interface ProcessingJob {
  type: string;
  state: ProcessingJobState;
  /** The server's words for the person ("Transcode running"); null when it gave none. */
  message: string | null;
}

export type ProcessingStatus =
  /** The server lists no processing for the asset (yet, or ever). */
  | { state: 'none' }
  | { state: 'running'; jobs: ProcessingJob[]; finished: number }
  /** Every job ended; `failed` counts those that ended in an error. */
  | { state: 'ended'; jobs: ProcessingJob[]; failed: number };
