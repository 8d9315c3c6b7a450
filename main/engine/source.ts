// The file side of an upload. A run opens its file once and reads every part from that one
// descriptor: a path can be pointed at another file mid-upload (`mv new old`), and reading
// each part by path spliced the old file's first parts with the new file's rest into one
// asset. Each attempt at a part still gets a fresh stream over exactly its byte range
// (positioned reads, no shared cursor), and nothing ever holds a whole file in memory.
//
// A file is the one the upload began with while the path leads to the same device and inode
// and its size, mtime and ctime are as recorded. ctime cannot be set back by `touch -r`: a
// rewrite in place that restores the mtime still shows.

import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, open, stat, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { UploadError, toUploadError } from './errors';
import type { FileIdentity } from './journal-schema';

/** What identifies the file an upload was started from; the journal keeps it. */
export type FileFingerprint = FileIdentity;

/** What a part PUT needs of a file: a fresh stream over [start, end] inclusive, and a scan of it. */
export interface RangeReader {
  openRange(start: number, end: number, chunkSize?: number): Readable;
  /**
   * Reads [start, end] as it is now through one reused buffer, handing each chunk to `visit`
   * (valid only during the call), and resolves with the bytes read: a short count, the file
   * shrank. The hash passes read this way: through openRange, a fresh 1 MiB buffer per chunk,
   * GC and reads were twice what they are with one buffer in a profile of 1 GiB.
   */
  scanRange(start: number, end: number, visit: (chunk: Buffer) => void, options?: ScanOptions): Promise<number>;
}

export interface ScanOptions {
  chunkSize?: number;
  /** Stops the scan (rejecting with its reason) between two reads. */
  signal?: AbortSignal;
}

/** The MD5 and length of [start, end] as the file holds it now. */
export async function md5OfRange(file: RangeReader, start: number, end: number, options?: ScanOptions): Promise<{ bytes: number; md5: string }> {
  const hash = createHash('md5');
  const bytes = await file.scanRange(start, end, (chunk) => hash.update(chunk), options);
  return { bytes, md5: hash.digest('hex') };
}

export interface OpenFile extends RangeReader {
  readonly path: string;
  /** The file as opened (a resume after a metadata change records its new ctime). */
  readonly identity: FileFingerprint;
  /**
   * Opened, the file matched its record in everything but its ctime (a metadata change:
   * permissions, a backup tool's attributes — or a rewrite that restored the mtime). The
   * bytes already sent must then be checked against it, all of them.
   */
  readonly metadataChanged: boolean;
  /** Still the file the upload began with (same file at the path, not modified); throws file-changed / file-missing. */
  checkUnchanged(): Promise<void>;
  close(): Promise<void>;
}

export interface ByteSource {
  readonly path: string;
  /** Opens the file for a run, checking it is the one recorded (for a resume) or just seen. */
  open(expected: FileFingerprint): Promise<OpenFile>;
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
    return identityOf(path, info);
  } catch (error) {
    throw toUploadError(error, { path });
  }
}

function identityOf(path: string, info: { size: number; mtimeMs: number; dev: number; ino: number; ctimeMs: number }): FileFingerprint {
  // mtime in whole ms (copies and archives keep it at that precision at best); ctime as the
  // file system gives it: nobody can set it, so it changes only when the file does.
  return { path, size: info.size, mtimeMs: Math.trunc(info.mtimeMs), dev: info.dev, ino: info.ino, ctimeMs: info.ctimeMs };
}

export function describeChange(expected: FileFingerprint, actual: FileFingerprint): string {
  const name = expected.path.split(/[\\/]/).pop() || expected.path;
  const what =
    expected.ino !== null && actual.ino !== null && (actual.ino !== expected.ino || actual.dev !== expected.dev)
      ? `${name} was replaced by another file`
      : actual.size !== expected.size
        ? `${name} changed on disk (was ${expected.size} bytes, now ${actual.size})`
        : `${name} was modified on disk after the upload began`;
  return `${what}; nothing of the new version was added to the upload. Upload it again as a new version (Replace).`;
}

/** The differences that make it another file, or a modified one (ctime apart: see OpenFile). */
export function contentChanged(expected: FileFingerprint, actual: FileFingerprint): boolean {
  if (actual.size !== expected.size || actual.mtimeMs !== expected.mtimeMs) return true;
  if (expected.ino === null || expected.dev === null) return false; // a version 1 journal did not record them
  return actual.ino !== expected.ino || actual.dev !== expected.dev;
}

