// The file side of an upload. Every attempt at a part opens a fresh read stream over exactly
// its byte range: a shared cursor would let a retried part read the wrong bytes, and
// nothing here ever holds a whole file (or a whole part) in memory.

import { createReadStream } from 'node:fs';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { UploadError, toUploadError } from './errors';
import type { FileIdentity } from './journal-schema';

/** What identifies the file an upload was started from; the journal keeps it. */
export type FileFingerprint = FileIdentity;

export interface ByteSource {
  readonly path: string;
  /** A new stream over [start, end] inclusive. */
  openRange(start: number, end: number, chunkSize?: number): Readable;
  /** Resolves when the file is still the one fingerprinted; throws file-changed/missing. */
  checkUnchanged(expected: FileFingerprint): Promise<void>;
}

const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** 1 MiB reads: large enough that syscalls and stream ticks stay cheap at 1 GB/s. */
export const READ_CHUNK = 1024 * 1024;

export async function fingerprintFile(path: string): Promise<FileFingerprint> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UploadError('not-a-file', `${path} is not a regular file.`, { path });
    // Find out now, not after the server has opened an upload for bytes we cannot read.
    await access(path, constants.R_OK);
    return { path, size: info.size, mtimeMs: Math.trunc(info.mtimeMs), dev: info.dev, ino: info.ino, ctimeMs: Math.trunc(info.ctimeMs) };
  } catch (error) {
    throw toUploadError(error, { path });
  }
}

export function describeChange(expected: FileFingerprint, actual: FileFingerprint): string {
  if (actual.size !== expected.size) {
    return `The file changed on disk (was ${expected.size} bytes, now ${actual.size}); nothing of the new version was added to the upload. Upload it again as a new version (Replace).`;
  }
  return 'The file was modified on disk after the upload began; nothing of the new version was added to the upload. Upload it again as a new version (Replace).';
}

export class LocalFileSource implements ByteSource {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  openRange(start: number, end: number, chunkSize = READ_CHUNK): Readable {
    // O_NONBLOCK: if the file was swapped for a FIFO since it was checked, open(2) would block
    // until a writer appears, hanging the part and pinning a libuv thread. Non-blocking, the
    // open returns and the positioned read fails with ESPIPE: the job fails as "not a regular
    // file". Regular files ignore the flag. (Windows has no O_NONBLOCK and no FIFOs at a path.)
    // (fs.open takes numeric flags; @types/node only lists the string form for streams.)
    return createReadStream(this.path, { start, end, highWaterMark: chunkSize, flags: READ_FLAGS as unknown as string });
  }

  async checkUnchanged(expected: FileFingerprint): Promise<void> {
    let actual: FileFingerprint;
    try {
      actual = await fingerprintFile(this.path);
    } catch (error) {
      const uploadError = toUploadError(error, { path: this.path });
      if (uploadError.code === 'file-missing') {
        throw new UploadError('file-missing', 'The file was moved or deleted before the upload finished.', {
          path: this.path,
        });
      }
      throw uploadError;
    }
    if (actual.size !== expected.size || actual.mtimeMs !== expected.mtimeMs) {
      throw new UploadError('file-changed', describeChange(expected, actual), { path: this.path });
    }
  }
}
