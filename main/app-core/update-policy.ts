// When the app updates itself, in plain Node (the updater itself is the thin glue in
// main/electron/updater.ts). Never mid-upload: an update downloads in the background, and
// installs (the app restarts into the new version) only once no upload has run for a quiet
// minute, or when the person chooses "Restart now" — which first pauses every upload and
// waits until the journal holds that, so the new version resumes them where they stopped.
// Quitting installs too (electron-updater's install-on-quit); quitting already journals.

import { AppError } from './app-errors';

export interface UpdateInfo {
  version: string;
  /** Release notes as the feed gives them (plain text or HTML from GitHub); null if none. */
  notes: string | null;
}

/** What the policy drives: electron-updater's autoUpdater, behind the glue. */
export interface UpdaterPort {
  readonly currentVersion: string;
  /** Looks for an update; the answer comes back through the policy's `found*` methods. */
  check(): Promise<void>;
  download(): Promise<void>;
  /** Quits and starts the installer (which starts the new version). */
  install(): void;
}

export interface UploadsPort {
  /** Anything queued or moving: what a restart now would interrupt. */
  isUploading(): boolean;
  /** Called whenever uploads start or stop. */
  onActivity(listener: () => void): () => void;
  /** Pauses every upload as the system's pause and resolves once the journal holds it. */
  pauseAndJournal(): Promise<void>;
}

export type UpdateState =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'up-to-date'; checkedAt: number }
  | { kind: 'downloading'; update: UpdateInfo; percent: number }
  /** Downloaded; installs once no upload runs (`waitingForUploads`) or on Restart now. */
  | { kind: 'ready'; update: UpdateInfo; waitingForUploads: boolean }
  | { kind: 'installing'; update: UpdateInfo }
  | { kind: 'error'; message: string; at: number };

export interface UpdateView {
  currentVersion: string;
  autoCheck: boolean;
  state: UpdateState;
}

export interface PolicyClock {
  wallNow(): number;
  setTimer(ms: number, fn: () => void): () => void;
}

export const UPDATE_TIMING = {
  /** After start-up, so the first check does not compete with restoring the queue. */
  firstCheckMs: 30_000,
  /** Releases come weekly at most; six hours finds one the same working day. */
  checkEveryMs: 6 * 3_600_000,
  /** Idle this long before installing: a drop or a watch folder often follows a finished batch. */
  idleGraceMs: 60_000,
} as const;

export interface UpdatePolicyOptions {
  updater: UpdaterPort;
  uploads: UploadsPort;
  autoCheck: boolean;
  clock: PolicyClock;
  onChange?: (view: UpdateView) => void;
}

export class UpdatePolicy {
  readonly #options: UpdatePolicyOptions;
  #state: UpdateState = { kind: 'idle' };
  #autoCheck: boolean;
  #cancelCheck: (() => void) | null = null;
  #cancelInstall: (() => void) | null = null;
  #offActivity: (() => void) | null = null;

  constructor(options: UpdatePolicyOptions) {
    this.#options = options;
    this.#autoCheck = options.autoCheck;
  }

  view(): UpdateView {
    return { currentVersion: this.#options.updater.currentVersion, autoCheck: this.#autoCheck, state: structuredClone(this.#state) };
  }

  start(): void {
    this.#offActivity = this.#options.uploads.onActivity(() => this.#considerInstall());
    this.#scheduleCheck(UPDATE_TIMING.firstCheckMs);
  }

  stop(): void {
    this.#cancelCheck?.();
    this.#cancelInstall?.();
    this.#offActivity?.();
  }

  setAutoCheck(on: boolean): void {
    this.#autoCheck = on;
    this.#scheduleCheck(on ? UPDATE_TIMING.firstCheckMs : null);
    this.#changed();
  }

  /** Settings' "Check now": also with automatic checks off. */
  async checkNow(): Promise<void> {
    const kind = this.#state.kind;
    if (kind === 'checking' || kind === 'downloading' || kind === 'ready' || kind === 'installing') return;
    this.#set({ kind: 'checking' });
    await this.#options.updater.check().catch((error: unknown) => this.failed(error));
  }

  /** "Restart now": every upload paused and journaled first, then the installer. */
  async restartNow(): Promise<void> {
    const state = this.#state;
    if (state.kind !== 'ready') throw new AppError('update-not-ready', 'No update is ready to install.');
    this.#cancelInstall?.();
    this.#set({ kind: 'installing', update: state.update });
    await this.#options.uploads.pauseAndJournal();
    this.#options.updater.install();
  }

  // --- what the updater reports (the glue forwards its events) --------------------------

  found(update: UpdateInfo): void {
    this.#set({ kind: 'downloading', update, percent: 0 });
    void this.#options.updater.download().catch((error: unknown) => this.failed(error));
  }

  notFound(): void {
    this.#set({ kind: 'up-to-date', checkedAt: this.#options.clock.wallNow() });
  }

  progress(percent: number): void {
    if (this.#state.kind !== 'downloading') return;
    this.#set({ ...this.#state, percent: Math.max(0, Math.min(100, Math.round(percent))) });
  }

  downloaded(update: UpdateInfo): void {
    this.#set({ kind: 'ready', update, waitingForUploads: this.#options.uploads.isUploading() });
    this.#considerInstall();
  }

  failed(error: unknown): void {
    if (this.#state.kind === 'installing') return;
    this.#set({ kind: 'error', message: describe(error), at: this.#options.clock.wallNow() });
  }

  // --- internals -----------------------------------------------------------------------

  #scheduleCheck(ms: number | null): void {
    this.#cancelCheck?.();
    this.#cancelCheck = null;
    if (ms === null || !this.#autoCheck) return;
    this.#cancelCheck = this.#options.clock.setTimer(ms, () => {
      void this.checkNow().finally(() => this.#scheduleCheck(UPDATE_TIMING.checkEveryMs));
    });
  }

  /** Ready and nothing uploading: install after the grace period, unless uploads start meanwhile. */
  #considerInstall(): void {
    const state = this.#state;
    if (state.kind !== 'ready') return;
    const uploading = this.#options.uploads.isUploading();
    if (uploading !== state.waitingForUploads) this.#set({ ...state, waitingForUploads: uploading });
    this.#cancelInstall?.();
    this.#cancelInstall = null;
    if (uploading) return;
    this.#cancelInstall = this.#options.clock.setTimer(UPDATE_TIMING.idleGraceMs, () => {
      this.#cancelInstall = null;
      const now = this.#state;
      if (now.kind !== 'ready' || this.#options.uploads.isUploading()) return;
      this.#set({ kind: 'installing', update: now.update });
      // Nothing runs, but a paused or waiting job still gets its journal settled first.
      void this.#options.uploads.pauseAndJournal().then(() => this.#options.updater.install());
    });
  }

  #set(state: UpdateState): void {
    this.#state = state;
    this.#changed();
  }

  #changed(): void {
    this.#options.onChange?.(this.view());
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // The feed's URL may carry a token (private GitHub releases): never shown or logged.
  return `The update could not be checked or downloaded (${message.replace(/https?:\/\/\S+/g, '<url>')}).`;
}
