// Where Nomad's spec is silent, real servers answer in more than one plausible way. Each case
// is a script of what such a server does and what the person sees: the upload still arrives
// byte-exact, nothing already on the server is sent again, and nothing waits silently.

import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryJournal } from '../../../main/engine/journal';
import { fakeClockQueue, type Harness } from './support/fake-clock-queue';
import type { FakeServerBehaviour } from './support/fake-cloud';
import { sha256 } from './support/memory-files';

const KiB = 1024;

afterEach(() => {
  vi.useRealTimers();
});

async function closeAll(h: Harness): Promise<void> {
  await h.queue.close();
  expect(h.stalls).toEqual([]);
  expect(h.cloud.pending).toBe(0);
}

const serverThat = (server: FakeServerBehaviour, budget = 2): Harness => fakeClockQueue({ cloud: { server }, queue: { budget } });

/** A first run that stops (the app quits) with parts 1-2 of 4 confirmed and 3-4 not yet sent. */
async function halfUploaded(server: FakeServerBehaviour): Promise<{ first: Harness; sha: string }> {
  const first = fakeClockQueue({ cloud: { server }, queue: { budget: 1 } });
  const sha = first.files.put('/card/clip.mov', randomBytes(4 * KiB));
  first.cloud.onCall('part-complete', { kind: 'hold', ms: 600_000 }, 1); // part 1 confirms, part 2's confirmation hangs…
  first.cloud.onCall('part-complete', { kind: 'hold', ms: 0 }, 1);
  await first.queue.enqueue({ paths: ['/card/clip.mov'] });
  await first.advance(3_000);
  await first.queue.close();
  return { first, sha };
}

describe('a Continue start that lists only the parts still to send', () => {
  it('a resume on another machine (no journal) sends only what the server lacks and finishes', async () => {
    const { first, sha } = await halfUploaded({ continuePendingOnly: true });
    const putsBefore = first.cloud.counts.puts;
    const confirmedBefore = first.cloud.counts.partCompletes;
    const second = fakeClockQueue({ queue: { api: first.cloud.api, transport: first.cloud.transport, files: first.files, journal: new MemoryJournal() } });

    const { added } = await second.queue.enqueue({ paths: ['/card/clip.mov'], options: { overwrite: 'Continue' } });
    expect(await second.runUntilIdle()).toBe(true);

    expect(second.queue.get(added[0]!.id)).toMatchObject({ state: 'done', error: null, partsTotal: 4, partsConfirmed: 4, bytesConfirmed: 4 * KiB });
    expect(first.cloud.assets.get('clip.mov')?.sha256).toBe(sha);
    // The listed parts were the only ones sent; the ones the server has were never sent again.
    const listed = 4 - confirmedBefore;
    expect(first.cloud.counts.puts - putsBefore).toBe(listed);
    await second.queue.close();
    expect(second.stalls).toEqual([]);
  });

  it('asked "already exists", the person chooses Continue: the partial list is merged and the rest uploads', async () => {
    const { first, sha } = await halfUploaded({ continuePendingOnly: true });
    const second = fakeClockQueue({ queue: { api: first.cloud.api, transport: first.cloud.transport, files: first.files, journal: new MemoryJournal() } });
    const { added } = await second.queue.enqueue({ paths: ['/card/clip.mov'] });
    await second.advance(1_000);
    expect(second.queue.get(added[0]!.id)).toMatchObject({ state: 'awaiting-decision' });

    second.queue.resolveConflict(added[0]!.id, { action: 'continue' });
    expect(await second.runUntilIdle()).toBe(true);

    expect(second.queue.get(added[0]!.id)).toMatchObject({ state: 'done', partsConfirmed: 4 });
    expect(first.cloud.assets.get('clip.mov')?.sha256).toBe(sha);
    await second.queue.close();
  });

  it('a Continue on an upload whose every part the server has lists nothing, and completes without a PUT', async () => {
    const first = serverThat({ continuePendingOnly: true });
    const sha = first.files.put('/card/all.mov', randomBytes(3 * KiB));
    first.cloud.onCall('complete', { kind: 'status', status: 400 }); // refused once: every part is there, the upload stays open
    const { added } = await first.queue.enqueue({ paths: ['/card/all.mov'] });
    expect(await first.runUntilIdle()).toBe(true);
    expect(first.queue.get(added[0]!.id)).toMatchObject({ state: 'failed' });
    await first.queue.close();
    const putsBefore = first.cloud.counts.puts;

    const second = fakeClockQueue({ queue: { api: first.cloud.api, transport: first.cloud.transport, files: first.files, journal: new MemoryJournal() } });
    const again = await second.queue.enqueue({ paths: ['/card/all.mov'], options: { overwrite: 'Continue' } });
    expect(await second.runUntilIdle()).toBe(true);

    // How many parts the server made is not said: the file counts as the parts of the size we asked for.
    expect(second.queue.get(again.added[0]!.id)).toMatchObject({ state: 'done', bytesConfirmed: 3 * KiB, bytesDone: 3 * KiB });
    expect(first.cloud.counts.puts).toBe(putsBefore);
    expect(first.cloud.assets.get('all.mov')?.sha256).toBe(sha);
    await closeAll(second);
  });
});

