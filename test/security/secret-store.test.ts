// The refresh token at rest: only ever written encrypted by safeStorage, in a file of its
// own readable by the user alone; in memory only when the OS offers no real encryption.

import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../support/files';

const storage = vi.hoisted(() => ({ available: true, backend: 'gnome_libsecret' }));
vi.mock('electron', () => {
  // A stand-in cipher: reversible, and never contains the plain text.
  const safeStorage = {
    isEncryptionAvailable: () => storage.available,
    getSelectedStorageBackend: () => storage.backend,
    encryptString: (text: string) => Buffer.from(`enc:${Buffer.from(text).toString('base64').split('').reverse().join('')}`),
    decryptString: (data: Buffer) => Buffer.from(data.toString().slice(4).split('').reverse().join(''), 'base64').toString(),
  };
  return { safeStorage, default: { safeStorage } };
});

const { SafeStorageSecretStore } = await import('../../main/electron/safe-storage-secret-store');
const session = { serverUrl: 'https://nomad.example.com', userName: 'ana', refreshToken: 'refresh-3f9a1c2b7d6e5f4a3b2c1d0e' };
let temp: { dir: string; cleanup: () => Promise<void> };

beforeEach(async () => {
  temp = await makeTempDir('nomad-secret-store-');
  storage.available = true;
  storage.backend = 'gnome_libsecret';
});
afterEach(() => temp.cleanup());

describe('the safeStorage secret store', () => {
  it('writes the session encrypted, owner-only, and reads it back', async () => {
    await new SafeStorageSecretStore(temp.dir).save(session);

    const file = join(temp.dir, 'session.bin');
    expect(await readFile(file, 'utf8')).not.toContain(session.refreshToken);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o077).toBe(0);
    expect(await new SafeStorageSecretStore(temp.dir).load()).toEqual(session);
    expect(await readdir(temp.dir)).toEqual(['session.bin']);
  });

  it('forgets the session on sign-out', async () => {
    const store = new SafeStorageSecretStore(temp.dir);
    await store.save(session);
    await store.save(null);
    expect(await readdir(temp.dir)).toEqual([]);
    expect(await store.load()).toBeNull();
  });

  it('keeps it in memory only when encryption is unavailable or only basic_text obfuscation (Linux, no keyring)', async () => {
    // basic_text exists on Linux only; elsewhere isEncryptionAvailable() is the whole story.
    const cases = process.platform === 'linux' ? ([[false, 'unknown'], [true, 'basic_text']] as const) : ([[false, 'unknown']] as const);
    for (const [available, backend] of cases) {
      storage.available = available;
      storage.backend = backend;
      const store = new SafeStorageSecretStore(temp.dir);
      await store.save(session);
      expect(await readdir(temp.dir)).toEqual([]);
      expect(await store.load()).toEqual(session);
      expect(await new SafeStorageSecretStore(temp.dir).load()).toBeNull();
    }
  });

  it('treats an unreadable or tampered file as no session', async () => {
    const store = new SafeStorageSecretStore(temp.dir);
    await store.save(session);
    await writeFile(join(temp.dir, 'session.bin'), 'enc:garbage');
    expect(await store.load()).toBeNull();
  });
});
