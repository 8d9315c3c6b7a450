// safeStorage: encryptString() refuses when the OS offers no encryption; what it returns is
// not the plain text; decryptString() refuses what it did not encrypt; on Linux the backend
// in use can be the hard-coded-key "basic_text".

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { environment } from './environment';

/** Stands in for the key the OS keychain holds (one per test run). */
const KEY = randomBytes(32);
const MAGIC = Buffer.from('v10');

export const safeStorage = {
  isEncryptionAvailable(): boolean {
    return environment.encryptionAvailable;
  },

  encryptString(plainText: string): Buffer {
    if (!environment.encryptionAvailable) {
      throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', KEY, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
  },

  decryptString(encrypted: Buffer): string {
    if (!environment.encryptionAvailable) {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.');
    }
    try {
      if (!encrypted.subarray(0, 3).equals(MAGIC)) throw new Error('not ours');
      const decipher = createDecipheriv('aes-256-gcm', KEY, encrypted.subarray(3, 15));
      decipher.setAuthTag(encrypted.subarray(15, 31));
      return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  },

  getSelectedStorageBackend(): string {
    if (environment.platform !== 'linux') throw new Error('safeStorage.getSelectedStorageBackend is only available on Linux');
    return environment.linuxStorageBackend;
  },
};
