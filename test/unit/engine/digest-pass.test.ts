// The run's in-order hash pass: one read of the file gives each part's MD5 before its PUT
// asks, and the whole file's SHA-256. Told with readers whose reads the test releases one at
// a time, so "the PUT asked before the pass got there" is a fact of the script, not a race.

import { createHash, randomBytes } from 'node:crypto';
import { getEventListeners } from 'node:events';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DigestPass, WAIT_AHEAD_BYTES } from '../../../main/engine/digest-pass';
import type { RangeReader } from '../../../main/engine/source';

const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const live = (): AbortSignal => new AbortController().signal;

/**
 * A file in memory, read `readSize` bytes at a time; `gate` holds each read until the test
 * lets it go. Counts every byte read and records each scan asked for.
 */
function memoryReader(bytes: Buffer, options: { readSize?: number; gate?: () => Promise<void> } = {}): RangeReader & { scanned: number; scans: Array<[number, number]> } {
  const { readSize = 4_000, gate } = options;
  const reader = {
    scanned: 0,
    scans: [] as Array<[number, number]>,
    openRange: (): Readable => {
      throw new Error('the pass only scans');
    },
    async scanRange(start: number, end: number, visit: (chunk: Buffer) => void, scan?: { signal?: AbortSignal }) {
      reader.scans.push([start, end]);
      let read = 0;
      for (let at = start; at <= Math.min(end, bytes.length - 1); at += readSize) {
        if (gate) await gate();
        if (scan?.signal?.aborted) throw scan.signal.reason;
        const chunk = bytes.subarray(at, Math.min(at + readSize, end + 1));
        reader.scanned += chunk.length;
        read += chunk.length;
        visit(chunk);
      }
      return read;
    },
  };
  return reader;
}

/** Reads wait here until the test releases them, one each. */
function gated(): { gate: () => Promise<void>; release(n?: number): Promise<void>; waiting(): number } {
  const held: Array<() => void> = [];
  return {
    gate: () => new Promise<void>((resolve) => held.push(resolve)),
    async release(n = 1) {
      for (let i = 0; i < n; i += 1) {
        while (held.length === 0) await new Promise((r) => setImmediate(r));
        held.shift()!();
        await new Promise((r) => setImmediate(r));
      }
    },
    waiting: () => held.length,
  };
}