describe('a 0-byte file under every plan a server may make for it', () => {
  it.each([
    ['one empty part [0, -1]', 'one-empty-part', 1, 1],
    ['no parts at all', 'none', 0, 0],
    ['one part [0, 0]', 'single-part-0-0', 1, 1],
  ] as const)('%s: it arrives as an empty asset', async (_name, zeroByteParts, partsTotal, puts) => {
    const h = serverThat({ zeroByteParts });
    h.files.put('/card/empty.txt', Buffer.alloc(0));
    const { added } = await h.queue.enqueue({ paths: ['/card/empty.txt'] });
    expect(await h.runUntilIdle()).toBe(true);

    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done', error: null, partsTotal, partsConfirmed: partsTotal });
    expect(h.cloud.assets.get('empty.txt')).toMatchObject({ size: 0, sha256: sha256(Buffer.alloc(0)) });
    expect(h.cloud.counts.puts).toBe(puts);
    expect(h.cloud.counts.bytesReceived).toBe(0);
    await closeAll(h);
  });
});

/** Every link handed out so far expires just as part `partNumber` is first sent. */
function linksExpireAtPart(server: FakeServerBehaviour, budget: number, partNumber: number): Harness {
  let h: Harness | null = null;
  let expired = false;
  h = fakeClockQueue({
    cloud: { server },
    queue: { budget },
    wrapTransport: (transport) => (req) => {
      if (req.partNumber === partNumber && !expired) {
        expired = true;
        h!.cloud.expireUrls();
      }
      return transport(req);
    },
  });
  return h;
}

describe('upload links that expire on a server whose listing does not renew them', () => {
  it('the listing repeats the expired links: a Continue start fetches fresh ones, and the upload finishes', async () => {
    const h = linksExpireAtPart({ noResign: true }, 1, 2);
    const sha = h.files.put('/card/long.mov', randomBytes(4 * KiB));
    const { added } = await h.queue.enqueue({ paths: ['/card/long.mov'] });

    expect(await h.runUntilIdle()).toBe(true);

    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done', error: null, partsConfirmed: 4 });
    expect(h.cloud.assets.get('long.mov')?.sha256).toBe(sha);
    expect(h.cloud.startRequests.map((r) => r.uploadOverwriteOption)).toEqual(['Cancel', 'Continue']);
    expect(h.cloud.counts.lists).toBe(1);
    await closeAll(h);
  });

  it('many parts refused at once ask once: one listing, one Continue start', async () => {
    const h = linksExpireAtPart({ noResign: true }, 4, 4); // parts 1-4 leave together with links that are dead on arrival
    h.files.put('/card/wide.mov', randomBytes(8 * KiB));
    const { added } = await h.queue.enqueue({ paths: ['/card/wide.mov'] });

    expect(await h.runUntilIdle()).toBe(true);

    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done', partsConfirmed: 8 });
    expect(h.cloud.counts.lists).toBe(1);
    expect(h.cloud.startRequests).toHaveLength(2);
    await closeAll(h);
  });

  it('neither the listing nor Continue renews them: a clear "does not renew upload links" failure; the upload stays for a resume', async () => {
    // Links live 1 s; storage takes a byte a millisecond, so part 2 leaves with a link past its own expiry.
    const h = fakeClockQueue({ cloud: { server: { neverResign: true }, urlTtlSeconds: 1, bytesPerMs: 1 }, queue: { budget: 1 } });
    h.files.put('/card/stuck.mov', randomBytes(4 * KiB));
    const { added } = await h.queue.enqueue({ paths: ['/card/stuck.mov'] });

    expect(await h.runUntilIdle()).toBe(true);

    const job = h.queue.get(added[0]!.id)!;
    expect(job).toMatchObject({ state: 'failed', error: { code: 'urls-not-renewed', retryable: false } });
    expect(job.error!.message).toContain('The server does not renew upload links');
    expect(h.cloud.startRequests.map((r) => r.uploadOverwriteOption)).toEqual(['Cancel', 'Continue']);
    expect(h.cloud.counts.cancels).toBe(0);
    expect(h.cloud.openUploads).toBe(1);
    await closeAll(h);
  });
});

