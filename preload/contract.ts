// The one typed IPC contract between the renderer and the main process.
//
// Every command takes ONE payload object and resolves to a Result; errors cross as data
// (ipcMain.handle would strip everything but the message from a thrown error). Every
// event is one-way, main → renderer. The preload exposes exactly these names on
// `window.uploader`; main registers exactly these handlers (a missing one does not compile)
// and validates every payload at run time (main/ipc/payload-schemas.ts).

import type {
  ConflictAction,
  OverwritePolicy,
  QueueSnapshot,
  QueueUpdate,
} from '../main/engine/views';
import type { UploadReplaceOption } from '../main/engine/protocol';
import type { UpdateView } from '../main/app-core/update-policy';
export type { UpdateInfo, UpdateState, UpdateView } from '../main/app-core/update-policy';
import type { UploadErrorCode } from '../shared/error-codes';
import type { RefusalReason } from '../shared/refusal-reasons';
import type { AppErrorCode } from '../main/app-core/app-errors';
import type { HistoryEntry } from '../main/engine/history-record';
import type { settingsSchema } from '../main/app-core/settings';
import type { z } from 'zod';
import type { ProcessingStatus } from '../shared/processing-status';
import type { WatchDefaults, WatchDraft, WatchView } from '../main/app-core/watches-config';
import type { WatchWarningCode } from '../main/engine/watch/watch-events';
export type { WatchConfig, WatchDefaults, WatchDraft, WatchStateKind, WatchStateView, WatchView } from '../main/app-core/watches-config';
export type { WatchWarningCode } from '../main/engine/watch/watch-events';

export type { ConflictAction, OverwritePolicy, QueueSnapshot, QueueUpdate };
export type {
  JobView,
  JobStateKind,
  Totals,
  ErrorView,
  ConflictView,
  StateCounts,
} from '../main/engine/views';
export type { UploadReplaceOption } from '../main/engine/protocol';
/** Codes a Result or a job's error can carry: the engine's, and the app's own. */
export type { UploadErrorCode } from '../shared/error-codes';
export type { RefusalReason } from '../shared/refusal-reasons';
export type { AppErrorCode } from '../main/app-core/app-errors';
export type { CheckId, CheckResult, CheckStatus, ConnectionReport } from '../shared/connection-report';
import type { ConnectionReport } from '../shared/connection-report';

/** Codes that only exist at the IPC boundary: main's result-error and dispatch, the sender check, the renderer's invoke. */
export type BoundaryErrorCode = 'unreachable' | 'invalid-payload' | 'unknown-command' | 'untrusted-sender' | 'bridge-failed';

/** Every code a Result can carry: one closed union, switched on exhaustively by the renderer. */
export type ResultErrorCode = UploadErrorCode | AppErrorCode | BoundaryErrorCode;

export interface ResultError {
  /** Stable machine code: `invalid-payload`, `auth-failed`, `not-found`, … */
  code: ResultErrorCode;
  /** A sentence for the user. */
  message: string;
  retryable: boolean;
  /** The server's own words, when the error is its answer (shown verbatim, never translated). */
  detail?: string;
  /** HTTP status of that answer. */
  status?: number;
  /** Which request it answered, e.g. `GET /admin/asset/{id}` (never a URL with a signature). */
  request?: string;
  /** A refused sign-in: why (disabled, expired, pending approval…), worded by the window in its language. */
  refusal?: RefusalReason;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ResultError };

export type UploadTarget = { kind: 'sandbox' } | { kind: 'server'; url: string };

