import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { normalizeEtag } from './etag';
import { PartUrlSigner, type UrlSigning } from './part-url-signer';
import type { SigningIdentity } from './sigv4-verifier';
import type { ObjectDigest, PartQuery, StorageBackend, StoredPart } from './storage-backend';

export interface S3StorageConfig {
  endpoint: string;
  bucket: string;
  region: string;
  /** Omitted: the SDK's default credential chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Origin that pre-signed part URLs name (signed for its host); default: the endpoint. */
  signingEndpoint?: string;
}

/** MD5 of no bytes: the ETag of an empty object. */
export const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

/** S3 error names that mean "this server does not implement the operation" (s3rver answers 405). */
const UNSUPPORTED_OPERATION = new Set(['NotImplemented', 'MethodNotAllowed']);

/** Any S3-compatible endpoint, addressed path-style. */
export class S3Storage implements StorageBackend {
  readonly kind = 's3' as const;
  readonly bucket: string;
  readonly upstream: URL;
  readonly #client: S3Client;
  readonly #signingClient: S3Client;
  readonly #signer: PartUrlSigner;
  readonly #signingHost: string;
  #listPartsWorks = true;

  constructor(config: S3StorageConfig) {
    this.bucket = config.bucket;
    this.upstream = new URL(config.endpoint);
    this.#client = s3Client(config, config.endpoint);
    this.#signingClient = config.signingEndpoint === undefined ? this.#client : s3Client(config, config.signingEndpoint);
    this.#signer = new PartUrlSigner(this.#signingClient, config.bucket);
    this.#signingHost = new URL(config.signingEndpoint ?? config.endpoint).host;
  }

  async signingIdentity(): Promise<SigningIdentity & { host: string }> {
    const { config } = this.#signingClient;
    const credentials = await config.credentials();
    return { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, region: await config.region(), host: this.#signingHost };
  }

  /**
   * Whether the endpoint implements ListParts, asked without side effects: ListParts of an
   * upload id that cannot exist answers NoSuchUpload where it is implemented (S3, MinIO) and
   * MethodNotAllowed or NotImplemented where it is not (s3rver 3.7.1).
   */
  async supportsListParts(): Promise<boolean> {
    try {
      await this.#client.send(new ListPartsCommand({ Bucket: this.bucket, Key: 'nomad-sandbox-probe', UploadId: 'nomad-sandbox-probe-no-such-upload', MaxParts: 1 }));
      return true;
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      if (name === 'NoSuchUpload') return true;
      if (UNSUPPORTED_OPERATION.has(name)) return false;
      throw error;
    }
  }

  get partVerification(): string {
    return this.#listPartsWorks
      ? 'ListParts (the ETag and size storage holds for the part)'
      : 'the ETag storage answered to the gateway (ListParts is not implemented by this endpoint)';
  }

  async createMultipartUpload(key: string): Promise<string> {
    const result = await this.#client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key }));
    if (!result.UploadId) throw new Error(`storage returned no UploadId for ${key}`);
    return result.UploadId;
  }

  signPartUrls(key: string, multipartUploadId: string, partNumbers: number[], signing: UrlSigning): Promise<Map<number, string>> {
    return this.#signer.sign(key, multipartUploadId, partNumbers, signing);
  }

  async inspectPart(query: PartQuery): Promise<StoredPart> {
    if (!this.#listPartsWorks) return fromAcknowledgement(query);
    try {
      // One page of one part, starting right after the previous part number.
      const result = await this.#client.send(
        new ListPartsCommand({
          Bucket: this.bucket,
          Key: query.key,
          UploadId: query.multipartUploadId,
          PartNumberMarker: String(query.partNumber - 1),
          MaxParts: 1,
        }),
      );
      const part = result.Parts?.[0];
      if (!part || part.PartNumber !== query.partNumber || !part.ETag) return { kind: 'missing' };
      return { kind: 'stored', etag: normalizeEtag(part.ETag), size: part.Size ?? 0 };
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      if (name === 'NoSuchUpload') return { kind: 'missing' };
      if (UNSUPPORTED_OPERATION.has(name)) {
        this.#listPartsWorks = false;
        return fromAcknowledgement(query);
      }
      throw error;
    }
  }

  async completeMultipartUpload(key: string, multipartUploadId: string, parts: { partNumber: number; etag: string }[]): Promise<{ etag: string }> {
    const result = await this.#client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: multipartUploadId,
        MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: `"${p.etag}"` })) },
      }),
    );
    if (!result.ETag) throw new Error(`storage returned no ETag completing ${key}`);
    return { etag: normalizeEtag(result.ETag) };
  }

  async abortMultipartUpload(key: string, multipartUploadId: string): Promise<void> {
    try {
      await this.#client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: multipartUploadId }));
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      // Already gone is what abort wants. An endpoint without AbortMultipartUpload (another
      // s3rver) keeps the orphaned parts; the upload is cancelled all the same, and the gateway
      // refuses any further PUT to it.
      if (name !== 'NoSuchUpload' && !UNSUPPORTED_OPERATION.has(name)) throw error;
    }
  }

  async putEmptyObject(key: string): Promise<{ etag: string }> {
    const result = await this.#client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: new Uint8Array(0), ContentLength: 0 }));
    return { etag: normalizeEtag(result.ETag ?? EMPTY_MD5) };
  }

  async digestObject(key: string): Promise<ObjectDigest> {
    const result = await this.#client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const body = result.Body as Readable | undefined;
    const hash = createHash('sha256');
    let size = 0;
    if (body) {
      for await (const chunk of body) {
        const bytes = chunk as Buffer;
        hash.update(bytes);
        size += bytes.length;
      }
    }
    return { size, sha256: hash.digest('hex') };
  }

  async headObject(key: string): Promise<{ size: number; etag: string } | null> {
    try {
      const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: head.ContentLength ?? 0, etag: normalizeEtag(head.ETag ?? '') };
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404) return null;
      throw error;
    }
  }

  async deleteObject(key: string): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async close(): Promise<void> {
    this.#client.destroy();
    if (this.#signingClient !== this.#client) this.#signingClient.destroy();
  }
}

function s3Client(config: S3StorageConfig, endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: config.region,
    forcePathStyle: true,
    ...(config.credentials ? { credentials: config.credentials } : {}),
    // The default (WHEN_SUPPORTED) puts an empty-body CRC32 into UploadPart URLs, which real S3 rejects.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function fromAcknowledgement(query: PartQuery): StoredPart {
  return query.acknowledged
    ? { kind: 'stored', etag: query.acknowledged.etag, size: query.acknowledged.size }
    : { kind: 'missing' };
}
