import { join } from 'node:path';
import { DiscardStorage } from './discard-storage';
import { EmbeddedStorage } from './embedded-storage';
import type { ResolvedOptions } from './options';
import { S3Storage } from './s3-storage';
import type { StorageBackend } from './storage-backend';

/**
 * Behind the gateway, embedded part URLs are signed for this fixed host instead of s3rver's
 * own address: s3rver gets a new port on every start, and a URL handed out before a restart
 * must still verify after it (the gateway checks signatures; s3rver itself does not).
 */
const EMBEDDED_SIGNING_ENDPOINT = 'http://embedded-s3.nomad-sandbox.invalid';

type StoragePlacement = Pick<ResolvedOptions, 'storage' | 'dataDir' | 'host' | 'directUrls' | 'storagePublicUrl'>;

export async function createStorage(options: StoragePlacement): Promise<StorageBackend> {
  const { storage, directUrls } = options;
  // Behind the gateway, URLs are signed for the endpoint the gateway forwards to; direct URLs
  // are signed for the host clients will send them to.
  const signingEndpoint = directUrls && options.storagePublicUrl !== null ? { signingEndpoint: options.storagePublicUrl } : {};
  switch (storage.kind) {
    case 'embedded':
      return EmbeddedStorage.start(join(options.dataDir, 's3'), {
        // Clients reach s3rver only with direct URLs: then it binds where the sandbox does.
        host: directUrls ? options.host : '127.0.0.1',
        ...(storage.port === undefined ? {} : { port: storage.port }),
        ...(directUrls ? { ...signingEndpoint, verifySignatures: true } : { signingEndpoint: EMBEDDED_SIGNING_ENDPOINT }),
      });
    case 's3': {
      const s3 = new S3Storage({
        endpoint: storage.endpoint,
        bucket: storage.bucket,
        region: storage.region ?? 'us-east-1',
        ...(storage.accessKeyId && storage.secretAccessKey
          ? { credentials: { accessKeyId: storage.accessKeyId, secretAccessKey: storage.secretAccessKey } }
          : {}),
        ...signingEndpoint,
      });
      if (directUrls) await requireListParts(s3, storage.endpoint);
      return s3;
    }
    case 'discard':
      return new DiscardStorage();
  }
}

/**
 * With direct URLs the sandbox never sees a part's answer, so ListParts is the only way to
 * check a reported ETag; without it every part would be taken on trust. Refused at start.
 */
async function requireListParts(s3: S3Storage, endpoint: string): Promise<void> {
  let supported: boolean;
  try {
    supported = await s3.supportsListParts();
  } catch (error) {
    await s3.close();
    throw new Error(`could not ask ${endpoint} whether it implements ListParts: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (supported) return;
  await s3.close();
  throw new Error(
    `direct URLs need ListParts to verify parts, and ${endpoint} does not implement it (s3rver 3.7.1 does not): ` +
      'use the embedded storage, which the sandbox verifies from its part files, or the gateway (no --direct-urls)',
  );
}
