// The app's brain in plain Node: which servers (profiles), which account on each, which queue
// is shown, which settings. A façade over one `Connection { profile, api, queue }` per profile
// that was opened since the start: switching profiles never closes a queue. The IPC handlers,
// the tray and the e2e bridge call its verbs (jobs: job-verbs.ts); Electron only shows it.

import type { Credentials, NomadApi } from '../engine/api';
import { stepError } from '../engine/auth-outcome';
import { silentLogger, type Logger } from '../engine/log';
import type { Totals } from '../engine/views';
import type { AccountView, Settings, SignInStepView, UploadTarget } from '../../preload/contract';
import { emptyTotals } from '../../shared/totals';
import { signInOrExplain } from './account-checks';
import type { Connection } from './connection';
import { Connections } from './connections';
import { alreadyPresentMessage } from './drop-intake';
import { enqueueInto } from './enqueue';
import { JobVerbs } from './job-verbs';
import { ProfileApis, sameServer } from './profile-apis';
import { ProfileSecrets } from './profile-secrets';
import * as profiles from './profiles';
import { toResultError } from './result-error';
import { SANDBOX_USER, sessionFromSaved } from './server-api';
import type { SandboxHandle, ServiceEvent, UploaderServiceOptions } from './service-types';
import { SANDBOX_PROFILE_ID, loadSettings } from './settings';
import { nextSettings } from './settings-update';
import { ShownFollowers } from './shown-followers';
import type { UploadExtras } from './upload-extras';
import type { WatchFolders } from './watches';

export type { SandboxHandle, ServiceEvent, UploaderServiceOptions } from './service-types';

export const SANDBOX_LABEL = profiles.SANDBOX_LABEL;

export class UploaderService {
  #options: UploaderServiceOptions;
  #settings: Settings;
  #secrets: ProfileSecrets;
  #sandbox: SandboxHandle | null = null;
  /** The one start (quit and shutdown wait for it). */
  #starting: Promise<void> | null = null;
  /** One per profile opened since the start; the shown one is `#settings.activeProfileId`'s. */
  #connections: Connections;
  /** Makes each profile's server client, and knows which profile a client is for. */
  #apis: ProfileApis;
  #listeners = new Set<(event: ServiceEvent) => void>();
  #lastTotals: Totals | null = null;
  /** Folder paths, history, attachments (issue 13) and watch folders (issue 15): they follow the shown profile. */
  #followers: ShownFollowers;
  /** The shown profile's jobs, as verbs. */
  readonly jobs = new JobVerbs(() => this.#shown, () => this.#settings, () => this.#connections.values());

  get #log(): Logger {
    return this.#options.log ?? silentLogger;
  }

