// Related assets (sidecars: subtitles, captions, proxies, thumbnails) go up with
// `POST /asset/upload/start-related-asset`; every later step of the protocol (parts, part
// complete, complete, cancel) is the same as for any upload. So a related upload is an
// ordinary job whose start goes to the other route: this adapter gives a queue that API,
// and the engine's jobs, journal and retries serve attachments unchanged.

import { basename } from 'node:path';
import type { NomadApi, ParsedAssetUpload } from './api';
import { UploadError } from './errors';
import type { AssetUploadStartRequest } from './protocol';
import type { QueueApi } from './queue-options';

export interface RelatedUploadOptions {
  /**
   * The server's related-asset metadata type (a UUID) for every file, when the person gave
   * one; the spec types it as a server-defined id, so a kind name is never sent in its place.
   */
  metadataType?: string | null;
}

/**
 * A queue API whose start attaches the file to the asset named in the job's
 * `existingAssetId` (start-related-asset: "the asset this file relates to"). A related
 * upload that would replace another asset (AssetReplace) is refused: it has no meaning here.
 */
export function relatedUploadApi(api: NomadApi, options: RelatedUploadOptions = {}): QueueApi {
  const startUpload = async (request: AssetUploadStartRequest, signal?: AbortSignal): Promise<ParsedAssetUpload> => {
    const parent = request.existingAssetId;
    if (!parent) throw new UploadError('bad-request', 'An attachment needs the asset it belongs to.', { request: 'POST /asset/upload/start-related-asset' });
    if (request.uploadOverwriteOption === 'AssetReplace') {
      throw new UploadError('bad-request', 'An attachment cannot replace another asset; attach it again to replace the one of the same name.', {
        request: 'POST /asset/upload/start-related-asset',
      });
    }
    return api.startRelatedUpload(
      {
        existingAssetId: parent,
        // The file's own name: the server places it beside the asset it belongs to.
        relativePath: basename(request.relativePath ?? request.displayName ?? 'attachment'),
        languageId: request.languageId ?? null,
        newRelatedAssetMetadataType: options.metadataType ?? null,
        contentLength: request.contentLength,
        chunkSize: request.chunkSize,
        uploadOverwriteOption: request.uploadOverwriteOption,
      },
      signal,
    );
  };
  return {
    get baseUrl() {
      return api.baseUrl;
    },
    get session() {
      return api.session;
    },
    startUpload,
    getUploadParts: (id, signal) => api.getUploadParts(id, signal),
    completePart: (partId, etag, signal) => api.completePart(partId, etag, signal),
    completeUpload: (id, signal) => api.completeUpload(id, signal),
    cancelUpload: (id, message, signal) => api.cancelUpload(id, message, signal),
    listUploads: (includeCompleted, signal) => api.listUploads(includeCompleted, signal),
    reachable: (signal) => api.reachable(signal),
  };
}
