import type { UrlSigning } from './part-url-signer';
import type { SigningIdentity } from './sigv4-verifier';
import type { StoredPartAck } from './state-model';

export type StoredPart = { kind: 'stored'; etag: string; size: number } | { kind: 'missing' };

export interface PartQuery {
  key: string;
  multipartUploadId: string;
  partNumber: number;
  /** The planned length of the part; lets a backend wait out a part that is still being flushed. */
  expectedSize: number;
  /** What the storage gateway saw storage acknowledge for this part, if anything. */
  acknowledged: StoredPartAck | null;
}

export interface ObjectDigest {
  size: number;
  sha256: string;
}

/**
 * The S3 operations the Nomad layer needs. Part bytes never pass through here: clients PUT
 * them to pre-signed URLs, which the storage gateway forwards to `upstream`.
 */
export interface StorageBackend {
  readonly kind: 'embedded' | 's3' | 'discard';
  readonly bucket: string;
  /** Where the gateway forwards part PUTs; null: the gateway absorbs the bytes itself (discard). */
  readonly upstream: URL | null;
  /** How part-complete verifies a part against storage (logged at start-up). */
  readonly partVerification: string;

  createMultipartUpload(key: string): Promise<string>;
  /** The key pair, region and host part URLs are signed with (the gateway verifies signatures with it). */
  signingIdentity(): Promise<SigningIdentity & { host: string }>;
  /** Upstream pre-signed UploadPart URLs by part number. */
  signPartUrls(key: string, multipartUploadId: string, partNumbers: number[], signing: UrlSigning): Promise<Map<number, string>>;
  inspectPart(query: PartQuery): Promise<StoredPart>;
  completeMultipartUpload(key: string, multipartUploadId: string, parts: { partNumber: number; etag: string }[]): Promise<{ etag: string }>;
  abortMultipartUpload(key: string, multipartUploadId: string): Promise<void>;
  /** A plain PUT of an empty object (a 0-byte upload planned without parts). */
  putEmptyObject(key: string): Promise<{ etag: string }>;
  /** Streams the stored object back and hashes it; null when storage keeps no bytes (discard). */
  digestObject(key: string): Promise<ObjectDigest | null>;
  /** Size and ETag of a stored object, null if absent: recognises a complete that finished before a crash. */
  headObject(key: string): Promise<{ size: number; etag: string } | null>;
  deleteObject(key: string): Promise<void>;
  close(): Promise<void>;
}
