import type { AssetPartUpload, AssetUpload } from '../engine/protocol';
import type { UploadRecord } from './state-model';
import type { StorageBackend } from './storage-backend';
import { parseAmzDate, type UrlExpiry } from './url-expiry';

export type UrlMode = 'resign' | 'listing';

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
  readonly #reuseUrls: boolean;
  /** Part id → the URL last handed out for it (what no-resign listings repeat). In memory: a restart signs afresh. */
  readonly #handedOut = new Map<string, string>();

  /** publish: the URL a client gets for an upstream pre-signed URL (the gateway's, or the URL itself when direct). */
  constructor(storage: StorageBackend, expiry: UrlExpiry, ttlSeconds: number, publish: (upstreamUrl: string) => string, reuseUrls: boolean) {
    this.#storage = storage;
    this.#expiry = expiry;
    this.#ttlSeconds = ttlSeconds;
    this.#publish = publish;
    this.#reuseUrls = reuseUrls;
  }

  /**
   * `resign`: sign fresh URLs (a start, a Continue). `listing`: the admin listings, which under
   * no-resign hand back the URLs handed out before (expired or not), as a server that stores
   * them would; without that variant listings sign afresh too.
   */
  async upload(record: UploadRecord, mode: UrlMode): Promise<AssetUpload> {
    return {
      id: record.id,
      assetId: record.assetId,
      etag: record.status.state === 'completed' ? record.status.etag : null,
      url: null,
      contentLength: record.contentLength,
      startDate: record.startDate,
      parts: await this.parts(record, mode),
    };
  }

  async parts(record: UploadRecord, mode: UrlMode): Promise<AssetPartUpload[]> {
    const pending = record.status.state === 'in-progress' ? record.parts.filter((part) => part.confirmedEtag === null) : [];
    const reuse = mode === 'listing' && this.#reuseUrls;
    const toSign = pending.filter((part) => !(reuse && this.#handedOut.has(part.id))).map((part) => part.partNumber);
    const signingDate = new Date();
    const expiresIn = this.#expiry.lifetimeFor(signingDate, this.#ttlSeconds);
    const signed = await this.#storage.signPartUrls(record.storage.key, record.storage.multipartUploadId, toSign, { signingDate, expiresIn });
    return record.parts.map((part) => {
      const upstream = signed.get(part.partNumber);
      let url = upstream === undefined ? null : this.#published(upstream);
      if (this.#reuseUrls) {
        // Remembered only under no-resign, and only while the part is still to be sent.
        const toSend = part.confirmedEtag === null && record.status.state === 'in-progress';
        if (!toSend) this.#handedOut.delete(part.id);
        else if (url !== null) this.#handedOut.set(part.id, url);
        else if (reuse) url = this.#handedOut.get(part.id) ?? null;
      }
      return {
        id: part.id,
        url,
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
