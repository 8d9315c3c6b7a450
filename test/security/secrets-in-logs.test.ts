// No token, refresh token, password, Authorization header or pre-signed URL signature in any
// log line or any message a user sees. Uploads run with logging at debug, through faults
// that make the client refresh tokens, re-fetch URLs and retry a 500; a recording proxy in
// front of the sandbox collects every secret that went over the wire, and every line of
// output is searched for each of them. Once with the built CLI, once with UploaderService.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../preload/contract';
import { MemorySecretStore } from '../../main/app-core/secret-store';
import { MemorySettingsStore } from '../../main/app-core/settings';
import { UploaderService, type ServiceEvent } from '../../main/app-core/uploader-service';
import { createLogger } from '../../main/engine/log';
import { createCommandHandlers, dispatchCommand } from '../../main/ipc/command-handlers';
import { startSandbox, type Sandbox } from '../../main/sandbox';
import { makeTempDir, MiB, writeRandomFile } from '../support/files';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy';

const CLI = resolve('out/node/cli.js');
const USER = 'ana@example.com';
const PASSWORD = `Pw-${randomBytes(12).toString('hex')}`;
const WRONG_PASSWORD = `Wrong-${randomBytes(12).toString('hex')}`;

let temp: { dir: string; cleanup: () => Promise<void> };
let sandbox: Sandbox;
let proxy: RecordingProxy;
const sandboxLog: string[] = [];
let faultsArmed = false;

/**
 * Faults, armed before each upload: the first start answers 500, the second part PUT 500,
 * a token refresh 500; at the first part confirmation every URL and access token expires.
 */
function armFaults(): void {
  faultsArmed = true;
  sandbox.faults.add([
    { kind: 'api-status', route: 'start', status: 500 },
    { kind: 'part-status', status: 500, nth: 2 },
    { kind: 'api-status', route: 'refresh-token', status: 500 },
  ]);
}

beforeAll(async () => {
  temp = await makeTempDir('nomad-secrets-');
  sandbox = await startSandbox({ dataDir: join(temp.dir, 'sandbox'), users: { [USER]: PASSWORD }, log: (line) => sandboxLog.push(line) });
  proxy = await startRecordingProxy(sandbox.url, (path) => {
    if (faultsArmed && /\/part\/[^/]+\/complete/.test(path)) {
      faultsArmed = false;
      sandbox.faults.add([{ kind: 'expire-urls' }, { kind: 'expire-tokens' }]);
    }
  });
});

afterAll(async () => {
  await proxy?.close();
  await sandbox?.close();
  await temp?.cleanup();
});

/** Every secret value the run exposed on the wire, plus both passwords. */
function secrets(): string[] {
  return [...proxy.secrets(), PASSWORD, WRONG_PASSWORD, encodeURIComponent(PASSWORD)];
}

