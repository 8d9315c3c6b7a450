// The app's brain in plain Node: which server, which account, which queue, which settings.
// The IPC handlers, the tray and the e2e bridge all call this; Electron only shows it.

import { NomadApi, type Session } from '../engine/api';
import { UploadError, toUploadError } from '../engine/errors';
import { isRetryableCode } from '../engine/retry-policy';
import { FileJournal, MemoryJournal, type JournalStore } from '../engine/journal';
import { silentLogger, type Logger } from '../engine/log';
import { UploadQueue } from '../engine/queue';
import type { QueueUpdate, Totals } from '../engine/views';
import type { AccountView, LeftoverUpload, Settings, UploadTarget } from '../../preload/contract';
import type { SecretStore } from './secret-store';
import { SettlingJournal } from './settling-journal';
import { loadSettings, settingsPatchSchema, settingsSchema, type SettingsStore } from './settings';

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
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; message: string }
  /** Everything that was running has stopped: one OS notification per batch. */
  | { type: 'batchFinished'; done: number; failed: number };

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

  get #log(): Logger {
    return this.#options.log ?? silentLogger;
  }

  constructor(options: UploaderServiceOptions) {
    this.#options = options;
    this.#settings = loadSettings(options.settings);
  }

  /** Connects to the configured target: the sandbox, or the saved server session. */
  async start(): Promise<void> {
    const target = this.#settings.target;
    if (target.kind === 'sandbox') {
      await this.#connectSandbox();
      return;
    }
    const saved = await this.#options.secrets.load();
    if (saved && saved.serverUrl === target.url) {
      // Only the refresh token is kept; the first call trades it for an access token.
      const session: Session = { token: '', refreshToken: saved.refreshToken, expiresAt: 0, userName: saved.userName };
      await this.#attach(this.#newApi(target.url, session), target.url);
    } else {
      await this.#detach();
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
      userName: this.#api?.session?.userName ?? null,
      signedIn: this.#queue !== null,
    };
  }

  async signIn(serverUrl: string, userName: string, password: string): Promise<AccountView> {
    const url = serverUrl.trim().replace(/\/+$/, '');
    const api = this.#newApi(url, null);
    // Throws auth-failed / network with a message for the user; nothing changes then.
    await api.login({ userName, password });
    this.#settings = { ...this.#settings, target: { kind: 'server', url } };
    this.#saveSettings();
    await this.#attach(api, url);
    return this.account();
  }

  async signOut(): Promise<AccountView> {
    const api = this.#api;
    await this.#detach();
    await api?.logout().catch(() => undefined);
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
    const targetChanged = JSON.stringify(next.target) !== JSON.stringify(this.#settings.target);
    if (targetChanged && next.target.kind === 'server') {
      throw new UploadError('bad-request', 'Sign in to switch to a server.');
    }
    this.#settings = next;
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

  async enqueuePaths(paths: string[], parentId?: string | null): Promise<number> {
    const { added, duplicates } = await this.queue.enqueue({
      paths,
      options: parentId !== undefined ? { parentId } : {},
    });
    if (duplicates.length > 0) {
      this.#emit({ type: 'notice', level: 'info', message: `${duplicates.length} file(s) are already in the queue.` });
    }
    return added.length;
  }

  async listLeftovers(): Promise<LeftoverUpload[]> {
    const known = new Set(this.queue.snapshot().jobs.map((j) => j.uploadId).filter(Boolean));
    const uploads = await this.queue.api.listUploads();
    return uploads
      .filter((u) => !known.has(u.id))
      .map((u) => ({
        uploadId: u.id,
        assetId: u.assetId,
        contentLength: u.contentLength ?? null,
        startDate: u.startDate ?? null,
        partsTotal: u.parts?.length ?? 0,
        partsConfirmed: u.parts?.filter((p) => p.isCompleted).length ?? 0,
      }));
  }

  async discardLeftover(uploadId: string): Promise<void> {
    await this.queue.api.cancelUpload(uploadId, 'Discarded by the user');
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

  /** Stops uploads without cancelling them (app quit): they resume on the next start. */
  async shutdown(): Promise<void> {
    await this.#detach();
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

  #newApi(serverUrl: string, session: Session | null): NomadApi {
    const isSandbox = this.#sandbox !== null && serverUrl === this.#sandbox.url;
    const log = this.#log;
    return new NomadApi({
      serverUrl,
      session,
      dispatcher: this.#options.dispatcher,
      log: (event) => log.debug('api', { request: event.request, status: event.status, ms: Math.round(event.ms), error: event.error }),
      // The sandbox's demo password is public; a real server's password is never kept.
      credentials: isSandbox ? SANDBOX_USER : null,
      onSession: (next) => {
        if (isSandbox) return;
        void this.#options.secrets.save(
          next ? { serverUrl, userName: next.userName, refreshToken: next.refreshToken } : null,
        );
        if (!next) this.#emitAccount();
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
    this.#unsubscribe.push(
      queue.onUpdate((update) => this.#onQueueUpdate(update)),
      queue.onEvent((event) => {
        if (event.type === 'warning') this.#emit({ type: 'notice', level: 'warning', message: event.error.message });
      }),
    );
    const { restored } = await queue.restore();
    if (restored.length > 0) {
      this.#emit({ type: 'notice', level: 'info', message: `Resuming ${restored.length} unfinished upload(s).` });
    }
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

  #applyToQueue(): void {
    const queue = this.#queue;
    if (!queue) return;
    const s = this.#settings;
    queue.setBudget(s.concurrency);
    queue.setBandwidthLimit(s.bandwidthLimit);
    queue.setDefaults({
      parentId: s.defaultParentId,
      languageId: s.languageId,
      overwrite: s.overwrite,
      replaceOptions: s.replaceOptions,
    });
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

export function emptyTotals(): Totals {
  return {
    jobs: 0,
    counts: {
      queued: 0,
      starting: 0,
      'awaiting-decision': 0,
      uploading: 0,
      paused: 0,
      completing: 0,
      done: 0,
      skipped: 0,
      failed: 0,
      cancelled: 0,
    },
    bytesTotal: 0,
    bytesDone: 0,
    speed: 0,
    etaSeconds: null,
    active: false,
  };
}

/** Any thrown value as the Result error the renderer shows. */
export function toResultError(error: unknown): { code: string; message: string; retryable: boolean } {
  const uploadError = toUploadError(error);
  if (uploadError.code === 'network' || uploadError.code === 'timeout') {
    return { code: 'unreachable', message: `The server cannot be reached (${uploadError.message.replace(/\.$/, '')}).`, retryable: true };
  }
  if (uploadError.code === 'internal') {
    return { code: 'internal', message: 'Something went wrong inside the app. Please try again.', retryable: false };
  }
  return { code: uploadError.code, message: uploadError.message, retryable: isRetryableCode(uploadError.code) };
}

export type { UploadTarget };
