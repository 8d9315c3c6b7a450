// The built `nomad-upload` CLI as a user runs it: a real process, real files, a real
// sandbox server. Each bad input must end in one clear line and the documented exit code.

import { chmod, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../main/cli';
import { MiB, makeTempDir, writeRandomFile } from '../../support/files';
import { assetAt, startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { jsonLines, runCli } from './support/cli-process';

let env: TestSandbox;
let files: { dir: string; cleanup: () => Promise<void> };
let login: string[];

beforeAll(async () => {
  env = await startTestSandbox();
  files = await makeTempDir('nomad-cli-');
  login = ['--server', env.sandbox.url, '--user', 'demo', '--password', 'demo'];
});

afterAll(async () => {
  await env?.close();
  await files?.cleanup();
});

describe('nomad-upload upload', () => {
  it('uploads a file and a folder, printing JSON events with the summary last', async () => {
    const clip = join(files.dir, 'clip.mov');
    const clipSha = await writeRandomFile(clip, 9 * MiB);
    const folderSha = await writeRandomFile(join(files.dir, 'shoot', 'day 1', 'a.mov'), 300_000);

    const run = await runCli(['upload', ...login, '--json', clip, join(files.dir, 'shoot')]);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const events = jsonLines(run.stdout);
    const summary = events.at(-1)!;
    expect(summary).toMatchObject({ event: 'summary', ok: true, uploaded: 2, failed: 0, bytes: 9 * MiB + 300_000 });
    const summaryFiles = summary.files as Array<{ relativePath: string; assetId: string | null; state: string }>;
    expect(summaryFiles.map((f) => [f.relativePath, f.state]).sort()).toEqual([
      ['clip.mov', 'done'],
      ['shoot/day 1/a.mov', 'done'],
    ]);
    expect(summaryFiles.every((f) => typeof f.assetId === 'string')).toBe(true);
    expect(events.filter((e) => e.event === 'job' && e.state === 'done')).toHaveLength(2);
    expect(await assetAt(env.sandbox, 'clip.mov')).toMatchObject({ sha256: clipSha });
    expect(await assetAt(env.sandbox, 'shoot/day 1/a.mov')).toMatchObject({ sha256: folderSha });
  });

  it('uploads a 0-byte file', async () => {
    const empty = join(files.dir, 'empty.txt');
    await writeFile(empty, '');

    const run = await runCli(['upload', ...login, empty]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✓ empty.txt');
    expect(await assetAt(env.sandbox, 'empty.txt')).toMatchObject({ size: 0 });
  });

  it('takes the credentials from NOMAD_USER and NOMAD_PASSWORD', async () => {
    const path = join(files.dir, 'from-env.bin');
    await writeRandomFile(path, 10);

    const run = await runCli(['upload', '--server', env.sandbox.url, path], {
      env: { NOMAD_USER: 'demo', NOMAD_PASSWORD: 'demo' },
    });

    expect(run.code).toBe(0);
  });

  it('starts its own sandbox with --sandbox', async () => {
    const path = join(files.dir, 'sandboxed.bin');
    await writeRandomFile(path, 2 * MiB);

    const run = await runCli(['upload', '--sandbox', '--sandbox-data', join(files.dir, 'own-sandbox'), '--json', path]);

    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout).at(-1)).toMatchObject({ event: 'summary', ok: true, uploaded: 1 });
  });

  it('says so in one line when the password is wrong', async () => {
    const path = join(files.dir, 'never.bin');
    await writeRandomFile(path, 10);

    const run = await runCli(['upload', '--server', env.sandbox.url, '--user', 'demo', '--password', 'nope', path]);

    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `nomad-upload: Sign-in failed: wrong user name or password for ${env.sandbox.url}/api.`,
    ]);
  });

  it('says so in one line when the server cannot be reached', async () => {
    const port = await closedPort();
    const path = join(files.dir, 'never2.bin');
    await writeRandomFile(path, 10);

    const run = await runCli(['upload', '--server', `http://127.0.0.1:${port}`, '--user', 'demo', '--password', 'demo', path]);

    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^nomad-upload: Cannot reach the server at http:\/\/127\.0\.0\.1:\d+\/api \(The connection failed \(ECONNREFUSED\)\)\.\n$/);
  });

  it('names a missing file with its reason and still uploads the others', async () => {
    const present = join(files.dir, 'present.bin');
    await writeRandomFile(present, 1000);

    const run = await runCli(['upload', ...login, join(files.dir, 'missing.mov'), present]);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✓ present.bin');
    expect(run.stdout).toContain('✗ missing.mov: missing.mov does not exist.');
    expect(run.stderr).toContain('1 of 2 file(s) uploaded');
  });

  it('names an unreadable file with its reason', async () => {
    const locked = join(files.dir, 'locked.mov');
    await writeRandomFile(locked, 1000);
    await chmod(locked, 0o000);
    // root reads anything: run the CLI as an unprivileged user so the permission bites.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    await chmod(files.dir, 0o755);

    const run = await runCli(['upload', ...login, locked], asUser);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ locked.mov: locked.mov cannot be read (permission denied).');
  });

  it('exits 2 with one line for a usage error', async () => {
    const run = await runCli(['upload', '--server', 'not a url', '--user', 'a', '--password', 'b', 'x']);

    expect(run.code).toBe(2);
    // The address is not echoed: it may hold a password (https://user:secret@host).
    expect(run.stderr).toContain('nomad-upload: --server is not a URL');
  });

  it('prints help', async () => {
    const run = await runCli(['--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: nomad-upload upload [options] PATH...');
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePromise(port));
    });
  });
}

