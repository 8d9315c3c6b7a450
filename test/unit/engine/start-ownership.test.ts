// Whose upload is it? The server refuses a start because an upload of that name is open, and
// names it. The engine takes it over only with proof that a start of its own made it (a start
// that went out and whose answer never came back); anything less is asked. Told on a fake
// clock, with another client (A) starting its upload through the same fake server.

import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { fakeClockQueue, type Harness } from './support/fake-clock-queue';

const KiB = 1024;

afterEach(() => {
  vi.useRealTimers();
});

/** Another client starts an upload of `name`, `size` bytes, and leaves it open. */
async function anotherClientStarts(h: Harness, name: string, size: number): Promise<string> {
  const started = h.cloud.api.startUpload({ relativePath: name, displayName: name, uploadOverwriteOption: 'Cancel', contentLength: size, chunkSize: KiB });
  await h.advance(100);
  return (await started).id;
}

describe('an open upload the server names is ours only with proof', () => {
  it('another client\'s upload of a file the same size, begun half a second before ours, is not taken over: we ask', async () => {
    const h = fakeClockQueue();
    const theirs = await anotherClientStarts(h, 'take.mov', 4 * KiB);
    await h.advance(500);
    h.files.put('/card/take.mov', randomBytes(4 * KiB));

    const { added } = await h.queue.enqueue({ paths: ['/card/take.mov'] });
    await h.advance(2_000);

    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'awaiting-decision', conflict: expect.objectContaining({ uploadId: theirs }) });
    // Our one start (Cancel, refused); no Continue went out for their upload.
    expect(h.cloud.startRequests.map((r) => r.uploadOverwriteOption)).toEqual(['Cancel', 'Cancel']);
    expect(h.cloud.counts.puts).toBe(0);
    await h.queue.close();
    expect(h.stalls).toEqual([]);
  });

  it('our own start whose answer was lost: the retry is refused naming the upload it made, which is ours and continued', async () => {
    const h = fakeClockQueue();
    const sha = h.files.put('/card/take.mov', randomBytes(4 * KiB));
    h.cloud.onCall('start', { kind: 'answer-lost' });

    const { added } = await h.queue.enqueue({ paths: ['/card/take.mov'] });

    expect(await h.runUntilIdle(60_000)).toBe(true);
    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done', error: null });
    expect(h.cloud.startRequests.map((r) => r.uploadOverwriteOption)).toEqual(['Cancel', 'Cancel', 'Continue']);
    expect(h.cloud.assets.get('take.mov')?.sha256).toBe(sha);
    await h.queue.close();
    expect(h.stalls).toEqual([]);
  });
});
