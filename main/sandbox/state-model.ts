// The sandbox's persisted records. Everything a restart must continue (sessions, folders,
// assets, uploads with their confirmations and S3 multipart ids, URL expiry cut-offs) is here;
// nothing else survives a restart.
import type { UploadOverwriteOption, UploadReplaceOption } from '../engine/protocol';

export const STATE_VERSION = 1;

export interface SessionRecord {
  id: string;
  userName: string;
  createdAt: string;
  /** LoginRequestModel.applicationId, when the client sent one. */
  applicationId?: string | null;
  /** Last `POST /account/ping`. */
  lastActivityAt?: string;
}

/** Tokens are kept only as digests (see ids.ts). Access and refresh tokens share one table. */
export interface TokenRecord {
  digest: string;
  sessionId: string;
  kind: 'access' | 'refresh';
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** A password changed at sign-in (IsPendingNewPassword), as a salted digest. */
export interface PasswordRecord {
  userName: string;
  salt: string;
  digest: string;
}

export interface FolderRecord {
  id: string;
  /** null only for what sits at the root: the storage bucket and the predefined Incoming folder. */
  parentId: string | null;
  name: string;
  /** 'bucket' for a storage bucket at the root (AssetTypes.Bucket); absent: a folder. */
  kind?: 'bucket';
  createdAt?: string;
}

export interface AssetRecord {
  id: string;
  parentId: string;
  /** File name: the last segment of the path; unique within the parent folder. */
  name: string;
  displayName: string;
  size: number;
  /**
   * Recorded at complete by sandboxes before asset-digests.ts; null now (the inspection route
   * hashes the stored bytes when asked).
   */
  sha256: string | null;
  /** The storage object's ETag (unquoted). */
  etag: string;
  objectKey: string;
  /** The upload that produced the current content. */
  uploadId: string;
  owner: string;
  languageId: string | null;
  relatedContentId: string | null;
  relatedToAssetId: string | null;
  relatedAssetMetadataType: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StoredPartAck {
  /** ETag the client was given for the last successful PUT of this part (unquoted, lower case). */
  etag: string;
  size: number;
  /** What storage itself answered, when the client was told another ETag (the kms-etag variant). */
  storageEtag?: string;
}

export interface PartRecord {
  id: string;
  partNumber: number;
  startingPosition: number;
  /** Inclusive; -1 for the single part of a 0-byte file (0 under the zero-byte-single-part variant, clamped to the file). */
  endingPosition: number;
  /** What the storage gateway saw storage acknowledge (null = never acknowledged). */
  stored: StoredPartAck | null;
  /** ETag the client confirmed with part-complete and the sandbox verified (null = not confirmed). */
  confirmedEtag: string | null;
  /** Storage's own ETag of the confirmed bytes, when it differs from the one the client saw (kms-etag); used to complete. */
  storageEtag?: string | null;
}

export type UploadStatus =
  | { state: 'in-progress' }
  | { state: 'completed'; etag: string; size: number; sha256: string | null; completedAt: string }
  | { state: 'cancelled'; cancelledAt: string; message: string | null };

/** Where a file lands: a folder and a file name. Two uploads never share an in-progress target. */
export interface UploadTarget {
  parentId: string;
  name: string;
}

export interface UploadMetadata {
  displayName: string;
  languageId: string | null;
  relatedContentId: string | null;
  relatedToAssetId: string | null;
  relatedAssetMetadataType: string | null;
  uploadReplaceOptions: UploadReplaceOption[];
}

export interface UploadRecord {
  id: string;
  /** Fixed at start: a new id, or the id of the asset whose content this upload replaces. */
  assetId: string;
  owner: string;
  startDate: string;
  overwriteOption: UploadOverwriteOption;
  target: UploadTarget;
  /** Set for Replace/AssetReplace (and Continue/Cancel never): completion replaces that asset's content. */
  replacesAssetId: string | null;
  metadata: UploadMetadata;
  contentLength: number;
  chunkSize: number;
  storage: { key: string; multipartUploadId: string };
  /** Emptied when the upload is cancelled: its parts no longer exist anywhere. */
  parts: PartRecord[];
  status: UploadStatus;
}

/**
 * The `expire-urls` fault: every URL signed before the cut-off is expired. X-Amz-Date has
 * one-second resolution, so URLs signed within the cut-off's own second are listed by signature.
 */
export interface UrlCutoff {
  /** Epoch milliseconds of the start of the cut-off second. */
  second: number;
  signatures: string[];
  /** How many cut-offs fell into this same second (see UrlExpiry.lifetimeFor). */
  generation: number;
}

export interface PersistedState {
  version: typeof STATE_VERSION;
  /** Which journal file continues this snapshot (state-<n>.log); absent in files older than the journal: 0. */
  journalGeneration?: number;
  incomingFolderId: string;
  sessions: SessionRecord[];
  tokens: TokenRecord[];
  folders: FolderRecord[];
  assets: AssetRecord[];
  uploads: UploadRecord[];
  urlCutoff: UrlCutoff | null;
  /** Absent in files written before passwords could change. */
  passwords?: PasswordRecord[];
}
