// What a user does to running uploads — pause, resume, cancel, retry, answer the
// "already exists" question — against the sandbox, checking what the server saw.

import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NomadApi } from '../../../main/engine/api';
import { UploadQueue, type UploadQueueOptions } from '../../../main/engine/queue';
import { putPart, type PartTransport } from '../../../main/engine/transfer';
import type { JobView } from '../../../main/engine/views';
import { MiB, makeTempDir, writeRandomFile } from '../../support/files';
import { assetAt, startTestSandbox, type TestSandbox } from '../../support/sandbox';

let env: TestSandbox;
let files: { dir: string; cleanup: () => Promise<void> };
let api: NomadApi;
const queues: UploadQueue[] = [];

beforeAll(async () => {
  env = await startTestSandbox();
  files = await makeTempDir('nomad-cmd-');
  api = await env.api();
});

afterEach(async () => {
  for (const queue of queues.splice(0)) await queue.close();
  env.sandbox.faults.clear();
});

afterAll(async () => {
  await env?.close();
  await files?.cleanup();
});

function newQueue(options: Partial<UploadQueueOptions> = {}): UploadQueue {
  const queue = new UploadQueue({ api, ...options });
  queues.push(queue);
  return queue;
}

async function only(queue: UploadQueue, paths: string[]): Promise<JobView> {
  const { added } = await queue.enqueue({ paths });
  return added[0]!;
}

const state = (queue: UploadQueue, id: string) => queue.get(id)?.state;

describe('pause and resume', () => {
  it('pausing stops all traffic but keeps the server upload; resuming sends only what was not confirmed', async () => {
    const path = join(files.dir, 'pause-me.mov');
    const sha256 = await writeRandomFile(path, 64 * MiB);
    // Every PUT the engine starts, and whether it has settled.
    const puts = { started: [] as number[], inFlight: 0 };
    const transport: PartTransport = async (req) => {
      puts.started.push(performance.now());
      puts.inFlight += 1;
      try {
        return await putPart(req);
      } finally {
        puts.inFlight -= 1;
      }
    };
    // 16 MiB/s: slow enough to pause in the middle.
    const queue = newQueue({ budget: 2, bandwidthLimit: 16 * MiB, transport });
    const before = env.sandbox.stats();
    const job = await only(queue, [path]);
    await vi.waitFor(() => expect(queue.get(job.id)!.partsConfirmed).toBeGreaterThanOrEqual(2), { timeout: 10_000 });

    queue.pause(job.id);
    const pausedAt = performance.now();

    expect(state(queue, job.id)).toBe('paused');
    expect(queue.get(job.id)!.bytesSending).toBe(0);
    // The PUTs that were on the wire are aborted and settle; none starts after the pause.
    await vi.waitFor(() => expect(puts.inFlight).toBe(0), { timeout: 10_000 });
    expect(puts.started.filter((t) => t >= pausedAt)).toEqual([]);
    expect(env.sandbox.stats().cancels).toBe(before.cancels);
    const uploads = await api.listUploads();
    expect(uploads.map((u) => u.id)).toContain(queue.get(job.id)!.uploadId);

    queue.setBandwidthLimit(0);
    queue.resume(job.id);
    await queue.whenIdle();

    expect(queue.get(job.id)).toMatchObject({ state: 'done', partsConfirmed: 8 });
    expect(await assetAt(env.sandbox, 'pause-me.mov')).toMatchObject({ sha256 });
    const after = env.sandbox.stats();
    // Every part confirmed exactly once; at most the parts in flight at pause were re-sent.
    expect(after.partCompletes - before.partCompletes).toBe(8);
    expect(after.partBytesReceived - before.partBytesReceived).toBeLessThanOrEqual(64 * MiB + 2 * 8 * MiB);
    expect(after.cancels).toBe(before.cancels);
  });

  it('pause all and resume all act on every job', async () => {
    const paths = await Promise.all(
      ['p1', 'p2', 'p3'].map(async (n) => {
        const p = join(files.dir, `${n}.bin`);
        await writeRandomFile(p, 12 * MiB);
        return p;
      }),
    );
    const queue = newQueue({ bandwidthLimit: 8 * MiB });
    await queue.enqueue({ paths });

    queue.pauseAll();

    expect(queue.snapshot().jobs.map((j) => j.state)).toEqual(['paused', 'paused', 'paused']);
    queue.setBandwidthLimit(0);
    queue.resumeAll();
    await queue.whenIdle();
    expect(queue.snapshot().jobs.map((j) => j.state)).toEqual(['done', 'done', 'done']);
  });
});

