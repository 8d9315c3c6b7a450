// A watched folder, driving the upload queue: what appears or changes in the folder goes up
// once it has stopped changing (settle-detector.ts), exactly once (watch-index.ts), into the
// watch's destination with its overwrite policy. The platform's events say where to look;
// a periodic rescan finds what they missed. A file that changes while it uploads is refused
// by the engine (file-changed: it never splices two versions); the watch waits until the
// new version has settled and restarts the job, which then goes up as Replace.

import type { JobView } from '../views';
import type { FolderWatchOptions, WatchState, WatchStatus } from './folder-watch-types';
import { scanFolder, type ScannedFile } from './folder-scan';
import { realTimers, SettleDetector, type SettleClock } from './settle-detector';
import { describeFsError as describe, moveIntoUploaded, watchedPath } from './uploaded-folder';
import { SettledBatch, type BatchItem } from './settled-batch';
import type { WatchEvent } from './watch-events';
import { localWatchFileSystem, type EntryStat, type Unwatch, type WatchFileSystem } from './watch-fs';
import type { WatchIndex } from './watch-index';
import { UPLOADED_FOLDER } from './watch-settings';

export type { FolderWatchOptions, WatchQueue, WatchState, WatchStatus } from './folder-watch-types';

interface Tracked {
  path: string;
  localPath: string;
  /** The file as it settled: what the index records once it is uploaded. */
  stat: EntryStat;
}

export class FolderWatch {
  readonly root: string;
  readonly #options: FolderWatchOptions;
  readonly #fs: WatchFileSystem;
  readonly #clock: SettleClock;
  readonly #detector: SettleDetector;
  /** Every job this watch made (or adopted from the journal), for its whole life. */
  readonly #jobs = new Map<string, Tracked>();
  /** Relative path → its unfinished job. */
  readonly #inFlight = new Map<string, string>();
  /** Local path → relative path, for the files the detector holds. */
  readonly #paths = new Map<string, string>();
  /** Jobs refused as file-changed, waiting for their new version to settle. */
  readonly #restarts = new Map<string, string>();
  /** Failed or cancelled as the file is now: not sent again until it changes. */
  readonly #left = new Map<string, EntryStat>();
  readonly #batch: SettledBatch;
  #cancelRescan: (() => void) | null = null;
  #unwatch: Unwatch | null = null;
  #unsubscribe: () => void;
  #state: WatchState = 'starting';
  #liveEvents = false;
  #files = 0;
  #uploaded = 0;
  #failed = 0;
  #scanning: Promise<void> | null = null;
  /** Index writes and moves after uploads: waited for before the process ends. */
  readonly #afterwork = new Set<Promise<void>>();

