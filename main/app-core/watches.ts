// The app's watch folders: saved configurations (watches-store.ts), each run by the engine's
// FolderWatch into the app's one upload queue (the queue drops use), so what a watch sends
// shows in the window with its progress and the usual actions. Watches run while the app
// has a queue (signed in, or the sandbox) and wait for a sign-in otherwise; a folder that
// vanished or cannot be read is shown as such, with the reason, and looked for again.
//
// Every change (add, edit, pause, remove, connect) runs one at a time, in order: a pause
// clicked while a watch is still starting applies to that watch, not to a half-made one.

import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UploadError } from '../engine/errors';
import { silentLogger, type Logger } from '../engine/log';
import type { FolderWatch, WatchQueue } from '../engine/watch/folder-watch';
import type { SettleClock } from '../engine/watch/settle-detector';
import type { WatchEvent, WatchWarningCode } from '../engine/watch/watch-events';
import { localWatchFileSystem, type WatchFileSystem } from '../engine/watch/watch-fs';
import { WATCH_RESCAN } from '../engine/watch/watch-settings';
import { AppError } from './app-errors';
import { WATCHES_LIMIT, type WatchConfig, type WatchDraft, type WatchStateView, type WatchView } from './watches-config';
import { openFolderWatch } from './watches-open';
import type { WatchStore } from './watches-store';

export interface WatchesPorts {
  /** The destination's path on the server; rejects when the id names no folder (checked before saving). */
  destinationPath(parentId: string | null): Promise<string>;
  /** Something the person should know once (a toast): a watch's folder vanished, a move failed. */
  problem(watch: WatchConfig, code: WatchWarningCode, message: string): void;
  /** The list (or a watch's state or counts) changed. */
  changed(views: WatchView[]): void;
  /** A watch put a file in the queue: the history names the destination by its path. */
  queued?(jobId: string, destinationPath: string): void;
}

export interface WatchFoldersOptions {
  store: WatchStore;
  /** Folder of the watches' indexes (one sub-folder each); null keeps them in memory. */
  indexDir: string | null;
  ports: WatchesPorts;
  log?: Logger;
  /** Test seams. */
  fs?: WatchFileSystem;
  clock?: SettleClock;
  newId?: () => string;
}

interface Entry {
  config: WatchConfig;
  watch: FolderWatch | null;
  /** Why the folder cannot be read, from the watch's own warning. */
  missing: string | null;
  /** Why the watch could not start at all. */
  failed: string | null;
}

interface Connection {
  queue: WatchQueue;
  server: string;
}

export class WatchFolders {
  readonly #options: WatchFoldersOptions;
  readonly #fs: WatchFileSystem;
  readonly #entries = new Map<string, Entry>();
  #connection: Connection | null = null;
  /**
   * Signed out with the queue kept (it waits, paused, for the sign-in that continues it): the
   * watches take no new file meanwhile, but stay subscribed, so what they sent before is still
   * recorded as uploaded if it finishes.
   */
  #held = false;
  #unsubscribe: (() => void) | null = null;
  #ops: Promise<unknown> = Promise.resolve();
  #changeScheduled = false;

  private constructor(options: WatchFoldersOptions, configs: readonly WatchConfig[]) {
    this.#options = options;
    this.#fs = options.fs ?? localWatchFileSystem;
    for (const config of configs) this.#entries.set(config.id, { config, watch: null, missing: null, failed: null });
  }

  /** Reads the saved watches; none runs before `connect`. */
  static async open(options: WatchFoldersOptions): Promise<WatchFolders> {
    const loaded = await options.store.load().catch((error: Error) => ({ watches: [], problems: [`The saved watch folders cannot be read (${error.message}).`] }));
    for (const problem of loaded.problems) (options.log ?? silentLogger).warn('watch folders', { problem });
    return new WatchFolders(options, loaded.watches);
  }

  list(): WatchView[] {
    return [...this.#entries.values()].map((entry) => this.#view(entry));
  }

  // --- the queue comes and goes -------------------------------------------------

  /** A queue is there (signed in, the sandbox): every watch not paused starts filling it. */
  connect(queue: WatchQueue, server: string): Promise<void> {
    return this.#serial(async () => {
      await this.#stopAll();
      this.#connection = { queue, server };
      // Cancelled and removed jobs send no watch event: the counts follow the queue.
      this.#unsubscribe = queue.onEvent(() => this.#scheduleChanged());
      // Paused ones open too, paused: the uploads a quit cut short finish into their index.
      for (const entry of this.#entries.values()) await this.#start(entry);
      this.#scheduleChanged();
    });
  }

