// Files in memory behind the engine's FileAccess seam: no real I/O, so a test on a fake clock
// decides every moment. A test can change or delete a file between two parts like a person
// would on disk.

import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { UploadError } from '../../../../main/engine/errors';
import type { FileAccess } from '../../../../main/engine/file-access';
import { contentChanged, describeChange, type ByteSource, type FileFingerprint, type OpenFile } from '../../../../main/engine/source';
import type { SkippedEntry, WalkedFile, WalkProblem } from '../../../../main/engine/walk';

interface MemoryFile {
  bytes: Buffer;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export class MemoryFiles implements FileAccess {
  readonly #files = new Map<string, MemoryFile>();
  #nextIno = 1;
  /** Bytes hashed through scanRange so far (the hash passes), over every file. */
  readonly scanned = { bytes: 0 };

  /** Adds (or replaces, with a new inode) a file; returns its SHA-256. */
  put(path: string, bytes: Buffer, mtimeMs = 1_700_000_000_000): string {
    this.#files.set(path, { bytes, mtimeMs, ctimeMs: mtimeMs, ino: this.#nextIno++ });
    return sha256(bytes);
  }

  /** Writes new bytes into the same file (same inode), putting the mtime back as `touch -r` would; ctime moves on. */
  rewriteInPlace(path: string, bytes: Buffer): void {
    const file = this.#files.get(path)!;
    file.bytes = bytes;
    file.ctimeMs += 1;
  }

  delete(path: string): void {
    this.#files.delete(path);
  }

  async walk(paths: readonly string[]): Promise<{ files: WalkedFile[]; problems: WalkProblem[]; skipped: SkippedEntry[] }> {
    const files: WalkedFile[] = [];
    const problems: WalkProblem[] = [];
    for (const path of paths) {
      const name = path.split('/').pop()!;
      if (this.#files.has(path)) files.push({ localPath: path, relativePath: name });
      else problems.push({ localPath: path, relativePath: name, error: new UploadError('file-missing', `${name} does not exist.`, { path }) });
    }
    return { files, problems, skipped: [] };
  }

  async fingerprint(path: string): Promise<FileFingerprint> {
    const file = this.#files.get(path);
    if (!file) throw new UploadError('file-missing', `${path} does not exist.`, { path });
    return identity(path, file);
  }

  source(path: string): ByteSource {
    const files = this.#files;
    const scanned = this.scanned;
    return {
      path,
      async open(expected: FileFingerprint): Promise<OpenFile> {
        const file = files.get(path);
        if (!file) throw new UploadError('file-missing', 'The file was moved or deleted before the upload finished.', { path });
        const actual = identity(path, file);
        if (contentChanged(expected, actual)) throw new UploadError('file-changed', describeChange(expected, actual), { path });
        const opened = { ...expected, ctimeMs: actual.ctimeMs };
        return {
          path,
          identity: opened,
          metadataChanged: expected.ctimeMs !== null && actual.ctimeMs !== expected.ctimeMs,
          // Reads go to the file that was opened, wherever its path points now.
          openRange: (start: number, end: number) => Readable.from([file.bytes.subarray(start, end + 1)]),
          async checkUnchanged() {
            const now = identity(path, file);
            if (contentChanged(opened, now) || now.ctimeMs !== opened.ctimeMs) throw new UploadError('file-changed', describeChange(opened, now), { path });
            const atPath = files.get(path);
            if (!atPath) throw new UploadError('file-missing', 'The file was moved or deleted before the upload finished.', { path });
            if (atPath !== file) throw new UploadError('file-changed', describeChange(opened, identity(path, atPath)), { path });
          },
          scanRange: async (start: number, end: number, visit: (chunk: Buffer) => void) => {
            const bytes = file.bytes.subarray(start, end + 1);
            scanned.bytes += bytes.length;
            if (bytes.length > 0) visit(bytes);
            return bytes.length;
          },
          async close() {},
        };
      },
    };
  }
}

function identity(path: string, file: MemoryFile): FileFingerprint {
  return { path, size: file.bytes.length, mtimeMs: file.mtimeMs, dev: 1, ino: file.ino, ctimeMs: file.ctimeMs };
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
