import { createHash, randomBytes } from 'node:crypto';
import { appendFile, chmod, mkdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LocalFileSource, describeChange, fingerprintFile, md5OfRange } from '../../../main/engine/source';
import { randomFile } from './support/storage-server';
import { useTempDir } from './support/temp-dir';

const temp = useTempDir('nomad-source-');

async function collect(stream: Readable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return chunks;
}

/** Opens a file for a run, as the engine does: fingerprint, then open against it. */
async function opened(path: string) {
  return new LocalFileSource(path).open(await fingerprintFile(path));
}

describe('an open file (LocalFileSource.open)', () => {
  it('reads exactly the inclusive range [start, end]', async () => {
    const { path, bytes } = await randomFile(temp.dir(), 100_000);
    const file = await opened(path);
    const read = Buffer.concat(await collect(file.openRange(1000, 54_321)));
    expect(read.equals(bytes.subarray(1000, 54_322))).toBe(true);
    await file.close();
  });

  it('each attempt gets its own stream: reads of parts at once on the one descriptor do not disturb each other', async () => {
    const { path, bytes } = await randomFile(temp.dir(), 200_000);
    const file = await opened(path);
    const [first, second, again] = await Promise.all([
      collect(file.openRange(0, 99_999, 4096)),
      collect(file.openRange(100_000, 199_999, 4096)),
      collect(file.openRange(0, 99_999, 4096)),
    ]);
    expect(Buffer.concat(first).equals(bytes.subarray(0, 100_000))).toBe(true);
    expect(Buffer.concat(second).equals(bytes.subarray(100_000))).toBe(true);
    expect(Buffer.concat(again).equals(bytes.subarray(0, 100_000))).toBe(true);
    // A finished part's stream leaves the descriptor open for the next.
    expect(Buffer.concat(await collect(file.openRange(0, 9))).equals(bytes.subarray(0, 10))).toBe(true);
    await file.close();
  });

  it('reads in chunks no larger than asked, so memory stays bounded', async () => {
    const { path } = await randomFile(temp.dir(), 100_000);
    const file = await opened(path);
    const chunks = await collect(file.openRange(0, 99_999, 16 * 1024));
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(16 * 1024);
    expect(chunks.length).toBeGreaterThan(1);
    await file.close();
  });

  it('checkUnchanged passes while the file is as it was opened', async () => {
    const { path } = await randomFile(temp.dir(), 1000);
    const file = await opened(path);
    await expect(file.checkUnchanged()).resolves.toBeUndefined();
    await file.close();
  });

  it('a file that grew is file-changed, saying both sizes', async () => {
    const { path } = await randomFile(temp.dir(), 1000);
    const file = await opened(path);
    await appendFile(path, 'more');
    await expect(file.checkUnchanged()).rejects.toMatchObject({
      code: 'file-changed',
      message: expect.stringContaining('was 1000 bytes, now 1004'),
      context: { path },
    });
    await file.close();
  });

  it('a file rewritten in place (same size, new mtime) is file-changed', async () => {
    const { path } = await randomFile(temp.dir(), 1000);
    const file = await opened(path);
    const later = new Date(Date.now() + 5000);
    await utimes(path, later, later);
    await expect(file.checkUnchanged()).rejects.toMatchObject({ code: 'file-changed', message: expect.stringContaining('modified') });
    await file.close();
  });

  it('a file rewritten in place with its mtime put back (touch -r) is file-changed: ctime tells', async () => {
    const { path } = await randomFile(temp.dir(), 1000);
    const before = await stat(path);
    const file = await opened(path);
    await writeFile(path, randomBytes(1000));
    await utimes(path, before.atime, before.mtime);
    await expect(file.checkUnchanged()).rejects.toMatchObject({ code: 'file-changed' });
    await file.close();
  });

  it('a file swapped for another of the same size and mtime (mv new old) is file-changed, and reads still come from the one opened', async () => {
    const { path, bytes } = await randomFile(temp.dir(), 1000);
    const original = await stat(path);
    const file = await opened(path);
    const other = join(temp.dir(), 'other.mov');
    await writeFile(other, randomBytes(1000));
    await utimes(other, original.atime, original.mtime); // touch -r old new
    await rename(other, path); // mv new old

    await expect(file.checkUnchanged()).rejects.toMatchObject({ code: 'file-changed', message: expect.stringContaining('replaced by another file') });
    expect(Buffer.concat(await collect(file.openRange(0, 999))).equals(bytes)).toBe(true);
    await file.close();
  });

  it('opening for a resume refuses a file swapped since the record was made', async () => {
    const { path } = await randomFile(temp.dir(), 1000);
    const recorded = await fingerprintFile(path);
    const other = join(temp.dir(), 'other.mov');
    await writeFile(other, randomBytes(1000));
    await utimes(other, new Date(recorded.mtimeMs), new Date(recorded.mtimeMs));
    await rename(other, path);
    await expect(new LocalFileSource(path).open(recorded)).rejects.toMatchObject({ code: 'file-changed' });
  });

  it('opening for a resume after a metadata change only (chmod) says so, for a full check of what was sent', async () => {
    const { path } = await randomFile(temp.dir(), 1000);
    const recorded = await fingerprintFile(path);
    await chmod(path, 0o600);
    const file = await new LocalFileSource(path).open(recorded);
    expect(file.metadataChanged).toBe(true);
    expect(file.identity.ctimeMs).not.toBe(recorded.ctimeMs);
    await expect(file.checkUnchanged()).resolves.toBeUndefined();
    await file.close();
  });

  it('md5OfRange of a range is that of its bytes', async () => {
    const { path, bytes } = await randomFile(temp.dir(), 5000);
    const file = await opened(path);
    expect(await md5OfRange(file, 100, 199)).toEqual({ bytes: 100, md5: createHash('md5').update(bytes.subarray(100, 200)).digest('hex') });
    await file.close();
  });

  it('scanRange reads [start, end] through one buffer of the chunk size: every byte once, in order, over many chunks', async () => {
    const { path, bytes } = await randomFile(temp.dir(), 10_000);
    const file = await opened(path);
    const seen: Buffer[] = [];
    const buffers = new Set<ArrayBufferLike>();
    // 9,001 bytes in 1,000-byte reads: nine full chunks and a short last one.
    const read = await file.scanRange(999, 9_999, (chunk) => {
      buffers.add(chunk.buffer);
      seen.push(Buffer.from(chunk)); // a chunk is only valid during the call
    }, { chunkSize: 1_000 });
    expect(read).toBe(9_001);
    expect(seen.map((c) => c.length)).toEqual([...Array(9).fill(1_000), 1]);
    expect(Buffer.concat(seen)).toEqual(bytes.subarray(999, 10_000));
    expect(buffers.size).toBe(1);
    expect(await file.scanRange(0, -1, () => expect.unreachable())).toBe(0);
    await file.close();
  });

  it('scanRange of a range past a file that shrank reports the short count (the PUT then fails as file-changed)', async () => {
    const { path, bytes } = await randomFile(temp.dir(), 4_000);
    const file = await opened(path);
    await writeFile(path, bytes.subarray(0, 2_500));
    expect(await md5OfRange(file, 0, 3_999, { chunkSize: 1_000 })).toMatchObject({ bytes: 2_500 });
    await file.close();
  });

  it('scanRange stops when its signal aborts (the part was paused)', async () => {
    const { path } = await randomFile(temp.dir(), 4_000);
    const file = await opened(path);
    const paused = new AbortController();
    paused.abort(new Error('paused'));
    await expect(file.scanRange(0, 3_999, () => undefined, { signal: paused.signal })).rejects.toThrow('paused');
    await file.close();
  });

  it('a file deleted or moved away is file-missing', async () => {
    const { path } = await randomFile(temp.dir(), 1000);
    const file = await opened(path);
    await rm(path);
    await expect(file.checkUnchanged()).rejects.toMatchObject({
      code: 'file-missing',
      message: expect.stringContaining('moved or deleted'),
    });
    await file.close();
  });
});