/** Languages the window can be shown in; the renderer has a complete catalogue for each. */
export const UI_LOCALES = ['en', 'de'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

/** A folder the app uploaded to, by its path ("Media/Projects/Day 2"), to pick again. */
export interface RecentDestination {
  id: string;
  path: string;
}

/** A folder of the server's tree as the folder browser shows it. */
export interface FolderView {
  id: string;
  name: string;
  kind: 'bucket' | 'folder';
}

export interface LanguageView {
  id: string;
  name: string;
  code: string | null;
}

/** An attachment (sidecar) of a done upload, as its row shows it. */
export interface AttachmentView {
  /** The attachment's own job (in the attachments queue). */
  jobId: string;
  name: string;
  kind: 'subtitle' | 'caption' | 'proxy' | 'thumbnail' | 'other';
  state: 'waiting' | 'uploading' | 'done' | 'failed';
  /** Why it is not moving, or why it failed, in English (the renderer words known cases itself). */
  reason: string | null;
  /** 0–1. */
  progress: number;
}

export type { HistoryEntry, ProcessingStatus };

/** The app's settings: the type of main's schema for them (main/app-core/settings.ts), so the two cannot drift. */
export type Settings = z.infer<typeof settingsSchema>;

/** A saved server (or the built-in sandbox) as the account menu and the tray list it. */
export interface ProfileView {
  id: string;
  /** The person's name for it ("Production"); the sandbox's label for the sandbox. */
  name: string;
  kind: 'sandbox' | 'server';
  url: string | null;
  /** The one shown in the window. */
  active: boolean;
  /** Its queue is open and signed in (the sandbox: once started). */
  signedIn: boolean;
  /** Jobs of its queue still to finish (queued, starting, uploading, completing, paused). */
  uploading: number;
}

export interface AccountView {
  /** The shown profile (ProfileView.id). */
  profileId: string;
  /** The sandbox and every saved server, in the menu's order. */
  profiles: ProfileView[];
  target: UploadTarget;
  /** Human label for the target, e.g. "Local sandbox — files stay on this computer". */
  targetLabel: string;
  userName: string | null;
  signedIn: boolean;
}

/** What one sign-in attempt led to: signed in, or the step the server asks for next. Refusals are errors. */
export type SignInStepView =
  | { kind: 'signed-in'; account: AccountView }
  /** Enter the code of the authenticator app. */
  | { kind: 'needs-code' }
  /** Set up two-factor sign-in: `qrImage` is a base64 PNG to scan, `manualCode` the same secret to type. */
  | { kind: 'needs-setup'; qrImage: string | null; manualCode: string | null }
  /** Choose a new password (the server requires one). */
  | { kind: 'needs-new-password' };

/** An upload the server has open for this user that no local job knows about. */
export interface LeftoverUpload {
  uploadId: string;
  assetId: string;
  /** The asset's display name (GET /admin/asset/{id}); null when the server did not say. */
  displayName: string | null;
  contentLength: number | null;
  startDate: string | null;
  partsTotal: number;
  partsConfirmed: number;
}

/** What a bulk command does to each of the jobs it is given. */
export type JobAction = 'pause' | 'resume' | 'retry' | 'cancel' | 'remove';

export interface Commands {
  /**
   * Paths of dropped files/folders (from getPathForFile) or from a second app launch. Files
   * already uploaded or in the queue are reported in a notice and not added again, unless
   * `again` (the notice's "Upload again").
   */
  enqueuePaths: {
    payload: { paths: string[]; parentId?: string | null; again?: boolean };
    result: { added: number };
  };
  /** Opens the native Add files… / Add folder… dialog and enqueues what was picked. */
  addFromDialog: { payload: { kind: 'files' | 'folder' }; result: { added: number } };
  pauseJob: { payload: { id: string }; result: null };
  resumeJob: { payload: { id: string }; result: null };
  cancelJob: { payload: { id: string }; result: null };
  retryJob: { payload: { id: string }; result: null };
  removeJob: { payload: { id: string }; result: null };
  pauseAll: { payload: Record<string, never>; result: null };
  resumeAll: { payload: Record<string, never>; result: null };
  retryFailed: { payload: Record<string, never>; result: { retried: number } };
  clearFinished: { payload: Record<string, never>; result: { removed: number } };
  /** Removes every failed job (its server upload is cancelled: parts deleted). */
  removeFailed: { payload: Record<string, never>; result: { removed: number } };
  /** One action on many jobs (a selection, a dropped folder); ids no longer queued are skipped. */
  applyToJobs: { payload: { action: JobAction; ids: string[] }; result: { affected: number } };
  /**
   * A failed job's file moved or was deleted: the native picker asks where it is now, and the
   * file found there replaces the job (same destination). `located: false` = picker cancelled.
   */
  locateFile: { payload: { id: string }; result: { located: boolean } };
  /**
   * Failed jobs start again with the destination and options in Settings now (after the
   * person fixed a folder id, say), keeping their place in any dropped folder.
   */
  retryWithSettings: { payload: { ids: string[] }; result: { retried: number } };
  resolveConflict: {
    payload: {
      id: string;
      action: ConflictAction;
      replaceOptions: UploadReplaceOption[];
      applyToAll: boolean;
    };
    result: null;
  };
  getSnapshot: { payload: Record<string, never>; result: QueueSnapshot };
  getSettings: { payload: Record<string, never>; result: Settings };
  updateSettings: { payload: { patch: Partial<Settings> }; result: Settings };
  getAccount: { payload: Record<string, never>; result: AccountView };
  signIn: { payload: { serverUrl: string; userName: string; password: string }; result: AccountView };
  /**
   * A sign-in that may take steps: the first call sends the password; when the server asks,
   * the next call adds `code` (two-factor) or `newPassword`.
   */
  signInStep: {
    payload: { serverUrl: string; userName: string; password: string; code?: string; newPassword?: string };
    result: SignInStepView;
  };
  /** Signs in with an API key (kept in safeStorage like a refresh token). */
  signInWithApiKey: { payload: { serverUrl: string; apiKey: string }; result: AccountView };
  /**
   * Single sign-on: opens the provider's page in the person's browser and resolves once the
   * browser came back to the app's loopback address (or fails after 5 minutes, or on cancelSso).
   */
  signInWithSso: { payload: { serverUrl: string; provider: string }; result: AccountView };
  cancelSso: { payload: Record<string, never>; result: null };
  /** The checks of `nomad-upload doctor` on the current server and session. */
  testConnection: { payload: { writeTest: boolean }; result: ConnectionReport };
  signOut: { payload: Record<string, never>; result: AccountView };
  useSandbox: { payload: Record<string, never>; result: AccountView };
  /** Saves a server under a name and shows it (signed out until its sign-in); the shown profile's uploads go on (or pause: Settings.backgroundUploads). */
  addProfile: { payload: { name: string; url: string }; result: AccountView };
  /** Shows another saved server (or the sandbox): its queue, kept open, with its own sign-in. */
  switchProfile: { payload: { id: string }; result: AccountView };
  renameProfile: { payload: { id: string; name: string }; result: AccountView };
  /** Forgets a saved server: its sign-in ends, its queue closes (uploads stay resumable in the journal). */
  removeProfile: { payload: { id: string }; result: AccountView };
  listLeftovers: { payload: Record<string, never>; result: LeftoverUpload[] };
  discardLeftover: { payload: { uploadId: string }; result: null };
  openExternal: { payload: { url: string }; result: null };
  /** The app's version, the state of its update, and whether it looks for updates by itself. */
  getUpdates: { payload: Record<string, never>; result: UpdateView };
  /** Settings' "Check now" (also with automatic checks off). */
  checkForUpdates: { payload: Record<string, never>; result: UpdateView };
  /** "Restart now": pauses and journals every upload, then quits into the downloaded update. */
  restartToUpdate: { payload: Record<string, never>; result: null };
  /** Settings' "Check for updates automatically" (on by default). */
  setAutoUpdate: { payload: { on: boolean }; result: UpdateView };
  /** Sub-folders of a folder (null: the root, which holds the buckets and Incoming), by name, paged. */
  listFolders: {
    payload: { parentId: string | null; nameContains?: string; pageOffset?: number };
    result: { folders: FolderView[]; nextPageOffset: number | null; total: number };
  };
  /** The folders from the root down to this one (itself last): its path. */
  folderPath: { payload: { id: string }; result: FolderView[] };
  createFolder: { payload: { parentId: string; name: string }; result: FolderView };
  listLanguages: { payload: Record<string, never>; result: LanguageView[] };
  /** What the server does with a done asset now (job-history); the renderer polls it gently. */
  processingStatus: { payload: { assetId: string }; result: ProcessingStatus };
  /** Opens the asset's page in Nomad's web app (through the external-link gate). */
  openInNomad: { payload: { assetId: string }; result: null };
  /** Attaches files to a done asset (start-related-asset); no paths: the native picker asks. */
  attachFiles: { payload: { assetId: string; paths?: string[] }; result: { added: number } };
  /** Finished uploads kept across restarts, newest first. */
  listHistory: { payload: { query?: string }; result: HistoryEntry[] };
  /** The history (filtered like the list) as a file for the person to save. */
  exportHistory: { payload: { format: 'csv' | 'json'; query?: string }; result: { fileName: string; text: string } };
  clearHistory: { payload: Record<string, never>; result: { removed: number } };
  /** The watch folders with their state, and what a new one starts with. */
  listWatches: { payload: Record<string, never>; result: { watches: WatchView[]; defaults: WatchDefaults } };
  /** The native folder picker, for the folder to watch; null when cancelled. */
  pickWatchFolder: { payload: Record<string, never>; result: { folder: string | null } };
  /** Main checks the folder (there, readable) and the destination (a folder on the server) before saving. */
  addWatch: { payload: { watch: WatchDraft }; result: WatchView };
  updateWatch: { payload: { id: string; watch: WatchDraft }; result: WatchView };
  setWatchPaused: { payload: { id: string; paused: boolean }; result: WatchView };
  /** Forgets the watch and its index; its files already in the queue go on. */
  removeWatch: { payload: { id: string }; result: null };
  /** "Scan now": the watch looks through its folder at once. */
  rescanWatch: { payload: { id: string }; result: null };
}

export type CommandName = keyof Commands;
export type CommandPayload<K extends CommandName> = Commands[K]['payload'];
export type CommandResult<K extends CommandName> = Commands[K]['result'];

/** Names in a fixed order: the preload and main both iterate this list. */
export const COMMAND_NAMES = [
  'enqueuePaths',
  'addFromDialog',
  'pauseJob',
  'resumeJob',
  'cancelJob',
  'retryJob',
  'removeJob',
  'pauseAll',
  'resumeAll',
  'retryFailed',
  'clearFinished',
  'removeFailed',
  'applyToJobs',
  'locateFile',
  'retryWithSettings',
  'resolveConflict',
  'getSnapshot',
  'getSettings',
  'updateSettings',
  'getAccount',
  'signIn',
  'signInStep',
  'signInWithApiKey',
  'signInWithSso',
  'cancelSso',
  'testConnection',
  'signOut',
  'useSandbox',
  'addProfile',
  'switchProfile',
  'renameProfile',
  'removeProfile',
  'listLeftovers',
  'discardLeftover',
  'openExternal',
  'getUpdates',
  'checkForUpdates',
  'restartToUpdate',
  'setAutoUpdate',
  'listFolders',
  'folderPath',
  'createFolder',
  'listLanguages',
  'processingStatus',
  'openInNomad',
  'attachFiles',
  'listHistory',
  'exportHistory',
  'clearHistory',
  'listWatches',
  'pickWatchFolder',
  'addWatch',
  'updateWatch',
  'setWatchPaused',
  'removeWatch',
  'rescanWatch',
] as const satisfies readonly CommandName[];

// Compile-time proof that COMMAND_NAMES lists every command exactly.
type MissingCommand = Exclude<CommandName, (typeof COMMAND_NAMES)[number]>;
const everyCommandListed: MissingCommand extends never ? true : never = true;
void everyCommandListed;

export interface Events {
  queueUpdate: QueueUpdate;
  accountChanged: AccountView;
  settingsChanged: Settings;
  /** Something the user should see once: a toast. */
  notice: Notice;
  /** The update's state changed (checking, downloading %, ready, error). */
  updateStatus: UpdateView;
  /** The attachments of one done asset changed (queued, moving, done, failed). */
  attachmentsChanged: { assetId: string; attachments: AttachmentView[] };
  /** A watch folder was added, changed or removed, or its state or counts moved. */
  watchesChanged: WatchView[];
}

/**
 * A notice the renderer can word in the person's language: `message` is the English
 * fallback; `kind`, when present, says what happened in data.
 */
export interface Notice {
  level: 'info' | 'warning' | 'error';
  message: string;
  kind?: NoticeKind;
}

export type NoticeKind =
  /** Files of a drop that are already uploaded (done) or already in the queue. */
  | {
      type: 'already-present';
      /** Names of files already uploaded (left out of the drop). */
      uploaded: string[];
      /** Names of files already in the queue. */
      queued: string[];
      /** What "Upload again" sends back to enqueuePaths with `again: true`; [] = nothing to offer. */
      again: string[];
    }
  /** Unfinished uploads from an earlier run that continue now. */
  | { type: 'resuming'; count: number }
  /** A problem that does not stop an upload, with the engine's code. */
  | { type: 'warning'; code: UploadErrorCode }
  /** The server ended the session (refresh refused): uploads wait for a sign-in. */
  | { type: 'session-expired' }
  /** A watch folder's problem: its folder vanished, a move into Uploaded/ failed, its index could not be saved. */
  | { type: 'watch-problem'; code: WatchWarningCode; folder: string };
export type EventName = keyof Events;
export const EVENT_NAMES = [
  'queueUpdate',
  'accountChanged',
  'settingsChanged',
  'notice',
  'updateStatus',
  'attachmentsChanged',
  'watchesChanged',
] as const satisfies readonly EventName[];

export const commandChannel = (name: CommandName): string => `uploader:cmd:${name}`;
export const eventChannel = (name: EventName): string => `uploader:evt:${name}`;

export type CommandHandlers = {
  [K in CommandName]: (payload: CommandPayload<K>) => Promise<Result<CommandResult<K>>>;
};

/** What `window.uploader` is, in the preload and in the e2e bridge alike. */
export type UploaderApi = CommandHandlers & {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Path of a dropped File on disk; '' for files not backed by disk (skip those). */
  getPathForFile(file: File): string;
};

declare global {
  interface Window {
    uploader: UploaderApi;
  }
}
