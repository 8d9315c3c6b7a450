// One profile's live connection: its API client, its queue and the journal the queue writes,
// `Connection { profile, api, queue }`. The service keeps one per profile that has been
// shown since the start, so switching servers never closes a queue: uploads of a profile
// that is not shown go on (or wait, as the person chose).

import type { Dispatcher } from 'undici';
import type { NomadApi } from '../engine/api';
import type { UploadErrorCode } from '../../shared/error-codes';
import { FileJournal, MemoryJournal, type JournalRecord, type JournalStore } from '../engine/journal';
import type { Logger } from '../engine/log';
import { UploadQueue } from '../engine/queue';
import type { QueueUpdate } from '../engine/views';
import type { Settings } from '../../preload/contract';
import { SettlingJournal } from './settling-journal';

export interface ConnectionDeps {
  journalDir: string | null;
  journalFor?: (dir: string) => JournalStore;
  dispatcher?: Dispatcher;
  log: Logger;
}

export interface ConnectionEvents {
  update(update: QueueUpdate): void;
  warning(error: { code: UploadErrorCode; message: string }): void;
}

/** The defaults a new job of the queue takes from the settings. */
export function jobDefaults(s: Settings) {
  return { parentId: s.defaultParentId, languageId: s.languageId, overwrite: s.overwrite, replaceOptions: s.replaceOptions };
}

export class Connection {
  /** The profile's id (SANDBOX_PROFILE_ID for the sandbox). */
  readonly profileId: string;
  /** What the journal keys the queue's records by: the server's address (the sandbox: its profile id). */
  readonly serverKey: string;
  readonly api: NomadApi;
  readonly queue: UploadQueue;
  readonly #journal: SettlingJournal;
  readonly #unsubscribe: Array<() => void>;
  /**
   * Signed out of (or logged out by) the server while the queue is kept: the jobs stay
   * visible, paused by the system, and continue on the next sign-in as the same user.
   */
  #signedOut: { userName: string | null } | null = null;
  /** Paused (by the system) because another profile is shown and the person chose so. */
  #backgroundPaused = false;

  private constructor(profileId: string, serverKey: string, api: NomadApi, queue: UploadQueue, journal: SettlingJournal, events: ConnectionEvents) {
    this.profileId = profileId;
    this.serverKey = serverKey;
    this.api = api;
    this.queue = queue;
    this.#journal = journal;
    this.#unsubscribe = [
      queue.onUpdate((update) => events.update(update)),
      queue.onEvent((event) => {
        if (event.type === 'warning') events.warning(event.error);
      }),
    ];
  }

  /** Opens the queue over the journal and restores this server's unfinished uploads. */
  static async open(
    profileId: string,
    serverKey: string,
    api: NomadApi,
    settings: Settings,
    deps: ConnectionDeps,
    events: ConnectionEvents,
    claims: (record: JournalRecord) => boolean = () => true,
  ): Promise<{ connection: Connection; restored: number }> {
    const journal = new SettlingJournal(deps.journalDir ? (deps.journalFor ?? ((dir) => new FileJournal(dir)))(deps.journalDir) : new MemoryJournal());
    const queue = new UploadQueue({
      api,
      serverKey,
      journal,
      budget: settings.concurrency,
      bandwidthLimit: settings.bandwidthLimit,
      dispatcher: deps.dispatcher,
      log: deps.log,
      defaults: jobDefaults(settings),
    });
    const connection = new Connection(profileId, serverKey, api, queue, journal, events);
    const { restored } = await queue.restore({ include: claims });
    return { connection, restored: restored.length };
  }

  get signedOut(): { userName: string | null } | null {
    return this.#signedOut;
  }

  get userName(): string | null {
    return this.api.session?.userName ?? this.#signedOut?.userName ?? null;
  }

  /** Jobs still to finish: what quitting, or the profile list's count, is about. */
  get unfinished(): number {
    const { counts } = this.queue.snapshot().totals;
    return counts.queued + counts.starting + counts.uploading + counts.completing + counts.paused + counts['awaiting-decision'];
  }

  /** True while anything is queued or moving. */
  get isUploading(): boolean {
    const { counts } = this.queue.snapshot().totals;
    return counts.queued + counts.starting + counts.uploading + counts.completing > 0;
  }

  applySettings(s: Settings): void {
    this.queue.setBudget(s.concurrency);
    this.queue.setBandwidthLimit(s.bandwidthLimit);
    this.queue.setDefaults(jobDefaults(s));
  }

  /** The server ended the session of `api` (this connection's, signed in): park, keeping the jobs. True if it did. */
  parkIfSignedInWith(api: NomadApi): boolean {
    if (api !== this.api || this.#signedOut !== null) return false;
    this.park(api.session?.userName ?? null);
    return true;
  }

  park(userName: string | null): void {
    this.queue.pauseAll('system');
    this.#signedOut = { userName };
  }

  /** Back from a sign-out: system pauses resume, and jobs the lost session failed start again. */
  resumeParked(): void {
    this.#signedOut = null;
    if (this.#backgroundPaused) return;
    this.queue.resumeAll('system');
    for (const job of this.queue.snapshot().jobs) {
      if (job.state === 'failed' && (job.error?.code === 'auth-required' || job.error?.code === 'auth-failed')) this.queue.retry(job.id);
    }
  }

  /** Another profile is shown: with `pause`, this one's uploads wait as a system pause (resumable, not the person's). */
  toBackground(choice: Settings['backgroundUploads']): void {
    if (choice !== 'pause') return;
    this.#backgroundPaused = true;
    this.queue.pauseAll('system');
  }

  /** Shown again: what going to the background paused resumes (signed out, the next sign-in does). */
  toForeground(): void {
    if (!this.#backgroundPaused) return;
    this.#backgroundPaused = false;
    if (this.#signedOut === null) this.queue.resumeAll('system');
  }

  /** Sleep, quit, an update: a system pause, written to the journal before this resolves. */
  async pauseAndJournal(): Promise<void> {
    this.queue.pauseAll('system');
    await this.#journal.settled();
  }

  /** Wake: resume what the system paused, unless signed out or kept in the background. */
  wake(): void {
    if (this.#signedOut === null && !this.#backgroundPaused) this.queue.resumeAll('system');
  }

  /** Stops the queue without cancelling anything on the server; returns the ids it held. */
  async close(): Promise<string[]> {
    for (const off of this.#unsubscribe.splice(0)) off();
    const ids = this.queue.snapshot().jobs.map((j) => j.id);
    await this.queue.close();
    // Writes the jobs started before the close (a part confirmed a moment ago) still land.
    await this.#journal.settled();
    return ids;
  }
}
