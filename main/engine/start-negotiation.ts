// Asking the server to start (or continue) an upload, and what to do when it says the asset
// already exists. The overwrite option sent, the asset to replace and the replace options
// are decided here, once, from the user's policy and their answers — not assigned from
// seven places of the job.

import type { NomadApi, ParsedAssetUpload } from './api';
import { UploadError } from './errors';
import type { AssetUploadStartRequest, UploadOverwriteOption, UploadReplaceOption } from './protocol';
import { retrying, type RetryContext } from './retrying';
import type { ConflictAction, ConflictDecision, ConflictView } from './views';
import type { z } from 'zod';
import type { jobOptionsSchema } from './journal-schema';

export type UploadProof = 'start-answer' | 'adopted';

export type StartOutcome =
  | { kind: 'started'; upload: ParsedAssetUpload; proof: UploadProof }
  /** The asset exists and the policy is to ask: the job waits for the person's answer. */
  | { kind: 'conflict'; conflict: ConflictView };

export interface StartFile {
  displayName: string;
  relativePath: string;
  size: number;
  /** The part size to ask for (chosen once per upload: part-size.ts, job-run.ts). */
  chunkSize: number;
}

/** A job's destination and choices (JobOptions): the type of the journal's schema for them, so the two cannot drift. */
export type StartDestination = z.infer<typeof jobOptionsSchema>;

export type StartApi = Pick<NomadApi, 'startUpload' | 'listUploads'>;

/** What the journal says of earlier starts of this job. */
export interface StartHistory {
  /** Epoch ms a start of ours went out whose answer we never saw; null if none. */
  startSentAt: number | null;
  /** Uploads the server named when it refused a start of ours: never ours. */
  notOurs: readonly string[];
}

/**
 * Our record is written before the start goes out, so our upload began after it; a second
 * of tolerance for the server's clock rounding. A server clock far behind ours only makes us
 * ask instead of taking an upload over: the safe way to be wrong.
 */
const START_CLOCK_TOLERANCE_MS = 1000;

export class StartNegotiation {
  readonly #destination: StartDestination;
  #option: UploadOverwriteOption;
  /** Set by an AssetReplace answer: the asset the server named in its conflict. */
  #replaceAsset: string | null = null;
  #replaceOptions: UploadReplaceOption[];

  constructor(destination: StartDestination) {
    this.#destination = destination;
    this.#option = initialOption(destination);
    this.#replaceOptions = [...destination.replaceOptions];
  }

  get option(): UploadOverwriteOption {
    return this.#option;
  }

  get replaceOptions(): readonly UploadReplaceOption[] {
    return this.#replaceOptions;
  }

  /**
   * The person's answer to "already exists" (skip is the job's business: nothing is sent).
   * False, and nothing changes, for Replace asset when nobody said which asset: the server did
   * not name it, the person did not choose one, the upload was not given one. The job keeps
   * asking rather than send `existingAssetId: null`, which a server may read as "a new asset"
   * or refuse — either way not what the person chose.
   */
  answer(decision: ConflictDecision, conflict: ConflictView): boolean {
    const asset = decision.existingAssetId ?? conflict.assetId ?? this.#destination.existingAssetId;
    if (decision.action === 'asset-replace' && !asset) return false;
    if (decision.replaceOptions) this.#replaceOptions = [...decision.replaceOptions];
    switch (decision.action) {
      case 'skip':
        return true;
      case 'continue':
        this.#option = 'Continue';
        return true;
      case 'replace':
        this.#option = 'Replace';
        return true;
      case 'asset-replace':
        this.#option = 'AssetReplace';
        this.#replaceAsset = asset;
        return true;
    }
  }

  /**
   * The bytes on the server belong to an older version of the file: start over and let the
   * new version take the old one's place — never splice the two.
   */
  replaceWithNewVersion(): void {
    this.#option = 'Replace';
    this.#replaceAsset = null;
  }