describe('Replace asset when the server does not say which asset exists', () => {
  /** The file is on the server already, and the server's "already exists" names nothing. */
  async function existingOnAServerThatNamesNothing(): Promise<Harness> {
    const h = serverThat({ conflictWithoutIds: true });
    h.files.put('/card/take.mov', randomBytes(2 * KiB));
    await h.queue.enqueue({ paths: ['/card/take.mov'] });
    expect(await h.runUntilIdle()).toBe(true);
    h.files.put('/card/take.mov', randomBytes(3 * KiB), 1_700_000_100_000); // a new take
    return h;
  }

  it('the person is asked: Replace asset is not among the choices, and the reason says why', async () => {
    const h = await existingOnAServerThatNamesNothing();
    const { added } = await h.queue.enqueue({ paths: ['/card/take.mov'] });
    expect(await h.runUntilIdle()).toBe(true);

    expect(h.queue.get(added[0]!.id)).toMatchObject({
      state: 'awaiting-decision',
      conflict: { assetId: null, choices: ['continue', 'replace', 'skip'], reason: null },
    });
    await closeAll(h);
  });

  it('answering Replace asset anyway changes nothing: the question stays, and no start with existingAssetId null is sent', async () => {
    const h = await existingOnAServerThatNamesNothing();
    const { added } = await h.queue.enqueue({ paths: ['/card/take.mov'] });
    expect(await h.runUntilIdle()).toBe(true);
    const starts = h.cloud.startRequests.length;

    h.queue.resolveConflict(added[0]!.id, { action: 'asset-replace' });
    expect(await h.runUntilIdle()).toBe(true);

    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'awaiting-decision' });
    expect(h.cloud.startRequests).toHaveLength(starts);
    await closeAll(h);
  });

  it('the person names the asset to replace: Replace asset is sent with it', async () => {
    const h = await existingOnAServerThatNamesNothing();
    const assetId = h.cloud.assets.get('take.mov')!.assetId;
    const { added } = await h.queue.enqueue({ paths: ['/card/take.mov'] });
    expect(await h.runUntilIdle()).toBe(true);

    h.queue.resolveConflict(added[0]!.id, { action: 'asset-replace', existingAssetId: assetId });
    expect(await h.runUntilIdle()).toBe(true);

    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done' });
    expect(h.cloud.startRequests.at(-1)).toMatchObject({ uploadOverwriteOption: 'AssetReplace', existingAssetId: assetId });
    await closeAll(h);
  });

  it('the policy is Replace asset and no asset was given: the server is asked first; it names nothing, so the person is asked why', async () => {
    const h = await existingOnAServerThatNamesNothing();
    const { added } = await h.queue.enqueue({ paths: ['/card/take.mov'], options: { overwrite: 'AssetReplace' } });
    expect(await h.runUntilIdle()).toBe(true);

    const job = h.queue.get(added[0]!.id)!;
    expect(job).toMatchObject({ state: 'awaiting-decision', conflict: { choices: ['continue', 'replace', 'skip'] } });
    expect(job.conflict!.reason).toContain('did not say which asset');
    expect(h.cloud.startRequests.every((r) => !(r.uploadOverwriteOption === 'AssetReplace' && !r.existingAssetId))).toBe(true);

    h.queue.resolveConflict(added[0]!.id, { action: 'replace' });
    expect(await h.runUntilIdle()).toBe(true);
    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done' });
    await closeAll(h);
  });

  it('the policy is Replace asset and the server names the asset: it is replaced without a question', async () => {
    const h = serverThat({});
    h.files.put('/card/take.mov', randomBytes(2 * KiB));
    await h.queue.enqueue({ paths: ['/card/take.mov'] });
    expect(await h.runUntilIdle()).toBe(true);
    const assetId = h.cloud.assets.get('take.mov')!.assetId;
    const sha = h.files.put('/card/take.mov', randomBytes(3 * KiB), 1_700_000_100_000);

    const { added } = await h.queue.enqueue({ paths: ['/card/take.mov'], options: { overwrite: 'AssetReplace' } });
    expect(await h.runUntilIdle()).toBe(true);

    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done' });
    expect(h.cloud.startRequests.slice(-2).map((r) => [r.uploadOverwriteOption, r.existingAssetId ?? null])).toEqual([
      ['Cancel', null],
      ['AssetReplace', assetId],
    ]);
    expect(h.cloud.assets.get('take.mov')).toMatchObject({ assetId, sha256: sha });
    await closeAll(h);
  });
});