function leaks(texts: readonly string[]): string[] {
  const found: string[] = [];
  for (const secret of secrets()) {
    for (const text of texts) {
      if (text.includes(secret)) found.push(`${secret.slice(0, 6)}… in: ${text.slice(0, 200)}`);
    }
  }
  return found;
}

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('secrets never reach a log or a message', () => {
  it('the CLI at --log debug, through expired URLs and tokens and a 500', async () => {
    const file = join(temp.dir, 'cli.bin');
    await writeRandomFile(file, 20 * MiB);
    armFaults();

    // One part at a time: the URLs expire after the first part-complete, so the next part's PUT
    // is certain to meet an expired URL (with more parts in flight they may all be sent already).
    const run = await runCli(['upload', '--server', proxy.url, '--user', USER, '--log', 'debug', '--concurrency', '1', '--json', file], {
      NOMAD_PASSWORD: PASSWORD,
    });
    const refused = await runCli(['upload', '--server', proxy.url, '--user', USER, '--password', WRONG_PASSWORD, '--log', 'debug', file], {});

    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(refused.code).toBe(1);
    expect(refused.stderr + refused.stdout).toContain('wrong user name or password');
    // The faults did happen: a refresh (or re-login) after the expiry, fresh URLs, a retried start.
    const starts = proxy.requests.filter((r) => r === 'POST /api/asset/upload/start').length;
    expect(starts).toBeGreaterThanOrEqual(2);
    expect(proxy.requests.some((r) => /^GET \/api\/admin\/asset\/upload\/[^/]+$/.test(r))).toBe(true);
    expect(proxy.requests.filter((r) => r === 'POST /api/account/refresh-token' || r === 'POST /api/account/login').length).toBeGreaterThanOrEqual(3);
    expect(run.stderr.split('\n').filter((l) => l.includes(' DEBUG ')).length).toBeGreaterThan(10);
    expect(proxy.secrets().size).toBeGreaterThan(6);

    const output = [...run.stdout.split('\n'), ...run.stderr.split('\n'), ...refused.stdout.split('\n'), ...refused.stderr.split('\n')];
    expect(leaks(output)).toEqual([]);
  });

  it('the app service at debug: log lines, notices, job errors and every command Result', async () => {
    const lines: string[] = [];
    const events: ServiceEvent[] = [];
    const settings = new MemorySettingsStore();
    const secretStore = new MemorySecretStore();
    const service = new UploaderService({
      log: createLogger((line) => lines.push(line), 'debug'),
      settings,
      secrets: secretStore,
      journalDir: join(temp.dir, 'journal'),
      startSandbox: async () => ({ url: 'http://127.0.0.1:9', close: async () => undefined }),
    });
    service.onEvent((event) => events.push(event));
    const handlers = createCommandHandlers(service, { pickPaths: async () => [], openExternal: async () => undefined });
    const results: Array<Result<unknown>> = [];
    const call = async (name: string, payload: unknown) => {
      const result = await dispatchCommand(handlers, name, payload);
      results.push(result);
      return result;
    };
    const file = join(temp.dir, 'app.bin');
    await writeRandomFile(file, 20 * MiB);

    expect(await call('signIn', { serverUrl: proxy.url, userName: USER, password: WRONG_PASSWORD })).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    expect(await call('signIn', { serverUrl: proxy.url, userName: USER, password: PASSWORD })).toMatchObject({ ok: true });
    armFaults();
    expect(await call('enqueuePaths', { paths: [file, join(temp.dir, 'missing.mov')] })).toEqual({ ok: true, value: { added: 2 } });
    await service.jobs.queue.whenIdle();
    const snapshot = await call('getSnapshot', {});
    await call('listLeftovers', {});
    await call('discardLeftover', { uploadId: '00000000-0000-4000-8000-000000000000' });

    expect(service.jobs.queue.snapshot().jobs.map((j) => j.state).sort()).toEqual(['done', 'failed']);
    // The refresh token lives in the secret store (safeStorage in the app), never in settings.
    const latestRefresh = secretStore.sessions()[0]?.refreshToken ?? '';
    expect(proxy.secrets()).toContain(latestRefresh);
    expect(JSON.stringify(settings.read())).not.toContain(latestRefresh);
    await call('signOut', {});
    await service.shutdown();

    expect(lines.filter((l) => l.includes(' DEBUG ')).length).toBeGreaterThan(10);
    const userFacing = [
      ...events.map((e) => JSON.stringify(e)),
      ...results.map((r) => JSON.stringify(r)),
      JSON.stringify(snapshot),
    ];
    expect(leaks([...lines, ...userFacing])).toEqual([]);
  });

  it('the sandbox log itself holds no token or signature', () => {
    expect(sandboxLog.length).toBeGreaterThan(10);
    expect(leaks(sandboxLog)).toEqual([]);
  });

  it('the scan would see a leak: the secrets it looks for were on the wire', () => {
    const wire = [...proxy.secrets()];
    expect(wire.some((s) => /^[A-Za-z0-9_-]{40,}$/.test(s))).toBe(true);
    expect(wire.some((s) => /^[0-9a-f]{64}$/.test(s))).toBe(true);
    expect(leaks([`token=${wire[0]}`])).toHaveLength(1);
  });
});
