// Saved servers, played against the real service, engine and a sandbox server. The sandbox
// is also saved as a server profile ("Staging": the same server under another name, signed
// in as demo), so one test has two profiles with a queue each.

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountView, CommandHandlers, HistoryEntry, JobView, QueueSnapshot, QueueUpdate } from '../../../preload/contract';
import { MemorySecretStore } from '../../../main/app-core/secret-store';
import { MAX_PROFILES, MemorySettingsStore } from '../../../main/app-core/settings';
import { UploaderService } from '../../../main/app-core/uploader-service';
import { createCommandHandlers, dispatchCommand } from '../../../main/ipc/command-handlers';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { MiB, makeTempDir, writeRandomFile } from '../../support/files';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface World {
  sandbox: Sandbox;
  dir: string;
  settings: MemorySettingsStore;
  secrets: MemorySecretStore;
  /** Starts (another) app over the same settings, secrets and journal: a restart. */
  app(): Promise<App>;
}

interface App {
  service: UploaderService;
  call<T>(name: string, payload: unknown): Promise<T>;
  jobs(): Promise<JobView[]>;
}

async function world(settings = new MemorySettingsStore(), secrets = new MemorySecretStore(), users?: Record<string, string>): Promise<World> {
  const temp = await makeTempDir('nomad-profiles-');
  const sandbox = await startSandbox({ dataDir: join(temp.dir, 'sandbox'), ...(users ? { users } : {}) });
  cleanups.push(async () => {
    await sandbox.close();
    await temp.cleanup();
  });
  const app = async (): Promise<App> => {
    const service = new UploaderService({ settings, secrets, journalDir: join(temp.dir, 'journal'), startSandbox: async () => ({ url: sandbox.url, close: async () => undefined }) });
    const handlers: CommandHandlers = createCommandHandlers(service, { pickPaths: async () => [], openExternal: async () => undefined });
    await service.start();
    cleanups.push(() => service.shutdown());
    const call = async <T,>(name: string, payload: unknown): Promise<T> => {
      const result = await dispatchCommand(handlers, name, payload);
      if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
      return result.value as T;
    };
    return { service, call, jobs: async () => (await call<QueueSnapshot>('getSnapshot', {})).jobs };
  };
  return { sandbox, dir: temp.dir, settings, secrets, app };
}

/** Adds "Staging" (the sandbox's address, saved as a server) and signs in to it as demo. */
async function addStaging(w: World, app: App): Promise<AccountView> {
  const added = await app.call<AccountView>('addProfile', { name: 'Staging', url: w.sandbox.url });
  expect(added).toMatchObject({ signedIn: false, target: { kind: 'server', url: w.sandbox.url } });
  return app.call<AccountView>('signIn', { serverUrl: w.sandbox.url, userName: 'demo', password: 'demo' });
}

const names = (jobs: JobView[]) => jobs.map((j) => j.name).sort();

