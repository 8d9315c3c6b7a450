// What a watch folder is told to do: one shape for the CLI and the app, with the defaults
// defined once. Times are in milliseconds here; people type seconds.

import { WATCH_DEFAULT_IGNORES } from '../../../shared/ignore-patterns';
import type { JobOptions } from '../job-context';
import { WATCH_QUIET_PERIOD, WATCH_RESCAN } from '../../../shared/watch-limits';

export interface WatchSettings {
  /** A file is taken once its size, mtime and ctime stayed the same this long. */
  quietPeriodMs: number;
  /** Sub-folders count (their files go up keeping their place: `day 1/a.mov`). */
  recursive: boolean;
  /** Names never uploaded; see shared/ignore-patterns.ts. */
  ignore: readonly string[];
  /** After an upload, move the file into `Uploaded/` under the watched folder. */
  moveUploaded: boolean;
  /**
   * The safety net under the platform's events, which are lost on network shares, on an
   * overflowing inotify queue and while nothing ran: a full rescan this often.
   */
  rescanIntervalMs: number;
}

// Defined in shared/ (the app's schema and the renderer read them too); re-exported for the engine's callers.
export { WATCH_QUIET_PERIOD, WATCH_RESCAN } from '../../../shared/watch-limits';

/** Where `moveUploaded` puts what it uploaded; never scanned itself. */
export const UPLOADED_FOLDER = 'Uploaded';

export const DEFAULT_WATCH_SETTINGS: WatchSettings = {
  quietPeriodMs: WATCH_QUIET_PERIOD.defaultMs,
  recursive: true,
  ignore: WATCH_DEFAULT_IGNORES,
  moveUploaded: false,
  rescanIntervalMs: WATCH_RESCAN.defaultMs,
};

/** Where a watch sends its files: a destination and an overwrite policy, as for a drop. */
export type WatchDestination = Pick<JobOptions, 'parentId' | 'overwrite'> & Partial<Omit<JobOptions, 'parentId' | 'overwrite'>>;
