// The handler map main registers with ipcMain, driven as the renderer would drive it, but in
// plain Node with the real service, engine and a sandbox server.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, type CommandHandlers, type Result } from '../../../preload/contract';
import { MemorySecretStore } from '../../../main/app-core/secret-store';
import { MemorySettingsStore } from '../../../main/app-core/settings';
import { UploaderService, type ServiceEvent } from '../../../main/app-core/uploader-service';
import { createCommandHandlers, dispatchCommand } from '../../../main/ipc/command-handlers';
import { payloadSchemas } from '../../../main/ipc/payload-schemas';
import { isTrustedSender } from '../../../main/ipc/sender-check';
import { startSandbox } from '../../../main/sandbox';
import { makeTempDir, sha256File, writeRandomFile } from '../../support/files';

let temp: { dir: string; cleanup: () => Promise<void> };
let service: UploaderService;
let handlers: CommandHandlers;
const events: ServiceEvent[] = [];
const opened: string[] = [];
let sandboxUrl = '';
let sandboxAssets: () => Promise<Array<{ path: string; sha256: string | null }>>;
const call = (name: string, payload: unknown) => dispatchCommand(handlers, name, payload);

beforeAll(async () => {
  temp = await makeTempDir('nomad-app-');
  service = new UploaderService({
    settings: new MemorySettingsStore(),
    secrets: new MemorySecretStore(),
    journalDir: join(temp.dir, 'journal'),
    startSandbox: async () => {
      const sandbox = await startSandbox({ dataDir: join(temp.dir, 'sandbox') });
      sandboxUrl = sandbox.url;
      sandboxAssets = () => sandbox.assets();
      return sandbox;
    },
  });
  service.onEvent((e) => events.push(e));
  handlers = createCommandHandlers(service, {
    pickPaths: async () => [],
    openExternal: async (url) => {
      opened.push(url);
    },
  });
  await service.start();
});

afterAll(async () => {
  await service?.shutdown();
  await temp?.cleanup();
});

describe('the handler map', () => {
  it('has a handler and a payload schema for every command of the contract', () => {
    expect(Object.keys(handlers).sort()).toEqual([...COMMAND_NAMES].sort());
    expect(Object.keys(payloadSchemas).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it('starts on the local sandbox and says so plainly', async () => {
    const account = (await call('getAccount', {})) as Result<{ targetLabel: string; signedIn: boolean }>;

    expect(account).toEqual({
      ok: true,
      value: expect.objectContaining({ targetLabel: 'Local sandbox — files stay on this computer', signedIn: true }),
    });
  });

  it('answers a bad payload with a validation error Result, never an exception', async () => {
    expect(await call('pauseJob', { id: 42 })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await call('pauseJob', null)).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await call('enqueuePaths', { paths: ['relative/path'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload', message: expect.stringContaining('absolute') },
    });
    expect(await call('enqueuePaths', { paths: ['/tmp/a\0b'] })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await call('getSnapshot', { extra: true })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await call('noSuchCommand', {})).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    expect(await call('updateSettings', { patch: { concurrency: 0 } })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });

  it('refuses to open anything but web links', async () => {
    expect(await call('openExternal', { url: 'file:///etc/passwd' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await call('openExternal', { url: 'javascript:alert(1)' })).toMatchObject({ ok: false });
    expect(await call('openExternal', { url: 'https://docs.nomad-media.com/' })).toEqual({ ok: true, value: null });
    expect(opened).toEqual(['https://docs.nomad-media.com/']);
  });

  it('uploads a dropped file through enqueuePaths and reports it in snapshots', async () => {
    const path = join(temp.dir, 'dropped.mov');
    const sha256 = await writeRandomFile(path, 3 * 1024 * 1024);

    expect(await call('enqueuePaths', { paths: [path] })).toEqual({ ok: true, value: { added: 1 } });
    await service.jobs.queue.whenIdle();

    const snapshot = (await call('getSnapshot', {})) as Result<{ jobs: Array<{ name: string; state: string }> }>;
    expect(snapshot.ok && snapshot.value.jobs.map((j) => [j.name, j.state])).toEqual([['dropped.mov', 'done']]);
    const stored = (await sandboxAssets()).find((a) => a.path === 'Incoming/dropped.mov');
    expect(stored?.sha256).toBe(sha256);
    expect(sha256).toBe(await sha256File(path));
    // One notification per finished batch, once the coalesced update says all is idle.
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'batchFinished')).toEqual([{ type: 'batchFinished', done: 1, failed: 0 }]));
  });

  it('answers a wrong password with a clear error and stays on the sandbox', async () => {
    const result = await call('signIn', { serverUrl: sandboxUrl, userName: 'demo', password: 'wrong' });

    expect(result).toEqual({
      ok: false,
      error: {
        code: 'auth-failed',
        message: 'Wrong user name or password.',
        retryable: false,
        // The server's own answer travels with it, for the failure details.
        detail: 'Authentication failed: unknown user or wrong password',
        status: 404,
        request: 'POST /account/login',
        // Why, for a window in another language to word it.
        refusal: 'wrong-password',
      },
    });
    expect(service.account().target).toEqual({ kind: 'sandbox' });
  });

  it('answers an unreachable server with a clear error', async () => {
    const result = await call('signIn', { serverUrl: 'http://127.0.0.1:9', userName: 'a', password: 'b' });

    expect(result).toMatchObject({ ok: false, error: { code: 'unreachable', message: expect.stringContaining('cannot be reached') } });
  });

  it('applies settings to the running queue', async () => {
    const result = await call('updateSettings', { patch: { concurrency: 3, bandwidthLimit: 1_000_000 } });

    expect(result).toMatchObject({ ok: true, value: { concurrency: 3, bandwidthLimit: 1_000_000 } });
    expect(service.jobs.queue.budget).toBe(3);
    expect(service.jobs.queue.bandwidthLimit).toBe(1_000_000);
    await call('updateSettings', { patch: { bandwidthLimit: 0 } });
  });
});

describe('the sender check', () => {
  const mainFrame = { url: 'file:///app/out/renderer/index.html' };
  const window = { isDestroyed: () => false, webContents: { mainFrame } };
  const page = { kind: 'file', url: mainFrame.url } as const;

  it('trusts only the main frame of our window showing our page', () => {
    expect(isTrustedSender({ sender: window.webContents, senderFrame: mainFrame }, window, page)).toBe(true);
    expect(isTrustedSender({ sender: {}, senderFrame: mainFrame }, window, page)).toBe(false);
    expect(isTrustedSender({ sender: window.webContents, senderFrame: { url: 'file:///x' } }, window, page)).toBe(false);
    expect(isTrustedSender({ sender: window.webContents, senderFrame: null }, window, page)).toBe(false);
    const evil = { isDestroyed: () => false, webContents: { mainFrame: { url: 'https://evil.example/' } } };
    expect(isTrustedSender({ sender: evil.webContents, senderFrame: evil.webContents.mainFrame }, evil, page)).toBe(false);
    expect(isTrustedSender({ sender: window.webContents, senderFrame: mainFrame }, null, page)).toBe(false);
  });
});
