import type { AssetPartUpload, AssetUpload } from '../engine/protocol';
import type { UploadRecord } from './state-model';
import type { StorageBackend } from './storage-backend';
import { parseAmzDate, type UrlExpiry } from './url-expiry';

/**
 * Wire models of uploads. Every view signs FRESH URLs for the parts still to upload, so a
 * client that resumes (Continue, admin listings) never gets a URL close to expiry; confirmed
 * parts get none (url null): there is nothing left to send for them.
 */
export class UploadViews {
  readonly #storage: StorageBackend;
  readonly #expiry: UrlExpiry;
  readonly #ttlSeconds: number;
  readonly #publish: (upstreamUrl: string) => string;

  /** publish: the URL a client gets for an upstream pre-signed URL (the gateway's, or the URL itself when direct). */
  constructor(storage: StorageBackend, expiry: UrlExpiry, ttlSeconds: number, publish: (upstreamUrl: string) => string) {
    this.#storage = storage;
    this.#expiry = expiry;
    this.#ttlSeconds = ttlSeconds;
    this.#publish = publish;
  }

  async upload(record: UploadRecord): Promise<AssetUpload> {
    return {
      id: record.id,
      assetId: record.assetId,
      etag: record.status.state === 'completed' ? record.status.etag : null,
      url: null,
      contentLength: record.contentLength,
      startDate: record.startDate,
      parts: await this.parts(record),
    };
  }

  async parts(record: UploadRecord): Promise<AssetPartUpload[]> {
    const toSign =
      record.status.state === 'in-progress'
        ? record.parts.filter((part) => part.confirmedEtag === null).map((part) => part.partNumber)
        : [];
    const signingDate = new Date();
    const expiresIn = this.#expiry.lifetimeFor(signingDate, this.#ttlSeconds);
    const signed = await this.#storage.signPartUrls(record.storage.key, record.storage.multipartUploadId, toSign, { signingDate, expiresIn });
    return record.parts.map((part) => {
      const upstream = signed.get(part.partNumber);
      return {
        id: part.id,
        url: upstream === undefined ? null : this.#published(upstream),
        partNumber: part.partNumber,
        startingPosition: part.startingPosition,
        endingPosition: part.endingPosition,
        isCompleted: record.status.state === 'completed' || part.confirmedEtag !== null,
      };
    });
  }

  #published(upstreamUrl: string): string {
    const query = new URL(upstreamUrl).searchParams;
    const signature = query.get('X-Amz-Signature');
    const signedAt = parseAmzDate(query.get('X-Amz-Date') ?? '');
    if (signature && signedAt !== null) this.#expiry.recordSigned(signature, signedAt);
    return this.#publish(upstreamUrl);
  }
}
