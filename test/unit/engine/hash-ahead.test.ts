// A new upload's parts are hashed by the run's one in-order pass, begun before the start
// request goes out (digest-pass.ts): every PUT carries the pass's digest, so no part waits
// for its own hash once the start has answered. Told on a fake clock against the in-memory
// cloud, planning the 8 MiB parts the client proposes.

import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import type { PartDigest } from '../../../main/engine/digest-pass';
import { fakeClockQueue } from './support/fake-clock-queue';

const MiB = 1024 * 1024;
const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

afterEach(() => {
  vi.useRealTimers();
});

describe('hashing ahead of the PUTs', () => {
  it('a new upload is hashed while its start is on the way; each PUT carries the pass\'s digest', async () => {
    const digests = new Map<number, PartDigest | null>();
    const h = fakeClockQueue({
      cloud: { chunkSize: 8 * MiB, latencyMs: 100 },
      // Each PUT asks for its digest as putPart does (the fake storage then reads the part itself).
      wrapTransport: (transport) => async (req) => {
        digests.set(req.partNumber, (await req.digestAhead?.(req.signal)) ?? null);
        return transport(req);
      },
    });
    const bytes = randomBytes(20 * MiB);
    const sha = h.files.put('/card/a.mov', bytes);
    let hashedWhenStartArrived = -1;
    const start = h.cloud.api.startUpload;
    h.cloud.api.startUpload = (request, signal) => {
      hashedWhenStartArrived = h.files.scanned.bytes;
      return start(request, signal);
    };

    const { added } = await h.queue.enqueue({ paths: ['/card/a.mov'] });
    expect(await h.runUntilIdle(60_000)).toBe(true);

    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done', error: null });
    expect(h.cloud.assets.get('a.mov')?.sha256).toBe(sha);
    // The pass was under way when the start went out, not begun after its answer.
    expect(hashedWhenStartArrived).toBeGreaterThan(0);
    expect(h.files.scanned.bytes).toBe(bytes.length); // one read for every hash, MD5s and SHA-256
    expect(digests).toEqual(
      new Map([
        [1, { bytes: 8 * MiB, md5: md5(bytes.subarray(0, 8 * MiB)) }],
        [2, { bytes: 8 * MiB, md5: md5(bytes.subarray(8 * MiB, 16 * MiB)) }],
        [3, { bytes: 4 * MiB, md5: md5(bytes.subarray(16 * MiB)) }],
      ]),
    );
    await h.queue.close();
    expect(h.stalls).toEqual([]);
  });

  it('a part sent again after a reset is not given the old digest: its PUT reads it afresh', async () => {
    const asked: Array<[number, boolean]> = [];
    const h = fakeClockQueue({
      cloud: { chunkSize: 8 * MiB, latencyMs: 100 },
      wrapTransport: (transport) => async (req) => {
        asked.push([req.partNumber, (await req.digestAhead?.(req.signal)) != null]);
        return transport(req);
      },
    });
    const sha = h.files.put('/card/b.mov', randomBytes(16 * MiB));
    h.cloud.onPut(2, { kind: 'reset' });

    const { added } = await h.queue.enqueue({ paths: ['/card/b.mov'] });
    expect(await h.runUntilIdle(60_000)).toBe(true);

    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done', error: null });
    expect(h.cloud.assets.get('b.mov')?.sha256).toBe(sha);
    expect(asked.filter(([n]) => n === 2)).toEqual([[2, true], [2, false]]);
    await h.queue.close();
    expect(h.stalls).toEqual([]);
  });
});
