// Test-only stand-in for window.uploader: records every command call, answers with a
// default or a per-test response, and lets a test push events (queueUpdate, notice…) the
// way the main process would.

import type {
  AccountView,
  ProfileView,
  CommandName,
  CommandPayload,
  CommandResult,
  Events,
  EventName,
  JobView,
  QueueSnapshot,
  QueueUpdate,
  Result,
  Settings,
  Totals,
  UploaderApi,
  UpdateView,
} from '../../../preload/contract';
import { computeTotals } from '../../../main/engine/totals';

const UP_TO_DATE: UpdateView = { currentVersion: '0.1.0', autoCheck: true, state: { kind: 'idle' } };

export interface RecordedCall {
  name: CommandName;
  payload: unknown;
}

type Responder<K extends CommandName> = (
  payload: CommandPayload<K>,
) => Result<CommandResult<K>> | Promise<Result<CommandResult<K>>>;

// As main reports the sandbox: always signed in, with its built-in user.
export const SANDBOX_PROFILE: ProfileView = { id: 'local-sandbox', name: 'Local sandbox — files stay on this computer', kind: 'sandbox', url: null, active: true, signedIn: true, uploading: 0 };

/** An account on a server, as main reports it after a sign-in: its profile listed after the sandbox. */
export function serverAccount(serverUrl: string, userName: string): AccountView {
  const profile: ProfileView = { id: 'server-fake0001', name: serverUrl, kind: 'server', url: serverUrl, active: true, signedIn: true, uploading: 0 };
  return { profileId: profile.id, profiles: [{ ...SANDBOX_PROFILE, active: false }, profile], target: { kind: 'server', url: serverUrl }, targetLabel: serverUrl, userName, signedIn: true };
}

export const SANDBOX_ACCOUNT: AccountView = {
  profileId: 'local-sandbox',
  profiles: [SANDBOX_PROFILE],
  target: { kind: 'sandbox' },
  targetLabel: 'Local sandbox — files stay on this computer',
  userName: 'demo',
  signedIn: true,
};

export function defaultSettings(overrides: Partial<Settings> = {}): Settings {
  return {
    target: { kind: 'sandbox' },
    defaultParentId: null,
    defaultParentPath: null,
    recentDestinations: [],
    languageId: null,
    concurrency: 6,
    bandwidthLimit: 0,
    overwrite: 'Ask',
    replaceOptions: ['RecreateThumbnail'],
    uiLocale: 'en',
    attachSidecars: false,
    profiles: [],
    activeProfileId: 'local-sandbox',
    backgroundUploads: 'continue',
    ...overrides,
  };
}

let nextJob = 1;

export function makeJob(overrides: Partial<JobView> = {}): JobView {
  const n = nextJob++;
  const name = overrides.name ?? `file-${n}.mov`;
  const size = overrides.size ?? 1_000_000;
  const bytesDone = overrides.bytesDone ?? (overrides.state === 'done' ? size : (overrides.bytesConfirmed ?? 0) + (overrides.bytesAcked ?? 0));
  return {
    id: `job-${n}`,
    name,
    relativePath: name,
    localPath: `/home/user/${name}`,
    dropId: 'drop-1',
    size: 1_000_000,
    state: 'queued',
    bytesConfirmed: 0,
    bytesAcked: 0,
    bytesDone,
    bytesSending: 0,
    partsTotal: 1,
    partsConfirmed: 0,
    speed: 0,
    etaSeconds: null,
    waiting: null,
    pauseReason: null,
    error: null,
    conflict: null,
    uploadId: null,
    assetId: null,
    createdAt: n,
    finishedAt: null,
    sha256: null,
    ...overrides,
  };
}

/** Totals as the engine computes them for these jobs (the engine's own function). */
export function totalsOf(jobs: readonly JobView[]): Totals {
  return computeTotals(jobs);
}

export function snapshotOf(jobs: readonly JobView[]): QueueSnapshot {
  return { jobs: [...jobs], totals: totalsOf(jobs) };
}

export interface FakeUploaderOptions {
  jobs?: readonly JobView[];
  settings?: Settings;
  account?: AccountView;
  /** Paths getPathForFile returns, by file name; names not listed give ''. */
  paths?: Record<string, string>;
}

