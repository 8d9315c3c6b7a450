// The app's destinations, history and attachments through the handler map main registers,
// with the real service, engine and a sandbox: a folder picked and created by name, uploads
// that land under its path, a history that survives a restart and exports, files attached
// to a done asset, and a sidecar of a dropped folder that waits for its clip.

import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentView, CommandHandlers, FolderView, HistoryEntry, QueueSnapshot, Result, Settings } from '../../../preload/contract';
import { MemorySecretStore } from '../../../main/app-core/secret-store';
import { MemorySettingsStore } from '../../../main/app-core/settings';
import { UploaderService, type ServiceEvent } from '../../../main/app-core/uploader-service';
import { createCommandHandlers, dispatchCommand } from '../../../main/ipc/command-handlers';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { makeTempDir, writeRandomFile } from '../../support/files';

let temp: { dir: string; cleanup: () => Promise<void> };
let sandbox: Sandbox;
let settingsStore: MemorySettingsStore;
const opened: string[] = [];

async function startService(): Promise<{ service: UploaderService; call: <T>(name: string, payload: unknown) => Promise<T>; events: ServiceEvent[] }> {
  const service = new UploaderService({ settings: settingsStore, secrets: new MemorySecretStore(), journalDir: join(temp.dir, 'journal'), startSandbox: async () => sandbox });
  const events: ServiceEvent[] = [];
  service.onEvent((e) => events.push(e));
  const handlers: CommandHandlers = createCommandHandlers(service, { pickPaths: async () => [], openExternal: async (url) => void opened.push(url) });
  await service.start();
  const call = async <T>(name: string, payload: unknown): Promise<T> => {
    const result = (await dispatchCommand(handlers, name, payload)) as Result<T>;
    if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
    return result.value;
  };
  return { service, call, events };
}

/** Resolves when the queue reports every job finished. */
function idle(service: UploaderService): Promise<void> {
  return new Promise((resolve) => {
    const off = service.onEvent((event) => {
      if (event.type === 'queueUpdate' && event.update.totals.jobs > 0 && !event.update.totals.active && event.update.totals.counts.queued === 0) {
        off();
        resolve();
      }
    });
  });
}

/** Resolves with the attachments shown for `key` (an asset id, or `job:<id>` for a clip's row) once `until` holds for them. */
function attachmentsWhen(events: ServiceEvent[], key: string, service: UploaderService, until: (list: AttachmentView[]) => boolean): Promise<AttachmentView[]> {
  return new Promise((resolve) => {
    const last = events.filter((e) => e.type === 'attachmentsChanged' && e.assetId === key).at(-1);
    if (last?.type === 'attachmentsChanged' && until(last.attachments)) return resolve(last.attachments);
    const off = service.onEvent((event) => {
      if (event.type === 'attachmentsChanged' && event.assetId === key && until(event.attachments)) {
        off();
        resolve(event.attachments);
      }
    });
  });
}

function attachmentsSettled(events: ServiceEvent[], key: string, service: UploaderService): Promise<AttachmentView[]> {
  return attachmentsWhen(events, key, service, (list) => list.length > 0 && list.every((a) => a.state === 'done' || a.state === 'failed'));
}

/** Resolves when the job named `name` is uploading. */
function uploading(service: UploaderService, name: string): Promise<void> {
  return new Promise((resolve) => {
    const off = service.onEvent((event) => {
      if (event.type === 'queueUpdate' && event.update.changed.some((job) => job.name === name && job.state === 'uploading')) {
        off();
        resolve();
      }
    });
  });
}

beforeAll(async () => {
  temp = await makeTempDir('nomad-app-folders-');
  sandbox = await startSandbox({ dataDir: join(temp.dir, 'sandbox') });
  settingsStore = new MemorySettingsStore();
});

afterAll(async () => {
  await sandbox?.close();
  await temp?.cleanup();
});