  get #shown(): Connection | null {
    return this.#connections.get(this.#settings.activeProfileId);
  }

  constructor(options: UploaderServiceOptions) {
    this.#options = options;
    this.#settings = profiles.migrated(loadSettings(options.settings));
    this.#secrets = new ProfileSecrets(options.secrets);
    this.#apis = new ProfileApis({
      secrets: this.#secrets,
      settings: () => this.#settings,
      dispatcher: options.dispatcher,
      log: this.#log,
      ended: (profileId, ended) => this.#sessionEnded(profileId, ended),
    });
    this.#followers = new ShownFollowers({
      journalDir: options.journalDir,
      log: this.#log,
      settings: () => this.#settings,
      shown: () => this.#connections.shown,
      signedInApi: () => this.currentApi,
      emit: (event) => this.#emit(event),
    });
    const deps = { journalDir: options.journalDir, journalFor: options.journalFor, dispatcher: options.dispatcher, log: this.#log };
    this.#connections = new Connections(deps, {
      shownUpdate: (update) => {
        this.#emit({ type: 'queueUpdate', update });
        this.#followers.shownUpdate(update);
        this.#lastTotals = update.totals;
      },
      anyUpdate: (update) => this.#followers.anyUpdate(update),
      batchFinished: (result) => this.#emit({ type: 'batchFinished', ...result }),
      notice: (level, message, kind) => this.#emit({ type: 'notice', level, message, kind }),
    });
  }

  /**
   * Connects the shown profile: the sandbox, or the server with its saved session. Once: a
   * quit while this runs waits for it, or the sandbox it was starting would come up after the
   * quit and keep running, writing into the user-data folder.
   */
  start(): Promise<void> {
    this.#starting ??= this.#start();
    return this.#starting;
  }

  async #start(): Promise<void> {
    await this.#followers.openExtrasOnce();
    // The watches open with the shown queue (#show): opened first, they delayed the sandbox's start.
    await this.#show(this.#settings.activeProfileId);
    // Signed out, the watches are listed (waiting for a sign-in).
    await this.#followers.openWatchesOnce();
  }

  onEvent(listener: (event: ServiceEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // --- account and profiles ------------------------------------------------------

  account(): AccountView {
    return profiles.accountView(this.#settings, (id) => this.#connections.get(id));
  }

  async signIn(serverUrl: string, userName: string, password: string): Promise<AccountView> {
    const step = await this.signInStep(serverUrl, { userName, password });
    if (step.kind !== 'signed-in') throw stepError(step);
    return step.account;
  }

  /** One login attempt: signed in, or the step the server asks for next (sign-in-flows.ts words them). */
  async signInStep(serverUrl: string, credentials: Credentials): Promise<SignInStepView> {
    const url = profiles.normalUrl(serverUrl);
    const parked = this.#connections.get(this.#apis.profileIdFor(url));
    const continues = parked !== null && parked.signedOut !== null && sameServer(parked.api.baseUrl, url) && parked.signedOut.userName === credentials.userName;
    // The kept queue continues with the same client, now holding a session again.
    const api = continues ? parked.api : this.serverApi(url);
    // Throws auth-failed / account-refused / not-nomad-api / network with a message for the user; nothing changes then.
    const step = await signInOrExplain(api, url, credentials, this.#options.dispatcher);
    if (step.kind !== 'signed-in') return step;
    if (continues) {
      parked.resumeParked();
      await this.switchProfile(parked.profileId);
      this.#followers.release();
    } else await this.useServer(api, url);
    return { kind: 'signed-in', account: this.account() };
  }

  /** A client signed in elsewhere (API key, single sign-on) becomes its profile's account and queue. */
  async useServer(api: NomadApi, url: string): Promise<void> {
    const id = this.#apis.profileOf(api) ?? this.#apis.profileIdFor(url);
    if (profiles.profileById(this.#settings, id) === null) {
      this.#settings = profiles.addProfile(this.#settings, { ...profiles.newProfile(profiles.hostOf(url), url), id });
    }
    await this.#closeConnection(id);
    await this.#connections.open(id, api, url, this.#settings);
    await this.switchProfile(id);
  }

  /** The client a server sign-in starts from, for the profile of that address: its session (or API key) is kept in the secret store. */
  serverApi(serverUrl: string, apiKey: string | null = null): NomadApi {
    return this.#apis.forAddress(profiles.normalUrl(serverUrl), apiKey);
  }

  /** The shown profile's signed-in client, for checks on the live session (Test connection); null when signed out. */
  get currentApi(): NomadApi | null {
    const shown = this.#shown;
    return shown !== null && shown.signedOut === null ? shown.api : null;
  }

  /**
   * Signing out of a server keeps its queue in view, paused, to continue after the next
   * sign-in; the session (and the saved refresh token) is ended.
   */
  async signOut(): Promise<AccountView> {
    const shown = this.#shown;
    const id = this.#settings.activeProfileId;
    if (shown !== null && id !== SANDBOX_PROFILE_ID) {
      shown.park(shown.api.session?.userName ?? null);
      // Signed out with the queue kept, watches take no new file until the sign-in.
      this.#followers.hold();
      await shown.api.logout().catch(() => undefined);
      await this.#secrets.save(id, null);
    }
    this.#emitAccount();
    return this.account();
  }

  useSandbox(): Promise<AccountView> {
    return this.switchProfile(SANDBOX_PROFILE_ID);
  }

  /** Saves a server under a name and shows it, signed out until its sign-in. */
  async addProfile(name: string, url: string): Promise<AccountView> {
    const profile = profiles.newProfile(name, url);
    this.#settings = profiles.addProfile(this.#settings, profile);
    return this.switchProfile(profile.id);
  }

  /** Shows another profile; the one shown before keeps its queue (running, or paused as the person chose). */
  async switchProfile(id: string): Promise<AccountView> {
    this.#settings = profiles.activate(this.#settings, id);
    this.#saveSettings();
    await this.#show(id);
    return this.account();
  }

  renameProfile(id: string, name: string): AccountView {
    this.#settings = profiles.renameProfile(this.#settings, id, name);
    this.#saveSettings();
    this.#emitAccount();
    return this.account();
  }

  /** Forgets a saved server: its sign-in ends, its queue closes (its uploads stay resumable in the journal). */
  async removeProfile(id: string): Promise<AccountView> {
    const wasShown = id === this.#settings.activeProfileId;
    const removed = this.#connections.get(id);
    this.#settings = profiles.withoutProfile(this.#settings, id);
    this.#saveSettings();
    await this.#closeConnection(id);
    await removed?.api.logout().catch(() => undefined);
    await this.#secrets.save(id, null);
    if (wasShown) await this.#show(this.#settings.activeProfileId);
    else this.#emitAccount();
    return this.account();
  }

  // --- settings -------------------------------------------------------------------

  settings(): Settings {
    return structuredClone(this.#settings);
  }

  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    const { settings, toSandbox } = await nextSettings(this.#settings, patch, this.currentApi, this.#followers.extrasIfOpen);
    this.#settings = settings;
    this.#saveSettings();
    for (const connection of this.#connections.values()) connection.applySettings(this.#settings);
    if (toSandbox) await this.#show(SANDBOX_PROFILE_ID);
    return this.settings();
  }

  // --- queue ----------------------------------------------------------------------

  get hasQueue(): boolean {
    return this.#shown !== null;
  }

  async enqueuePaths(paths: string[], parentId?: string | null, again = false): Promise<number> {
    const { added, notice } = await enqueueInto(this.jobs.activeQueue, this.extras, this.#settings, paths, { parentId, again });
    if (notice !== null) this.#emit({ type: 'notice', level: 'info', message: alreadyPresentMessage(notice), kind: notice });
    return added;
  }

  /** The shown profile's signed-in client, for the folder browser, languages and processing status. */
  get api(): NomadApi {
    return this.jobs.activeQueue.api;
  }

  get watches(): WatchFolders {
    return this.#followers.watches;
  }

  get extras(): UploadExtras {
    return this.#followers.extras;
  }

  /** The shown queue's totals as last reported (the tray's status line). */
  get totals(): Totals | null {
    return this.#lastTotals;
  }

  // --- the computer and the app's life ------------------------------------------

  /** True while anything is queued or moving, in any profile: what quitting now would interrupt. */
  get isUploading(): boolean {
    return this.#connections.isUploading;
  }

  /**
   * Sleep: pause everything as a *system* pause (the OS would cut the sockets anyway). It is
   * not journalled as the user's: a laptop that dies asleep brings its uploads back running.
   */
  suspend(): void {
    this.#connections.suspend();
  }

  /** Wake: resume what `suspend` paused; what the user paused stays paused (signed out: the next sign-in resumes). */
  wake(): void {
    this.#connections.wake();
  }

  /**
   * Quit: stop every upload as a system pause, wait until the journal holds that (and every
   * part confirmed before), then close the queues and the embedded sandbox. Nothing is
   * cancelled on the server; every upload continues on the next start.
   */
  async quit(): Promise<void> {
    // A start that failed was reported to its caller; the quit goes on regardless.
    await this.#starting?.catch(() => undefined);
    await this.pauseAndJournal();
    await this.shutdown();
    const sandbox = this.#sandbox;
    this.#sandbox = null;
    await sandbox?.close();
  }

  /** Before an update restarts the app: every upload paused (by the system) and journaled. */
  async pauseAndJournal(): Promise<void> {
    await this.#connections.pauseAndJournal();
  }

  /** Stops uploads without cancelling them (app quit): they resume on the next start. */
  async shutdown(): Promise<void> {
    await this.#starting?.catch(() => undefined);
    await this.#followers.letGo();
    for (const c of this.#connections.values()) await this.#closeConnection(c.profileId);
    await this.#followers.close();
    this.#listeners.clear();
  }

  // --- internals ------------------------------------------------------------------

  /** Makes `id` the shown profile: opens its connection if it has none (the sandbox, or a saved session). */
  async #show(id: string): Promise<void> {
    if (this.#connections.get(id) === null) await this.#openSaved(id);
    const shown = this.#connections.get(id);
    const before = this.#connections.show(shown, this.#settings.backgroundUploads);
    if (shown !== before) {
      await this.#followers.follow(shown);
      const removed = before?.queue.snapshot().jobs.map((j) => j.id) ?? [];
      const { jobs, totals } = shown?.queue.snapshot() ?? { jobs: [], totals: emptyTotals() };
      this.#lastTotals = totals;
      // From one server's queue to another's: a switch (a sign-in re-attaching the same server's queue is not).
      const switched = before !== null && shown !== null && before.profileId !== shown.profileId;
      this.#emit({ type: 'queueUpdate', update: { changed: jobs, removed, totals, ...(switched ? { switched: true as const } : {}) } });
    }
    this.#emitAccount();
  }

  async #openSaved(id: string): Promise<void> {
    if (id === SANDBOX_PROFILE_ID) {
      this.#sandbox ??= await this.#options.startSandbox();
      const api = this.#apis.create(SANDBOX_PROFILE_ID, this.#sandbox.url, null);
      await api.login(SANDBOX_USER);
      await this.#connections.open(SANDBOX_PROFILE_ID, api, SANDBOX_PROFILE_ID, this.#settings);
      return;
    }
    const profile = profiles.requireProfile(this.#settings, id);
    // An older version's single sign-in belongs to the profile migrated from its address.
    const saved = await this.#secrets.load(id, profile.url);
    if (saved === null || saved.serverUrl !== profile.url) return;
    await this.#connections.open(id, this.#apis.create(id, profile.url, sessionFromSaved(saved), saved.apiKey ?? null), profile.url, this.#settings);
  }

  async #closeConnection(id: string): Promise<void> {
    const wasShown = this.#connections.shown?.profileId === id;
    if (wasShown) await this.#followers.letGo();
    const ids = await this.#connections.close(id);
    if (wasShown) this.#emit({ type: 'queueUpdate', update: { changed: [], removed: ids, totals: emptyTotals() } });
  }

  /**
   * The server ended a profile's session (refresh refused) while its queue runs: keep the
   * jobs, paused, for the sign-in that continues them. A deliberate sign-out parks first.
   */
  #sessionEnded(profileId: string, ended: NomadApi): void {
    if (this.#connections.get(profileId)?.parkIfSignedInWith(ended)) {
      if (this.#connections.shown?.profileId === profileId) this.#followers.hold();
      this.#emit({ type: 'notice', level: 'warning', message: 'Your session on the server ended. Uploads are paused until you sign in again.', kind: { type: 'session-expired' } });
    }
    this.#emitAccount();
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

export { toResultError };
export { emptyTotals };
export type { UploadTarget };