describe('cancel', () => {
  it('cancelling tells the server, which deletes the parts, and the upload is gone', async () => {
    const path = join(files.dir, 'cancel-me.mov');
    await writeRandomFile(path, 48 * MiB);
    const queue = newQueue({ budget: 2, bandwidthLimit: 16 * MiB });
    const before = env.sandbox.stats();
    const job = await only(queue, [path]);
    await vi.waitFor(() => expect(queue.get(job.id)!.partsConfirmed).toBeGreaterThanOrEqual(1), { timeout: 10_000 });
    const uploadId = queue.get(job.id)!.uploadId;

    await queue.cancel(job.id);

    expect(state(queue, job.id)).toBe('cancelled');
    expect(env.sandbox.stats().cancels - before.cancels).toBe(1);
    expect((await api.listUploads()).map((u) => u.id)).not.toContain(uploadId);
    expect(await assetAt(env.sandbox, 'cancel-me.mov')).toBeUndefined();
  });
});

describe('failures', () => {
  it('a failure keeps the server upload open and never calls cancel; Retry finishes it', async () => {
    const path = join(files.dir, 'fails-once.mov');
    const sha256 = await writeRandomFile(path, 10 * MiB);
    const queue = newQueue();
    const before = env.sandbox.stats();
    env.sandbox.faults.add({ kind: 'api-status', route: 'complete', status: 400 });
    const job = await only(queue, [path]);
    await queue.whenIdle();

    expect(queue.get(job.id)).toMatchObject({ state: 'failed', error: { code: 'bad-request', retryable: false } });
    expect(env.sandbox.stats().cancels).toBe(before.cancels);
    expect((await api.listUploads()).map((u) => u.id)).toContain(queue.get(job.id)!.uploadId);

    queue.retry(job.id);
    await queue.whenIdle();

    expect(state(queue, job.id)).toBe('done');
    expect(await assetAt(env.sandbox, 'fails-once.mov')).toMatchObject({ sha256 });
    // Retry re-used the confirmed parts: nothing was sent twice.
    expect(env.sandbox.stats().partBytesReceived - before.partBytesReceived).toBe(10 * MiB);
  });

  it('a file that vanishes mid-upload fails clearly, and nothing of it is completed', async () => {
    const path = join(files.dir, 'vanishes.mov');
    await writeRandomFile(path, 40 * MiB);
    const queue = newQueue({ budget: 1, bandwidthLimit: 16 * MiB });
    const job = await only(queue, [path]);
    await vi.waitFor(() => expect(queue.get(job.id)!.partsConfirmed).toBeGreaterThanOrEqual(1), { timeout: 10_000 });

    await rename(path, `${path}.moved`);
    await queue.whenIdle();

    expect(queue.get(job.id)).toMatchObject({ state: 'failed', error: { code: 'file-missing' } });
    expect(await assetAt(env.sandbox, 'vanishes.mov')).toBeUndefined();
  });
});

