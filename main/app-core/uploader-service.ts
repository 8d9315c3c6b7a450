// The app's brain in plain Node: which server, which account, which queue, which settings.
// The IPC handlers, the tray and the e2e bridge all call this; Electron only shows it.

import { NomadApi, apiBaseUrl, type Credentials, type Session } from '../engine/api';
import { stepError } from '../engine/auth-outcome';
import { UploadError } from '../engine/errors';
import { FileJournal, MemoryJournal, type JournalStore } from '../engine/journal';
import { silentLogger, type Logger } from '../engine/log';
import { UploadQueue } from '../engine/queue';
import type { QueueUpdate, Totals } from '../engine/views';
import type { AccountView, AttachmentView, JobAction, LeftoverUpload, NoticeKind, Settings, SignInStepView, UploadTarget } from '../../preload/contract';
import { AppError } from './app-errors';
import { alreadyPresentMessage, applyToJobs, enqueueDrop, removeFailed, replaceWithLocated, retryWithDefaults } from './drop-intake';
import { checkFolder, signInOrExplain } from './account-checks';
import { emptyTotals } from '../../shared/totals';
import { listLeftovers } from './leftovers';
import { toResultError } from './result-error';
import type { SecretStore } from './secret-store';
import { SettlingJournal } from './settling-journal';
import { loadSettings, settingsPatchSchema, settingsSchema, type SettingsStore } from './settings';
import { withDestinationPath } from './destinations';
import { UploadExtras } from './upload-extras';
import type { WatchView } from './watches-config';
import type { WatchFolders } from './watches';
import { openServiceWatches } from './watches-service';

export interface SandboxHandle {
  url: string;
  close(): Promise<void>;
}

export interface UploaderServiceOptions {
  settings: SettingsStore;
  secrets: SecretStore;
  /** Folder of the journal; null keeps it in memory (tests). */
  journalDir: string | null;
  /** Starts the embedded local sandbox (user demo/demo). */
  startSandbox: () => Promise<SandboxHandle>;
  /** Test seam for the engine's HTTP. */
  dispatcher?: import('undici').Dispatcher;
  journalFor?: (dir: string) => JournalStore;
  /** App log (redacted on the way out); silent by default. */
  log?: Logger;
}

export type ServiceEvent =
  | { type: 'queueUpdate'; update: QueueUpdate }
  | { type: 'accountChanged'; account: AccountView }
  | { type: 'settingsChanged'; settings: Settings }
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; message: string; kind?: NoticeKind }
  | { type: 'attachmentsChanged'; assetId: string; attachments: AttachmentView[] }
  /** Everything that was running has stopped: one OS notification per batch. */
  | { type: 'batchFinished'; done: number; failed: number }
  | { type: 'watchesChanged'; watches: WatchView[] };

export const SANDBOX_LABEL = 'Local sandbox — files stay on this computer';
const SANDBOX_KEY = 'local-sandbox';
const SANDBOX_USER = { userName: 'demo', password: 'demo' };

export class UploaderService {
  #options: UploaderServiceOptions;
  #settings: Settings;
  #sandbox: SandboxHandle | null = null;
  #api: NomadApi | null = null;
  #queue: UploadQueue | null = null;
  #journal: SettlingJournal | null = null;
  #unsubscribe: Array<() => void> = [];
  #listeners = new Set<(event: ServiceEvent) => void>();
  #batch = { running: false, done: 0, failed: 0 };
  #lastTotals: Totals | null = null;
  /** Folder paths, history, attachments (issue 13): upload-extras.ts. */
  #extras: UploadExtras | null = null;
  /** Watch folders (issue 15): watches-service.ts. */
  #watches: WatchFolders | null = null;
  /**
   * Signed out of (or logged out by) a server while its queue is kept: the jobs stay
   * visible, paused by the system, and continue on the next sign-in as the same user.
   */
  #signedOut: { userName: string | null } | null = null;

