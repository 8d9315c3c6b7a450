// The engine against the sandbox over real HTTP with real S3 semantics: every test uploads
// real bytes and proves the stored SHA-256 equals the source's.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UploadQueue } from '../../../main/engine/queue';
import { MiB, makeTempDir, writeRandomFile } from '../../support/files';
import { assetAt, startTestSandbox, type TestSandbox } from '../../support/sandbox';

let env: TestSandbox;
let files: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  env = await startTestSandbox();
  files = await makeTempDir('nomad-files-');
});

afterAll(async () => {
  await env?.close();
  await files?.cleanup();
});

async function uploadAll(paths: string[], budget = 6) {
  const queue = new UploadQueue({ api: await env.api(), budget });
  let peakInFlightParts = 0;
  queue.onUpdate((u) => {
    peakInFlightParts = Math.max(peakInFlightParts, u.totals.counts.uploading);
  });
  await queue.enqueue({ paths });
  await queue.whenIdle();
  const snapshot = queue.snapshot();
  await queue.close();
  return snapshot;
}

describe('a user uploads single files of edge sizes', () => {
  it.each([
    ['empty', 0],
    ['one-byte', 1],
    ['exactly-8MiB', 8 * MiB],
    ['8MiB-plus-1', 8 * MiB + 1],
  ])('the %s file arrives byte-exact', async (name, size) => {
    const path = join(files.dir, `${name}.bin`);
    const sha256 = await writeRandomFile(path, size);

    const { jobs, totals } = await uploadAll([path]);

    expect(jobs.map((j) => [j.state, j.error?.message ?? null])).toEqual([['done', null]]);
    expect(jobs[0]!.partsTotal).toBe(size <= 8 * MiB ? 1 : 2);
    expect(totals.bytesDone).toBe(size);
    const asset = await assetAt(env.sandbox, `${name}.bin`);
    expect(asset).toMatchObject({ size, sha256 });
  });
});

describe('a user uploads big files', () => {
  it('a 200 MiB file arrives byte-exact and every byte is sent once', async () => {
    const path = join(files.dir, 'camera-card.mov');
    const sha256 = await writeRandomFile(path, 200 * MiB);
    const before = env.sandbox.stats();

    const { jobs } = await uploadAll([path]);

    expect(jobs[0]).toMatchObject({ state: 'done', partsTotal: 25, partsConfirmed: 25, bytesConfirmed: 200 * MiB });
    expect(await assetAt(env.sandbox, 'camera-card.mov')).toMatchObject({ size: 200 * MiB, sha256 });
    const after = env.sandbox.stats();
    expect(after.partBytesReceived - before.partBytesReceived).toBe(200 * MiB);
    expect(after.partPuts - before.partPuts).toBe(25);
  });

  it('two big files upload at the same time and both arrive byte-exact', async () => {
    const a = join(files.dir, 'a-cam.mov');
    const b = join(files.dir, 'b-cam.mov');
    const [shaA, shaB] = [await writeRandomFile(a, 72 * MiB + 3), await writeRandomFile(b, 64 * MiB - 5)];
    const queue = new UploadQueue({ api: await env.api(), budget: 4 });
    const bothUploading: boolean[] = [];
    queue.onUpdate((u) => bothUploading.push(u.totals.counts.uploading === 2));

    await queue.enqueue({ paths: [a, b] });
    await queue.whenIdle();

    expect(queue.snapshot().jobs.map((j) => j.state)).toEqual(['done', 'done']);
    // Both were in flight together at some point: the budget is shared, not serialized.
    expect(bothUploading).toContain(true);
    await queue.close();
    expect(await assetAt(env.sandbox, 'a-cam.mov')).toMatchObject({ sha256: shaA });
    expect(await assetAt(env.sandbox, 'b-cam.mov')).toMatchObject({ sha256: shaB });
  });
});

describe('a user drops a folder', () => {
  it('300 small files in nested folders arrive with their paths kept', async () => {
    const root = join(files.dir, 'shoot');
    const expected = new Map<string, string>();
    for (let i = 0; i < 300; i += 1) {
      const rel = `shoot/day ${i % 3}/cam ${i % 5}/clip-${String(i).padStart(3, '0')}.mov`;
      expected.set(rel, await writeRandomFile(join(files.dir, rel), 1 + ((i * 7919) % 40_000)));
    }

    const { jobs } = await uploadAll([root]);

    expect(jobs).toHaveLength(300);
    expect(jobs.filter((j) => j.state !== 'done')).toEqual([]);
    const stored = new Map((await env.sandbox.assets()).map((a) => [a.path, a.sha256]));
    for (const [rel, sha] of expected) expect(stored.get(`Incoming/${rel}`), rel).toBe(sha);
  });
});

describe('sharing the link', () => {
  it('small files dropped next to a big one finish long before it does', async () => {
    const big = join(files.dir, 'card.mov');
    await writeRandomFile(big, 160 * MiB);
    const smalls = await Promise.all(
      [1, 2, 3, 4, 5].map(async (n) => {
        const p = join(files.dir, `sidecar-${n}.xml`);
        await writeRandomFile(p, 20_000);
        return p;
      }),
    );
    // 40 MiB/s keeps the big file busy for about 4 s: long enough to see who waits for whom.
    const queue = new UploadQueue({ api: await env.api(), budget: 4, bandwidthLimit: 40 * MiB });
    const finishedAt = new Map<string, number>();
    queue.onEvent((e) => {
      if (e.type === 'transition' && e.job.state === 'done') finishedAt.set(e.job.name, performance.now());
    });

    await queue.enqueue({ paths: [big] });
    await queue.enqueue({ paths: smalls });
    await queue.whenIdle();
    await queue.close();

    const bigDone = finishedAt.get('card.mov')!;
    const lastSmall = Math.max(...[1, 2, 3, 4, 5].map((n) => finishedAt.get(`sidecar-${n}.xml`)!));
    expect(lastSmall).toBeLessThan(bigDone - 1000);
  });
});