describe('when the asset already exists', () => {
  it('asks, and Replace uploads the new version over the old one', async () => {
    const path = join(files.dir, 'exists.mov');
    await writeRandomFile(path, 1 * MiB);
    const first = newQueue();
    await only(first, [path]);
    await first.whenIdle();
    const newSha = await writeRandomFile(path, 2 * MiB);
    const queue = newQueue({ defaults: { overwrite: 'Ask' } });

    const job = await only(queue, [path]);
    await vi.waitFor(() => expect(state(queue, job.id)).toBe('awaiting-decision'));
    const asked = queue.get(job.id)!;
    expect(asked.conflict).toMatchObject({ assetId: expect.any(String) });

    queue.resolveConflict(job.id, { action: 'replace', replaceOptions: ['RecreateThumbnail'] });
    await queue.whenIdle();

    expect(state(queue, job.id)).toBe('done');
    expect(await assetAt(env.sandbox, 'exists.mov')).toMatchObject({ size: 2 * MiB, sha256: newSha });
  });

  it('Skip leaves the server as it was; "apply to all" answers every other question too', async () => {
    const names = ['dup-a.mov', 'dup-b.mov', 'dup-c.mov'];
    const paths = names.map((n) => join(files.dir, n));
    for (const p of paths) await writeRandomFile(p, 1000);
    const first = newQueue();
    await first.enqueue({ paths });
    await first.whenIdle();
    const shas = await Promise.all(names.map(async (n) => (await assetAt(env.sandbox, n))!.sha256));
    for (const p of paths) await writeRandomFile(p, 2000);
    const queue = newQueue({ defaults: { overwrite: 'Ask' } });

    const { added } = await queue.enqueue({ paths });
    await vi.waitFor(() => expect(queue.snapshot().totals.counts['awaiting-decision']).toBe(3));
    queue.resolveConflict(added[0]!.id, { action: 'skip', applyToAll: true });
    await queue.whenIdle();

    expect(queue.snapshot().jobs.map((j) => j.state)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(await Promise.all(names.map(async (n) => (await assetAt(env.sandbox, n))!.sha256))).toEqual(shas);
  });

  it('with plain Cancel the conflict is a clear failure (the CLI default)', async () => {
    const path = join(files.dir, 'exists-cli.mov');
    await writeRandomFile(path, 1000);
    const first = newQueue();
    await only(first, [path]);
    await first.whenIdle();
    const queue = newQueue({ defaults: { overwrite: 'Cancel' } });

    const job = await only(queue, [path]);
    await queue.whenIdle();

    expect(queue.get(job.id)).toMatchObject({
      state: 'failed',
      error: { code: 'asset-exists', message: expect.stringContaining('exists-cli.mov already exists on the server') },
    });
  });
});

describe('enqueueing', () => {
  it('does not add a file twice to the same destination while it is still in the queue', async () => {
    const path = join(files.dir, 'twice.mov');
    await writeRandomFile(path, 1000);
    const queue = newQueue();
    queue.pauseAll();

    const first = await queue.enqueue({ paths: [path] });
    const second = await queue.enqueue({ paths: [path] });

    expect(first.added).toHaveLength(1);
    expect(second).toEqual({ added: [], duplicates: [path], skipped: [] });
  });
});

describe('giving up on a failed upload', () => {
  it('Remove cancels its server upload instead of leaving parts behind', async () => {
    const path = join(files.dir, 'give-up.mov');
    await writeRandomFile(path, 10 * MiB);
    const queue = newQueue();
    env.sandbox.faults.add({ kind: 'api-status', route: 'complete', status: 400 });
    const job = await only(queue, [path]);
    await queue.whenIdle();
    const uploadId = queue.get(job.id)!.uploadId;
    expect(state(queue, job.id)).toBe('failed');

    await queue.remove(job.id);

    expect(queue.get(job.id)).toBeNull();
    expect((await api.listUploads()).map((u) => u.id)).not.toContain(uploadId);
  });
});

describe('changing limits while uploading', () => {
  it('a bandwidth limit holds while running and lifting it lets the upload finish', async () => {
    const path = join(files.dir, 'throttled.mov');
    const sha256 = await writeRandomFile(path, 40 * MiB);
    const queue = newQueue({ budget: 4, bandwidthLimit: 4 * MiB });
    const started = performance.now();
    const job = await only(queue, [path]);
    const progress = () => queue.get(job.id)!.bytesDone + queue.get(job.id)!.bytesSending;
    await vi.waitFor(() => expect(progress()).toBeGreaterThanOrEqual(4 * MiB), { timeout: 10_000 });

    // Never more than the limit allows, plus one burst: an upper bound a slow machine can only undercut.
    const seconds = (performance.now() - started) / 1000;
    const sent = progress();
    expect(sent).toBeLessThanOrEqual(seconds * 4 * MiB + 3 * MiB);
    expect(sent).toBeGreaterThan(0);

    queue.setBandwidthLimit(0);
    queue.setBudget(8);
    await queue.whenIdle();

    expect(queue.get(job.id)!.state).toBe('done');
    expect(await assetAt(env.sandbox, 'throttled.mov')).toMatchObject({ sha256 });
  });
});
