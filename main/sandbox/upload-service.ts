import type { AssetPartUpload, AssetUpload, BatchResult } from '../engine/protocol';
import { normalizeEtag } from './etag';
import { newId } from './ids';
import { KeyedMutex } from './keyed-mutex';
import { badRequest, conflict, fail, notFound, ok, type Outcome, type Problem } from './problem';
import type { AssetRecord, UploadRecord } from './state-model';
import type { SandboxState } from './state-store';
import type { StartCommand } from './start-request';
import type { StatsCounter } from './stats';
import type { StorageBackend } from './storage-backend';
import { partLength, zeroByteParts } from './upload-plan';
import { completeUpload } from './upload-completion';
import { ensureParentFolder, resolveTarget, type ResolvedTarget } from './upload-target';
import type { UploadViews } from './upload-views';
import type { Variants } from './variants';

export interface UploadServiceDeps {
  state: SandboxState;
  storage: StorageBackend;
  views: UploadViews;
  stats: StatsCounter;
  /** Makes every change so far durable; awaited before each answer. */
  commit: () => Promise<void>;
  variants: Variants;
  log: (line: string) => void;
}


/**
 * The Nomad upload protocol over the sandbox state: start (with the four overwrite options),
 * part confirmation against what storage holds, completion, cancellation and listings.
 * Operations on one target path run one at a time (KeyedMutex).
 */
export class UploadService {
  readonly #deps: UploadServiceDeps;
  readonly #locks = new KeyedMutex();

  constructor(deps: UploadServiceDeps) {
    this.#deps = deps;
  }

  async start(owner: string, command: StartCommand): Promise<Outcome<AssetUpload>> {
    const first = resolveTarget(this.#deps.state, command.locator);
    if (!first.ok) return first;
    return this.#locks.run(first.value.path, async () => {
      // Resolve again inside the lock: another start may have changed the target meanwhile.
      const resolved = resolveTarget(this.#deps.state, command.locator);
      if (!resolved.ok) return resolved;
      const outcome = await this.#startAt(owner, command, resolved.value);
      if (outcome.ok) this.#deps.stats.increment('starts');
      return outcome;
    });
  }

