import { appendFile, mkdir, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LocalFileSource, describeChange, fingerprintFile } from '../../../main/engine/source';
import { randomFile } from './support/storage-server';
import { useTempDir } from './support/temp-dir';

const temp = useTempDir('nomad-source-');

async function collect(stream: Readable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return chunks;
}

describe('LocalFileSource', () => {
  it('reads exactly the inclusive range [start, end]', async () => {
    const { path, bytes } = await randomFile(temp.dir(), 100_000);
    const source = new LocalFileSource(path);
    const read = Buffer.concat(await collect(source.openRange(1000, 54_321)));
    expect(read.equals(bytes.subarray(1000, 54_322))).toBe(true);
  });

  it('each attempt gets its own stream: two reads of different parts at once do not disturb each other', async () => {
    const { path, bytes } = await randomFile(temp.dir(), 200_000);
    const source = new LocalFileSource(path);
    const [first, second, again] = await Promise.all([
      collect(source.openRange(0, 99_999, 4096)),
      collect(source.openRange(100_000, 199_999, 4096)),
      collect(source.openRange(0, 99_999, 4096)),
    ]);
    expect(Buffer.concat(first).equals(bytes.subarray(0, 100_000))).toBe(true);
    expect(Buffer.concat(second).equals(bytes.subarray(100_000))).toBe(true);
    expect(Buffer.concat(again).equals(bytes.subarray(0, 100_000))).toBe(true);
  });

  it('reads in chunks no larger than asked, so memory stays bounded', async () => {
    const { path } = await randomFile(temp.dir(), 100_000);
    const chunks = await collect(new LocalFileSource(path).openRange(0, 99_999, 16 * 1024));
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(16 * 1024);
    expect(chunks.length).toBeGreaterThan(1);
  });

  it('checkUnchanged passes while the file is as fingerprinted', async () => {
    const { path } = await randomFile(temp.dir(), 1000);
    const fingerprint = await fingerprintFile(path);
    await expect(new LocalFileSource(path).checkUnchanged(fingerprint)).resolves.toBeUndefined();
  });

  it('a file that grew since it was fingerprinted is file-changed, saying both sizes', async () => {
    const { path } = await randomFile(temp.dir(), 1000);
    const fingerprint = await fingerprintFile(path);
    await appendFile(path, 'more');
    await expect(new LocalFileSource(path).checkUnchanged(fingerprint)).rejects.toMatchObject({
      code: 'file-changed',
      message: expect.stringContaining('was 1000 bytes, now 1004'),
      context: { path },
    });
  });

  it('a file rewritten in place (same size, new mtime) is file-changed', async () => {
    const { path } = await randomFile(temp.dir(), 1000);
    const fingerprint = await fingerprintFile(path);
    const later = new Date(fingerprint.mtimeMs + 5000);
    await utimes(path, later, later);
    await expect(new LocalFileSource(path).checkUnchanged(fingerprint)).rejects.toMatchObject({
      code: 'file-changed',
      message: expect.stringContaining('modified'),
    });
  });

  it('a file deleted or moved away is file-missing', async () => {
    const { path } = await randomFile(temp.dir(), 1000);
    const fingerprint = await fingerprintFile(path);
    await rm(path);
    await expect(new LocalFileSource(path).checkUnchanged(fingerprint)).rejects.toMatchObject({
      code: 'file-missing',
      message: expect.stringContaining('moved or deleted'),
    });
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
      ctimeMs: Math.trunc(info.ctimeMs),
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
