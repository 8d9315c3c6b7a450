// One mutation of the sandbox state, as the state journal records it (one JSON line each).
// Replaying the changes after the snapshot they follow gives the state as it was answered.
import type { AssetRecord, FolderRecord, PartRecord, PasswordRecord, SessionRecord, TokenRecord, UploadRecord, UploadStatus, UrlCutoff } from './state-model';

export type StateChange =
  | { op: 'session.put'; value: SessionRecord }
  | { op: 'session.delete'; id: string }
  | { op: 'token.put'; value: TokenRecord }
  | { op: 'token.delete'; digest: string }
  | { op: 'folder.put'; value: FolderRecord }
  | { op: 'asset.put'; value: AssetRecord }
  /** A new upload, with all its parts (the only large change: once per upload). */
  | { op: 'upload.put'; value: UploadRecord }
  | { op: 'upload.update'; id: string; assetId: string; status: UploadStatus }
  | { op: 'upload.drop-parts'; id: string }
  /** One part's acknowledgement or confirmation changed: part-sized, not upload-sized. */
  | { op: 'part.put'; uploadId: string; value: PartRecord }
  | { op: 'url-cutoff.put'; value: UrlCutoff | null }
  | { op: 'password.put'; value: PasswordRecord };

export const STATE_CHANGE_OPS: ReadonlySet<string> = new Set<StateChange['op']>([
  'session.put',
  'session.delete',
  'token.put',
  'token.delete',
  'folder.put',
  'asset.put',
  'upload.put',
  'upload.update',
  'upload.drop-parts',
  'part.put',
  'url-cutoff.put',
  'password.put',
]);