  async #startAt(owner: string, command: StartCommand, target: ResolvedTarget): Promise<Outcome<AssetUpload>> {
    switch (command.overwrite) {
      case 'Cancel': {
        // "If the file already exists on the server then an error will occur."
        if (target.asset || target.inProgress) return fail(existsProblem(target, this.#deps.variants));
        return this.#begin(owner, command, target, null);
      }
      case 'Continue': {
        // "If the file already exists on the server, then it will be resumed."
        const upload = target.inProgress;
        if (upload) {
          if (upload.owner !== owner) {
            return fail(conflictProblem(`"${target.path}" already exists: it is being uploaded by another user`, { assetId: upload.assetId, uploadId: upload.id }, this.#deps.variants));
          }
          if (upload.contentLength !== command.contentLength) return fail(sizeProblem(target.path, upload.contentLength, command.contentLength));
          return ok(await this.#continued(upload));
        }
        if (target.asset) {
          if (target.asset.size !== command.contentLength) return fail(sizeProblem(target.path, target.asset.size, command.contentLength));
          const done = this.#deps.state.uploads.get(target.asset.uploadId);
          if (!done) throw new Error(`asset ${target.asset.id} names upload ${target.asset.uploadId}, which is not in the state`);
          return ok(await this.#continued(done));
        }
        return this.#begin(owner, command, target, null);
      }
      case 'Replace':
      case 'AssetReplace': {
        // "The existing one will be erased and the new one will take its place": an upload
        // in flight for the same target is aborted now; the asset itself is swapped on complete.
        if (target.inProgress) await this.#abort(target.inProgress, 'replaced by a new upload');
        return this.#begin(owner, command, target, target.asset);
      }
    }
  }

  /** A Continue answer: fresh URLs for what is left; under continue-pending-only, only the parts still to upload. */
  async #continued(upload: UploadRecord): Promise<AssetUpload> {
    const view = await this.#deps.views.upload(upload, 'resign');
    if (!this.#deps.variants.has('continue-pending-only')) return view;
    return { ...view, parts: (view.parts ?? []).filter((part) => !part.isCompleted) };
  }

  async #begin(owner: string, command: StartCommand, target: ResolvedTarget, replaces: AssetRecord | null): Promise<Outcome<AssetUpload>> {
    const { state, storage, views, commit } = this.#deps;
    const parentId = ensureParentFolder(state, target.parent);
    const id = newId();
    // The asset id is fixed at start; a replacement keeps the replaced asset's id.
    const assetId = replaces?.id ?? newId();
    const key = `objects/${assetId}/${id}`;
    const multipartUploadId = await storage.createMultipartUpload(key);
    const record: UploadRecord = {
      id,
      assetId,
      owner,
      startDate: new Date().toISOString(),
      overwriteOption: command.overwrite,
      target: { parentId, name: target.name },
      replacesAssetId: replaces?.id ?? null,
      metadata: {
        displayName: command.locator.by === 'asset' && replaces ? replaces.displayName : (command.displayName ?? target.name),
        languageId: command.languageId,
        relatedContentId: command.locator.by === 'related-content' ? command.locator.contentId : (replaces?.relatedContentId ?? null),
        relatedToAssetId: command.relatedToAssetId ?? replaces?.relatedToAssetId ?? null,
        relatedAssetMetadataType: command.relatedAssetMetadataType ?? replaces?.relatedAssetMetadataType ?? null,
        uploadReplaceOptions: command.uploadReplaceOptions,
      },
      contentLength: command.contentLength,
      chunkSize: command.chunkSize,
      storage: { key, multipartUploadId },
      parts: (command.contentLength === 0 ? zeroByteParts(this.#deps.variants.zeroBytePlan) : command.parts).map((part) => ({
        id: newId(),
        ...part,
        stored: null,
        confirmedEtag: null,
      })),
      status: { state: 'in-progress' },
    };
    state.addUpload(record);
    await commit();
    return ok(await views.upload(record, 'resign'));
  }

  async completePart(owner: string, partId: string, reportedEtag: string): Promise<Outcome<void>> {
    const { state, storage, commit, stats } = this.#deps;
    const ref = state.partById(partId);
    if (!ref || ref.upload.owner !== owner) return fail(notFound(`upload part ${partId} is unknown`));
    const { upload, part } = ref;
    const reported = normalizeEtag(reportedEtag);
    if (reported === '') return fail(badRequest('etag is required'));
    if (upload.status.state === 'completed') {
      // Idempotent: the same confirmation again is fine, a different one cannot be true any more.
      if (part.confirmedEtag === reported) {
        stats.increment('partCompletes');
        return ok(undefined);
      }
      return fail(badRequest(`upload ${upload.id} is already complete; part ${part.partNumber} was confirmed with another ETag`));
    }
    const stored = await storage.inspectPart({
      key: upload.storage.key,
      multipartUploadId: upload.storage.multipartUploadId,
      partNumber: part.partNumber,
      expectedSize: partLength(part, upload.contentLength),
      acknowledged: part.stored,
    });
    if (upload.status.state !== 'in-progress') return fail(notFound(`upload ${upload.id} is no longer in progress`));
    if (stored.kind === 'missing') {
      return fail(badRequest(`part ${part.partNumber} is not in storage: PUT it to its URL before confirming it`));
    }
    const length = partLength(part, upload.contentLength);
    if (stored.size !== length) {
      return fail(
        badRequest(
          `part ${part.partNumber} in storage has ${stored.size} bytes, but the part spans ${length} bytes ` +
            `(${part.startingPosition}-${part.endingPosition}); upload it again`,
        ),
      );
    }
    // Under kms-etag the client was told another ETag than storage's own: the reported one must
    // be that one, and storage must still hold the bytes it was told it for.
    const given = part.stored?.storageEtag === undefined ? null : part.stored;
    const storageEtag = given?.storageEtag ?? reported;
    if ((given !== null && given.etag !== reported) || stored.etag !== storageEtag) {
      const answered = given ? `storage answered "${given.etag}" for the bytes it holds` : `storage holds "${stored.etag}"`;
      return fail(badRequest(`ETag mismatch for part ${part.partNumber}: reported "${reported}", ${answered}; upload it again`));
    }
    part.confirmedEtag = reported;
    part.storageEtag = given ? storageEtag : null;
    state.partChanged(upload, part);
    await commit();
    stats.increment('partCompletes');
    return ok(undefined);
  }

  async complete(owner: string, uploadId: string): Promise<Outcome<BatchResult>> {
    const upload = this.#deps.state.uploads.get(uploadId);
    if (!upload || upload.owner !== owner) return fail(notFound(`upload ${uploadId} is unknown`));
    return this.#locks.run(this.#deps.state.targetPath(upload.target), async () => {
      const outcome = await completeUpload(this.#deps, upload);
      if (outcome.ok) this.#deps.stats.increment('completes');
      return outcome;
    });
  }

  async cancel(owner: string, uploadId: string, message: string | null): Promise<Outcome<void>> {
    const upload = this.#deps.state.uploads.get(uploadId);
    if (!upload || upload.owner !== owner) return fail(notFound(`upload ${uploadId} is unknown`));
    return this.#locks.run(this.#deps.state.targetPath(upload.target), async () => {
      switch (upload.status.state) {
        case 'cancelled':
          break; // idempotent: a retried cancel succeeds
        case 'completed':
          return fail(badRequest(`upload ${upload.id} is already complete; it cannot be cancelled`));
        case 'in-progress':
          await this.#abort(upload, message);
      }
      this.#deps.stats.increment('cancels');
      return ok(undefined);
    });
  }

