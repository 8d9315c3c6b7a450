// The network goes away for 30 s in the middle of an upload (the server is stopped, then
// started again on the same port with the same data): the upload waits, then continues by
// itself and finishes byte-exact.

import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { NomadApi } from '../../../main/engine/api';
import { UploadQueue } from '../../../main/engine/queue';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { MiB, makeTempDir, writeRandomFile } from '../../support/files';

let sandbox: Sandbox | null = null;
let temp: { dir: string; cleanup: () => Promise<void> } | null = null;

afterAll(async () => {
  await sandbox?.close();
  await temp?.cleanup();
});

it('an upload survives 30 s without its server and finishes without user action', { timeout: 120_000 }, async () => {
  temp = await makeTempDir('nomad-offline-');
  const dataDir = join(temp.dir, 'sandbox');
  sandbox = await startSandbox({ dataDir });
  const port = Number(new URL(sandbox.url).port);
  const path = join(temp.dir, 'on-location.mov');
  const sha256 = await writeRandomFile(path, 96 * MiB);
  const api = new NomadApi({ serverUrl: sandbox.url, credentials: { userName: 'demo', password: 'demo' } });
  await api.login({ userName: 'demo', password: 'demo' });
  // Backoff capped at 5 s so the test ends soon after the server is back (default cap: 30 s).
  const queue = new UploadQueue({ api, budget: 3, bandwidthLimit: 24 * MiB, retryPolicy: { maxDelayMs: 5000 } });
  const seen = new Set<string>();
  queue.onUpdate((u) => u.changed.forEach((j) => j.waiting && seen.add(j.waiting)));
  const twoPartsStored = new Promise<void>((resolve) => queue.onUpdate((u) => u.changed.some((j) => j.partsConfirmed >= 2) && resolve()));
  const { added } = await queue.enqueue({ paths: [path] });
  const id = added[0]!.id;
  // However long a loaded machine takes to get there: the event, not a deadline.
  await twoPartsStored;

  await sandbox.close();
  sandbox = null;
  await new Promise((r) => setTimeout(r, 30_000));
  expect(queue.get(id)).toMatchObject({ state: 'uploading', waiting: 'Waiting for the network…' });
  sandbox = await startSandbox({ dataDir, port });
  await queue.whenIdle();

  expect(queue.get(id)).toMatchObject({ state: 'done', error: null, partsConfirmed: 12 });
  expect(seen).toContain('Waiting for the network…');
  const stored = (await sandbox.assets()).find((a) => a.path === 'Incoming/on-location.mov');
  expect(stored).toMatchObject({ size: 96 * MiB, sha256 });
  await queue.close();
});
