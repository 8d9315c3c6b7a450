// Parts sized to the link, against the sandbox in its real topology (pre-signed URLs straight
// to S3, part-complete checked with S3's ListParts): a camera card's first clip goes in 8 MiB
// parts and teaches the queue how fast parts go; the next clips ask for the size that says.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartSizeAdvisor } from '../../../main/engine/part-size';
import { UploadQueue } from '../../../main/engine/queue';
import { MiB, makeTempDir, writeRandomFile } from '../../support/files';
import { assetAt, startTestSandbox, type TestSandbox } from '../../support/sandbox';

let env: TestSandbox;
let files: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  env = await startTestSandbox({ directUrls: true });
  files = await makeTempDir('nomad-part-size-');
});

afterAll(async () => {
  await env?.close();
  await files?.cleanup();
});

/** Uploads one file through `queue`; its row once done. */
async function upload(queue: UploadQueue, name: string, size: number) {
  const path = join(files.dir, name);
  const sha256 = await writeRandomFile(path, size);
  const { added } = await queue.enqueue({ paths: [path] });
  await queue.whenIdle();
  const row = queue.get(added[0]!.id)!;
  expect(row).toMatchObject({ state: 'done', size });
  expect(await assetAt(env.sandbox, name)).toMatchObject({ size, sha256 });
  return row;
}

describe('a camera card on one queue', () => {
  it('the first clip goes in 8 MiB parts and measures the link; the next asks for the size that gives', async () => {
    const partSizes = new PartSizeAdvisor();
    const queue = new UploadQueue({ api: await env.api(), budget: 6, partSizes });

    const first = await upload(queue, 'A001_C001.mov', 17 * 8 * MiB);
    expect(first.partsTotal).toBe(17);
    expect(partSizes.partRate).not.toBeNull();

    const size = 60 * MiB + 123;
    const asked = partSizes.chunkSizeFor(size, queue.partsInFlight);
    const second = await upload(queue, 'A001_C002.mov', size);
    expect(second.partsTotal).toBe(Math.ceil(size / asked));
    await queue.close();
  });

  it('parts of another size than 8 MiB are planned by the server, checked against S3 and land byte-exact', async () => {
    // As if earlier clips had gone at 20 MB/s a part: 6 in flight leave a 60 MiB clip 10 MiB parts.
    const partSizes = new PartSizeAdvisor();
    for (let i = 0; i < 32; i += 1) partSizes.observe({ bytes: 8 * MiB, partsInFile: 20, sendMs: (8 * MiB) / 20_000 });
    const queue = new UploadQueue({ api: await env.api(), budget: 6, partSizes });

    const row = await upload(queue, 'A001_C003.mov', 60 * MiB);

    expect(row.partsTotal).toBe(6); // 10 MiB each: a part for each of the 6 slots
    await queue.close();
  });
});