  /** AbortMultipartUpload (all parts deleted), then the upload becomes a tombstone without parts. */
  async #abort(upload: UploadRecord, message: string | null): Promise<void> {
    const { state, storage, commit } = this.#deps;
    await storage.abortMultipartUpload(upload.storage.key, upload.storage.multipartUploadId);
    state.setUploadStatus(upload, upload.assetId, { state: 'cancelled', cancelledAt: new Date().toISOString(), message });
    state.dropParts(upload);
    await commit();
  }

  async list(owner: string, includeCompleted: boolean): Promise<AssetUpload[]> {
    const uploads = [...this.#deps.state.uploads.values()].filter(
      (upload) =>
        upload.owner === owner &&
        (upload.status.state === 'in-progress' || (includeCompleted && upload.status.state === 'completed')),
    );
    uploads.sort((a, b) => a.startDate.localeCompare(b.startDate));
    const views: AssetUpload[] = [];
    for (const upload of uploads) views.push(await this.#deps.views.upload(upload, 'listing'));
    return views;
  }

  async parts(owner: string, uploadId: string): Promise<Outcome<AssetPartUpload[]>> {
    const upload = this.#deps.state.uploads.get(uploadId);
    if (!upload || upload.owner !== owner) return fail(notFound(`upload ${uploadId} is unknown`));
    if (upload.status.state === 'cancelled') return fail(notFound(`upload ${uploadId} was cancelled`));
    return ok(await this.#deps.views.parts(upload, 'listing'));
  }
}

function existsProblem(target: ResolvedTarget, variants: Variants): Problem {
  const upload = target.inProgress;
  const detail = upload
    ? `"${target.path}" already exists: an upload of it is in progress (upload ${upload.id})`
    : `"${target.path}" already exists`;
  return conflictProblem(detail, { assetId: target.asset?.id ?? upload?.assetId ?? null, ...(upload ? { uploadId: upload.id } : {}) }, variants);
}

/**
 * "Already exists": 409 with the ids as ProblemDetails extensions by default; under
 * conflict-400 / conflict-422 the status the spec lists (400) or a validation status, whose
 * text says so but names no ids, as a server without our extension would answer.
 */
function conflictProblem(detail: string, ids: Record<string, unknown>, variants: Variants): Problem {
  switch (variants.conflictStatus) {
    case 409:
      return conflict('Asset exists', detail, ids);
    case 400:
      return badRequest(detail);
    case 422:
      return { status: 422, title: 'Unprocessable Entity', detail };
  }
}

function sizeProblem(path: string, existing: number, requested: number) {
  return badRequest(`"${path}" exists with a different size; use Replace (it has ${existing} bytes, the request says ${requested})`);
}


