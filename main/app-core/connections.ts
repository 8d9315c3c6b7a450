// The live connections, one per profile opened since the start, and which one the window
// shows. Switching moves the window to another queue and leaves the others running (or, as
// the person chose, paused by the system until shown again); nothing here closes a queue
// except removing its profile, a new sign-in replacing it, and quitting.

import type { JournalRecord } from '../engine/journal';
import type { NomadApi } from '../engine/api';
import type { QueueUpdate } from '../engine/views';
import type { NoticeKind, Settings } from '../../preload/contract';
import { BatchTracker } from './batch-tracker';
import { Connection, type ConnectionDeps } from './connection';

export interface ConnectionsEvents {
  /** A queue update of any connection, shown or not (the history records every server's). */
  anyUpdate(update: QueueUpdate): void;
  /** A queue update of the shown connection (the window's list). */
  shownUpdate(update: QueueUpdate): void;
  batchFinished(result: { done: number; failed: number }): void;
  notice(level: 'info' | 'warning', message: string, kind: NoticeKind): void;
}

export class Connections {
  readonly #all = new Map<string, Connection>();
  readonly #deps: ConnectionDeps;
  readonly #events: ConnectionsEvents;
  /** The connection whose jobs the window lists (and the watches feed). */
  #shown: Connection | null = null;

  constructor(deps: ConnectionDeps, events: ConnectionsEvents) {
    this.#deps = deps;
    this.#events = events;
  }

  get shown(): Connection | null {
    return this.#shown;
  }

  get(profileId: string): Connection | null {
    return this.#all.get(profileId) ?? null;
  }

  values(): Connection[] {
    return [...this.#all.values()];
  }

  /**
   * Which journal records a queue opening now may take. Two saved servers at one address (the
   * same server saved twice, or two accounts on it) share a server key: without this, both
   * queues restored the same unfinished upload and sent it twice. A record another open queue
   * holds stays there, and one begun by another account waits for that account's sign-in.
   */
  #claims(api: NomadApi): (record: JournalRecord) => boolean {
    const held = new Set(this.values().flatMap((c) => c.queue.snapshot().jobs.map((j) => j.id)));
    const user = api.session?.userName?.toLowerCase() ?? null;
    return (record) => !held.has(record.jobId) && (record.userName === null || user === null || record.userName.toLowerCase() === user);
  }

  /** Opens a profile's queue over the journal (its unfinished uploads restored). */
  async open(profileId: string, api: NomadApi, serverKey: string, settings: Settings): Promise<Connection> {
    const batch = new BatchTracker();
    const { connection, restored } = await Connection.open(profileId, serverKey, api, settings, this.#deps, {
      update: (update) => {
        // Every profile's batch ends in one notification; only the shown one's jobs go to the window.
        const finished = batch.update(update.totals);
        if (finished !== null) this.#events.batchFinished(finished);
        this.#events.anyUpdate(update);
        if (this.#all.get(profileId) === this.#shown) this.#events.shownUpdate(update);
      },
      warning: (error) => this.#events.notice('warning', error.message, { type: 'warning', code: error.code }),
    }, this.#claims(api));
    this.#all.set(profileId, connection);
    if (restored > 0) {
      const message = restored === 1 ? 'Resuming 1 unfinished upload.' : `Resuming ${restored} unfinished uploads.`;
      this.#events.notice('info', message, { type: 'resuming', count: restored });
    }
    return connection;
  }

  /** Makes `next` the shown one; the one shown before goes to the background. Returns the one shown before. */
  show(next: Connection | null, background: Settings['backgroundUploads']): Connection | null {
    const before = this.#shown;
    if (before !== null && before !== next) before.toBackground(background);
    next?.toForeground();
    this.#shown = next;
    return before;
  }

  get isUploading(): boolean {
    return this.values().some((c) => c.isUploading);
  }

  suspend(): void {
    for (const c of this.#all.values()) c.queue.pauseAll('system');
  }

  wake(): void {
    for (const c of this.#all.values()) c.wake();
  }

  pauseAndJournal(): Promise<unknown> {
    return Promise.all(this.values().map((c) => c.pauseAndJournal()));
  }

  /** Closes a profile's queue (nothing cancelled on the server); returns the job ids it held. */
  async close(profileId: string): Promise<string[]> {
    const connection = this.#all.get(profileId);
    if (connection === undefined) return [];
    this.#all.delete(profileId);
    if (connection === this.#shown) this.#shown = null;
    return connection.close();
  }
}
