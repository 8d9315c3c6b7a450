// Attachments (sidecars) of done uploads: subtitles, captions, proxies, thumbnails sent with
// start-related-asset to the asset they belong to. They run in a queue of their own (the
// engine's jobs, parts and retries, with the related-asset start: engine/api-related.ts),
// and each done row shows its attachments. A sidecar found in a dropped folder beside its
// clip waits for the clip's asset id — said on the row, never silent — and fails clearly
// when the clip fails or is cancelled. Both survive a quit: the attachments' jobs have a
// journal of their own (an attachment cut short resumes on the next start, from its confirmed
// parts), and the waiting sidecars a file beside it (waiting-sidecars.ts).

import { basename } from 'node:path';
import type { NomadApi } from '../engine/api';
import { relatedUploadApi } from '../engine/api-related';
import { FileJournal, MemoryJournal } from '../engine/journal';
import type { Logger } from '../engine/log';
import { UploadQueue } from '../engine/queue';
import type { QueueApi } from '../engine/queue-options';
import { sidecarKindOf } from '../engine/sidecars';
import type { JobView, QueueUpdate } from '../engine/views';
import type { AttachmentView } from '../../preload/contract';
import { SettlingJournal } from './settling-journal';
import { attachmentsJournalDirFor, waitingSidecarsFileFor, WaitingSidecarsFile } from './waiting-sidecars';

export interface AttachmentEvents {
  changed(assetId: string, attachments: AttachmentView[]): void;
}

/** A sidecar whose clip is still uploading: it starts once the clip's job is done. */
interface Pending {
  localPath: string;
  /** The clip's job in the main queue. */
  parentJobId: string;
  failed: string | null;
}

/** Where the attachments of one server live, and the clips they may wait for. */
export interface AttachmentsPlace {
  api: NomadApi;
  /** The main queue's server key: the attachments' journal records carry the same. */
  serverKey: string;
  /** The main journal's folder (null: nothing on disk, as in tests of the memory journal). */
  journalDir: string | null;
  /** The main queue's jobs now (restored ones included): what waiting sidecars wait for. */
  parentJobs: readonly JobView[];
}

export class Attachments {
  readonly #queue: UploadQueue<QueueApi>;
  readonly #journal: SettlingJournal;
  readonly #waitingFile: WaitingSidecarsFile;
  readonly #events: AttachmentEvents;
  readonly #log: Logger;
  /** Attachment job id → the asset it belongs to. */
  readonly #owner = new Map<string, string>();
  readonly #pending: Pending[] = [];
  readonly #offUpdate: () => void;

