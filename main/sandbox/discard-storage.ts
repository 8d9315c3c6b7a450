import { createHash, randomBytes } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { EMPTY_MD5 } from './s3-storage';
import { PartUrlSigner, type UrlSigning } from './part-url-signer';
import type { SigningIdentity } from './sigv4-verifier';
import type { PartQuery, StorageBackend, StoredPart } from './storage-backend';

export const DISCARD_BUCKET = 'nomad-discard';
/** Never contacted: the client exists only to pre-sign URLs with the same shape real S3 would use. */
const SIGNING_ENDPOINT = 'http://discard.invalid';
const SIGNING_CREDENTIALS = { accessKeyId: 'DISCARD', secretAccessKey: 'DISCARD' };

/**
 * Storage that keeps no bytes, for client-bound benchmarks: the gateway hashes each part
 * (MD5, the S3 ETag) and drops it, so the server costs as little CPU as possible.
 */
export class DiscardStorage implements StorageBackend {
  readonly kind = 'discard' as const;
  readonly bucket = DISCARD_BUCKET;
  readonly upstream = null;
  readonly partVerification = 'the MD5 and size the gateway computed while discarding the part';
  readonly #client: S3Client;
  readonly #signer: PartUrlSigner;

  constructor() {
    this.#client = new S3Client({
      endpoint: SIGNING_ENDPOINT,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: SIGNING_CREDENTIALS,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.#signer = new PartUrlSigner(this.#client, DISCARD_BUCKET);
  }

  async signingIdentity(): Promise<SigningIdentity & { host: string }> {
    return { ...SIGNING_CREDENTIALS, region: 'us-east-1', host: new URL(SIGNING_ENDPOINT).host };
  }

  async createMultipartUpload(): Promise<string> {
    return randomBytes(16).toString('hex');
  }

  signPartUrls(key: string, multipartUploadId: string, partNumbers: number[], signing: UrlSigning): Promise<Map<number, string>> {
    return this.#signer.sign(key, multipartUploadId, partNumbers, signing);
  }

  async inspectPart(query: PartQuery): Promise<StoredPart> {
    return query.acknowledged
      ? { kind: 'stored', etag: query.acknowledged.etag, size: query.acknowledged.size }
      : { kind: 'missing' };
  }

  /** The ETag real S3 gives a multipart object: MD5 of the parts' binary MD5s, then "-<part count>". */
  async completeMultipartUpload(_key: string, _id: string, parts: { partNumber: number; etag: string }[]): Promise<{ etag: string }> {
    const hash = createHash('md5');
    for (const part of [...parts].sort((a, b) => a.partNumber - b.partNumber)) {
      hash.update(Buffer.from(part.etag, 'hex'));
    }
    return { etag: `${hash.digest('hex')}-${parts.length}` };
  }

  async abortMultipartUpload(): Promise<void> {}

  async putEmptyObject(): Promise<{ etag: string }> {
    return { etag: EMPTY_MD5 };
  }

  async digestObject(): Promise<null> {
    return null;
  }

  async headObject(): Promise<null> {
    return null;
  }

  async deleteObject(): Promise<void> {}

  async close(): Promise<void> {
    this.#client.destroy();
  }
}
