// What a person runs into after the first upload, played against the real service, engine
// and a sandbox server: signing out (or being logged out by the server) keeps the queue to
// continue later; an address that is not a Nomad API is told from a wrong password; a
// folder that does not exist is refused before it is saved; a file uploaded already is not
// uploaded twice by accident; a file that moved is found again at its new place.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { mkdir, symlink } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandHandlers, JobView, QueueSnapshot, Result } from '../../../preload/contract';
import { MemorySecretStore } from '../../../main/app-core/secret-store';
import { MemorySettingsStore } from '../../../main/app-core/settings';
import { UploaderService, type ServiceEvent } from '../../../main/app-core/uploader-service';
import { createCommandHandlers, dispatchCommand } from '../../../main/ipc/command-handlers';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { MiB, makeTempDir, writeRandomFile } from '../../support/files';

interface World {
  sandbox: Sandbox;
  service: UploaderService;
  events: ServiceEvent[];
  dir: string;
  picks: string[][];
  call(name: string, payload: unknown): Promise<Result<unknown>>;
  jobs(): Promise<JobView[]>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function world(): Promise<World> {
  const temp = await makeTempDir('nomad-dead-ends-');
  const sandbox = await startSandbox({ dataDir: join(temp.dir, 'sandbox') });
  const service = new UploaderService({
    settings: new MemorySettingsStore(),
    secrets: new MemorySecretStore(),
    journalDir: join(temp.dir, 'journal'),
    startSandbox: async () => sandbox,
  });
  const events: ServiceEvent[] = [];
  service.onEvent((e) => events.push(e));
  const picks: string[][] = [];
  const handlers: CommandHandlers = createCommandHandlers(service, { pickPaths: async () => picks.shift() ?? [], openExternal: async () => undefined });
  await service.start();
  cleanups.push(async () => {
    await service.shutdown();
    await sandbox.close();
    await temp.cleanup();
  });
  const call = (name: string, payload: unknown) => dispatchCommand(handlers, name, payload);
  return {
    sandbox,
    service,
    events,
    dir: temp.dir,
    picks,
    call,
    jobs: async () => ((await call('getSnapshot', {})) as Result<QueueSnapshot> & { ok: true }).value.jobs,
  };
}

const stateOf = async (w: World, name: string) => (await w.jobs()).find((j) => j.name === name);

describe('signing out', () => {
  it('keeps the queue in view, paused, and continues it after signing in again', async () => {
    const w = await world();
    expect(await w.call('signIn', { serverUrl: w.sandbox.url, userName: 'demo', password: 'demo' })).toMatchObject({ ok: true });
    // One part at a time, slowly: after the first of five parts there are seconds to spare.
    await w.call('updateSettings', { patch: { bandwidthLimit: 4_000_000, concurrency: 1 } });
    const path = join(w.dir, 'interview.mov');
    await writeRandomFile(path, 40 * MiB);
    await w.call('enqueuePaths', { paths: [path] });
    await vi.waitFor(async () => expect((await stateOf(w, 'interview.mov'))?.bytesConfirmed).toBeGreaterThan(0), { timeout: 20_000 });

    const signedOut = await w.call('signOut', {});
    expect(signedOut).toMatchObject({ ok: true, value: { signedIn: false, userName: 'demo', target: { kind: 'server' } } });
    // Still listed, paused by the system (not by the person), waiting for the sign-in.
    expect(await stateOf(w, 'interview.mov')).toMatchObject({ state: 'paused', pauseReason: 'system' });
    // Nothing that would start uploading works signed out, and each says to sign in.
    const drop = await w.call('enqueuePaths', { paths: [path] });
    expect(drop).toMatchObject({ ok: false, error: { code: 'signed-out' } });
    expect(await w.call('resumeAll', {})).toMatchObject({ ok: false, error: { code: 'signed-out' } });

    expect(await w.call('signIn', { serverUrl: w.sandbox.url, userName: 'demo', password: 'demo' })).toMatchObject({ ok: true, value: { signedIn: true } });
    await w.call('updateSettings', { patch: { bandwidthLimit: 0 } });
    await vi.waitFor(async () => expect((await stateOf(w, 'interview.mov'))?.state).toBe('done'), { timeout: 30_000 });
    expect(await w.sandbox.assets()).toEqual([expect.objectContaining({ path: 'Incoming/interview.mov', size: 40 * MiB })]);
    // The same upload went on: nothing was cancelled on the server.
    expect(w.sandbox.stats().cancels).toBe(0);
  });

  it('keeps the queue too when the server ends the session, and says why', async () => {
    const w = await world();
    // A server of its own: the embedded sandbox signs itself back in with its public password.
    const temp = await makeTempDir('nomad-server-');
    const server = await startSandbox({ dataDir: temp.dir });
    cleanups.push(async () => {
      await server.close();
      await temp.cleanup();
    });
    await w.call('signIn', { serverUrl: server.url, userName: 'demo', password: 'demo' });
    // Slow, so it is surely still running when paused.
    await w.call('updateSettings', { patch: { bandwidthLimit: 2_000_000 } });
    const path = join(w.dir, 'b.mov');
    await writeRandomFile(path, 16 * MiB);
    await w.call('enqueuePaths', { paths: [path] });
    const [job] = await w.jobs();
    await w.call('pauseJob', { id: job?.id });
    // The access token expires and the refresh is refused: the server logged us out. The
    // next call the upload makes (when resumed) learns it.
    server.faults.add([{ kind: 'expire-tokens' }, { kind: 'api-status', route: 'refresh-token', status: 404, times: 5 }]);
    await w.call('resumeJob', { id: job?.id });

    await vi.waitFor(() => expect(w.events).toContainEqual(expect.objectContaining({ type: 'notice', kind: { type: 'session-expired' } })), { timeout: 20_000 });
    expect(w.service.account()).toMatchObject({ signedIn: false, target: { kind: 'server' } });
    expect((await stateOf(w, 'b.mov'))?.state).toMatch(/^(paused|failed)$/);

    server.faults.clear();
    await w.call('signIn', { serverUrl: server.url, userName: 'demo', password: 'demo' });
    await w.call('updateSettings', { patch: { bandwidthLimit: 0 } });
    // Paused by the system, or failed by the lost session: either way it goes on by itself.
    await vi.waitFor(async () => expect((await stateOf(w, 'b.mov'))?.state).toBe('done'), { timeout: 30_000 });
    expect(await server.assets()).toEqual([expect.objectContaining({ path: 'Incoming/b.mov', size: 16 * MiB })]);
  });
});

describe('the address check', () => {
  async function webSite(): Promise<string> {
    const server: Server = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('tells an address that is not a Nomad admin API from a wrong password', async () => {
    const w = await world();
    const site = await webSite();
    expect(await w.call('signIn', { serverUrl: site, userName: 'demo', password: 'demo' })).toMatchObject({
      ok: false,
      error: { code: 'not-nomad-api', status: 404, request: 'GET /admin/asset/upload', detail: 'Content-Type: text/html' },
    });
    expect(await w.call('signIn', { serverUrl: w.sandbox.url, userName: 'demo', password: 'wrong' })).toMatchObject({
      ok: false,
      error: { code: 'auth-failed', message: 'Wrong user name or password.' },
    });
    // Neither changed where uploads go.
    expect(w.service.account().target).toEqual({ kind: 'sandbox' });
  });
});

describe('settings', () => {
  it('refuse a folder the server does not have, with the server’s answer, and keep the old one', async () => {
    const w = await world();
    const refused = await w.call('updateSettings', { patch: { defaultParentId: '7d1f0c4e-0000-4000-8000-00000000beef' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'folder-not-found', status: 404, request: 'GET /admin/asset/{id}' } });
    expect(w.service.settings().defaultParentId).toBeNull();
    // A malformed id is the server's to judge too: it never reaches the settings.
    expect(await w.call('updateSettings', { patch: { defaultParentId: 'not-a-folder' } })).toMatchObject({ ok: false, error: { code: 'folder-not-found' } });
    expect(w.service.settings().defaultParentId).toBeNull();
  });
});

describe('adding files again', () => {
  it('says a file is already uploaded instead of adding a second row, and uploads it again when asked', async () => {
    const w = await world();
    const path = join(w.dir, 'A001.mov');
    await writeRandomFile(path, MiB);
    await w.call('enqueuePaths', { paths: [path] });
    await vi.waitFor(async () => expect((await stateOf(w, 'A001.mov'))?.state).toBe('done'), { timeout: 20_000 });

    expect(await w.call('enqueuePaths', { paths: [path] })).toEqual({ ok: true, value: { added: 0 } });
    expect(w.events).toContainEqual({
      type: 'notice',
      level: 'info',
      message: '1 file is already uploaded.',
      kind: { type: 'already-present', uploaded: ['A001.mov'], queued: [], again: [path] },
    });
    expect(await w.jobs()).toHaveLength(1);

    // "Upload again": the server is asked, and the conflict question follows as usual.
    expect(await w.call('enqueuePaths', { paths: [path], again: true })).toEqual({ ok: true, value: { added: 1 } });
    await vi.waitFor(async () => expect((await w.jobs()).map((j) => j.state)).toEqual(['done', 'awaiting-decision']), { timeout: 20_000 });
  });
});

describe('a file that moved', () => {
  it('is found again at its new place and uploaded to the same folder', async () => {
    const w = await world();
    const card = join(w.dir, 'shoot');
    await writeRandomFile(join(card, 'b.mov'), 1000);
    // The file of the folder is gone (a link to where it was): its job fails at once.
    await mkdir(join(card, 'day 1'));
    await symlink(join(w.dir, 'was-here', 'a.mov'), join(card, 'day 1', 'a.mov'));
    await w.call('enqueuePaths', { paths: [card] });
    await vi.waitFor(async () => expect((await stateOf(w, 'b.mov'))?.state).toBe('done'), { timeout: 20_000 });
    const a = await stateOf(w, 'a.mov');
    expect(a).toMatchObject({ state: 'failed', relativePath: 'shoot/day 1/a.mov', error: { code: 'file-missing' } });

    const moved = join(w.dir, 'elsewhere', 'a-copy.mov');
    await writeRandomFile(moved, 300_000);
    w.picks.push([moved]);
    expect(await w.call('locateFile', { id: a?.id })).toEqual({ ok: true, value: { located: true } });
    await vi.waitFor(async () => expect((await w.jobs()).filter((j) => j.state === 'done')).toHaveLength(2), { timeout: 20_000 });
    // Same place on the server, under the name it was dropped with.
    expect((await w.sandbox.assets()).map((asset) => asset.path).sort()).toEqual(['Incoming/shoot/b.mov', 'Incoming/shoot/day 1/a.mov']);
  });

  it('the picker cancelled changes nothing', async () => {
    const w = await world();
    await w.call('enqueuePaths', { paths: [join(w.dir, 'gone.mov')] });
    const [gone] = await w.jobs();
    expect(gone).toMatchObject({ state: 'failed', error: { code: 'file-missing', attempts: 1 } });
    expect(await w.call('locateFile', { id: gone?.id })).toEqual({ ok: true, value: { located: false } });
    expect(await w.jobs()).toEqual([expect.objectContaining({ id: gone?.id, state: 'failed' })]);
  });
});

describe('bulk actions', () => {
  it('remove every failed job at once, and act on a selection', async () => {
    const w = await world();
    await w.call('enqueuePaths', { paths: [join(w.dir, 'x.mov'), join(w.dir, 'y.mov')] });
    const keep = join(w.dir, 'keep.mov');
    await writeRandomFile(keep, 1000);
    await w.call('pauseAll', {});
    await w.call('enqueuePaths', { paths: [keep] });
    const kept = (await w.jobs()).find((j) => j.name === 'keep.mov');
    expect(await w.call('applyToJobs', { action: 'pause', ids: [kept?.id, 'no-longer-there'] })).toEqual({ ok: true, value: { affected: 1 } });
    expect(await stateOf(w, 'keep.mov')).toMatchObject({ state: 'paused', pauseReason: 'user' });

    expect(await w.call('removeFailed', {})).toEqual({ ok: true, value: { removed: 2 } });
    expect((await w.jobs()).map((j) => j.name)).toEqual(['keep.mov']);
  });
});