  private constructor(place: AttachmentsPlace, waitingFile: WaitingSidecarsFile, events: AttachmentEvents, log: Logger) {
    const dir = attachmentsJournalDirFor(place.journalDir);
    this.#journal = new SettlingJournal(dir === null ? new MemoryJournal() : new FileJournal(dir));
    // Replacing an attachment of the same name is what attaching it again means.
    this.#queue = new UploadQueue<QueueApi>({
      api: relatedUploadApi(place.api),
      serverKey: place.serverKey,
      journal: this.#journal,
      log,
      defaults: { parentId: null, languageId: null, relatedContentId: null, existingAssetId: null, overwrite: 'Replace', replaceOptions: [] },
    });
    this.#waitingFile = waitingFile;
    this.#events = events;
    this.#log = log;
    this.#offUpdate = this.#queue.onUpdate((update) => this.#onUpdate(update));
  }

  /**
   * Opens a server's attachments: the ones a quit cut short go on (each with the asset it was
   * for, from its journal record), and sidecars still waiting wait again for their clip, or
   * start at once if the clip finished meanwhile (in the background, or before the quit).
   */
  static async open(place: AttachmentsPlace, events: AttachmentEvents, log: Logger): Promise<Attachments> {
    const warn = (error: Error): void => log.warn('waiting sidecars not saved', { error: error.message });
    const { file, waiting } = await WaitingSidecarsFile.open(waitingSidecarsFileFor(place.journalDir), place.serverKey, warn);
    const attachments = new Attachments(place, file, events, log);
    const { restored } = await attachments.#queue.restore({
      include: (record) => {
        const assetId = record.options.existingAssetId;
        if (assetId) attachments.#owner.set(record.jobId, assetId);
        return Boolean(assetId);
      },
    });
    const parents = new Map(place.parentJobs.map((job) => [job.id, job]));
    for (const w of waiting) {
      if (parents.has(w.parentJobId)) attachments.#pending.push({ ...w, failed: null });
      else log.warn('a waiting sidecar lost its clip', { path: basename(w.localPath), reason: 'the clip is no longer in the queue' });
    }
    if (attachments.#pending.length !== waiting.length) void attachments.#saveWaiting();
    attachments.parentsChanged(place.parentJobs);
    for (const assetId of new Set(restored.map((job) => attachments.#owner.get(job.id)!))) attachments.#emit(assetId);
    return attachments;
  }

  /** Clip jobs that have sidecars waiting for them (their rows show them). */
  get waitingParents(): string[] {
    return [...new Set(this.#pending.map((p) => p.parentJobId))];
  }

  /** Attaches files to a done asset now. */
  async attach(assetId: string, paths: readonly string[]): Promise<number> {
    const { added } = await this.#queue.enqueue({
      paths,
      options: { existingAssetId: assetId },
      walked: { files: paths.map((localPath) => ({ localPath, relativePath: basename(localPath) })), problems: [], skipped: [] },
    });
    for (const job of added) this.#owner.set(job.id, assetId);
    this.#emit(assetId);
    return added.length;
  }

  /** A sidecar of a dropped folder: attached once the clip's upload (job `parentJobId`) is done. */
  waitFor(parentJobId: string, localPath: string): void {
    this.#pending.push({ localPath, parentJobId, failed: null });
    void this.#saveWaiting();
  }

  /**
   * The main queue's jobs moved: start the sidecars whose clip is done, fail those whose clip
   * failed, and wait again for a clip that is tried again (Retry after a failure): its
   * sidecars were only failed for as long as the clip was.
   */
  parentsChanged(jobs: readonly JobView[]): void {
    for (const job of jobs) {
      const waiting = this.#pending.filter((p) => p.parentJobId === job.id);
      if (waiting.length === 0) continue;
      if (job.state === 'done' && job.assetId) {
        for (const p of waiting) this.#pending.splice(this.#pending.indexOf(p), 1);
        // Off the waiting list only once the attachments are in their journal: a quit in
        // between leaves them waiting (and attached on the next start), never lost.
        void this.attach(job.assetId, waiting.map((p) => p.localPath)).then(
          () => this.#saveWaiting(),
          (error: Error) => this.#log.warn('sidecars not attached', { clip: job.name, error: error.message }),
        );
      } else if (job.state === 'failed' || job.state === 'cancelled' || job.state === 'skipped') {
        for (const p of waiting) p.failed = `${job.name} was not uploaded (${job.state}): there is nothing to attach ${basename(p.localPath)} to.`;
      } else {
        for (const p of waiting) p.failed = null;
      }
    }
  }

  /** Pending sidecars of a job of the main queue, as its row shows them. */
  pendingOf(parentJob: JobView): AttachmentView[] {
    return this.#pending
      .filter((p) => p.parentJobId === parentJob.id)
      .map((p) => ({
        jobId: `pending:${p.localPath}`,
        name: basename(p.localPath),
        kind: sidecarKindOf(basename(p.localPath)),
        state: p.failed === null ? 'waiting' : 'failed',
        reason: p.failed ?? `Waits for ${parentJob.name} to finish uploading.`,
        progress: 0,
      }));
  }

  of(assetId: string): AttachmentView[] {
    return this.#queue
      .snapshot()
      .jobs.filter((job) => this.#owner.get(job.id) === assetId)
      .map(toView);
  }

  /** Stops the attachments without cancelling them: their journal and the waiting list are on disk when this resolves. */
  async close(): Promise<void> {
    this.#offUpdate();
    await this.#queue.close();
    await this.#journal.settled();
    await this.#waitingFile.settled();
  }

  #saveWaiting(): Promise<void> {
    return this.#waitingFile.save(this.#pending.map(({ parentJobId, localPath }) => ({ parentJobId, localPath })));
  }

  #onUpdate(update: QueueUpdate): void {
    const assets = new Set(update.changed.flatMap((job) => this.#owner.get(job.id) ?? []));
    for (const assetId of assets) this.#emit(assetId);
  }

  #emit(assetId: string): void {
    this.#events.changed(assetId, this.of(assetId));
  }
}

function toView(job: JobView): AttachmentView {
  const state: AttachmentView['state'] =
    job.state === 'done' ? 'done' : job.state === 'failed' || job.state === 'cancelled' ? 'failed' : job.state === 'queued' ? 'waiting' : 'uploading';
  return {
    jobId: job.id,
    name: job.name,
    kind: sidecarKindOf(job.name),
    state,
    reason: job.error?.message ?? job.waiting,
    progress: job.size > 0 ? job.bytesDone / job.size : job.state === 'done' ? 1 : 0,
  };
}
