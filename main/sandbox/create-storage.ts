import { join } from 'node:path';
import { DiscardStorage } from './discard-storage';
import { EmbeddedStorage } from './embedded-storage';
import type { StorageOptions } from './options';
import { S3Storage } from './s3-storage';
import type { StorageBackend } from './storage-backend';

export async function createStorage(options: StorageOptions, dataDir: string): Promise<StorageBackend> {
  switch (options.kind) {
    case 'embedded':
      return EmbeddedStorage.start(join(dataDir, 's3'));
    case 's3':
      return new S3Storage({
        endpoint: options.endpoint,
        bucket: options.bucket,
        region: options.region ?? 'us-east-1',
        ...(options.accessKeyId && options.secretAccessKey
          ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
          : {}),
      });
    case 'discard':
      return new DiscardStorage();
  }
}
