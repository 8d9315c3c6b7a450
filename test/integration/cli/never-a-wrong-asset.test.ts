// Issue "Never a wrong asset marked done", as a hostile tester ran it on the built CLI. Each
// case is a reproduction that, before the fix, left a spliced asset on the server reported as
// uploaded with exit 0, printed a file name raw into the terminal, or showed 100 % for a
// storage that never took a byte.

import { readdir, rename, stat, utimes, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiB, makeTempDir, writeRandomFile } from '../../support/files';
import { assetAt, startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { jsonLines, runCli, runInTerminal, startCli, until } from './support/cli-process';

let env: TestSandbox;
let temp: { dir: string; cleanup: () => Promise<void> };
let login: string[];

beforeAll(async () => {
  env = await startTestSandbox();
  temp = await makeTempDir('nomad-trust-');
  login = ['--server', env.sandbox.url, '--user', 'demo', '--password', 'demo'];
});

afterAll(async () => {
  await env?.close();
  await temp?.cleanup();
});

const summaryOf = (stdout: string) => jsonLines(stdout).at(-1) as { event: string; ok: boolean; files: Array<{ state: string; error: { code: string; message: string } | null }> };

describe('an upload is ours only if we can prove it', () => {
  it('two different files named clip.mov: B never takes over the upload A left behind, however often B is run', async () => {
    const a = join(temp.dir, 'a', 'clip.mov');
    const b = join(temp.dir, 'b', 'clip.mov');
    const aSha = await writeRandomFile(a, 100 * MiB);
    await writeRandomFile(b, 100 * MiB);
    const before = env.sandbox.stats().partBytesReceived;
    // A, slowly, killed mid-way: its upload stays open on the server.
    const first = startCli(['upload', ...login, '--journal', join(temp.dir, 'JA'), '--limit', '20MiB', '--json', a]);
    await until(() => env.sandbox.stats().partBytesReceived - before >= 24 * MiB, 'A sent three parts');
    first.child.kill('SIGKILL');
    await first.exited;

    const once = await runCli(['upload', ...login, '--journal', join(temp.dir, 'JB'), '--json', b]);
    const twice = await runCli(['upload', ...login, '--journal', join(temp.dir, 'JB'), '--json', b]);

    for (const run of [once, twice]) {
      expect(run.code).toBe(1);
      expect(summaryOf(run.stdout).files).toEqual([
        expect.objectContaining({ state: 'failed', error: expect.objectContaining({ code: 'asset-exists' }) }),
      ]);
    }
    expect(await assetAt(env.sandbox, 'clip.mov')).toBeUndefined();
    // The choice is spelled out for the person at the terminal.
    const human = await runCli(['upload', ...login, '--journal', join(temp.dir, 'JB'), b]);
    expect(human.stdout).toContain('--overwrite continue');
    expect(human.stdout).toContain('--overwrite replace');

    // And A, run again, finishes its own upload: byte for byte A.
    const resumed = await runCli(['upload', ...login, '--journal', join(temp.dir, 'JA'), '--json', a]);
    expect(resumed.code).toBe(0);
    expect((await assetAt(env.sandbox, 'clip.mov'))?.sha256).toBe(aSha);
  });

  it('after a corrupted journal, B still does not take over A\'s upload', async () => {
    const a = join(temp.dir, 'c', 'take.mov');
    const b = join(temp.dir, 'd', 'take.mov');
    await writeRandomFile(a, 40 * MiB);
    await writeRandomFile(b, 40 * MiB);
    const before = env.sandbox.stats().partBytesReceived;
    const first = startCli(['upload', ...login, '--journal', join(temp.dir, 'JC'), '--limit', '16MiB', a]);
    await until(() => env.sandbox.stats().partBytesReceived - before >= 8 * MiB, 'A sent a part');
    first.child.kill('SIGKILL');
    await first.exited;
    const journal = join(temp.dir, 'JD');
    await runCli(['upload', ...login, '--journal', journal, '--json', b]);
    for (const name of await readdir(journal)) {
      await writeFile(join(journal, name), '{"version":2,"jobId":"torn');
    }

    const again = await runCli(['upload', ...login, '--journal', journal, '--json', b]);

    expect(again.code).toBe(1);
    expect(summaryOf(again.stdout).files[0]).toMatchObject({ state: 'failed', error: { code: 'asset-exists' } });
    expect(await assetAt(env.sandbox, 'take.mov')).toBeUndefined();
  });
});

describe('the file is the one the upload began with', () => {
  it('a file swapped mid-upload for one of the same size and mtime (touch -r old new; mv new old) fails; nothing is spliced', async () => {
    const path = join(temp.dir, 'swap', 'card.mov');
    const other = join(temp.dir, 'swap', 'new.mov');
    await writeRandomFile(path, 300 * MiB);
    await writeRandomFile(other, 300 * MiB);
    const before = env.sandbox.stats().partBytesReceived;
    const run = startCli(['upload', ...login, '--limit', '64MiB', '--json', path]);
    await until(() => env.sandbox.stats().partBytesReceived - before >= 64 * MiB, 'a good part of the file sent');
    const { atime, mtime } = await stat(path);
    await utimes(other, atime, mtime);
    await rename(other, path);

    const done = await run.exited;

    expect(done.code).toBe(1);
    expect(summaryOf(done.stdout).files[0]).toMatchObject({
      state: 'failed',
      error: { code: 'file-changed', message: expect.stringContaining('card.mov was replaced by another file') },
    });
    expect(await assetAt(env.sandbox, 'card.mov')).toBeUndefined();
  });
});

describe('clean output', () => {
  it('a file name with terminal controls is printed escaped in a real terminal: no retitle, no clear, no fake ✓', async () => {
    const dir = join(temp.dir, 'hostile');
    const retitle = 'a\u001b]0;PWNED\u0007\u001b[2Jred.txt';
    const fake = 'b\r✓ fake.mov  10 GB.txt';
    await writeRandomFile(join(dir, retitle), 1000);
    await writeRandomFile(join(dir, fake), 1000);

    const { code, screen } = await runInTerminal(['upload', ...login, dir]);

    // The sandbox refuses names with control characters (a real server may not): each file
    // fails, and its ✗ line is where a raw name would have done its damage.
    expect(code).toBe(1);
    expect(screen).not.toContain('\u001b]0;PWNED');
    expect(screen).not.toContain('\u001b[2J');
    expect(screen).toContain('✗ hostile/a\\e]0;PWNED\\a\\e[2Jred.txt: ');
    expect(screen).toContain('✗ hostile/b\\r✓ fake.mov  10 GB.txt: ');
  });

  it('credentials in the server address are refused, and never echoed', async () => {
    const run = await runCli(['upload', '--server', 'http://admin:s3cret@127.0.0.1:1', '--user', 'demo', '--password', 'demo', temp.dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('must not hold a user name or password');
    expect(run.stderr).not.toContain('s3cret');
  });
});

describe('storage that accepts and never answers', () => {
  let blackHole: Server;
  const sockets = new Set<Socket>();
  let silent: TestSandbox;

  beforeAll(async () => {
    blackHole = createServer((socket) => {
      sockets.add(socket); // takes the connection, reads nothing into an answer, says nothing
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((done) => blackHole.listen(0, '127.0.0.1', done));
    const port = (blackHole.address() as { port: number }).port;
    silent = await startTestSandbox({ directUrls: true, storagePublicUrl: `http://127.0.0.1:${port}` });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((done) => blackHole?.close(() => done()));
    await silent?.close();
  });

  it('is not "offline": the file fails clearly after the storage timeout, progress stays at 0 %, and the upload is kept', async () => {
    const path = join(temp.dir, 'silent.mov');
    await writeRandomFile(path, 20 * MiB);

    const run = await runCli([
      'upload', '--server', silent.sandbox.url, '--user', 'demo', '--password', 'demo',
      '--stall-timeout', '1', '--storage-timeout', '6', '--json', path,
    ]);

    expect(run.code).toBe(1);
    const events = jsonLines(run.stdout);
    const waiting = events.filter((e) => e.event === 'waiting').map((e) => e.reason);
    expect(waiting).toContainEqual(expect.stringMatching(/^Storage is not responding — retrying \(\d+\)$/));
    expect(waiting).not.toContain('Waiting for the network…');
    expect(events.filter((e) => e.event === 'progress').every((e) => e.bytesDone === 0)).toBe(true);
    expect(summaryOf(run.stdout).files[0]).toMatchObject({ state: 'failed', error: { code: 'storage-unresponsive' } });
    const api = await silent.api();
    expect(await api.listUploads()).toHaveLength(1); // resumable: nothing was cancelled
  });
});
