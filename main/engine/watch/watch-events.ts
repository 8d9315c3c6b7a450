// What a watch tells the outside (CLI lines and NDJSON, the app's renderer and tray): plain
// data, one discriminated union, so every consumer switches over it exhaustively.

/** Paths are relative to the watched folder, forward slashes, NFC. */
export type WatchEvent =
  | { type: 'ready'; files: number; known: number; pending: number; liveEvents: boolean }
  | { type: 'settling'; path: string }
  | { type: 'queued'; path: string; jobId: string; reason: 'new' | 'changed' }
  /** Changed while it was uploading: the engine refused to splice; the new version goes up as Replace. */
  | { type: 'restarting'; path: string; jobId: string }
  | { type: 'uploaded'; path: string; jobId: string; assetId: string | null; sha256: string | null; bytes: number }
  /** Touched or copied over with the same bytes: the index took the new time, nothing was sent. */
  | { type: 'unchanged'; path: string }
  | { type: 'failed'; path: string; jobId: string; code: string; message: string }
  | { type: 'moved'; path: string; to: string }
  | { type: 'rescan'; files: number; found: number }
  | { type: 'warning'; code: WatchWarningCode; message: string };

export type WatchWarningCode =
  /** The platform's events could not be set up (inotify limit, unsupported file system): rescans only. */
  | 'events-unavailable'
  /** The watched folder is not there (a card pulled, a share unmounted): it is looked for on each rescan. */
  | 'folder-missing'
  | 'index-error'
  | 'move-failed'
  | 'scan-error';

export type WatchEventType = WatchEvent['type'];
