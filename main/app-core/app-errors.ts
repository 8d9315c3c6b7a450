// Errors the app (not the engine) can report, with stable codes the renderer maps to its
// words and fix-it actions. They cross IPC as Result errors like the engine's.

export type AppErrorCode =
  /** The address answers, but not as a Nomad admin API (a web site, a proxy page). */
  | 'not-nomad-api'
  /** Settings: no asset with the folder id on the server. */
  | 'folder-not-found'
  /** Settings: the id names a file, which cannot hold uploads. */
  | 'not-a-folder'
  /** Uploads wait for a sign-in: signed out, or the session expired. */
  | 'signed-out'
  /** This copy cannot update itself (a development build, the e2e bridge). */
  | 'updates-unavailable'
  /** "Restart now" with no update downloaded. */
  | 'update-not-ready'
  /** A watch folder: the chosen folder is not there, not a folder, or cannot be read. */
  | 'watch-folder-unreadable'
  /** A watch folder: that folder is already watched, sending to the same destination. */
  | 'watch-duplicate'
  /** Saved servers: the list is full (MAX_PROFILES); one has to go before another is added. */
  | 'profile-limit';

export interface AppErrorContext {
  /** The server's own words. */
  detail?: string | undefined;
  status?: number | undefined;
  request?: string | undefined;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly context: AppErrorContext;

  constructor(code: AppErrorCode, message: string, context: AppErrorContext = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.context = context;
  }
}