  /** The server no longer knows our upload (finished or purged): Continue finds what it still has. */
  continueAfterLoss(): void {
    if (this.#option === 'Cancel') this.#option = 'Continue';
  }

  /** Back to the person's policy (the upload was cancelled or skipped and begins again). */
  reset(): void {
    this.#option = initialOption(this.#destination);
    this.#replaceAsset = null;
  }

  request(file: StartFile): AssetUploadStartRequest {
    const d = this.#destination;
    if (this.#option === 'AssetReplace' && !(this.#replaceAsset ?? d.existingAssetId)) {
      // Guarded by initialOption and answer(): reaching here is a bug, and sending it would replace nobody knows what.
      throw new UploadError('internal', 'Replace asset was about to be sent without the asset to replace.');
    }
    return {
      displayName: file.displayName,
      existingAssetId: this.#replaceAsset ?? d.existingAssetId,
      relatedContentId: d.relatedContentId,
      uploadOverwriteOption: this.#option,
      relativePath: file.relativePath,
      parentId: d.parentId,
      languageId: d.languageId,
      uploadReplaceOptions: this.#replaceOptions.length > 0 ? [...this.#replaceOptions] : null,
      contentLength: file.size,
      chunkSize: file.chunkSize,
    };
  }

  /**
   * The same upload asked for again with Continue: how a server that never re-signs links in
   * its listings is made to hand out fresh ones (it resumes the upload it has for this target).
   */
  continueRequest(file: StartFile): AssetUploadStartRequest {
    return { ...this.request(file), uploadOverwriteOption: 'Continue' };
  }

  /**
   * Sends the start. Not on the run's signal: a start the server may already have acted on is
   * allowed to finish (its own timeout bounds it), so a pause keeps the upload id and a cancel
   * can cancel what the server made, instead of leaving an orphan behind.
   *
   * @param history what the journal says of earlier starts (changed as answers come in).
   * @param beforeSend runs before each attempt (the journal notes that a start went out).
   * @param refusedBy the server refused a start and named this upload, which is not ours.
   */
  async start(
    api: StartApi,
    retry: RetryContext,
    file: StartFile,
    history: () => StartHistory,
    beforeSend: () => Promise<void>,
    refusedBy: (uploadId: string) => Promise<void>,
  ): Promise<StartOutcome> {
    const request = this.request(file);
    try {
      const upload = await retrying(retry, { what: 'POST /asset/upload/start' }, async () => {
        // Read before this attempt is noted: a refusal of the start going out now is its
        // answer, seen — only a start sent before it (an earlier attempt or run) can have made
        // an upload whose answer we never saw. Read after, another client's upload of a file
        // the same size begun within the clock tolerance before ours passed as our own, and
        // was taken over (a test did it on a fast machine: A killed 1 s before B started).
        const earlier = { ...history() };
        await beforeSend();
        return retry.run.track('request', 'POST /asset/upload/start', () => this.#send(api, request, earlier, refusedBy));
      });
      return { kind: 'started', upload: upload.upload, proof: upload.proof };
    } catch (error) {
      if (!(error instanceof UploadError) || error.code !== 'asset-exists') throw error;
      const named = error.context.conflict?.assetId ?? null;
      const conflict = (reason: string | null): StartOutcome => ({
        kind: 'conflict',
        conflict: {
          assetId: named,
          uploadId: error.context.conflict?.uploadId ?? null,
          detail: error.context.detail ?? error.message,
          choices: conflictChoices(named ?? this.#destination.existingAssetId),
          reason,
        },
      });
      switch (this.#destination.overwrite) {
        case 'Ask':
          return conflict(null);
        case 'AssetReplace':
          // The policy is Replace asset and the probe found one: replace the asset the server
          // named. Named none: ask, rather than silently do a plain Replace (which may drop
          // the asset's id and related assets — not what Replace asset promises).
          if (this.#option !== 'Cancel') throw conflictFailure(file, error);
          if (named) {
            this.#option = 'AssetReplace';
            this.#replaceAsset = named;
            return this.start(api, retry, file, history, beforeSend, refusedBy);
          }
          return conflict(
            `${file.relativePath} already exists, but the server did not say which asset it is, so "Replace asset" cannot be used. Choose Replace, Continue or Skip.`,
          );
        default:
          throw conflictFailure(file, error);
      }
    }
  }

  async #send(
    api: StartApi,
    request: AssetUploadStartRequest,
    history: StartHistory,
    refusedBy: (uploadId: string) => Promise<void>,
  ): Promise<{ upload: ParsedAssetUpload; proof: UploadProof }> {
    try {
      return { upload: await api.startUpload(request), proof: 'start-answer' };
    } catch (error) {
      const uploadId = error instanceof UploadError && error.code === 'asset-exists' ? error.context.conflict?.uploadId : null;
      if (!uploadId) throw error;
      if (request.uploadOverwriteOption === 'Cancel' && (await ownEarlierStart(api, uploadId, request.contentLength, history))) {
        // Our earlier start reached the server but its answer never reached us: the upload
        // it names is ours. Continue it instead of asking.
        return { upload: await api.startUpload({ ...request, uploadOverwriteOption: 'Continue' }), proof: 'adopted' };
      }
      await refusedBy(uploadId);
      throw error;
    }
  }
}

/**
 * An upload the server names in a refusal is ours only if we can prove it: a start of ours
 * went out whose answer we never saw, the server never named this upload in a refusal of
 * ours before, and the user's own list of uploads shows it with our size, begun after our
 * record of the start. Anything less — and a listing that fails — is doubt: ask.
 */
async function ownEarlierStart(api: StartApi, uploadId: string, size: number, history: StartHistory): Promise<boolean> {
  const sentAt = history.startSentAt;
  if (sentAt === null || history.notOurs.includes(uploadId)) return false;
  const uploads = await api.listUploads().catch(() => null);
  const upload = uploads?.find((u) => u.id === uploadId);
  if (!upload || upload.contentLength !== size || !upload.startDate) return false;
  const startedAt = Date.parse(upload.startDate);
  return Number.isFinite(startedAt) && startedAt >= sentAt - START_CLOCK_TOLERANCE_MS;
}

function initialOption(destination: StartDestination): UploadOverwriteOption {
  // `Ask` starts with Cancel: the refusal is how we learn of a conflict and can ask. So does
  // Replace asset without an asset: the refusal names the asset at the path (or nothing is there).
  if (destination.overwrite === 'Ask') return 'Cancel';
  if (destination.overwrite === 'AssetReplace' && !destination.existingAssetId) return 'Cancel';
  return destination.overwrite;
}

function conflictChoices(assetId: string | null): ConflictAction[] {
  return assetId ? ['continue', 'replace', 'asset-replace', 'skip'] : ['continue', 'replace', 'skip'];
}

function conflictFailure(file: StartFile, error: UploadError): UploadError {
  return new UploadError(
    'asset-exists',
    `${file.relativePath} already exists on the server. Choose Continue to resume it, Replace to overwrite it, or skip it.`,
    error.context,
  );
}
