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

export interface ResultError {
  /** Stable machine code: `invalid-payload`, `auth-failed`, `not-found`, … */
  code: string;
  /** A sentence for the user. */
  message: string;
  retryable: boolean;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ResultError };

export type UploadTarget = { kind: 'sandbox' } | { kind: 'server'; url: string };

export interface Settings {
  target: UploadTarget;
  /** Folder asset id uploads go to; null = the server's incoming folder. */
  defaultParentId: string | null;
  languageId: string | null;
  /** In-flight part budget shared by all uploads (1–32). */
  concurrency: number;
  /** Bytes per second, 0 = unlimited. Applies while uploads run. */
  bandwidthLimit: number;
  overwrite: OverwritePolicy;
  replaceOptions: UploadReplaceOption[];
}

export interface AccountView {
  target: UploadTarget;
  /** Human label for the target, e.g. "Local sandbox — files stay on this computer". */
  targetLabel: string;
  userName: string | null;
  signedIn: boolean;
}

/** An upload the server has open for this user that no local job knows about. */
export interface LeftoverUpload {
  uploadId: string;
  assetId: string;
  contentLength: number | null;
  startDate: string | null;
  partsTotal: number;
  partsConfirmed: number;
}

export interface Commands {
  /** Paths of dropped files/folders (from getPathForFile) or from a second app launch. */
  enqueuePaths: { payload: { paths: string[]; parentId?: string | null }; result: { added: number } };
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
  signOut: { payload: Record<string, never>; result: AccountView };
  useSandbox: { payload: Record<string, never>; result: AccountView };
  listLeftovers: { payload: Record<string, never>; result: LeftoverUpload[] };
  discardLeftover: { payload: { uploadId: string }; result: null };
  openExternal: { payload: { url: string }; result: null };
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
  'resolveConflict',
  'getSnapshot',
  'getSettings',
  'updateSettings',
  'getAccount',
  'signIn',
  'signOut',
  'useSandbox',
  'listLeftovers',
  'discardLeftover',
  'openExternal',
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
  notice: { level: 'info' | 'warning' | 'error'; message: string };
}
export type EventName = keyof Events;
export const EVENT_NAMES = [
  'queueUpdate',
  'accountChanged',
  'settingsChanged',
  'notice',
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
