// Asking the server to start (or continue) an upload, and what to do when it says the asset
// already exists. The overwrite option sent, the asset to replace and the replace options
// are decided here, once, from the user's policy and their answers — not assigned from
// seven places of the job.

import type { NomadApi, ParsedAssetUpload } from './api';
import { UploadError } from './errors';
import { chunkSizeFor } from './plan';
import type { AssetUploadStartRequest, UploadOverwriteOption, UploadReplaceOption } from './protocol';
import { retrying, type RetryContext } from './retrying';
import type { ConflictDecision, ConflictView, OverwritePolicy } from './views';

export type UploadProof = 'start-answer' | 'adopted';

export type StartOutcome =
  | { kind: 'started'; upload: ParsedAssetUpload; proof: UploadProof }
  /** The asset exists and the policy is to ask: the job waits for the person's answer. */
  | { kind: 'conflict'; conflict: ConflictView };

export interface StartFile {
  displayName: string;
  relativePath: string;
  size: number;
}

export interface StartDestination {
  parentId: string | null;
  languageId: string | null;
  relatedContentId: string | null;
  existingAssetId: string | null;
  overwrite: OverwritePolicy;
  replaceOptions: UploadReplaceOption[];
}

export type StartApi = Pick<NomadApi, 'startUpload'>;

export class StartNegotiation {
  readonly #destination: StartDestination;
  #option: UploadOverwriteOption;
  /** Set by an AssetReplace answer: the asset the server named in its conflict. */
  #replaceAsset: string | null = null;
  #replaceOptions: UploadReplaceOption[];

  constructor(destination: StartDestination) {
    this.#destination = destination;
    this.#option = initialOption(destination.overwrite);
    this.#replaceOptions = [...destination.replaceOptions];
  }

  get option(): UploadOverwriteOption {
    return this.#option;
  }

  get replaceOptions(): readonly UploadReplaceOption[] {
    return this.#replaceOptions;
  }

  /** The person's answer to "already exists" (skip is the job's business: nothing is sent). */
  answer(decision: ConflictDecision, conflict: ConflictView): void {
    if (decision.replaceOptions) this.#replaceOptions = [...decision.replaceOptions];
    switch (decision.action) {
      case 'skip':
        return;
      case 'continue':
        this.#option = 'Continue';
        return;
      case 'replace':
        this.#option = 'Replace';
        return;
      case 'asset-replace':
        this.#option = 'AssetReplace';
        this.#replaceAsset = conflict.assetId;
        return;
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
    this.#option = initialOption(this.#destination.overwrite);
    this.#replaceAsset = null;
  }

  request(file: StartFile): AssetUploadStartRequest {
    const d = this.#destination;
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
      chunkSize: chunkSizeFor(file.size),
    };
  }

  /**
   * Sends the start. Not on the run's signal: a start the server may already have acted on is
   * allowed to finish (its own timeout bounds it), so a pause keeps the upload id and a cancel
   * can cancel what the server made, instead of leaving an orphan behind.
   *
   * @param ownEarlierStart a start of ours went out before and its answer was never seen.
   * @param beforeSend runs before each attempt (the journal notes that a start went out).
   */
  async start(api: StartApi, retry: RetryContext, file: StartFile, ownEarlierStart: boolean, beforeSend: () => Promise<void>): Promise<StartOutcome> {
    const request = this.request(file);
    let sentBefore = ownEarlierStart;
    try {
      const upload = await retrying(retry, { what: 'POST /asset/upload/start' }, async () => {
        const earlier = sentBefore;
        await beforeSend();
        sentBefore = true;
        return retry.run.track('request', 'POST /asset/upload/start', () => this.#send(api, request, earlier));
      });
      return { kind: 'started', upload: upload.upload, proof: upload.proof };
    } catch (error) {
      if (!(error instanceof UploadError) || error.code !== 'asset-exists') throw error;
      if (this.#destination.overwrite !== 'Ask') throw conflictFailure(file, error);
      return {
        kind: 'conflict',
        conflict: {
          assetId: error.context.conflict?.assetId ?? null,
          uploadId: error.context.conflict?.uploadId ?? null,
          detail: error.context.detail ?? error.message,
        },
      };
    }
  }

  async #send(api: StartApi, request: AssetUploadStartRequest, ownEarlierStart: boolean): Promise<{ upload: ParsedAssetUpload; proof: UploadProof }> {
    try {
      return { upload: await api.startUpload(request), proof: 'start-answer' };
    } catch (error) {
      const uploadId = error instanceof UploadError && error.code === 'asset-exists' ? error.context.conflict?.uploadId : null;
      if (uploadId && ownEarlierStart && request.uploadOverwriteOption === 'Cancel') {
        // Our earlier start reached the server but its answer never reached us: the
        // in-progress upload it names is ours. Continue it instead of asking.
        return { upload: await api.startUpload({ ...request, uploadOverwriteOption: 'Continue' }), proof: 'adopted' };
      }
      throw error;
    }
  }
}

function initialOption(policy: OverwritePolicy): UploadOverwriteOption {
  // `Ask` starts with Cancel: the refusal is how we learn of a conflict and can ask.
  return policy === 'Ask' ? 'Cancel' : policy;
}

function conflictFailure(file: StartFile, error: UploadError): UploadError {
  return new UploadError(
    'asset-exists',
    `${file.relativePath} already exists on the server. Choose Continue to resume it, Replace to overwrite it, or skip it.`,
    error.context,
  );
}