  get #log(): Logger {
    return this.#options.log ?? silentLogger;
  }

  constructor(options: UploaderServiceOptions) {
    this.#options = options;
    this.#settings = loadSettings(options.settings);
  }

  /** Connects to the configured target: the sandbox, or the saved server session. */
  async start(): Promise<void> {
    await this.#openExtras();
    const target = this.#settings.target;
    if (target.kind === 'sandbox') {
      await this.#connectSandbox();
      return;
    }
    const saved = await this.#options.secrets.load();
    if (saved && saved.serverUrl === target.url) {
      // Only the refresh token (or the API key) is kept; the first call trades it for an access token.
      const session: Session = { token: '', refreshToken: saved.refreshToken, expiresAt: saved.apiKey ? Number.MAX_SAFE_INTEGER : 0, userName: saved.userName };
      await this.#attach(this.#newApi(target.url, session, saved.apiKey ?? null), target.url);
    } else {
      await this.#detach();
      // Signed out, the watches are listed (waiting for a sign-in); #attach opens them otherwise.
      await this.#openWatches();
      this.#emitAccount();
    }
  }

  onEvent(listener: (event: ServiceEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // --- account --------------------------------------------------------------------

  account(): AccountView {
    const target = this.#settings.target;
    return {
      target,
      targetLabel: target.kind === 'sandbox' ? SANDBOX_LABEL : new URL(target.url).host,
      userName: this.#api?.session?.userName ?? this.#signedOut?.userName ?? null,
      signedIn: this.#queue !== null && this.#signedOut === null,
    };
  }

  async signIn(serverUrl: string, userName: string, password: string): Promise<AccountView> {
    const step = await this.signInStep(serverUrl, { userName, password });
    if (step.kind !== 'signed-in') throw stepError(step);
    return step.account;
  }

  /** One login attempt: signed in, or the step the server asks for next (sign-in-flows.ts words them). */
  async signInStep(serverUrl: string, credentials: Credentials): Promise<SignInStepView> {
    const url = serverUrl.trim().replace(/\/+$/, '');
    const parked = this.#api;
    const continues = this.#signedOut !== null && parked !== null && this.#queue !== null && sameServer(parked.baseUrl, url) && this.#signedOut.userName === credentials.userName;
    // The kept queue continues with the same client, now holding a session again.
    const api = continues && parked !== null ? parked : this.#newApi(url, null);
    // Throws auth-failed / account-refused / not-nomad-api / network with a message for the user; nothing changes then.
    const step = await signInOrExplain(api, url, credentials, this.#options.dispatcher);
    if (step.kind !== 'signed-in') return step;
    if (continues) this.#resumeParked();
    else await this.useServer(api, url);
    return { kind: 'signed-in', account: this.account() };
  }

  /** A client signed in elsewhere (API key, single sign-on) becomes the account and queue. */
  async useServer(api: NomadApi, url: string): Promise<void> {
    this.#settings = { ...this.#settings, target: { kind: 'server', url } };
    this.#saveSettings();
    await this.#attach(api, url);
  }

  /** The client every server sign-in starts from: its session (or API key) is kept in the secret store. */
  serverApi(serverUrl: string, apiKey: string | null = null): NomadApi {
    return this.#newApi(serverUrl.trim().replace(/\/+$/, ''), null, apiKey);
  }

  /** The signed-in client, for checks on the live session (Test connection); null when signed out. */
  get currentApi(): NomadApi | null {
    return this.#signedOut === null ? this.#api : null;
  }

  /**
   * Signing out of a server keeps its queue in view, paused, to continue after the next
   * sign-in; the session (and the saved refresh token) is ended.
   */
  async signOut(): Promise<AccountView> {
    const api = this.#api;
    if (this.#queue !== null && api !== null && this.#settings.target.kind === 'server') {
      this.#park(api.session?.userName ?? null);
      await api.logout().catch(() => undefined);
    } else {
      await this.#detach();
      await api?.logout().catch(() => undefined);
    }
    await this.#options.secrets.save(null);
    this.#emitAccount();
    return this.account();
  }

  async useSandbox(): Promise<AccountView> {
    this.#settings = { ...this.#settings, target: { kind: 'sandbox' } };
    this.#saveSettings();
    await this.#connectSandbox();
    return this.account();
  }

  // --- settings -------------------------------------------------------------------

  settings(): Settings {
    return structuredClone(this.#settings);
  }

  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    const parsed = settingsPatchSchema.safeParse(patch);
    if (!parsed.success) {
      throw new UploadError('bad-request', parsed.error.issues[0]?.message ?? 'Invalid settings.');
    }
    const next = settingsSchema.parse({ ...this.#settings, ...parsed.data });
    if (next.defaultParentId !== null && next.defaultParentId !== this.#settings.defaultParentId) {
      await this.#checkFolder(next.defaultParentId);
    }
    const located = this.#api && this.#extras ? await withDestinationPath(this.#api, this.#extras.paths, this.#settings, next) : next;
    const targetChanged = JSON.stringify(next.target) !== JSON.stringify(this.#settings.target);
    if (targetChanged && next.target.kind === 'server') {
      throw new UploadError('bad-request', 'Sign in to switch to a server.');
    }
    this.#settings = located;
    this.#saveSettings();
    this.#applyToQueue();
    if (targetChanged) await this.#connectSandbox();
    return this.settings();
  }

  // --- queue ----------------------------------------------------------------------

  get queue(): UploadQueue {
    if (!this.#queue) throw new UploadError('auth-required', 'Sign in to a server (or use the local sandbox) first.');
    return this.#queue;
  }

  get hasQueue(): boolean {
    return this.#queue !== null;
  }

  /** The queue, for commands that start network work: refused while signed out. */
  get activeQueue(): UploadQueue {
    const queue = this.queue;
    if (this.#signedOut !== null) {
      throw new AppError('signed-out', 'You are signed out. Sign in to continue uploading.');
    }
    return queue;
  }

  async enqueuePaths(paths: string[], parentId?: string | null, again = false): Promise<number> {
    const extras = this.extras;
    const result = await enqueueDrop(this.activeQueue, paths, { parentId, again, holdBack: extras.holdBack(this.#settings) });
    const { added, notice } = result;
    const folder = parentId === undefined ? this.#settings.defaultParentId : parentId;
    const destination = await extras.paths.pathOf(this.api, folder).catch(() => this.#settings.defaultParentPath ?? folder ?? 'Incoming');
    extras.dropped(result, destination);
    if (notice !== null) this.#emit({ type: 'notice', level: 'info', message: alreadyPresentMessage(notice), kind: notice });
    return added;
  }

  /** A failed job's file, found again by the person at `localPath`. */
  async locateFile(id: string, localPath: string): Promise<void> {
    const queue = this.activeQueue;
    const job = queue.get(id);
    if (job === null) throw new UploadError('not-found', 'That upload is no longer in the queue.');
    await replaceWithLocated(queue, job, localPath);
  }

  retryWithSettings(ids: readonly string[]): Promise<number> {
    return retryWithDefaults(this.activeQueue, ids, this.#jobDefaults());
  }

  applyToJobs(action: JobAction, ids: readonly string[]): Promise<number> {
    const starts = action === 'resume' || action === 'retry';
    return applyToJobs(starts ? this.activeQueue : this.queue, action, ids);
  }

  removeFailed(): Promise<number> {
    return removeFailed(this.queue);
  }

  listLeftovers(): Promise<LeftoverUpload[]> {
    return listLeftovers(this.activeQueue);
  }

  async discardLeftover(uploadId: string): Promise<void> {
    await this.activeQueue.api.cancelUpload(uploadId, 'Discarded by the user');
  }

  /** The signed-in server's client, for the folder browser, languages and processing status. */
  get api(): NomadApi {
    void this.activeQueue;
    if (this.#api === null) throw new UploadError('auth-required', 'Sign in to a server (or use the local sandbox) first.');
    return this.#api;
  }

  get watches(): WatchFolders {
    if (this.#watches === null) throw new UploadError('internal', 'The app has not started yet.');
    return this.#watches;
  }

  get extras(): UploadExtras {
    if (this.#extras === null) throw new UploadError('internal', 'The app has not started yet.');
    return this.#extras;
  }

  // --- the computer and the app's life ------------------------------------------

  /** True while anything is queued or moving: what quitting now would interrupt. */
  get isUploading(): boolean {
    if (!this.#queue) return false;
    const { counts } = this.#queue.snapshot().totals;
    return counts.queued + counts.starting + counts.uploading + counts.completing > 0;
  }

  /**
   * Sleep: pause everything as a *system* pause (the OS would cut the sockets anyway). It is
   * not journalled as the user's: a laptop that dies asleep brings its uploads back running.
   */
  suspend(): void {
    this.#queue?.pauseAll('system');
  }

  /** Wake: resume what `suspend` paused; what the user paused stays paused. */
  wake(): void {
    // Signed out, nothing can upload: the next sign-in resumes what the system paused.
    if (this.#signedOut !== null) return;
    this.#queue?.resumeAll('system');
  }

  /**
   * Quit: stop every upload as a system pause, wait until the journal holds that (and every
   * part confirmed before), then close the queue and the embedded sandbox. Nothing is
   * cancelled on the server; every upload continues on the next start.
   */
  async quit(): Promise<void> {
    this.#queue?.pauseAll('system');
    await this.#journal?.settled();
    await this.shutdown();
    const sandbox = this.#sandbox;
    this.#sandbox = null;
    await sandbox?.close();
  }

  /** Before an update restarts the app: every upload paused (by the system) and journaled. */
  async pauseAndJournal(): Promise<void> {
    this.#queue?.pauseAll('system');
    await this.#journal?.settled();
  }

  /** Stops uploads without cancelling them (app quit): they resume on the next start. */
  async shutdown(): Promise<void> {
    await this.#detach();
    await this.#watches?.close();
    await this.#extras?.close();
    this.#listeners.clear();
  }

  // --- internals ------------------------------------------------------------------

  async #connectSandbox(): Promise<void> {
    await this.#detach();
    this.#sandbox ??= await this.#options.startSandbox();
    const api = this.#newApi(this.#sandbox.url, null);
    await api.login(SANDBOX_USER);
    await this.#attach(api, SANDBOX_KEY);
  }

  #newApi(serverUrl: string, session: Session | null, apiKey: string | null = null): NomadApi {
    const isSandbox = this.#sandbox !== null && serverUrl === this.#sandbox.url;
    const log = this.#log;
    return new NomadApi({
      serverUrl,
      session,
      apiKey,
      dispatcher: this.#options.dispatcher,
      log: (event) => log.debug('api', { request: event.request, status: event.status, ms: Math.round(event.ms), error: event.error }),
      // The sandbox's demo password is public; a real server's password is never kept.
      credentials: isSandbox ? SANDBOX_USER : null,
      onSession: (next) => {
        if (isSandbox) return;
        void this.#options.secrets.save(
          next ? { serverUrl, userName: next.userName, refreshToken: next.refreshToken, ...(apiKey ? { apiKey } : {}) } : null,
        );
        if (next) return;
        // The server ended the session (refresh refused) while its queue runs: keep the jobs,
        // paused, for the sign-in that continues them. A deliberate sign-out parks first.
        if (this.#signedOut === null && this.#api !== null && this.#queue !== null && this.#api.baseUrl === apiBaseUrl(serverUrl)) {
          this.#park(this.#api.session?.userName ?? null);
          this.#emit({
            type: 'notice',
            level: 'warning',
            message: 'Your session on the server ended. Uploads are paused until you sign in again.',
            kind: { type: 'session-expired' },
          });
        }
        this.#emitAccount();
      },
    });
  }

  async #attach(api: NomadApi, serverKey: string): Promise<void> {
    await this.#detach();
    const settings = this.#settings;
    const journalDir = this.#options.journalDir;
    const journal = new SettlingJournal(
      journalDir ? (this.#options.journalFor ?? ((dir) => new FileJournal(dir)))(journalDir) : new MemoryJournal(),
    );
    const queue = new UploadQueue({
      api,
      serverKey,
      journal,
      budget: settings.concurrency,
      bandwidthLimit: settings.bandwidthLimit,
      dispatcher: this.#options.dispatcher,
      log: this.#log,
      defaults: {
        parentId: settings.defaultParentId,
        languageId: settings.languageId,
        overwrite: settings.overwrite,
        replaceOptions: settings.replaceOptions,
      },
    });
    this.#api = api;
    this.#queue = queue;
    this.#journal = journal;
    await (await this.#openExtras()).connected(api);
    this.#unsubscribe.push(
      queue.onUpdate((update) => this.#onQueueUpdate(update)),
      queue.onEvent((event) => {
        if (event.type === 'warning') {
          this.#emit({ type: 'notice', level: 'warning', message: event.error.message, kind: { type: 'warning', code: event.error.code } });
        }
      }),
    );
    const { restored } = await queue.restore();
    if (restored.length > 0) {
      const message = restored.length === 1 ? 'Resuming 1 unfinished upload.' : `Resuming ${restored.length} unfinished uploads.`;
      this.#emit({ type: 'notice', level: 'info', message, kind: { type: 'resuming', count: restored.length } });
    }
    // After the restore: a watch takes the unfinished uploads of its folder as its own.
    await (await this.#openWatches()).connect(queue, serverKey);
    this.#emitAccount();
    const { jobs, totals } = queue.snapshot();
    this.#emit({ type: 'queueUpdate', update: { changed: jobs, removed: [], totals } });
  }

  async #detach(): Promise<void> {
    const queue = this.#queue;
    for (const off of this.#unsubscribe.splice(0)) off();
    const journal = this.#journal;
    this.#queue = null;
    this.#api = null;
    this.#journal = null;
    this.#signedOut = null;
    await this.#extras?.disconnected();
    await this.#watches?.disconnect();
    if (!queue) return;
    const ids = queue.snapshot().jobs.map((j) => j.id);
    await queue.close();
    // Writes the jobs started before the close (a part confirmed a moment ago) still land.
    await journal?.settled();
    this.#batch = { running: false, done: 0, failed: 0 };
    this.#emit({
      type: 'queueUpdate',
      update: { changed: [], removed: ids, totals: emptyTotals() },
    });
  }

  #onQueueUpdate(update: QueueUpdate): void {
    this.#emit({ type: 'queueUpdate', update });
    this.#extras?.queueUpdated(update);
    const totals = update.totals;
    if (totals.active && !this.#batch.running) {
      this.#batch = { running: true, done: totals.counts.done, failed: totals.counts.failed };
    } else if (!totals.active && this.#batch.running && totals.counts.queued === 0) {
      const done = totals.counts.done - this.#batch.done;
      const failed = totals.counts.failed - this.#batch.failed;
      this.#batch = { running: false, done: 0, failed: 0 };
      if (done > 0 || failed > 0) this.#emit({ type: 'batchFinished', done, failed });
    }
    this.#lastTotals = totals;
  }

  get totals(): Totals | null {
    return this.#lastTotals;
  }

  async #openExtras(): Promise<UploadExtras> {
    this.#extras ??= await UploadExtras.open(
      this.#options.journalDir,
      { attachmentsChanged: (assetId, attachments) => this.#emit({ type: 'attachmentsChanged', assetId, attachments }), log: this.#log },
      () => this.#settings,
    );
    return this.#extras;
  }

  async #openWatches(): Promise<WatchFolders> {
    this.#watches ??= await openServiceWatches({
      journalDir: this.#options.journalDir,
      log: this.#log,
      api: () => this.currentApi,
      queue: () => this.#queue,
      extras: () => this.extras,
      changed: (watches) => this.#emit({ type: 'watchesChanged', watches }),
      notice: (level, message, kind) => this.#emit({ type: 'notice', level, message, kind }),
    });
    return this.#watches;
  }

  #applyToQueue(): void {
    const queue = this.#queue;
    if (!queue) return;
    const s = this.#settings;
    queue.setBudget(s.concurrency);
    queue.setBandwidthLimit(s.bandwidthLimit);
    queue.setDefaults(this.#jobDefaults());
  }

  #jobDefaults() {
    const s = this.#settings;
    return { parentId: s.defaultParentId, languageId: s.languageId, overwrite: s.overwrite, replaceOptions: s.replaceOptions };
  }

  #park(userName: string | null): void {
    this.#queue?.pauseAll('system');
    this.#signedOut = { userName };
    void this.#watches?.hold();
  }

  /** Back from a sign-out: system pauses resume, and jobs the lost session failed start again. */
  #resumeParked(): void {
    const queue = this.#queue;
    this.#signedOut = null;
    this.#emitAccount();
    if (queue === null) return;
    queue.resumeAll('system');
    void this.#watches?.release().catch((error: Error) => this.#log.warn('watch folders not resumed', { error: error.message }));
    for (const job of queue.snapshot().jobs) {
      if (job.state === 'failed' && (job.error?.code === 'auth-required' || job.error?.code === 'auth-failed')) queue.retry(job.id);
    }
  }

  /** A folder id is saved only once the server confirmed it names a folder. */
  async #checkFolder(id: string): Promise<void> {
    if (this.#api === null || this.#signedOut !== null) {
      throw new AppError('signed-out', 'Sign in first: the server has to confirm the folder before it is saved.');
    }
    await checkFolder(this.#api, id);
  }

  #saveSettings(): void {
    this.#options.settings.write(this.#settings);
    this.#emit({ type: 'settingsChanged', settings: this.settings() });
  }

  #emitAccount(): void {
    this.#emit({ type: 'accountChanged', account: this.account() });
  }

  #emit(event: ServiceEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}

/** Two addresses of one API: `https://h` and `https://h/api/` are the same server. */
function sameServer(baseUrl: string, url: string): boolean {
  return baseUrl.toLowerCase() === apiBaseUrl(url).toLowerCase();
}

export { toResultError };
export { emptyTotals };
export type { UploadTarget };
