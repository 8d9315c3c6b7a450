import type { BatchResult } from '../engine/protocol';
import { badRequest, fail, notFound, ok, type Outcome } from './problem';
import type { AssetRecord, UploadRecord } from './state-model';
import type { UploadServiceDeps } from './upload-service';

/** How many missing part numbers a complete refusal lists before "…". */
const LISTED_MISSING_PARTS = 20;

/**
 * `POST /asset/upload/{id}/complete`, under the target's lock: every part confirmed, then
 * CompleteMultipartUpload (recognising one that finished before a crash), and the asset created
 * or its content replaced in place. The stored bytes are hashed when the inspection route asks
 * (asset-digests.ts), not here.
 */
export async function completeUpload(deps: UploadServiceDeps, upload: UploadRecord): Promise<Outcome<BatchResult>> {
  const { state, storage, commit, log } = deps;
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
  // Storage's own ETag for each part (with kms-etag the client was told another one).
  const parts = upload.parts.map((part) => ({ partNumber: part.partNumber, etag: part.storageEtag ?? part.confirmedEtag ?? '' }));
  let etag: string;
  try {
    if (parts.length === 0) {
      // The zero-byte-no-parts plan: S3 cannot complete a multipart upload without parts, so
      // the server drops it and stores the empty object with a plain PUT.
      await storage.abortMultipartUpload(key, multipartUploadId);
      etag = (await storage.putEmptyObject(key)).etag;
    } else {
      etag = (await storage.completeMultipartUpload(key, multipartUploadId, parts)).etag;
    }
  } catch (error) {
    // Storage may have finished assembling just before a crash or a lost answer: then the
    // object is there and the multipart upload is gone; anything else is a real failure.
    const head = await storage.headObject(key).catch(() => null);
    if (head?.size !== upload.contentLength) throw error;
    etag = head.etag;
    log(`complete ${upload.id}: storage had already assembled the object; recording it`);
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
        sha256: null,
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
        sha256: null,
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

export function batchResult(upload: UploadRecord): BatchResult {
  return { items: [{ id: upload.assetId, uploadId: upload.id, size: upload.contentLength }], totalItemCount: 1 };
}