describe('saved server profiles', () => {
  it('switching keeps both queues: the one not shown goes on uploading and is there on the way back', async () => {
    const w = await world();
    const app = await w.app();
    // Slow enough that the sandbox's upload is still running after the switch.
    await app.call('updateSettings', { patch: { bandwidthLimit: 4_000_000, concurrency: 1 } });
    const local = join(w.dir, 'local.mov');
    await writeRandomFile(local, 24 * MiB);
    await app.call('enqueuePaths', { paths: [local] });

    const staging = await addStaging(w, app);
    expect(staging).toMatchObject({ signedIn: true, userName: 'demo' });
    expect(staging.profiles.map((p) => [p.name, p.active])).toEqual([
      ['Local sandbox — files stay on this computer', false],
      ['Staging', true],
    ]);
    // The window lists Staging's (empty) queue; the sandbox's upload is counted, not cancelled.
    expect(await app.jobs()).toEqual([]);
    expect(staging.profiles[0]).toMatchObject({ kind: 'sandbox', signedIn: true, uploading: 1 });
    const remote = join(w.dir, 'remote.mov');
    await writeRandomFile(remote, 1 * MiB);
    await app.call('enqueuePaths', { paths: [remote] });

    const updates: QueueUpdate[] = [];
    const off = app.service.onEvent((event) => void (event.type === 'queueUpdate' && updates.push(event.update)));
    const back = await app.call<AccountView>('switchProfile', { id: 'local-sandbox' });
    off();
    expect(back).toMatchObject({ profileId: 'local-sandbox', target: { kind: 'sandbox' }, signedIn: true });
    // The window is told it is a switch: the sandbox's running upload is not announced as news.
    expect(updates.find((u) => u.switched)).toMatchObject({ changed: [expect.objectContaining({ name: 'local.mov' })], removed: [expect.any(String)] });
    expect(names(await app.jobs())).toEqual(['local.mov']);
    expect((await app.jobs())[0]!.state).not.toBe('paused');
    await app.service.jobs.queue.whenIdle();
    expect((await app.jobs())[0]).toMatchObject({ name: 'local.mov', state: 'done' });

    await app.call('switchProfile', { id: staging.profileId });
    await app.service.jobs.queue.whenIdle();
    expect((await app.jobs()).map((j) => [j.name, j.state])).toEqual([['remote.mov', 'done']]);
  });

  it('with "pause uploads of servers not shown", the one left waits (a system pause) and resumes when shown again', async () => {
    const w = await world();
    const app = await w.app();
    await app.call('updateSettings', { patch: { bandwidthLimit: 2_000_000, concurrency: 1, backgroundUploads: 'pause' } });
    const local = join(w.dir, 'local.mov');
    await writeRandomFile(local, 24 * MiB);
    await app.call('enqueuePaths', { paths: [local] });

    await addStaging(w, app);
    await app.call('switchProfile', { id: 'local-sandbox' });
    // Shown again: the pause was the system's (never the person's), and switching back lifted it.
    const [shown] = await app.jobs();
    expect(shown).toMatchObject({ name: 'local.mov' });
    expect(shown!.state).not.toBe('paused');
    await app.service.jobs.queue.whenIdle();
    expect((await app.jobs())[0]).toMatchObject({ name: 'local.mov', state: 'done' });
  });

  it('a server not shown records its finished uploads in the history, as the shown one does', async () => {
    const w = await world();
    const app = await w.app();
    await app.call('updateSettings', { patch: { bandwidthLimit: 4_000_000, concurrency: 1 } });
    const local = join(w.dir, 'local.mov');
    await writeRandomFile(local, 12 * MiB);
    await app.call('enqueuePaths', { paths: [local] });
    const finished = new Promise<void>((resolve) => {
      const off = app.service.onEvent((event) => {
        if (event.type !== 'batchFinished') return;
        off();
        resolve();
      });
    });

    const staging = await addStaging(w, app);
    // Still uploading when Staging is shown: the sandbox's upload finishes in the background.
    expect(staging.profiles[0]).toMatchObject({ kind: 'sandbox', uploading: 1 });
    await finished;

    expect(await app.jobs()).toEqual([]);
    const history = await app.call<HistoryEntry[]>('listHistory', {});
    expect(history.map((e) => [e.file, e.state, e.size])).toEqual([['local.mov', 'done', 12 * MiB]]);
  });

  it('two saved servers at one address: the upload one queue continues is no leftover for the other, and cannot be discarded from there', async () => {
    const w = await world();
    const app = await w.app();
    await app.call('updateSettings', { patch: { bandwidthLimit: 2_000_000, concurrency: 1 } });
    const local = join(w.dir, 'local.mov');
    await writeRandomFile(local, 24 * MiB);
    const started = new Promise<JobView>((resolve) => {
      const off = app.service.onEvent((event) => {
        const job = event.type === 'queueUpdate' ? event.update.changed.find((j) => j.uploadId !== null) : undefined;
        if (!job) return;
        off();
        resolve(job);
      });
    });
    await app.call('enqueuePaths', { paths: [local] });
    const { id, uploadId } = await started;
    await app.call('pauseJob', { id });

    // Staging is the sandbox's own address: the server lists the sandbox queue's open upload to it too.
    await addStaging(w, app);
    expect((await app.service.api.listUploads()).map((u) => u.id)).toContain(uploadId);
    expect(await app.call('listLeftovers', {})).toEqual([]);
    await expect(app.call('discardLeftover', { uploadId })).rejects.toThrow(/bad-request A file in one of your queues continues this upload/);

    await app.call('switchProfile', { id: 'local-sandbox' });
    expect((await app.jobs()).map((j) => [j.name, j.state, j.uploadId])).toEqual([['local.mov', 'paused', uploadId]]);
  });

  it('two saved servers at one address: an unfinished upload comes back after a restart in one queue, not in both', async () => {
    const w = await world();
    const first = await w.app();
    const staging = await addStaging(w, first);
    await first.call<AccountView>('addProfile', { name: 'Production', url: `${w.sandbox.url}/` });
    await first.call('signIn', { serverUrl: w.sandbox.url, userName: 'demo', password: 'demo' });
    await first.call('updateSettings', { patch: { bandwidthLimit: 2_000_000, concurrency: 1 } });
    const clip = join(w.dir, 'clip.mov');
    await writeRandomFile(clip, 24 * MiB);
    await first.call('enqueuePaths', { paths: [clip] });
    const [job] = await first.jobs();
    await first.call('pauseJob', { id: job!.id });
    await first.service.shutdown();

    // Both servers are signed in after the restart, and both read the same journal.
    const second = await w.app();
    const shown = await second.jobs();
    await second.call('switchProfile', { id: staging.profileId });
    const other = await second.jobs();
    expect([...shown, ...other].map((j) => [j.name, j.state])).toEqual([['clip.mov', 'paused']]);
  });

  it('two accounts on one server: an upload begun by one comes back in its own queue, never in the other account’s', async () => {
    const w = await world(undefined, undefined, { demo: 'demo', editor: 'editor' });
    const first = await w.app();
    const staging = await addStaging(w, first);
    const production = await first.call<AccountView>('addProfile', { name: 'Production (editor)', url: `${w.sandbox.url}/` });
    await first.call('signIn', { serverUrl: w.sandbox.url, userName: 'editor', password: 'editor' });
    await first.call('updateSettings', { patch: { bandwidthLimit: 2_000_000, concurrency: 1 } });
    const clip = join(w.dir, 'edit.mov');
    await writeRandomFile(clip, 24 * MiB);
    await first.call('enqueuePaths', { paths: [clip] });
    const [job] = await first.jobs();
    await first.call('pauseJob', { id: job!.id });
    // demo's server is the one shown at the quit: it is the first to open on the next start.
    await first.call('switchProfile', { id: staging.profileId });
    await first.service.shutdown();

    const second = await w.app();
    expect(second.service.account()).toMatchObject({ profileId: staging.profileId, userName: 'demo' });
    expect(await second.jobs()).toEqual([]);
    await second.call('switchProfile', { id: production.profileId });
    expect((await second.jobs()).map((j) => [j.name, j.state])).toEqual([['edit.mov', 'paused']]);
  });

  it('keeps each server’s sign-in apart in the secret store, and a restart signs in to each without a password', async () => {
    const w = await world();
    const first = await w.app();
    const staging = await addStaging(w, first);
    const production = await first.call<AccountView>('addProfile', { name: 'Production', url: `${w.sandbox.url}/` });
    expect(production).toMatchObject({ signedIn: false });
    await first.call('signIn', { serverUrl: w.sandbox.url, userName: 'demo', password: 'demo' });
    // Two sessions, one per profile, under their ids; no password anywhere.
    const stored = w.secrets.value;
    expect(stored !== null && 'version' in stored ? Object.keys(stored.sessions).sort() : []).toEqual([production.profileId, staging.profileId].sort());
    expect(JSON.stringify(stored)).not.toContain('"password"');
    await first.service.shutdown();

    const second = await w.app();
    expect(second.service.account()).toMatchObject({ profileId: production.profileId, signedIn: true, userName: 'demo' });
    expect(await second.call<AccountView>('switchProfile', { id: staging.profileId })).toMatchObject({ signedIn: true, userName: 'demo' });

    // Signing out of Staging ends only Staging's session.
    await second.call('signOut', {});
    expect(w.secrets.sessions()).toHaveLength(1);
    expect(await second.call<AccountView>('switchProfile', { id: production.profileId })).toMatchObject({ signedIn: true });
  });

  it('an older version’s single saved server becomes a profile named by its host, still signed in', async () => {
    const w = await world();
    // Sign in once to have a real refresh token, then write what an older version kept.
    const app = await w.app();
    await app.call('signIn', { serverUrl: w.sandbox.url, userName: 'demo', password: 'demo' });
    const [session] = w.secrets.sessions();
    await app.service.shutdown();
    const legacySettings = new MemorySettingsStore({ target: { kind: 'server', url: w.sandbox.url }, concurrency: 4 });
    const legacySecrets = new MemorySecretStore();
    await legacySecrets.save(session!);

    const migrated = await world(legacySettings, legacySecrets);
    const restarted = await migrated.app();
    const account = restarted.service.account();
    expect(account).toMatchObject({ signedIn: true, userName: 'demo', target: { kind: 'server', url: w.sandbox.url } });
    expect(account.profiles.map((p) => p.name)).toEqual(['Local sandbox — files stay on this computer', new URL(w.sandbox.url).host]);
    expect(restarted.service.settings()).toMatchObject({ concurrency: 4, activeProfileId: account.profileId });
    // The session now lives under the profile's id.
    expect(legacySecrets.value).toEqual({ version: 2, sessions: { [account.profileId]: session } });
  });

  it('renames a server, and removing the one shown goes back to the sandbox and forgets its sign-in', async () => {
    const w = await world();
    const app = await w.app();
    const staging = await addStaging(w, app);
    const renamed = await app.call<AccountView>('renameProfile', { id: staging.profileId, name: '  Staging (EU)  ' });
    expect(renamed.profiles.find((p) => p.id === staging.profileId)?.name).toBe('Staging (EU)');

    const removed = await app.call<AccountView>('removeProfile', { id: staging.profileId });
    expect(removed).toMatchObject({ profileId: 'local-sandbox', target: { kind: 'sandbox' } });
    expect(removed.profiles.map((p) => p.id)).toEqual(['local-sandbox']);
    expect(w.secrets.sessions()).toEqual([]);
  });

  it('refuses what would lose a profile’s meaning: the sandbox cannot be removed, an unknown id is not found, a blank name is asked for', async () => {
    const w = await world();
    const app = await w.app();
    await expect(app.call('removeProfile', { id: 'local-sandbox' })).rejects.toThrow(/not-found/);
    await expect(app.call('switchProfile', { id: 'server-00000000' })).rejects.toThrow(/not-found/);
    await expect(app.call('addProfile', { name: '   ', url: w.sandbox.url })).rejects.toThrow(/invalid-payload Give the server a name/);
    await expect(app.call('addProfile', { name: 'Staging', url: 'ftp://x' })).rejects.toThrow(/invalid-payload/);
    await expect(app.call('updateSettings', { patch: { activeProfileId: 'server-00000000' } })).rejects.toThrow(/account menu/);
    // A full list says so with its own code (the window words it), and keeps what was saved.
    for (let n = 1; n <= MAX_PROFILES; n++) await app.call('addProfile', { name: `Server ${n}`, url: `https://nomad-${n}.example.com` });
    await expect(app.call('addProfile', { name: 'One too many', url: 'https://nomad-x.example.com' })).rejects.toThrow(/profile-limit At most 20 servers/);
    expect(app.service.account().profiles).toHaveLength(MAX_PROFILES + 1);
  });
});
