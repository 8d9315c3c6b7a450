// What the app does around the queue for issue 13, in one place the service wires in with a
// few lines: folder paths (destinations by name), the history of finished uploads, and
// attachments (sidecars) of done assets, with sidecars of a dropped folder held back until
// their clip is done.

import { dirname, join } from 'node:path';
import type { NomadApi } from '../engine/api';
import { pairSidecars } from '../engine/sidecars';
import type { Logger } from '../engine/log';
import type { JobView, QueueUpdate } from '../engine/views';
import type { WalkedFile } from '../engine/walk';
import type { AttachmentView, Settings } from '../../preload/contract';
import { Attachments } from './attachments';
import { FolderPaths } from './destinations';
import type { DropResult } from './drop-intake';
import { HistoryRecorder } from './history-recorder';
import { HistoryStore } from './history-store';

export interface ExtrasEvents {
  attachmentsChanged(assetId: string, attachments: AttachmentView[]): void;
  log: Logger;
}

/** The history file sits beside the journal folder (the app's data folder). */
export function historyFileFor(journalDir: string | null): string | null {
  return journalDir === null ? null : join(dirname(journalDir), 'history.json');
}

export class UploadExtras {
  readonly paths = new FolderPaths();
  readonly history: HistoryStore;
  readonly #recorder: HistoryRecorder;
  readonly #events: ExtrasEvents;
  readonly #journalDir: string | null;
  #attachments: Attachments | null = null;
  /** Clip jobs whose rows show waiting sidecars: told once more when the list empties. */
  readonly #showingPending = new Set<string>();

  private constructor(history: HistoryStore, journalDir: string | null, events: ExtrasEvents, settings: () => Settings) {
    this.history = history;
    this.#journalDir = journalDir;
    this.#events = events;
    this.#recorder = new HistoryRecorder(history, () => settings().defaultParentPath ?? 'Incoming');
  }

  static async open(journalDir: string | null, events: ExtrasEvents, settings: () => Settings): Promise<UploadExtras> {
    const history = await HistoryStore.open(historyFileFor(journalDir), (error) => events.log.warn('history not saved', { error: error.message }));
    return new UploadExtras(history, journalDir, events, settings);
  }

  get attachments(): Attachments | null {
    return this.#attachments;
  }

  /** A queue is attached to a server: attachments go to the same server, and its unfinished ones go on. */
  async connected(server: { api: NomadApi; serverKey: string; queue: { snapshot(): { jobs: readonly JobView[] } } }): Promise<void> {
    await this.#attachments?.close();
    this.#attachments = null;
    const parentJobs = server.queue.snapshot().jobs;
    const attachments = await Attachments.open(
      { api: server.api, serverKey: server.serverKey, journalDir: this.#journalDir, parentJobs },
      { changed: (assetId, list) => this.#events.attachmentsChanged(assetId, list) },
      this.#events.log,
    );
    this.#attachments = attachments;
    // Sidecars still waiting (from before a quit or a switch) show on their clip's row again.
    for (const id of attachments.waitingParents) {
      const job = parentJobs.find((j) => j.id === id);
      if (!job) continue;
      this.#showingPending.add(id);
      this.#events.attachmentsChanged(`job:${id}`, attachments.pendingOf(job));
    }
  }

  async disconnected(): Promise<void> {
    const attachments = this.#attachments;
    this.#attachments = null;
    await attachments?.close();
  }

  /** Sidecars a drop holds back (the setting is on): subtitles and captions beside their clip. */
  holdBack(settings: Settings): ((files: readonly WalkedFile[]) => Set<WalkedFile>) | undefined {
    if (!settings.attachSidecars) return undefined;
    return (files) => new Set(pairSidecars(files).keys());
  }

  /** A drop was queued for `destination` (a path): the history knows where it went; held-back sidecars wait for their clip. */
  dropped(result: DropResult, destination: string): void {
    this.#recorder.queued(result.jobs, destination);
    if (result.heldBack.length === 0) return;
    const clips = pairSidecars([...result.heldBack, ...result.jobs.map((job) => ({ relativePath: job.relativePath, job }))]);
    for (const [sidecar, clip] of clips) {
      const job = (clip as { job?: JobView }).job;
      const localPath = (sidecar as Partial<WalkedFile>).localPath;
      if (job && localPath) {
        this.#attachments?.waitFor(job.id, localPath);
        this.#showingPending.add(job.id);
        this.#events.attachmentsChanged(`job:${job.id}`, this.#attachments?.pendingOf(job) ?? []);
      }
    }
  }

  /** Jobs queued by something other than a drop (a watch folder), with their destination's path. */
  queuedTo(jobs: readonly JobView[], destination: string): void {
    this.#recorder.queued(jobs, destination);
  }

  /** An update of any profile's queue: a server not shown records its finished uploads too. */
  recordHistory(update: QueueUpdate): void {
    this.#recorder.observe(update);
  }

  /** An update of the shown queue: its done assets' attachments follow it. */
  queueUpdated(update: QueueUpdate): void {
    const attachments = this.#attachments;
    if (attachments === null) return;
    attachments.parentsChanged(update.changed);
    for (const job of update.changed) {
      if (!this.#showingPending.has(job.id)) continue;
      const pending = attachments.pendingOf(job);
      if (pending.length === 0) this.#showingPending.delete(job.id);
      this.#events.attachmentsChanged(`job:${job.id}`, pending);
    }
  }

  async close(): Promise<void> {
    await this.disconnected();
    await this.history.settled();
  }
}
