// Wire models of the Nomad upload API subset (../shared/spec/nomad-upload-openapi.json).
// Shared by the engine (client) and the sandbox (server): one definition, so the two cannot
// drift apart silently. Types only; runtime validation of responses lives in api-schemas.ts.

/** Part size the Nomad start endpoint documents: 8 MiB. */
export const DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024;
/** S3 multipart uploads allow at most 10,000 parts. */
export const MAX_PARTS = 10_000;
/** S3 refuses parts under 5 MiB except the last one. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

import type { UploadOverwriteOption, UploadReplaceOption } from '../../shared/upload-options';
// Defined in shared/ (the renderer shows them and imports nothing from main/); re-exported for the engine's callers.
export { UPLOAD_OVERWRITE_OPTIONS, UPLOAD_REPLACE_OPTIONS, type UploadOverwriteOption, type UploadReplaceOption } from '../../shared/upload-options';

export interface LoginRequest {
  userName: string;
  password: string;
  /** The two-factor code, on the second login of a TwoFactorCodeRequired / TwoFactorSetupRequired answer. */
  token?: string | null;
  /** Sets a new password when the answer was IsPendingNewPassword. */
  newPassword?: string | null;
  applicationId?: string | null;
}

/** LoginResponseStatuses of the spec: why a login answered without tokens. */
export const LOGIN_RESPONSE_STATUSES = [
  'TwoFactorSetupRequired',
  'TwoFactorCodeRequired',
  'IsDisabled',
  'IsPendingEmailConfirmation',
  'IsPendingNewAccountSignup',
  'IsPendingAccountMigrationSignup',
  'IsPendingNewPassword',
  'IsExpired',
  'IsPendingInvitation',
] as const;
export type LoginResponseStatus = (typeof LOGIN_RESPONSE_STATUSES)[number];

export interface RefreshTokenRequest {
  refreshToken: string;
}

export interface LoginResponse {
  id?: string;
  userName?: string | null;
  token: string | null;
  refreshToken: string | null;
  expirationSeconds: number;
  loginStatus?: string | null;
  userSessionId?: string | null;
  /** TwoFactorSetupRequired: a base64 PNG of the QR code, and the secret for manual entry. */
  twoFactorQRCodeImage?: string | null;
  twoFactorQRCode?: string | null;
}

/** PingResponseModel of `POST /account/ping`. */
export interface PingResponse {
  redirectUrl: string | null;
  pingStatus: 'Normal' | 'ChatDisabled' | 'AccountExpired' | 'SessionDeactivated';
}

/** UserModel of `GET /account/user`. */
export interface UserProfile {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  isAdmin: boolean | null;
}

export interface AssetUploadStartRequest {
  displayName?: string | null;
  existingAssetId?: string | null;
  relatedContentId?: string | null;
  uploadOverwriteOption: UploadOverwriteOption;
  relativePath?: string | null;
  parentId?: string | null;
  languageId?: string | null;
  uploadReplaceOptions?: UploadReplaceOption[] | null;
  contentLength: number;
  chunkSize: number;
}

export interface RelatedAssetUploadStartRequest {
  existingAssetId?: string | null;
  relatedAssetId?: string | null;
  newRelatedAssetMetadataType?: string | null;
  relativePath?: string | null;
  languageId?: string | null;
  contentLength: number;
  chunkSize: number;
  uploadOverwriteOption: UploadOverwriteOption;
}

export interface AssetPartUpload {
  id: string;
  url: string | null;
  partNumber: number;
  startingPosition: number;
  /** Inclusive. A 0-byte file's single part is [0, -1]. */
  endingPosition: number;
  isCompleted: boolean;
}

export interface AssetUpload {
  id: string;
  assetId: string;
  /** Set once the upload is complete. */
  etag?: string | null;
  url?: string | null;
  contentLength?: number;
  startDate?: string;
  parts: AssetPartUpload[] | null;
}

export interface CompletePartRequest {
  etag: string;
}

export interface BatchResult {
  items: Record<string, unknown>[] | null;
  totalItemCount: number;
}

export interface ProblemDetails {
  type?: string | null;
  title?: string | null;
  status?: number | null;
  detail?: string | null;
  instance?: string | null;
  [extension: string]: unknown;
}
