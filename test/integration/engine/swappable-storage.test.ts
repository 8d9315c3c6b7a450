// The sandbox's storage side is plain S3: point it at a separately started S3 server (here
// a second s3rver, in its own folder) with `--s3-endpoint`, and the engine's uploads land
// there byte-exact.

import { spawn, type ChildProcess } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NomadApi } from '../../../main/engine/api';
import { UploadQueue } from '../../../main/engine/queue';
import { MiB, makeTempDir, writeRandomFile } from '../../support/files';

let temp: { dir: string; cleanup: () => Promise<void> };
let s3: S3rver;
let sandbox: ChildProcess;
let sandboxUrl: string;

beforeAll(async () => {
  temp = await makeTempDir('nomad-s3-');
  s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    directory: join(temp.dir, 'external-s3'),
    silent: true,
    configureBuckets: [{ name: 'media-bucket' }],
  });
  const { port } = await s3.run();
  // The sandbox as an operator starts it: its own process, storage given on the command line.
  sandbox = spawn(
    process.execPath,
    [resolve('out/node/sandbox.js'), '--port', '0', '--data', join(temp.dir, 'sandbox'), '--s3-endpoint', `http://127.0.0.1:${port}`, '--s3-bucket', 'media-bucket'],
    { env: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const firstLine = await new Promise<string>((done) => createInterface({ input: sandbox.stdout! }).once('line', done));
  expect(firstLine).toMatch(/^sandbox listening http:\/\/127\.0\.0\.1:\d+$/);
  sandboxUrl = firstLine.replace('sandbox listening ', '');
});

afterAll(async () => {
  if (sandbox && sandbox.exitCode === null) {
    const exited = new Promise((done) => sandbox.once('exit', done));
    sandbox.kill('SIGTERM');
    await exited;
  }
  await s3?.close();
  await temp?.cleanup();
});

it('uploads through a sandbox whose storage is a separately started S3 server', async () => {
  const path = join(temp.dir, 'interview.mxf');
  const sha256 = await writeRandomFile(path, 20 * MiB + 12345);
  const api = new NomadApi({ serverUrl: sandboxUrl, credentials: { userName: 'demo', password: 'demo' } });
  await api.login({ userName: 'demo', password: 'demo' });
  const queue = new UploadQueue({ api });

  await queue.enqueue({ paths: [path] });
  await queue.whenIdle();

  expect(queue.snapshot().jobs.map((j) => [j.state, j.partsConfirmed])).toEqual([['done', 3]]);
  await queue.close();
  const assets = (await (await fetch(`${sandboxUrl}/_sandbox/assets`)).json()) as Array<{ path: string; sha256: string }>;
  expect(assets.find((a) => a.path === 'Incoming/interview.mxf')?.sha256).toBe(sha256);
  // …and the object really lives in the external server's bucket.
  const stored = await readdir(join(temp.dir, 'external-s3', 'media-bucket'), { recursive: true });
  expect(stored.length).toBeGreaterThan(0);
});
