// What a folder watch needs (the queue, the index, the file system, a clock) and what it says
// of itself: the shapes folder-watch.ts works with, apart from how it works.

import type { EnqueueRequest, EnqueueResult, QueueEvent } from '../queue-options';
import type { QueueSnapshot } from '../views';
import type { SettleClock } from './settle-detector';
import type { WatchEvent } from './watch-events';
import type { WatchFileSystem } from './watch-fs';
import type { WatchIndex } from './watch-index';
import type { WatchDestination, WatchSettings } from './watch-settings';

/** What a watch needs of the upload queue (UploadQueue has all of it). */
export interface WatchQueue {
  enqueue(request: EnqueueRequest): Promise<EnqueueResult>;
  onEvent(listener: (event: QueueEvent) => void): () => void;
  retry(id: string): void;
  snapshot(): QueueSnapshot;
}

export interface FolderWatchOptions {
  root: string;
  settings: WatchSettings;
  destination: WatchDestination;
  queue: WatchQueue;
  index: WatchIndex;
  fs?: WatchFileSystem;
  clock?: SettleClock;
  /** Linux: whether another process holds the file open for writing (open-writers.ts). */
  openForWriting?: (path: string) => Promise<boolean>;
  onEvent?: (event: WatchEvent) => void;
}

export type WatchState = 'starting' | 'watching' | 'paused' | 'folder-missing' | 'closed';

export interface WatchStatus {
  state: WatchState;
  /** The platform's events arrive (else only rescans find changes). */
  liveEvents: boolean;
  /** Files in the folder at the last scan (ignored ones apart). */
  files: number;
  /** Waiting for a file to stop changing. */
  settling: number;
  /** In the queue and not finished. */
  uploading: number;
  /** Uploaded by this watch since it started. */
  uploaded: number;
  failed: number;
}