export class LocalFileSource implements ByteSource {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  async open(expected: FileFingerprint): Promise<OpenFile> {
    let handle: FileHandle;
    try {
      // O_NONBLOCK: if the file was swapped for a FIFO since it was checked, open(2) would
      // block until a writer appears, hanging the part and pinning a libuv thread.
      // Non-blocking, the open returns and the positioned read fails with ESPIPE: the job
      // fails as "not a regular file". Regular files ignore the flag.
      handle = await open(this.path, READ_FLAGS);
    } catch (error) {
      throw missingOr(error, this.path);
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new UploadError('not-a-file', `${this.path} is not a regular file.`, { path: this.path });
      const actual = identityOf(this.path, info);
      if (contentChanged(expected, actual)) throw new UploadError('file-changed', describeChange(expected, actual), { path: this.path });
      const metadataChanged = expected.ctimeMs !== null && actual.ctimeMs !== expected.ctimeMs;
      return new LocalOpenFile(this.path, handle, { ...expected, ctimeMs: actual.ctimeMs }, metadataChanged);
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw toUploadError(error, { path: this.path });
    }
  }
}

class LocalOpenFile implements OpenFile {
  readonly path: string;
  readonly metadataChanged: boolean;
  /** As opened: any change during the run, ctime included, is a change. */
  readonly identity: FileFingerprint;
  readonly #handle: FileHandle;

  constructor(path: string, handle: FileHandle, identity: FileFingerprint, metadataChanged: boolean) {
    this.path = path;
    this.#handle = handle;
    this.identity = identity;
    this.metadataChanged = metadataChanged;
  }

  openRange(start: number, end: number, chunkSize = READ_CHUNK): Readable {
    // Positioned reads (pread) on the shared descriptor: parts in flight do not disturb each
    // other. Not fs read streams: destroying one (an aborted PUT) closes its descriptor even
    // with autoClose off, and the descriptor is the run's.
    const handle = this.#handle;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let position = start; position <= end; ) {
        const length = Math.min(chunkSize, end - position + 1);
        const buffer = Buffer.allocUnsafe(length);
        const { bytesRead } = await handle.read(buffer, 0, length, position);
        if (bytesRead === 0) return; // the file shrank: the PUT sees a short count and fails
        position += bytesRead;
        yield bytesRead === length ? buffer : buffer.subarray(0, bytesRead);
      }
    }
    return Readable.from(chunks(), { objectMode: false, highWaterMark: chunkSize });
  }

  async checkUnchanged(): Promise<void> {
    const expected = this.identity;
    // The path first: a file deleted or replaced also changes the opened one's ctime (its
    // link count), and "replaced by another file" or "deleted" is what the person needs to read.
    let atPath: FileFingerprint;
    try {
      atPath = identityOf(this.path, await stat(this.path));
    } catch (error) {
      throw missingOr(error, this.path);
    }
    const now = identityOf(this.path, await this.#handle.stat());
    if (atPath.ino !== now.ino || atPath.dev !== now.dev) {
      throw new UploadError('file-changed', describeChange(expected, atPath), { path: this.path });
    }
    if (contentChanged(expected, now) || now.ctimeMs !== expected.ctimeMs) {
      // A rename over the path between the two stats shows here first (the unlink moved the
      // opened file's ctime): the path, looked at again, says whether it was replaced.
      const again = await stat(this.path).then((s) => identityOf(this.path, s), (error: unknown) => {
        throw missingOr(error, this.path);
      });
      const replaced = again.ino !== now.ino || again.dev !== now.dev;
      throw new UploadError('file-changed', describeChange(expected, replaced ? again : now), { path: this.path });
    }
  }

  async scanRange(start: number, end: number, visit: (chunk: Buffer) => void, options: ScanOptions = {}): Promise<number> {
    const { chunkSize = READ_CHUNK, signal } = options;
    let bytes = 0;
    if (end < start) return bytes;
    const buffer = Buffer.allocUnsafe(Math.min(chunkSize, end - start + 1));
    for (let position = start; position <= end; ) {
      if (signal?.aborted) throw signal.reason;
      const { bytesRead } = await this.#handle.read(buffer, 0, Math.min(buffer.length, end - position + 1), position);
      if (bytesRead === 0) break; // the file shrank: the caller sees a short count
      visit(buffer.subarray(0, bytesRead));
      bytes += bytesRead;
      position += bytesRead;
    }
    return bytes;
  }

  /** Waits for reads still pending on the descriptor (FileHandle.close does), then closes it. */
  async close(): Promise<void> {
    await this.#handle.close().catch(() => undefined);
  }
}

function missingOr(error: unknown, path: string): UploadError {
  const uploadError = toUploadError(error, { path });
  if (uploadError.code !== 'file-missing') return uploadError;
  return new UploadError('file-missing', 'The file was moved or deleted before the upload finished.', { path });
}
