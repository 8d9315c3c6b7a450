// Files in memory behind the engine's FileAccess seam: no real I/O, so a test on a fake clock
// decides every moment. A test can change or delete a file between two parts like a person
// would on disk.

import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { UploadError } from '../../../../main/engine/errors';
import type { FileAccess } from '../../../../main/engine/file-access';
import { describeChange, type ByteSource, type FileFingerprint } from '../../../../main/engine/source';
import type { WalkedFile, WalkProblem } from '../../../../main/engine/walk';

interface MemoryFile {
  bytes: Buffer;
  mtimeMs: number;
  ino: number;
}

export class MemoryFiles implements FileAccess {
  readonly #files = new Map<string, MemoryFile>();
  #nextIno = 1;

  /** Adds (or replaces) a file; returns its SHA-256. */
  put(path: string, bytes: Buffer, mtimeMs = 1_700_000_000_000): string {
    this.#files.set(path, { bytes, mtimeMs, ino: this.#nextIno++ });
    return sha256(bytes);
  }

  delete(path: string): void {
    this.#files.delete(path);
  }

  async walk(paths: readonly string[]): Promise<{ files: WalkedFile[]; problems: WalkProblem[] }> {
    const files: WalkedFile[] = [];
    const problems: WalkProblem[] = [];
    for (const path of paths) {
      const name = path.split('/').pop()!;
      if (this.#files.has(path)) files.push({ localPath: path, relativePath: name });
      else problems.push({ localPath: path, relativePath: name, error: new UploadError('file-missing', `${name} does not exist.`, { path }) });
    }
    return { files, problems };
  }

  async fingerprint(path: string): Promise<FileFingerprint> {
    const file = this.#files.get(path);
    if (!file) throw new UploadError('file-missing', `${path} does not exist.`, { path });
    return { path, size: file.bytes.length, mtimeMs: file.mtimeMs, dev: 1, ino: file.ino, ctimeMs: file.mtimeMs };
  }

  source(path: string): ByteSource {
    const files = this.#files;
    return {
      path,
      openRange(start: number, end: number): Readable {
        const file = files.get(path);
        if (!file) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT', path });
        return Readable.from([file.bytes.subarray(start, end + 1)]);
      },
      async checkUnchanged(expected: FileFingerprint): Promise<void> {
        const file = files.get(path);
        if (!file) throw new UploadError('file-missing', 'The file was moved or deleted before the upload finished.', { path });
        const actual = { path, size: file.bytes.length, mtimeMs: file.mtimeMs, dev: 1, ino: file.ino, ctimeMs: file.mtimeMs };
        if (actual.size !== expected.size || actual.mtimeMs !== expected.mtimeMs) {
          throw new UploadError('file-changed', describeChange(expected, actual), { path });
        }
      },
    };
  }
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