describe('nomad-upload leftovers and discard', () => {
  it('lists the uploads the server holds open and discards the one the user names', async () => {
    const api = await env.api();
    const started = await api.startUpload({
      uploadOverwriteOption: 'Cancel',
      relativePath: 'abandoned.mov',
      displayName: 'abandoned.mov',
      contentLength: 12 * MiB,
      chunkSize: 8 * MiB,
    });

    const listed = await runCli(['leftovers', ...login, '--json']);
    const discarded = await runCli(['discard', ...login, started.id]);
    const after = await runCli(['leftovers', ...login, '--json']);

    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).uploads).toContainEqual(
      expect.objectContaining({ uploadId: started.id, size: 12 * MiB, partsConfirmed: 0, partsTotal: 2 }),
    );
    expect(discarded).toMatchObject({ code: 0, stdout: `Discarded ${started.id}\n` });
    expect(JSON.parse(after.stdout).uploads.map((u: { uploadId: string }) => u.uploadId)).not.toContain(started.id);
  });

  it('an upload run ends by naming how many other uploads the server holds open, not counting its own', async () => {
    const api = await env.api();
    await api.startUpload({ uploadOverwriteOption: 'Cancel', relativePath: 'left-open.mov', displayName: 'left-open.mov', contentLength: MiB, chunkSize: 8 * MiB });
    const openBefore = (await api.listUploads()).length;
    const clip = join(files.dir, 'beside-a-leftover.mov');
    await writeRandomFile(clip, 3 * MiB);

    const run = await runCli(['upload', ...login, '--json', clip]);

    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toContainEqual({
      event: 'note',
      message: `The server also holds ${openBefore} unfinished upload(s) this run did not continue; see "nomad-upload leftovers".`,
    });
  });

  it('says clearly when an upload id is unknown', async () => {
    const run = await runCli(['discard', ...login, '00000000-0000-4000-8000-000000000000']);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^nomad-upload: 00000000-0000-4000-8000-000000000000: Not found on the server/);
  });
});

describe('on a terminal', () => {
  it('draws a progress bar on stderr and a line per file on stdout', async () => {
    const path = join(files.dir, 'tty.bin');
    await writeRandomFile(path, 24 * MiB);
    const stdout = new CapturingStream();
    const stderr = Object.assign(new CapturingStream(), { isTTY: true, columns: 120 });

    const code = await main(['upload', ...login, '--limit', '40M', path], { stdout, stderr, onInterrupt: () => () => undefined }, {});

    expect(code).toBe(0);
    expect(stdout.text).toBe('✓ tty.bin  25.2 MB\n');
    // The bar redraws in place (\r + erase line) and ends at 100 %.
    expect(stderr.text).toMatch(/\r\x1b\[2K\[#+\.*\] +\d+\.\d%/);
    expect(stderr.text).toContain('1 of 1 file(s) uploaded, 25.2 MB.');
  });
});

class CapturingStream extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}
