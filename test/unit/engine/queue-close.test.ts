// Closing the queue (Ctrl-C in the CLI, quitting the app) at any moment of adding work: the
// caller waiting for idle is answered, and nothing that was still being walked starts later.

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FileAccess } from '../../../main/engine/file-access';
import { UploadQueue } from '../../../main/engine/queue';
import type { QueueApi } from '../../../main/engine/queue-options';
import { FakeCloud } from './support/fake-cloud';
import { MemoryFiles } from './support/memory-files';

/** The harness's files, with a walk that waits until the test lets it finish. */
function slowWalk(files: FileAccess): { files: FileAccess; finishWalk: () => void; walking: Promise<void> } {
  let finishWalk!: () => void;
  let started!: () => void;
  const walking = new Promise<void>((resolve) => (started = resolve));
  const gate = new Promise<void>((resolve) => (finishWalk = resolve));
  return {
    finishWalk,
    walking,
    files: {
      walk: async (paths, options) => {
        started();
        await gate;
        return files.walk(paths, options);
      },
      fingerprint: (path) => files.fingerprint(path),
      source: (path) => files.source(path),
    },
  };
}

describe('the queue closed while a big folder is still being walked', () => {
  it('adds nothing once the walk ends, starts no upload, and whenIdle answers', async () => {
    const cloud = new FakeCloud();
    const disk = new MemoryFiles();
    disk.put('/card/A001.mov', randomBytes(64 * 1024));
    const gated = slowWalk(disk);
    const queue = new UploadQueue<QueueApi>({ api: cloud.api, files: gated.files, transport: cloud.transport, budget: 4 });

    const adding = queue.enqueue({ paths: ['/card/A001.mov'] });
    await gated.walking;
    await queue.close(); // the person pressed Ctrl-C
    gated.finishWalk();

    expect(await adding).toEqual({ added: [], duplicates: [], skipped: [] });
    await queue.whenIdle();
    expect(queue.snapshot().jobs).toEqual([]);
    expect(await cloud.api.listUploads()).toEqual([]); // no start was ever sent
  });
});