describe('the in-order hash pass', () => {
  it('reads every byte once and gives each part its MD5 and the whole file its SHA-256', async () => {
    const bytes = randomBytes(10_000);
    const file = memoryReader(bytes);
    const pass = new DigestPass(bytes.length, 4_000);

    expect(await pass.run(file, live())).toBe(sha256(bytes));

    expect(file.scanned).toBe(bytes.length);
    expect(file.scans).toEqual([[0, 9_999]]);
    expect(await pass.take(0, 3_999, live())).toEqual({ bytes: 4_000, md5: md5(bytes.subarray(0, 4_000)) });
    expect(await pass.take(4_000, 7_999, live())).toEqual({ bytes: 4_000, md5: md5(bytes.subarray(4_000, 8_000)) });
    expect(await pass.take(8_000, 9_999, live())).toEqual({ bytes: 2_000, md5: md5(bytes.subarray(8_000)) });
  });

  it('a PUT that asks before the pass got there waits, and has its digest the moment the pass reads it', async () => {
    const bytes = randomBytes(12_000);
    const reads = gated();
    const pass = new DigestPass(bytes.length, 4_000);
    const running = pass.run(memoryReader(bytes, { gate: reads.gate }), live());

    let third: unknown = 'waiting';
    void pass.take(8_000, 11_999, live()).then((d) => (third = d));
    await reads.release(2);
    expect(third).toBe('waiting');
    await reads.release(1);

    expect(third).toEqual({ bytes: 4_000, md5: md5(bytes.subarray(8_000)) });
    expect(await running).toBe(sha256(bytes));
  });

  it('hands a digest out once: a part sent again (storage refused its bytes) is read afresh by its PUT', async () => {
    const bytes = randomBytes(8_000);
    const pass = new DigestPass(bytes.length, 4_000);
    await pass.run(memoryReader(bytes), live());

    expect(await pass.take(0, 3_999, live())).toMatchObject({ bytes: 4_000 });
    expect(await pass.take(0, 3_999, live())).toBeNull();
  });

  it('only SHA-256s the parts the server already has: no MD5 for them, and the SHA-256 still covers the file', async () => {
    const bytes = randomBytes(12_000);
    const pass = new DigestPass(bytes.length, 4_000);
    pass.want([{ start: 4_000, end: 7_999 }]);

    expect(await pass.run(memoryReader(bytes), live())).toBe(sha256(bytes));
    expect(await pass.take(0, 3_999, live())).toBeNull();
    expect(await pass.take(4_000, 7_999, live())).toEqual({ bytes: 4_000, md5: md5(bytes.subarray(4_000, 8_000)) });
  });

  it('a part the server planned otherwise gets no digest: its PUT hashes it', async () => {
    const bytes = randomBytes(8_000);
    const pass = new DigestPass(bytes.length, 4_000);
    await pass.run(memoryReader(bytes), live());

    expect(await pass.take(0, 4_999, live())).toBeNull();
    expect(await pass.take(1_000, 3_999, live())).toBeNull();
  });

  it('a part far ahead of the pass (a resume deep in the file) is not waited for: its PUT hashes it, and the pass does not hand it out later', async () => {
    const MiB = 1024 * 1024;
    const size = WAIT_AHEAD_BYTES + 64 * MiB;
    const reads = gated();
    const scanned: number[] = [];
    const zeros = Buffer.alloc(8 * MiB);
    const pass = new DigestPass(size, 8 * MiB);
    const file: RangeReader = {
      openRange: () => {
        throw new Error('the pass only scans');
      },
      async scanRange(start, end, visit) {
        for (let at = start; at <= end; at += 8 * MiB) {
          await reads.gate();
          scanned.push(at);
          visit(zeros.subarray(0, Math.min(8 * MiB, end - at + 1)));
        }
        return end - start + 1;
      },
    };
    const running = pass.run(file, live());

    const deep = WAIT_AHEAD_BYTES + 8 * MiB;
    expect(await pass.take(deep, deep + 8 * MiB - 1, live())).toBeNull();
    await reads.release(size / (8 * MiB));
    await running;
    expect(scanned).toHaveLength(size / (8 * MiB));
    expect(await pass.take(deep, deep + 8 * MiB - 1, live())).toBeNull();
    expect(await pass.take(0, 8 * MiB - 1, live())).toEqual({ bytes: 8 * MiB, md5: md5(zeros) });
  });

  it('a PUT paused while it waits leaves at once, with nothing left listening on its signal', async () => {
    const bytes = randomBytes(8_000);
    const reads = gated();
    const pass = new DigestPass(bytes.length, 4_000);
    const running = pass.run(memoryReader(bytes, { gate: reads.gate }), live());
    const paused = new AbortController();

    const waiting = pass.take(4_000, 7_999, paused.signal);
    paused.abort(new Error('paused'));

    await expect(waiting).rejects.toThrow('paused');
    expect(getEventListeners(paused.signal, 'abort')).toHaveLength(0);
    await reads.release(2);
    expect(await running).toBe(sha256(bytes));
  });

  it('a pass that fails (a read error) leaves no PUT waiting: each hashes its part itself, and the run sees the error', async () => {
    const bytes = randomBytes(8_000);
    const pass = new DigestPass(bytes.length, 4_000);
    const failing: RangeReader = {
      openRange: () => {
        throw new Error('the pass only scans');
      },
      async scanRange(start, _end, visit) {
        await new Promise((r) => setImmediate(r));
        visit(bytes.subarray(start, start + 4_000));
        await new Promise((r) => setImmediate(r));
        throw new Error('EIO: i/o error, read');
      },
    };
    const waiting = pass.take(4_000, 7_999, live());

    await expect(pass.run(failing, live())).rejects.toThrow('EIO');
    expect(await waiting).toBeNull();
    expect(await pass.take(4_000, 7_999, live())).toBeNull();
  });

  it('a PUT waiting for a part the server turns out to have is let go (hashes nothing, sends nothing extra)', async () => {
    const bytes = randomBytes(8_000);
    const reads = gated();
    const pass = new DigestPass(bytes.length, 4_000);
    const running = pass.run(memoryReader(bytes, { gate: reads.gate }), live());

    const waiting = pass.take(4_000, 7_999, live());
    pass.want([]);

    expect(await waiting).toBeNull();
    await reads.release(2);
    expect(await running).toBe(sha256(bytes));
  });

  it('reads that do not end where parts do (a short read, another read size) still give each part exactly its bytes', async () => {
    const bytes = randomBytes(10_000);
    const pass = new DigestPass(bytes.length, 4_000);

    expect(await pass.run(memoryReader(bytes, { readSize: 3_000 }), live())).toBe(sha256(bytes));

    expect(await pass.take(0, 3_999, live())).toEqual({ bytes: 4_000, md5: md5(bytes.subarray(0, 4_000)) });
    expect(await pass.take(4_000, 7_999, live())).toEqual({ bytes: 4_000, md5: md5(bytes.subarray(4_000, 8_000)) });
    expect(await pass.take(8_000, 9_999, live())).toEqual({ bytes: 2_000, md5: md5(bytes.subarray(8_000)) });
  });

  it('a file that shrank since it was opened: the parts past its end come out short (their PUTs fail as file-changed)', async () => {
    const bytes = randomBytes(10_000);
    const pass = new DigestPass(bytes.length, 4_000);

    await pass.run(memoryReader(bytes.subarray(0, 5_000)), live());

    expect(await pass.take(0, 3_999, live())).toMatchObject({ bytes: 4_000 });
    expect(await pass.take(4_000, 7_999, live())).toMatchObject({ bytes: 1_000 });
    expect(await pass.take(8_000, 9_999, live())).toMatchObject({ bytes: 0 });
  });

  it('an empty file: one empty part, and the SHA-256 of nothing', async () => {
    const pass = new DigestPass(0);
    expect(await pass.run(memoryReader(Buffer.alloc(0)), live())).toBe(sha256(Buffer.alloc(0)));
    expect(await pass.take(0, -1, live())).toEqual({ bytes: 0, md5: md5(Buffer.alloc(0)) });
  });
});
