import type { AssetPartUpload, AssetUpload, BatchResult } from '../engine/protocol';
import { normalizeEtag } from './etag';
import { newId } from './ids';
import { KeyedMutex } from './keyed-mutex';
import { badRequest, conflict, fail, notFound, ok, type Outcome } from './problem';
import type { AssetRecord, UploadRecord } from './state-model';
import type { SandboxState } from './state-store';
import type { StartCommand } from './start-request';
import type { StatsCounter } from './stats';
import type { StorageBackend } from './storage-backend';
import { partLength } from './upload-plan';
import { ensureParentFolder, resolveTarget, type ResolvedTarget } from './upload-target';
import type { UploadViews } from './upload-views';

export interface UploadServiceDeps {
  state: SandboxState;
  storage: StorageBackend;
  views: UploadViews;
  stats: StatsCounter;
  /** Makes every change so far durable; awaited before each answer. */
  commit: () => Promise<void>;
  log: (line: string) => void;
}

/** How many missing part numbers a complete refusal lists before "…". */
const LISTED_MISSING_PARTS = 20;

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
    const { views } = this.#deps;
    switch (command.overwrite) {
      case 'Cancel': {
        // "If the file already exists on the server then an error will occur."
        if (target.asset || target.inProgress) return fail(existsProblem(target));
        return this.#begin(owner, command, target, null);
      }
      case 'Continue': {
        // "If the file already exists on the server, then it will be resumed."
        const upload = target.inProgress;
        if (upload) {
          if (upload.owner !== owner) {
            return fail(conflict('Asset exists', `"${target.path}" is being uploaded by another user`, { assetId: upload.assetId, uploadId: upload.id }));
          }
          if (upload.contentLength !== command.contentLength) return fail(sizeProblem(target.path, upload.contentLength, command.contentLength));
          return ok(await views.upload(upload));
        }
        if (target.asset) {
          if (target.asset.size !== command.contentLength) return fail(sizeProblem(target.path, target.asset.size, command.contentLength));
          const done = this.#deps.state.uploads.get(target.asset.uploadId);
          if (!done) throw new Error(`asset ${target.asset.id} names upload ${target.asset.uploadId}, which is not in the state`);
          return ok(await views.upload(done));
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
      parts: command.parts.map((part) => ({ id: newId(), ...part, stored: null, confirmedEtag: null })),
      status: { state: 'in-progress' },
    };
    state.addUpload(record);
    await commit();
    return ok(await views.upload(record));
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
      expectedSize: partLength(part),
      acknowledged: part.stored,
    });
    if (upload.status.state !== 'in-progress') return fail(notFound(`upload ${upload.id} is no longer in progress`));
    if (stored.kind === 'missing') {
      return fail(badRequest(`part ${part.partNumber} is not in storage: PUT it to its URL before confirming it`));
    }
    if (stored.size !== partLength(part)) {
      return fail(
        badRequest(
          `part ${part.partNumber} in storage has ${stored.size} bytes, but the part spans ${partLength(part)} bytes ` +
            `(${part.startingPosition}-${part.endingPosition}); upload it again`,
        ),
      );
    }
    if (stored.etag !== reported) {
      return fail(badRequest(`ETag mismatch for part ${part.partNumber}: reported "${reported}", storage holds "${stored.etag}"; upload it again`));
    }
    part.confirmedEtag = reported;
    state.partChanged(upload, part);
    await commit();
    stats.increment('partCompletes');
    return ok(undefined);
  }

  async complete(owner: string, uploadId: string): Promise<Outcome<BatchResult>> {
    const upload = this.#deps.state.uploads.get(uploadId);
    if (!upload || upload.owner !== owner) return fail(notFound(`upload ${uploadId} is unknown`));
    return this.#locks.run(this.#deps.state.targetPath(upload.target), async () => {
      const outcome = await this.#completeLocked(upload);
      if (outcome.ok) this.#deps.stats.increment('completes');
      return outcome;
    });
  }

  async #completeLocked(upload: UploadRecord): Promise<Outcome<BatchResult>> {
    const { state, storage, commit, log } = this.#deps;
    if (upload.status.state === 'completed') return ok(batchResult(upload)); // idempotent
    if (upload.status.state === 'cancelled') return fail(notFound(`upload ${upload.id} was cancelled`));
    const missing = upload.parts.filter((part) => part.confirmedEtag === null);
    if (missing.length > 0) {
      const numbers = missing.slice(0, LISTED_MISSING_PARTS).map((part) => part.partNumber);
      const more = missing.length > LISTED_MISSING_PARTS ? ', …' : '';
      return fail(
        badRequest(
          `${missing.length} of ${upload.parts.length} parts are not confirmed (part ${numbers.join(', ')}${more}); ` +
            'PUT each part and confirm it with part/{partId}/complete first',
          { missingParts: missing.length },
        ),
      );
    }

    const { key, multipartUploadId } = upload.storage;
    const parts = upload.parts.map((part) => ({ partNumber: part.partNumber, etag: part.confirmedEtag ?? '' }));
    let etag: string;
    try {
      etag = (await storage.completeMultipartUpload(key, multipartUploadId, parts)).etag;
    } catch (error) {
      // Storage may have finished assembling just before a crash or a lost answer: then the
      // object is there and the multipart upload is gone; anything else is a real failure.
      const head = await storage.headObject(key).catch(() => null);
      if (head?.size !== upload.contentLength) throw error;
      etag = head.etag;
      log(`complete ${upload.id}: storage had already assembled the object; recording it`);
    }
    const digest = await storage.digestObject(key);
    if (digest && digest.size !== upload.contentLength) {
      throw new Error(`assembled object ${key} has ${digest.size} bytes, the upload declared ${upload.contentLength}`);
    }

    const now = new Date().toISOString();
    const existing = (upload.replacesAssetId ? state.assets.get(upload.replacesAssetId) : undefined) ?? state.assetAt(upload.target);
    const previousKey = existing?.objectKey ?? null;
    const replaceOptions = new Set(upload.metadata.uploadReplaceOptions);
    const asset: AssetRecord = existing
      ? {
          ...existing,
          // Replace keeps the asset's identity and place; only the content (and what the options say) changes.
          displayName: replaceOptions.has('ReplaceDisplayName') ? upload.metadata.displayName : existing.displayName,
          languageId: replaceOptions.has('ReplaceLanguage') ? upload.metadata.languageId : existing.languageId,
          size: upload.contentLength,
          sha256: digest?.sha256 ?? null,
          etag,
          objectKey: key,
          uploadId: upload.id,
          updatedAt: now,
        }
      : {
          id: upload.assetId,
          parentId: upload.target.parentId,
          name: upload.target.name,
          displayName: upload.metadata.displayName,
          size: upload.contentLength,
          sha256: digest?.sha256 ?? null,
          etag,
          objectKey: key,
          uploadId: upload.id,
          owner: upload.owner,
          languageId: upload.metadata.languageId,
          relatedContentId: upload.metadata.relatedContentId,
          relatedToAssetId: upload.metadata.relatedToAssetId,
          relatedAssetMetadataType: upload.metadata.relatedAssetMetadataType,
          createdAt: now,
          updatedAt: now,
        };
    state.putAsset(asset);
    state.setUploadStatus(upload, asset.id, { state: 'completed', etag, size: upload.contentLength, sha256: asset.sha256, completedAt: now });
    await commit();
    // The old content goes only after the new one is durably recorded.
    if (previousKey !== null && previousKey !== key) {
      await storage.deleteObject(previousKey).catch((error: unknown) => log(`could not delete replaced object ${previousKey}: ${String(error)}`));
    }
    return ok(batchResult(upload));
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
    for (const upload of uploads) views.push(await this.#deps.views.upload(upload));
    return views;
  }

  async parts(owner: string, uploadId: string): Promise<Outcome<AssetPartUpload[]>> {
    const upload = this.#deps.state.uploads.get(uploadId);
    if (!upload || upload.owner !== owner) return fail(notFound(`upload ${uploadId} is unknown`));
    if (upload.status.state === 'cancelled') return fail(notFound(`upload ${uploadId} was cancelled`));
    return ok(await this.#deps.views.parts(upload));
  }
}

function existsProblem(target: ResolvedTarget) {
  const upload = target.inProgress;
  const detail = upload
    ? `"${target.path}" already exists: an upload of it is in progress (upload ${upload.id})`
    : `"${target.path}" already exists`;
  return conflict('Asset exists', detail, {
    assetId: target.asset?.id ?? upload?.assetId ?? null,
    ...(upload ? { uploadId: upload.id } : {}),
  });
}

function sizeProblem(path: string, existing: number, requested: number) {
  return badRequest(`"${path}" exists with a different size; use Replace (it has ${existing} bytes, the request says ${requested})`);
}

function batchResult(upload: UploadRecord): BatchResult {
  return { items: [{ id: upload.assetId, uploadId: upload.id, size: upload.contentLength }], totalItemCount: 1 };
}