describe('destinations, history and attachments in the app', () => {
  it('browse the root, create "Day 2" in a bucket, choose it: uploads land under its path, the history records them, and it survives a restart', async () => {
    const { service, call } = await startService();
    const root = await call<{ folders: FolderView[] }>('listFolders', { parentId: null });
    expect(root.folders.map((f) => [f.name, f.kind])).toEqual([
      ['Incoming', 'folder'],
      ['Media', 'bucket'],
    ]);
    const media = root.folders.find((f) => f.name === 'Media')!;
    const day2 = await call<FolderView>('createFolder', { parentId: media.id, name: 'Day 2' });
    expect((await call<{ folders: FolderView[] }>('listFolders', { parentId: media.id, nameContains: 'day' })).folders).toEqual([day2]);

    const settings = await call<Settings>('updateSettings', { patch: { defaultParentId: day2.id } });
    expect(settings).toMatchObject({ defaultParentPath: 'Media/Day 2', recentDestinations: [{ id: day2.id, path: 'Media/Day 2' }] });

    const clip = join(temp.dir, 'files', 'clip.mov');
    const sha = await writeRandomFile(clip, 3 * 1024 * 1024);
    const finished = idle(service);
    await call('enqueuePaths', { paths: [clip] });
    await finished;
    const stored = (await sandbox.assets()).find((a) => a.path === 'Media/Day 2/clip.mov');
    expect(stored).toMatchObject({ sha256: sha });

    const [entry] = await call<HistoryEntry[]>('listHistory', { query: 'day 2' });
    expect(entry).toMatchObject({ file: 'clip.mov', destination: 'Media/Day 2', state: 'done', size: 3 * 1024 * 1024, assetId: stored!.id, sha256: sha });
    expect(entry!.averageSpeed).toBeGreaterThan(0);

    await call('openInNomad', { assetId: stored!.id });
    expect(opened.at(-1)).toBe(`${sandbox.url}/assets/${stored!.id}`);
    await service.shutdown();

    // A restart: a new service on the same data folder reads the history back.
    const again = await startService();
    const history = await again.call<HistoryEntry[]>('listHistory', {});
    expect(history.map((e) => e.file)).toEqual(['clip.mov']);
    const csv = await again.call<{ fileName: string; text: string }>('exportHistory', { format: 'csv' });
    expect(csv.fileName).toMatch(/^nomad-uploads-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.text.split('\r\n')[1]).toContain(`clip.mov,clip.mov,${clip},Media/Day 2,done,${3 * 1024 * 1024},`);
    expect(JSON.parse(await readFile(join(temp.dir, 'history.json'), 'utf8'))).toMatchObject({ version: 1, entries: [{ file: 'clip.mov' }] });
    await again.service.shutdown();
  });

  it('a subtitle attached to a done asset shows on its row and lands beside it on the server', async () => {
    const { service, call, events } = await startService();
    const clip = join(temp.dir, 'files', 'talk.mov');
    await writeRandomFile(clip, 1000);
    const finished = idle(service);
    await call('enqueuePaths', { paths: [clip] });
    await finished;
    const talk = (await sandbox.assets()).find((a) => a.displayName === 'talk.mov')!;
    const subtitle = join(temp.dir, 'files', 'talk.srt');
    await writeFile(subtitle, '1\n00:00:00,000 --> 00:00:01,000\nHi\n');

    const attached = attachmentsSettled(events, talk.id, service);
    expect(await call('attachFiles', { assetId: talk.id, paths: [subtitle] })).toEqual({ added: 1 });
    expect(await attached).toMatchObject([{ name: 'talk.srt', kind: 'subtitle', state: 'done', progress: 1 }]);
    const parent = (await sandbox.assets()).find((a) => a.id === talk.id)!;
    expect(parent.relatedAssets).toHaveLength(1);
    await service.shutdown();
  });

  it('with the setting on, clip.srt of a dropped folder waits for clip.mov, then is attached to it', async () => {
    const { service, call, events } = await startService();
    await call('updateSettings', { patch: { attachSidecars: true, defaultParentId: null } });
    const folder = join(temp.dir, 'files', 'shoot');
    await mkdir(folder, { recursive: true });
    await writeRandomFile(join(folder, 'scene.mov'), 2 * 1024 * 1024);
    await writeFile(join(folder, 'scene.srt'), 'subtitles');

    const finished = idle(service);
    await call('enqueuePaths', { paths: [folder] });
    const waiting = events.find((e) => e.type === 'attachmentsChanged' && e.assetId.startsWith('job:'));
    expect(waiting).toMatchObject({ attachments: [{ name: 'scene.srt', state: 'waiting', reason: 'Waits for scene.mov to finish uploading.' }] });
    await finished;
    const scene = (await sandbox.assets()).find((a) => a.path === 'Incoming/shoot/scene.mov')!;
    expect(await attachmentsSettled(events, scene.id, service)).toMatchObject([{ name: 'scene.srt', state: 'done' }]);
    // The subtitle is the clip's related asset, not an asset of its own in the folder.
    const assets = await sandbox.assets();
    expect(assets.find((a) => a.id === scene.id)!.relatedAssets).toHaveLength(1);
    expect(assets.find((a) => a.path === 'Incoming/shoot/scene.srt')?.relatedToAssetId).toBe(scene.id);
    await service.shutdown();
  });

  it('a sidecar whose clip fails says why on the clip’s row; Retry of the clip attaches it once the clip is done', async () => {
    const { service, call, events } = await startService();
    await call('updateSettings', { patch: { attachSidecars: true, defaultParentId: null } });
    const folder = join(temp.dir, 'files', 'take');
    await mkdir(folder, { recursive: true });
    await writeRandomFile(join(folder, 'take.mov'), 1024 * 1024);
    await writeFile(join(folder, 'take.srt'), 'subtitles');
    // The server refuses to complete the clip once: the clip fails, not the sidecar's fault.
    sandbox.faults.add({ kind: 'api-status', route: 'complete', status: 400 });

    const failed = idle(service);
    await call('enqueuePaths', { paths: [folder] });
    await failed;
    const clipJob = (await call<QueueSnapshot>('getSnapshot', {})).jobs.find((job) => job.name === 'take.mov')!;
    expect(clipJob.state).toBe('failed');
    const pendingKey = `job:${clipJob.id}`;
    const told = events.filter((e) => e.type === 'attachmentsChanged' && e.assetId === pendingKey).at(-1);
    expect(told).toMatchObject({
      attachments: [{ name: 'take.srt', state: 'failed', reason: 'take.mov was not uploaded (failed): there is nothing to attach take.srt to.' }],
    });

    const done = idle(service);
    await call('retryJob', { id: clipJob.id });
    await done;
    // The clip's row no longer lists the sidecar as failed: it went to the asset.
    expect(events.filter((e) => e.type === 'attachmentsChanged' && e.assetId === pendingKey).at(-1)).toMatchObject({ attachments: [] });
    const take = (await sandbox.assets()).find((a) => a.path === 'Incoming/take/take.mov')!;
    expect(await attachmentsSettled(events, take.id, service)).toMatchObject([{ name: 'take.srt', state: 'done' }]);
    expect((await sandbox.assets()).find((a) => a.id === take.id)!.relatedAssets).toHaveLength(1);
    await service.shutdown();
  });

  it('an attachment the quit cut short goes on after the restart and lands beside its clip, once', async () => {
    const first = await startService();
    const clip = join(temp.dir, 'files', 'interview.mov');
    await writeRandomFile(clip, 1000);
    const finished = idle(first.service);
    await first.call('enqueuePaths', { paths: [clip] });
    await finished;
    const interview = (await sandbox.assets()).find((a) => a.displayName === 'interview.mov')!;
    const proxy = join(temp.dir, 'files', 'interview.srt');
    await writeRandomFile(proxy, 2 * 1024 * 1024);
    // Storage holds the attachment's part after its first 64 KiB: the quit comes while it uploads.
    sandbox.faults.add({ kind: 'part-stall', afterBytes: 64 * 1024, stallMs: 120_000 });
    const cutShort = attachmentsWhen(first.events, interview.id, first.service, (list) => list.some((a) => a.state === 'uploading'));
    await first.call('attachFiles', { assetId: interview.id, paths: [proxy] });
    await cutShort;
    await first.service.shutdown();
    sandbox.faults.clear();

    const second = await startService();
    expect(await attachmentsSettled(second.events, interview.id, second.service)).toMatchObject([{ name: 'interview.srt', state: 'done', progress: 1 }]);
    const parent = (await sandbox.assets()).find((a) => a.id === interview.id)!;
    expect(parent.relatedAssets).toHaveLength(1);
    await second.service.shutdown();
  });

  it('a sidecar waiting for its clip when the app quits waits on the clip’s row after the restart, and is attached when the clip is done', async () => {
    const first = await startService();
    await first.call('updateSettings', { patch: { attachSidecars: true, defaultParentId: null } });
    const folder = join(temp.dir, 'files', 'reel');
    await mkdir(folder, { recursive: true });
    await writeRandomFile(join(folder, 'reel.mov'), 2 * 1024 * 1024);
    await writeFile(join(folder, 'reel.srt'), 'subtitles');
    // The clip's part stalls in storage: the app quits while the clip uploads and its sidecar waits.
    sandbox.faults.add({ kind: 'part-stall', afterBytes: 64 * 1024, stallMs: 120_000 });
    const clipUploading = uploading(first.service, 'reel.mov');
    await first.call('enqueuePaths', { paths: [folder] });
    await clipUploading;
    const clipJob = (await first.call<QueueSnapshot>('getSnapshot', {})).jobs.find((job) => job.name === 'reel.mov')!;
    await first.service.shutdown();
    sandbox.faults.clear();

    const second = await startService();
    const done = idle(second.service);
    expect(await attachmentsWhen(second.events, `job:${clipJob.id}`, second.service, (list) => list.length > 0)).toMatchObject([
      { name: 'reel.srt', state: 'waiting', reason: 'Waits for reel.mov to finish uploading.' },
    ]);
    await done;
    const reel = (await sandbox.assets()).find((a) => a.path === 'Incoming/reel/reel.mov')!;
    expect(await attachmentsSettled(second.events, reel.id, second.service)).toMatchObject([{ name: 'reel.srt', state: 'done' }]);
    expect((await sandbox.assets()).find((a) => a.id === reel.id)!.relatedAssets).toHaveLength(1);
    await second.service.shutdown();
  });
});