describe('fingerprintFile', () => {
  it('records path, size, whole-millisecond mtime and ctime, device and inode', async () => {
    const { path } = await randomFile(temp.dir(), 1234);
    const info = await stat(path);
    const fingerprint = await fingerprintFile(path);
    expect(fingerprint).toEqual({
      path,
      size: 1234,
      mtimeMs: Math.trunc(info.mtimeMs),
      dev: info.dev,
      ino: info.ino,
      ctimeMs: info.ctimeMs,
    });
    expect(Number.isInteger(fingerprint.mtimeMs)).toBe(true);
  });

  it('a folder is not-a-file', async () => {
    const folder = join(temp.dir(), 'shoot');
    await mkdir(folder);
    await expect(fingerprintFile(folder)).rejects.toMatchObject({ code: 'not-a-file', context: { path: folder } });
  });

  it('a missing file is file-missing', async () => {
    const missing = join(temp.dir(), 'gone.mov');
    await expect(fingerprintFile(missing)).rejects.toMatchObject({ code: 'file-missing', context: { path: missing } });
  });
});

describe('describeChange', () => {
  it('says what changed and offers Replace', () => {
    const before = { path: '/a.mov', size: 10, mtimeMs: 1, dev: 1, ino: 2, ctimeMs: 1 };
    expect(describeChange(before, { ...before, size: 12 })).toMatch(/was 10 bytes, now 12.*Replace/);
    expect(describeChange(before, { ...before, mtimeMs: 2 })).toMatch(/modified.*Replace/);
  });
});