  constructor(options: FolderWatchOptions) {
    this.root = options.root;
    this.#options = options;
    this.#fs = options.fs ?? localWatchFileSystem;
    this.#clock = options.clock ?? { wallNow: () => Date.now(), ...realTimers };
    this.#detector = new SettleDetector({
      quietPeriodMs: options.settings.quietPeriodMs,
      clock: this.#clock,
      stat: (path) => this.#fs.stat(path),
      openForWriting: options.openForWriting,
      // #settled catches its own failures (the index write and the hash both warn instead).
      onSettled: (localPath, stat) => void this.#settled(localPath, stat),
      onGone: (localPath) => this.#paths.delete(localPath),
    });
    this.#batch = new SettledBatch(this.#clock, (items) => void this.#flushBatch(items));
    this.#unsubscribe = options.queue.onEvent((event) => {
      if (event.type === 'transition' && this.#jobs.has(event.job.id)) this.#finished(event.job);
    });
  }

  status(): WatchStatus {
    return {
      state: this.#state,
      liveEvents: this.#liveEvents,
      files: this.#files,
      settling: this.#detector.pending + this.#batch.size,
      uploading: this.#inFlight.size,
      uploaded: this.#uploaded,
      failed: this.#failed,
    };
  }

  /** Scans the folder, hands the queue what is not uploaded yet, and starts listening. */
  async start(): Promise<void> {
    this.#adoptJournaledJobs();
    await this.#resume();
  }

  /**
   * Opens a watch the person had paused: the journal's unfinished uploads of this watch are
   * taken over (so that, when they finish, the index records them and a later resume sends
   * nothing twice), and the folder is not looked at until `resume`.
   */
  startPaused(): void {
    this.#adoptJournaledJobs();
    this.#state = 'paused';
  }

  pause(): void {
    if (this.#state === 'closed' || this.#state === 'paused') return;
    this.#state = 'paused';
    this.#stopListening();
  }

  async resume(): Promise<void> {
    if (this.#state !== 'paused') return;
    await this.#resume();
  }

  /** Scans now (the app's "Scan now", the timer). */
  rescan(): Promise<void> {
    this.#scanning ??= this.#scan().finally(() => {
      this.#scanning = null;
    });
    return this.#scanning;
  }

  /** Resolves once what follows the uploads so far (index lines, moves) is done. */
  async flushed(): Promise<void> {
    while (this.#afterwork.size > 0) await Promise.all([...this.#afterwork]);
    await this.#options.index.flushed();
  }

  /** Stops listening; jobs already in the queue go on (the queue owns them). */
  async close(): Promise<void> {
    this.#state = 'closed';
    this.#stopListening();
    this.#unsubscribe();
    await this.flushed();
  }

  // --- finding files --------------------------------------------------------------

  async #resume(): Promise<void> {
    this.#state = 'starting';
    await this.rescan();
    this.#emit({ type: 'ready', files: this.#files, known: this.#options.index.size, pending: this.status().settling, liveEvents: this.#liveEvents });
  }

  #listen(): void {
    const recursive = this.#options.settings.recursive;
    this.#liveEvents = true;
    this.#unwatch = this.#fs.watch(this.root, recursive, {
      changed: (path) => void this.#hint(path),
      failed: (error) => {
        if (!this.#liveEvents || this.#isStopped()) return;
        this.#liveEvents = false;
        this.#emit({ type: 'warning', code: 'events-unavailable', message: `File events stopped (${describe(error)}); changes are found by the rescan every ${Math.round(this.#options.settings.rescanIntervalMs / 1000)} s.` });
      },
    }, (dir) => this.#relative(dir) !== null); // events enter only what the watch looks at
  }

  #stopListening(): void {
    this.#unwatch?.();
    this.#unwatch = null;
    this.#liveEvents = false;
    this.#cancelRescan?.();
    this.#cancelRescan = null;
    this.#detector.clear();
    this.#paths.clear();
    this.#batch.clear();
  }

  async #scan(): Promise<void> {
    const { settings } = this.#options;
    let files: ScannedFile[];
    try {
      // Listening before the scan: a file written during it is then not missed by both.
      if (!this.#unwatch && (await this.#fs.stat(this.root))?.kind === 'folder' && !this.#isStopped()) this.#listen();
      const result = await scanFolder(this.#fs, this.root, { recursive: settings.recursive, ignore: settings.ignore, skipFolders: new Set(settings.moveUploaded ? [UPLOADED_FOLDER] : []) });
      files = result.files;
    } catch (error) {
      if (this.#isStopped()) return;
      if (this.#state !== 'folder-missing') {
        this.#emit({ type: 'warning', code: 'folder-missing', message: `${this.root} cannot be read (${describe(error)}); it is looked for again every ${Math.round(settings.rescanIntervalMs / 1000)} s.` });
      }
      this.#state = 'folder-missing';
      // Its events died with it; they start anew when it is back (a card put in again).
      this.#unwatch?.();
      this.#unwatch = null;
      this.#liveEvents = false;
      this.#scheduleRescan();
      return;
    }
    if (this.#isStopped()) return;
    this.#state = 'watching';
    this.#files = files.length;
    let found = 0;
    for (const file of files) if (this.#consider(file.path, file.localPath, file.stat, true)) found += 1;
    this.#emit({ type: 'rescan', files: files.length, found });
    this.#scheduleRescan();
  }

  #scheduleRescan(): void {
    this.#cancelRescan?.();
    if (this.#isStopped()) return;
    this.#cancelRescan = this.#clock.setTimer(this.#options.settings.rescanIntervalMs, () => void this.rescan());
  }

  /** An event named this path: a file to look at, or a folder to scan. */
  async #hint(localPath: string): Promise<void> {
    if (this.#isStopped()) return;
    const path = this.#relative(localPath);
    if (path === null) return;
    const stat = await this.#fs.stat(localPath).catch(() => null);
    if (this.#isStopped() || stat === null) return;
    if (stat.kind === 'file') {
      this.#consider(path, localPath, stat, false);
    } else if (stat.kind === 'folder' && this.#options.settings.recursive) {
      // A folder moved or copied in: what it holds came with no event of its own.
      const result = await scanFolder(this.#fs, localPath, { recursive: true, ignore: this.#options.settings.ignore }).catch(() => null);
      for (const file of result?.files ?? []) this.#consider(`${path}/${file.path}`, file.localPath, file.stat, false);
    }
  }

  /** True when the file is on its way (settling, or already in the queue). */
  #consider(path: string, localPath: string, stat: EntryStat, found: boolean): boolean {
    if (this.#inFlight.has(path) && !this.#restartsFor(localPath)) return false;
    const left = this.#left.get(path);
    if (left && left.size === stat.size && left.mtimeMs === stat.mtimeMs) return false;
    const verdict = this.#options.index.verdict(path, stat.size, stat.mtimeMs);
    if (verdict.kind === 'uploaded' && !this.#restartsFor(localPath)) return false;
    if (!this.#detector.has(localPath) && !found) this.#emit({ type: 'settling', path });
    this.#paths.set(localPath, path);
    this.#detector.observe(localPath, stat, found);
    return true;
  }

  #restartsFor(localPath: string): boolean {
    return this.#restarts.has(localPath);
  }

  // --- settled files go up ----------------------------------------------------------

  async #settled(localPath: string, stat: EntryStat): Promise<void> {
    const path = this.#paths.get(localPath);
    this.#paths.delete(localPath);
    if (path === undefined || this.#isStopped()) return;
    const restart = this.#restarts.get(localPath);
    if (restart !== undefined) {
      this.#restarts.delete(localPath);
      this.#jobs.set(restart, { path, localPath, stat });
      this.#emit({ type: 'restarting', path, jobId: restart });
      this.#options.queue.retry(restart);
      return;
    }
    if (this.#inFlight.has(path)) return;
    const verdict = this.#options.index.verdict(path, stat.size, stat.mtimeMs);
    switch (verdict.kind) {
      case 'uploaded':
        return;
      case 'touched': {
        const sha256 = await this.#fs.sha256(localPath).catch(() => null);
        if (sha256 !== null && sha256 === verdict.entry.sha256) {
          await this.#record(path, { ...verdict.entry, mtimeMs: stat.mtimeMs });
          this.#emit({ type: 'unchanged', path });
          return;
        }
        this.#queueUp({ path, localPath, stat, reason: 'changed' });
        return;
      }
      case 'changed':
        this.#queueUp({ path, localPath, stat, reason: 'changed' });
        return;
      case 'new':
        this.#queueUp({ path, localPath, stat, reason: 'new' });
        return;
    }
  }

  #queueUp(item: BatchItem): void {
    this.#batch.add(item);
  }

  async #flushBatch(items: readonly BatchItem[]): Promise<void> {
    const batch = items.filter((item) => !this.#inFlight.has(item.path));
    if (batch.length === 0 || this.#isStopped()) return;
    for (const item of batch) this.#inFlight.set(item.path, '');
    const result = await this.#options.queue.enqueue({
      paths: batch.map((item) => item.localPath),
      options: this.#options.destination,
      walked: { files: batch.map((item) => ({ localPath: item.localPath, relativePath: item.path })), problems: [], skipped: [] },
    });
    const added = new Map(result.added.map((job) => [job.localPath, job]));
    for (const item of batch) {
      const job = added.get(item.localPath);
      if (!job) {
        // Already in the queue (a drop of the same file): that job uploads it.
        this.#inFlight.delete(item.path);
        continue;
      }
      this.#jobs.set(job.id, { path: item.path, localPath: item.localPath, stat: item.stat });
      this.#inFlight.set(item.path, job.id);
      this.#left.delete(item.path);
      this.#emit({ type: 'queued', path: item.path, jobId: job.id, reason: item.reason });
      // A job that failed at once (unreadable) never transitions.
      if (job.state === 'failed') this.#finished(job);
    }
  }

  /** Unfinished jobs of an earlier run (restored from the journal) are this watch's own. */
  #adoptJournaledJobs(): void {
    for (const job of this.#options.queue.snapshot().jobs) {
      if (job.state === 'done' || job.state === 'cancelled' || job.state === 'skipped') continue;
      const path = this.#relative(job.localPath);
      if (path === null || path !== job.relativePath) continue;
      const stat: EntryStat = { kind: 'file', size: job.size, mtimeMs: 0, ctimeMs: 0, dev: 0, ino: 0 };
      this.#jobs.set(job.id, { path, localPath: job.localPath, stat });
      this.#inFlight.set(path, job.id);
      void this.#fs.stat(job.localPath).then((now) => {
        const tracked = this.#jobs.get(job.id);
        if (now && tracked) tracked.stat = now;
      });
    }
  }

  #finished(job: JobView): void {
    const tracked = this.#jobs.get(job.id)!;
    switch (job.state) {
      case 'done':
        this.#inFlight.delete(tracked.path);
        this.#uploaded += 1;
        this.#track(this.#afterUpload(tracked, job));
        return;
      case 'skipped':
        // The person chose to keep what the server has: asked once, not on every rescan.
        this.#inFlight.delete(tracked.path);
        this.#track(this.#record(tracked.path, { size: tracked.stat.size, mtimeMs: tracked.stat.mtimeMs, sha256: null, assetId: job.conflict?.assetId ?? job.assetId, uploadedAt: this.#clock.wallNow() }));
        return;
      case 'failed':
        if (job.error?.code === 'file-changed' && this.#state !== 'closed') {
          // Restarted (as Replace, by the engine's retry) once the new version settles.
          this.#restarts.set(tracked.localPath, job.id);
          this.#paths.set(tracked.localPath, tracked.path);
          this.#emit({ type: 'settling', path: tracked.path });
          this.#detector.observe(tracked.localPath);
          return;
        }
        this.#failed += 1;
        this.#inFlight.delete(tracked.path);
        this.#left.set(tracked.path, tracked.stat);
        this.#emit({ type: 'failed', path: tracked.path, jobId: job.id, code: job.error?.code ?? 'internal', message: job.error?.message ?? 'The upload failed.' });
        return;
      case 'cancelled':
        this.#inFlight.delete(tracked.path);
        this.#left.set(tracked.path, tracked.stat);
        return;
      case 'queued':
      case 'starting':
      case 'awaiting-decision':
      case 'uploading':
      case 'paused':
      case 'completing':
        // Retried by the person (or by a restart): in flight again.
        this.#inFlight.set(tracked.path, job.id);
        this.#left.delete(tracked.path);
        return;
    }
  }

  #track(work: Promise<void>): void {
    this.#afterwork.add(work);
    void work.finally(() => this.#afterwork.delete(work));
  }

  async #afterUpload(tracked: Tracked, job: JobView): Promise<void> {
    await this.#record(tracked.path, { size: job.size, mtimeMs: tracked.stat.mtimeMs, sha256: job.sha256, assetId: job.assetId, uploadedAt: this.#clock.wallNow() });
    this.#emit({ type: 'uploaded', path: tracked.path, jobId: job.id, assetId: job.assetId, sha256: job.sha256, bytes: job.size });
    if (this.#options.settings.moveUploaded) await moveIntoUploaded(this.#fs, this.root, tracked, (event) => this.#emit(event));
  }

  async #record(path: string, entry: Parameters<WatchIndex['record']>[1]): Promise<void> {
    await this.#options.index.record(path, entry).catch((error: unknown) => {
      this.#emit({ type: 'warning', code: 'index-error', message: `What was uploaded could not be saved (${describe(error)}); ${path} may be uploaded again after a restart.` });
    });
  }

  // --- helpers -----------------------------------------------------------------------

  /** The path inside the watch, or null for what the watch leaves out. */
  #relative(localPath: string): string | null {
    return watchedPath(this.root, localPath, this.#options.settings);
  }

  #isStopped(): boolean {
    return this.#state === 'closed' || this.#state === 'paused';
  }

  #emit(event: WatchEvent): void {
    this.#options.onEvent?.(event);
  }
}
