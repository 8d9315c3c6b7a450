import { once } from 'node:events';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { parseSandboxArgs, runSandboxMain } from '../../../main/sandbox/sandbox-cli';
import type { Sandbox } from '../../../main/sandbox';
import { call, useSandboxes } from './sandbox-harness';
import { useSandboxProcesses } from './sandbox-process';

const harness = useSandboxes();
const processes = useSandboxProcesses();
const running: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

function collector(): { write(text: string): void; text(): string } {
  let text = '';
  return { write: (chunk) => void (text += chunk), text: () => text };
}

describe('the sandbox command line', () => {
  test('flags become options; defaults are a free port and a data dir under the temp dir', () => {
    const defaults = parseSandboxArgs([], {});
    expect(defaults).toEqual({ kind: 'run', verbose: false, options: { dataDir: expect.stringContaining('nomad-sandbox'), storage: { kind: 'embedded' } } });

    expect(
      parseSandboxArgs(
        ['--port', '8123', '--data', '/tmp/x', '--user', 'ana', '--password', 'pw', '--url-ttl', '60', '--token-ttl', '30', '--refresh-ttl', '600', '--s3-endpoint', 'http://minio:9000', '--s3-bucket', 'media', '--log'],
        { AWS_ACCESS_KEY_ID: 'AK', AWS_SECRET_ACCESS_KEY: 'SK' },
      ),
    ).toEqual({
      kind: 'run',
      verbose: true,
      options: {
        port: 8123,
        dataDir: '/tmp/x',
        users: { ana: 'pw' },
        urlTtlSeconds: 60,
        tokenTtlSeconds: 30,
        refreshTokenTtlSeconds: 600,
        storage: { kind: 's3', endpoint: 'http://minio:9000', bucket: 'media', accessKeyId: 'AK', secretAccessKey: 'SK' },
      },
    });
    expect(parseSandboxArgs(['--storage', 'discard'], {})).toMatchObject({ kind: 'run', options: { storage: { kind: 'discard' } } });
    expect(
      parseSandboxArgs(['--direct-urls', '--storage-port', '9100', '--storage-public-url', 'http://link:9101/', '--public-url', 'https://proxy.test/nomad/'], {}),
    ).toMatchObject({
      kind: 'run',
      options: {
        directUrls: true,
        storage: { kind: 'embedded', port: 9100 },
        storagePublicUrl: 'http://link:9101',
        publicUrl: 'https://proxy.test/nomad',
      },
    });
    expect(parseSandboxArgs(['--variant', 'errors-array,no-resign', '--variant', 'kms-etag'], {})).toMatchObject({
      kind: 'run',
      options: { variants: ['errors-array', 'no-resign', 'kms-etag'] },
    });
    expect(parseSandboxArgs(['--help'], {})).toEqual({ kind: 'help' });
  });

  test('bad flags are errors that say what is wrong', () => {
    for (const argv of [
      ['--bogus'],
      ['--port', 'http'],
      ['--port', '70000'],
      ['--port'],
      ['--user', 'ana'],
      ['--url-ttl', '0'],
      ['--s3-endpoint', 'http://x'],
      ['--s3-endpoint', 'nota url', '--s3-bucket', 'b'],
      ['--storage', 'floppy'],
      ['--storage', 'discard', '--s3-endpoint', 'http://x', '--s3-bucket', 'b'],
      ['positional'],
      ['--direct-urls', '--storage', 'discard'],
      ['--storage-public-url', 'http://link:9101'],
      ['--direct-urls', '--storage-public-url', 'http://link:9101/s3'],
      ['--public-url', 'not a url'],
      ['--public-url', 'http://proxy.test/?q=1'],
      ['--storage-port', '9100', '--storage', 'discard'],
      ['--storage-port', '99999'],
      ['--variant', 'nope'],
      ['--variant', 'conflict-400,conflict-422'],
      ['--variant', 'kms-etag', '--direct-urls'],
    ]) {
      const parsed = parseSandboxArgs(argv, {});
      expect({ argv, kind: parsed.kind }).toEqual({ argv, kind: 'error' });
    }
  });

  test('runSandboxMain prints exactly one line "sandbox listening <url>" and serves; bad flags exit 2', async () => {
    const dataDir = await harness.tempDir();
    const stdout = collector();
    const log = collector();
    const result = await runSandboxMain(['--port', '0', '--data', dataDir, '--user', 'ana', '--password', 'Secret-Pa55', '--log'], stdout, log);
    expect(result.kind).toBe('running');
    if (result.kind !== 'running') throw new Error('the sandbox did not start');
    running.push(result.sandbox);
    expect(stdout.text()).toBe(`sandbox listening ${result.sandbox.url}\n`);
    expect(result.sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const session = await call<{ token: string }>(result.sandbox, 'POST', '/api/account/login', { json: { userName: 'ana', password: 'Secret-Pa55' } });
    expect(session.status).toBe(200);
    // --log writes request lines to stderr, never credentials.
    await vi.waitFor(() => expect(log.text()).toContain('POST /api/account/login 200'));
    expect(log.text()).not.toContain(session.json.token);
    expect(log.text()).not.toContain('Secret-Pa55');

    // With direct URLs, storage is a second address: a second line names it.
    const directOut = collector();
    const direct = await runSandboxMain(['--port', '0', '--data', await harness.tempDir(), '--direct-urls'], directOut, collector());
    if (direct.kind !== 'running') throw new Error('the direct-URL sandbox did not start');
    running.push(direct.sandbox);
    expect(directOut.text()).toBe(`sandbox listening ${direct.sandbox.url}\nstorage ${direct.sandbox.storage.url} bucket nomad-sandbox\n`);

    const stderr = collector();
    expect(await runSandboxMain(['--port', 'x'], collector(), stderr)).toEqual({ kind: 'exit', code: 2 });
    expect(stderr.text()).toContain('--port');
    const help = collector();
    expect(await runSandboxMain(['--help'], help, collector())).toEqual({ kind: 'exit', code: 0 });
    expect(help.text()).toContain('Usage');
  });

  test('the built entry runs as a program: one stdout line when ready, clean exit on SIGTERM', async () => {
    const dataDir = await harness.tempDir();
    const { child, firstLine, url } = await processes.spawn(['--port', '0', '--data', dataDir]);
    expect(firstLine).toMatch(/^sandbox listening http:\/\/127\.0\.0\.1:\d+$/);
    const login = await fetch(`${url}/api/account/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userName":"demo","password":"demo"}' });
    expect(login.status).toBe(200);

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  }, 30_000);
});
