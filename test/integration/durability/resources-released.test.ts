// Uppy's lesson: listeners and timers must die with their upload. Whichever way a job stops
// — done, failed, paused, cancelled — it holds no run, no timer, no abort listener, and is
// holds no part slot and waits for none.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UploadQueue } from '../../../main/engine/queue';
import { MiB, makeTempDir, writeRandomFile } from '../../support/files';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';

let env: TestSandbox;
let temp: { dir: string; cleanup: () => Promise<void> };
const NOTHING = { runs: 0, timers: 0, abortListeners: 0, slots: 0 };

beforeAll(async () => {
  env = await startTestSandbox();
  temp = await makeTempDir('nomad-res-');
});

afterAll(async () => {
  await env?.close();
  await temp?.cleanup();
});

async function queueWithBackoff(name: string) {
  const path = join(temp.dir, name);
  await writeRandomFile(path, 24 * MiB);
  const queue = new UploadQueue({ api: await env.api(), budget: 2 });
  // The second part PUT is told to come back in 30 s: a backoff timer is now pending.
  env.sandbox.faults.add({ kind: 'part-status', status: 503, retryAfterSeconds: 30, nth: 2 });
  const { added } = await queue.enqueue({ paths: [path] });
  const id = added[0]!.id;
  await vi.waitFor(() => expect(queue.openResources().timers).toBeGreaterThan(0), { timeout: 10_000 });
  expect(queue.openResources()).toMatchObject({ runs: 1 });
  return { queue, id };
}

describe('a job releases everything when it stops', () => {
  it('paused while waiting out a backoff', async () => {
    const { queue, id } = await queueWithBackoff('paused.bin');

    queue.pause(id);

    expect(queue.openResources()).toEqual(NOTHING);
    await queue.close();
  });

  it('cancelled while waiting out a backoff', async () => {
    const { queue, id } = await queueWithBackoff('cancelled.bin');

    await queue.cancel(id);

    expect(queue.openResources()).toEqual(NOTHING);
    await queue.close();
  });

  it('failed while parts were still in flight', async () => {
    const path = join(temp.dir, 'failed.bin');
    await writeRandomFile(path, 24 * MiB);
    const queue = new UploadQueue({ api: await env.api(), budget: 2, bandwidthLimit: 8 * MiB });
    // Storage refuses with 403 over and over: fresh URLs do not help, the job gives up.
    env.sandbox.faults.add({ kind: 'part-status', status: 403, times: 50 });
    const { added } = await queue.enqueue({ paths: [path] });
    await queue.whenIdle();
    env.sandbox.faults.clear();

    expect(queue.get(added[0]!.id)).toMatchObject({ state: 'failed', error: { code: 'storage-refused' } });
    expect(queue.openResources()).toEqual(NOTHING);
    await queue.close();
  });

  it('done', async () => {
    const path = join(temp.dir, 'done.bin');
    await writeRandomFile(path, 20 * MiB);
    const queue = new UploadQueue({ api: await env.api() });
    await queue.enqueue({ paths: [path] });
    await queue.whenIdle();

    expect(queue.snapshot().jobs[0]!.state).toBe('done');
    expect(queue.openResources()).toEqual(NOTHING);
    await queue.close();
  });

  it('and closing the queue (app quit) releases every running job without cancelling it', async () => {
    const { queue } = await queueWithBackoff('quit.bin');
    const cancelsBefore = env.sandbox.stats().cancels;

    await queue.close();

    expect(queue.openResources()).toEqual(NOTHING);
    expect(env.sandbox.stats().cancels).toBe(cancelsBefore);
  });
});