  /** Signed out, the queue kept: no watch takes a new file until `release`. */
  hold(): Promise<void> {
    return this.#serial(async () => {
      this.#held = true;
      for (const entry of this.#entries.values()) entry.watch?.pause();
      this.#scheduleChanged();
    });
  }

  /** Signed in again: the watches not paused by the person scan and carry on. */
  release(): Promise<void> {
    return this.#serial(async () => {
      this.#held = false;
      for (const entry of this.#entries.values()) {
        if (entry.config.paused) continue;
        if (entry.watch !== null) await entry.watch.resume();
        else if (this.#connection !== null) await this.#start(entry);
      }
      this.#scheduleChanged();
    });
  }

  /** The queue goes away (signed out, another server, quitting): the watches stop, their configs stay. */
  disconnect(): Promise<void> {
    return this.#serial(async () => {
      await this.#stopAll();
      this.#scheduleChanged();
    });
  }

  // --- what the person does -------------------------------------------------------

  add(draft: WatchDraft): Promise<WatchView> {
    return this.#serial(async () => {
      if (this.#entries.size >= WATCHES_LIMIT) throw new UploadError('bad-request', `The app watches at most ${WATCHES_LIMIT} folders; remove one first.`);
      const folder = await this.#checkedFolder(draft, null);
      const parentPath = await this.#options.ports.destinationPath(draft.parentId);
      const config: WatchConfig = { ...draft, folder, id: this.#options.newId?.() ?? randomUUID(), parentPath, paused: false };
      const entry: Entry = { config, watch: null, missing: null, failed: null };
      this.#entries.set(config.id, entry);
      this.#save();
      if (this.#connection !== null) await this.#start(entry);
      if (this.#held) entry.watch?.pause();
      this.#scheduleChanged();
      return this.#view(entry);
    });
  }

  /** New choices for a watch: it starts again with them (files it already uploaded stay uploaded). */
  update(id: string, draft: WatchDraft): Promise<WatchView> {
    return this.#serial(async () => {
      const entry = this.#entry(id);
      const folder = await this.#checkedFolder(draft, id);
      const parentPath = draft.parentId === entry.config.parentId ? entry.config.parentPath : await this.#options.ports.destinationPath(draft.parentId);
      await this.#stop(entry);
      entry.config = { ...entry.config, ...draft, folder, parentPath };
      this.#save();
      if (this.#connection !== null) await this.#start(entry);
      if (this.#held) entry.watch?.pause();
      this.#scheduleChanged();
      return this.#view(entry);
    });
  }

  /**
   * Paused: no new file is taken; what is in the queue goes on, and is still recorded as
   * uploaded when it is done (so resuming sends nothing twice). Resumed: a scan finds what
   * arrived meanwhile.
   */
  setPaused(id: string, paused: boolean): Promise<WatchView> {
    return this.#serial(async () => {
      const entry = this.#entry(id);
      entry.config = { ...entry.config, paused };
      this.#save();
      if (paused) entry.watch?.pause();
      else if (this.#held) {
        // Resumed by the person while signed out: it starts with the sign-in.
      } else if (entry.watch !== null) await entry.watch.resume();
      else if (this.#connection !== null) await this.#start(entry);
      this.#scheduleChanged();
      return this.#view(entry);
    });
  }

  /** Stops the watch and forgets it, with its index; its files already in the queue go on. */
  remove(id: string): Promise<void> {
    return this.#serial(async () => {
      const entry = this.#entry(id);
      await this.#stop(entry);
      this.#entries.delete(id);
      this.#save();
      const dir = this.#indexDir(id);
      if (dir !== null) await rm(dir, { recursive: true, force: true });
      this.#scheduleChanged();
    });
  }

  /** "Scan now": looks through the folder at once (a share that sends no events). */
  rescan(id: string): Promise<void> {
    return this.#serial(async () => {
      await this.#entry(id).watch?.rescan();
    });
  }

  /** Stops every watch and waits until the list is saved. */
  async close(): Promise<void> {
    await this.disconnect();
    await this.#options.store.settled();
  }

  // --- running one ----------------------------------------------------------------

  async #start(entry: Entry): Promise<void> {
    const connection = this.#connection!;
    const { config } = entry;
    entry.failed = null;
    entry.missing = null;
    try {
      const watch = await openFolderWatch({
        root: config.folder,
        indexDir: this.#indexDir(config.id),
        server: connection.server,
        settings: { quietPeriodMs: config.quietPeriodMs, recursive: config.recursive, ignore: config.ignore, moveUploaded: config.moveUploaded, rescanIntervalMs: WATCH_RESCAN.defaultMs },
        destination: { parentId: config.parentId, overwrite: config.overwrite },
        queue: connection.queue,
        onEvent: (event) => this.#onWatchEvent(entry, event),
        fs: this.#fs,
        ...(this.#options.clock ? { clock: this.#options.clock } : {}),
      });
      entry.watch = watch;
      this.#scheduleChanged();
      if (config.paused) watch.startPaused();
      else await watch.start();
    } catch (error) {
      entry.watch = null;
      entry.failed = `${config.folder} cannot be watched (${(error as Error).message}).`;
      this.#options.log?.warn('watch folder not started', { id: config.id, error: (error as Error).message });
    }
  }

  async #stop(entry: Entry): Promise<void> {
    const watch = entry.watch;
    entry.watch = null;
    entry.missing = null;
    await watch?.close();
  }

  async #stopAll(): Promise<void> {
    this.#held = false;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#connection = null;
    for (const entry of this.#entries.values()) await this.#stop(entry);
  }

  #onWatchEvent(entry: Entry, event: WatchEvent): void {
    switch (event.type) {
      case 'warning':
        if (event.code === 'folder-missing') entry.missing = event.message;
        this.#options.log?.warn('watch folder', { id: entry.config.id, code: event.code, message: event.message });
        // Events lost is shown on the watch (rescans only), not worth a toast.
        if (event.code !== 'events-unavailable') this.#options.ports.problem(entry.config, event.code, event.message);
        break;
      case 'rescan':
        // Only a scan that read the folder says so ('ready' follows a failed one too).
        entry.missing = null;
        break;
      case 'queued':
        this.#options.ports.queued?.(event.jobId, entry.config.parentPath);
        break;
      case 'ready':
      case 'settling':
      case 'restarting':
      case 'uploaded':
      case 'unchanged':
      case 'failed':
      case 'moved':
        break;
    }
    this.#scheduleChanged();
  }

  // --- helpers ------------------------------------------------------------------------

  #view(entry: Entry): WatchView {
    const status = entry.watch?.status();
    return {
      config: structuredClone(entry.config),
      state: this.#state(entry),
      files: status?.files ?? 0,
      settling: status?.settling ?? 0,
      uploading: status?.uploading ?? 0,
      uploaded: status?.uploaded ?? 0,
      failed: status?.failed ?? 0,
    };
  }

  #state(entry: Entry): WatchStateView {
    if (entry.failed !== null) return { kind: 'failed', message: entry.failed };
    if (entry.config.paused) return { kind: 'paused' };
    if (this.#held) return { kind: 'waiting-for-sign-in' };
    const status = entry.watch?.status();
    if (status === undefined) return this.#connection === null ? { kind: 'waiting-for-sign-in' } : { kind: 'starting' };
    switch (status.state) {
      case 'starting':
        return { kind: 'starting' };
      case 'watching':
        return { kind: 'watching', liveEvents: status.liveEvents };
      case 'folder-missing':
        return { kind: 'folder-missing', message: entry.missing ?? `${entry.config.folder} cannot be read.` };
      case 'paused':
      case 'closed':
        return { kind: 'paused' };
    }
  }

  /** The folder as saved (absolute, resolved); refused when it is no readable folder or already watched to the same place. */
  async #checkedFolder(draft: WatchDraft, editing: string | null): Promise<string> {
    const folder = resolve(draft.folder);
    const info = await this.#fs.stat(folder).catch(() => null);
    if (info?.kind !== 'folder') throw new AppError('watch-folder-unreadable', `${folder} is not a folder this app can read: choose the folder to watch.`);
    await this.#fs.list(folder).catch((error: NodeJS.ErrnoException) => {
      throw new AppError('watch-folder-unreadable', `${folder} cannot be read (${error.code ?? error.message}).`);
    });
    for (const other of this.#entries.values()) {
      if (other.config.id !== editing && other.config.folder === folder && other.config.parentId === draft.parentId) {
        throw new AppError('watch-duplicate', `${folder} is already watched, sending to ${other.config.parentPath}.`);
      }
    }
    return folder;
  }

  #entry(id: string): Entry {
    const entry = this.#entries.get(id);
    if (entry === undefined) throw new UploadError('not-found', 'That watch folder is no longer there.');
    return entry;
  }

  #indexDir(id: string): string | null {
    return this.#options.indexDir === null ? null : join(this.#options.indexDir, id);
  }

  #save(): void {
    this.#options.store.save([...this.#entries.values()].map((entry) => entry.config));
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#ops.catch(() => undefined).then(work);
    this.#ops = run;
    return run;
  }

  /** One notification for everything that changed in this turn (a card's 500 clips queued at once). */
  #scheduleChanged(): void {
    if (this.#changeScheduled) return;
    this.#changeScheduled = true;
    queueMicrotask(() => {
      this.#changeScheduled = false;
      this.#options.ports.changed(this.list());
    });
  }
}