export interface FakeUploader {
  api: UploaderApi;
  calls: RecordedCall[];
  /** Payloads of every call to one command, in order. */
  callsTo<K extends CommandName>(name: K): CommandPayload<K>[];
  respond<K extends CommandName>(name: K, responder: Responder<K>): void;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  /** Pushes a queueUpdate; totals default to those of `all` (the queue after the change). */
  pushUpdate(update: Partial<QueueUpdate> & { all: readonly JobView[] }): void;
  listenerCount(event?: EventName): number;
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function createFakeUploader(options: FakeUploaderOptions = {}): FakeUploader {
  const calls: RecordedCall[] = [];
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  let settings = options.settings ?? defaultSettings();
  const account = options.account ?? SANDBOX_ACCOUNT;
  const jobs = options.jobs ?? [];

  const defaults: { [K in CommandName]: Responder<K> } = {
    enqueuePaths: ({ paths }) => ok({ added: paths.length }),
    addFromDialog: () => ok({ added: 0 }),
    pauseJob: () => ok(null),
    resumeJob: () => ok(null),
    cancelJob: () => ok(null),
    retryJob: () => ok(null),
    removeJob: () => ok(null),
    pauseAll: () => ok(null),
    resumeAll: () => ok(null),
    retryFailed: () => ok({ retried: 0 }),
    clearFinished: () => ok({ removed: 0 }),
    removeFailed: () => ok({ removed: 0 }),
    applyToJobs: ({ ids }) => ok({ affected: ids.length }),
    locateFile: () => ok({ located: true }),
    retryWithSettings: ({ ids }) => ok({ retried: ids.length }),
    resolveConflict: () => ok(null),
    getSnapshot: () => ok(snapshotOf(jobs)),
    getSettings: () => ok(settings),
    updateSettings: ({ patch }) => {
      settings = { ...settings, ...patch };
      return ok(settings);
    },
    getAccount: () => ok(account),
    signIn: ({ serverUrl, userName }) =>
      ok(serverAccount(serverUrl, userName)),
    signInStep: ({ serverUrl, userName }) =>
      ok({ kind: 'signed-in', account: serverAccount(serverUrl, userName) }),
    signInWithApiKey: ({ serverUrl }) => ok(serverAccount(serverUrl, 'demo')),
    signInWithSso: ({ serverUrl }) => ok(serverAccount(serverUrl, 'demo')),
    cancelSso: () => ok(null),
    testConnection: () => ok({ apiBase: 'https://media.example.com/api', checks: [], variants: [], ok: true }),
    signOut: () => ok({ ...account, signedIn: false, userName: null }),
    useSandbox: () => ok(SANDBOX_ACCOUNT),
    addProfile: ({ url }) => ok({ ...serverAccount(url, 'demo'), signedIn: false, userName: null }),
    switchProfile: ({ id }) => ok(id === SANDBOX_PROFILE.id ? SANDBOX_ACCOUNT : account),
    renameProfile: () => ok(account),
    removeProfile: () => ok(SANDBOX_ACCOUNT),
    listLeftovers: () => ok([]),
    discardLeftover: () => ok(null),
    openExternal: () => ok(null),
    getUpdates: () => ok(UP_TO_DATE),
    checkForUpdates: () => ok(UP_TO_DATE),
    restartToUpdate: () => ok(null),
    setAutoUpdate: ({ on }) => ok({ ...UP_TO_DATE, autoCheck: on }),
    listFolders: () => ok({ folders: [], nextPageOffset: null, total: 0 }),
    folderPath: () => ok([]),
    createFolder: ({ name }) => ok({ id: `folder-${name}`, name, kind: 'folder' }),
    listLanguages: () => ok([]),
    processingStatus: () => ok({ state: 'none' }),
    openInNomad: () => ok(null),
    attachFiles: ({ paths }) => ok({ added: paths?.length ?? 0 }),
    listHistory: () => ok([]),
    exportHistory: ({ format }) => ok({ fileName: `history.${format}`, text: '' }),
    clearHistory: () => ok({ removed: 0 }),
    listWatches: () => ok({ watches: [], defaults: { ignore: ['.DS_Store', '*.tmp'], quietPeriodMs: { default: 10_000, min: 1_000, max: 3_600_000 } } }),
    pickWatchFolder: () => ok({ folder: null }),
    addWatch: ({ watch }) => ok({ config: { ...watch, id: 'watch-1', parentPath: 'Incoming', paused: false }, state: { kind: 'starting' }, files: 0, settling: 0, uploading: 0, uploaded: 0, failed: 0 }),
    updateWatch: ({ id, watch }) => ok({ config: { ...watch, id, parentPath: 'Incoming', paused: false }, state: { kind: 'starting' }, files: 0, settling: 0, uploading: 0, uploaded: 0, failed: 0 }),
    setWatchPaused: ({ id }) => ({ ok: false, error: { code: 'not-found', message: `No watch ${id} in the fake.`, retryable: false } }),
    removeWatch: () => ok(null),
    rescanWatch: () => ok(null),
  };
  const responders = new Map<CommandName, Responder<never>>();

  const command =
    <K extends CommandName>(name: K) =>
    async (payload: CommandPayload<K>): Promise<Result<CommandResult<K>>> => {
      calls.push({ name, payload });
      const responder = (responders.get(name) ?? defaults[name]) as Responder<K>;
      return responder(payload);
    };

  const handlers = Object.fromEntries(
    (Object.keys(defaults) as CommandName[]).map((name) => [name, command(name)]),
  ) as Pick<UploaderApi, CommandName>;

  const api: UploaderApi = {
    ...handlers,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => {
        set.delete(listener as (payload: never) => void);
      };
    },
    getPathForFile: (file) => options.paths?.[file.name] ?? '',
  };

  return {
    api,
    calls,
    callsTo: <K extends CommandName>(name: K) =>
      calls.filter((c) => c.name === name).map((c) => c.payload as CommandPayload<K>),
    respond: (name, responder) => responders.set(name, responder as unknown as Responder<never>),
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) (listener as (p: typeof payload) => void)(payload);
    },
    pushUpdate({ all, changed = [], removed = [], totals, switched }) {
      this.emit('queueUpdate', { changed, removed, totals: totals ?? totalsOf(all), ...(switched ? { switched } : {}) });
    },
    listenerCount: (event) =>
      event !== undefined
        ? (listeners.get(event)?.size ?? 0)
        : [...listeners.values()].reduce((n, set) => n + set.size, 0),
  };
}
