// The app's watch folders as a media team uses them, on the fake clock: a watch added in the
// window survives a restart of the app and sends nothing twice, pausing stops new files and
// resuming picks up what came meanwhile, removing forgets the watch and its index, and a
// card pulled while the app was closed is shown as missing (with why) instead of waiting in
// silence. The queue is the engine's real one over the in-memory cloud.

import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { realTimers } from '../../../main/engine/watch/settle-detector';
import type { WatchWarningCode } from '../../../main/engine/watch/watch-events';
import type { DirEntry, EntryStat, WatchFileSystem } from '../../../main/engine/watch/watch-fs';
import { WATCH_DEFAULTS, type WatchDraft, type WatchView } from '../../../main/app-core/watches-config';
import { WatchFolders, type WatchesPorts } from '../../../main/app-core/watches';
import { WatchStore } from '../../../main/app-core/watches-store';
import { MemoryJournal } from '../../../main/engine/journal';
import { UploadQueue } from '../../../main/engine/queue';
import type { QueueApi } from '../../../main/engine/queue-options';
import { fakeClockQueue, type Harness } from '../engine/support/fake-clock-queue';
import { at, MemoryTree } from '../watch/support/memory-tree';

const ROOT = '/media/exports';
const QUIET = 10_000;

let dir = '';
let h: Harness;
let tree: MemoryTree;
let views: WatchView[];
let problems: Array<{ folder: string; code: WatchWarningCode }>;
let queuedTo: string[];
let open: WatchFolders[];
let ids = 0;

const draft = (overrides: Partial<WatchDraft> = {}): WatchDraft => ({
  folder: ROOT,
  parentId: 'shoot-1',
  overwrite: 'Replace',
  recursive: true,
  ignore: [...WATCH_DEFAULTS.ignore],
  quietPeriodMs: QUIET,
  moveUploaded: false,
  ...overrides,
});

const ports: WatchesPorts = {
  destinationPath: async (parentId) => (parentId === null ? 'Incoming' : `Media/${parentId}`),
  problem: (watch, code) => problems.push({ folder: watch.folder, code }),
  changed: (next) => {
    views = next;
  },
  queued: (_jobId, path) => queuedTo.push(path),
};

/** The app starting: the saved watches read from the same file, indexes from the same folder. */
async function startApp(fs: WatchFileSystem = tree): Promise<WatchFolders> {
  const watches = await WatchFolders.open({
    store: new WatchStore(join(dir, 'watches.json')),
    indexDir: join(dir, 'journal', 'watch'),
    ports,
    fs,
    clock: { wallNow: () => Date.now(), ...realTimers },
    newId: () => `watch-${(ids += 1)}`,
  });
  open.push(watches);
  return watches;
}

/** Moves fake time until `done` holds; false when it does not within `limitMs`. */
async function until(done: () => boolean, limitMs = 5 * 60_000): Promise<boolean> {
  for (let elapsed = 0; elapsed < limitMs; elapsed += 50) {
    if (done()) return true;
    await h.advance(50);
  }
  return done();
}

const jobNames = () => h.queue.snapshot().jobs.map((job) => `${job.relativePath}:${job.state}`).sort();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nomad-watches-'));
  tree = new MemoryTree(ROOT);
  h = fakeClockQueue({ queue: { files: tree.files } });
  vi.setSystemTime(new Date('2026-12-01T10:00:00Z'));
  views = [];
  problems = [];
  queuedTo = [];
  open = [];
  ids = 0;
});

afterEach(async () => {
  for (const watches of open) await watches.close();
  await h.queue.close();
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

describe('a watch added in the app', () => {
  it('sends a render once it has stopped changing, once, into its destination; after a restart nothing goes again', async () => {
    const app = await startApp();
    await app.connect(h.queue, 'sandbox');
    const added = await app.add(draft());
    expect(added.config).toMatchObject({ id: 'watch-1', folder: ROOT, parentPath: 'Media/shoot-1', paused: false });
    expect(added.state).toEqual({ kind: 'watching', liveEvents: true });

    const render = at(ROOT, 'day 1/render.mov');
    for (let i = 0; i < 10; i += 1) {
      tree.append(render, randomBytes(500));
      await h.advance(300);
    }
    const sha256 = await tree.sha256(render);
    expect(await until(() => views[0]?.uploaded === 1)).toBe(true);
    expect(jobNames()).toEqual(['day 1/render.mov:done']);
    expect(h.cloud.counts.starts).toBe(1);
    expect(h.cloud.assets.get('day 1/render.mov')).toMatchObject({ size: 5000, sha256 });
    expect(h.cloud.startRequests).toEqual([expect.objectContaining({ parentId: 'shoot-1', uploadOverwriteOption: 'Replace' })]);
    expect(queuedTo).toEqual(['Media/shoot-1']);

    // Quit and start again: the watch is there as it was saved, and its index knows the render.
    await app.close();
    const again = await startApp();
    expect(again.list().map((w) => [w.config.id, w.config.folder, w.state.kind])).toEqual([['watch-1', ROOT, 'waiting-for-sign-in']]);
    await again.connect(h.queue, 'sandbox');
    await again.rescan('watch-1');
    await h.advance(3 * QUIET);
    expect(again.list()[0]).toMatchObject({ state: { kind: 'watching' }, files: 1, uploaded: 0 });
    expect(h.cloud.counts.starts).toBe(1);
    expect(jobNames()).toEqual(['day 1/render.mov:done']);
  });

  it('is saved with every choice the person made, and edited choices replace them', async () => {
    const app = await startApp();
    await app.connect(h.queue, 'sandbox');
    await app.add(draft({ recursive: false, ignore: ['*.xml'], quietPeriodMs: 30_000, moveUploaded: true, overwrite: 'Ask' }));
    await app.update('watch-1', draft({ parentId: null, quietPeriodMs: 5_000 }));
    await app.close();

    const saved = JSON.parse(await readFile(join(dir, 'watches.json'), 'utf8')) as { watches: unknown[] };
    expect(saved.watches).toEqual([
      { ...draft({ parentId: null, quietPeriodMs: 5_000 }), id: 'watch-1', parentPath: 'Incoming', paused: false },
    ]);
  });

  it('refuses a folder that is not there, and the same folder to the same destination twice', async () => {
    const app = await startApp();
    await app.connect(h.queue, 'sandbox');
    await expect(app.add(draft({ folder: '/media/nothing-here' }))).rejects.toMatchObject({ code: 'watch-folder-unreadable' });
    await app.add(draft());
    await expect(app.add(draft())).rejects.toMatchObject({ code: 'watch-duplicate' });
    expect(app.list()).toHaveLength(1);
  });
});

describe('pause, resume, remove', () => {
  it('paused, a new file waits; resumed, the scan finds it and it goes up', async () => {
    const app = await startApp();
    await app.connect(h.queue, 'sandbox');
    await app.add(draft());
    expect((await app.setPaused('watch-1', true)).state).toEqual({ kind: 'paused' });

    tree.write(at(ROOT, 'A001.mxf'), randomBytes(3000));
    await h.advance(3 * QUIET);
    expect(jobNames()).toEqual([]);

    expect((await app.setPaused('watch-1', false)).state.kind).toBe('watching');
    expect(await until(() => views[0]?.uploaded === 1)).toBe(true);
    expect(jobNames()).toEqual(['A001.mxf:done']);
  });

  it('a watch paused when the app quit stays paused after the restart', async () => {
    const app = await startApp();
    await app.connect(h.queue, 'sandbox');
    await app.add(draft());
    await app.setPaused('watch-1', true);
    await app.close();

    const again = await startApp();
    await again.connect(h.queue, 'sandbox');
    tree.write(at(ROOT, 'A002.mxf'), randomBytes(1000));
    await h.advance(3 * QUIET);
    expect(again.list()[0]!.state).toEqual({ kind: 'paused' });
    expect(jobNames()).toEqual([]);
  });

  it('paused while its upload runs, then quit: the next start finishes that upload into the index, and resuming sends nothing twice', async () => {
    // One journal for both runs of the app, as on disk; 2 KB/s so the quit cuts the upload.
    const journal = new MemoryJournal();
    await h.queue.close();
    h = fakeClockQueue({ queue: { files: tree.files, journal, bandwidthLimit: 2_000 } });
    const app = await startApp();
    await app.connect(h.queue, 'sandbox');
    await app.add(draft());
    tree.write(at(ROOT, 'A003.mxf'), randomBytes(20_000));
    expect(await until(() => jobNames().includes('A003.mxf:uploading'))).toBe(true);
    await app.setPaused('watch-1', true);
    await app.close();
    await h.queue.close();

    // The next start: the queue restores the cut upload from the journal, then the watches open.
    const queue = new UploadQueue<QueueApi>({ api: h.cloud.api, files: tree.files, transport: h.cloud.transport, journal, budget: 4 });
    expect((await queue.restore()).restored).toHaveLength(1);
    const again = await startApp();
    await again.connect(queue, 'sandbox');
    expect(again.list()[0]!.state).toEqual({ kind: 'paused' });
    for (let i = 0; i < 600 && !queue.isIdle; i += 1) await h.advance(50);
    expect(queue.snapshot().jobs.map((job) => `${job.relativePath}:${job.state}`)).toEqual(['A003.mxf:done']);
    expect(await until(() => again.list()[0]!.uploaded === 1)).toBe(true);

    await again.setPaused('watch-1', false);
    await again.rescan('watch-1');
    await h.advance(3 * QUIET);
    expect(h.cloud.counts.starts).toBe(1);
    expect(queue.snapshot().jobs).toHaveLength(1);
    await again.close();
    await queue.close();
  });

  it('removed, it takes no more files and its index is gone; the list is saved without it', async () => {
    const app = await startApp();
    await app.connect(h.queue, 'sandbox');
    await app.add(draft());
    tree.write(at(ROOT, 'a.mov'), randomBytes(1000));
    expect(await until(() => views[0]?.uploaded === 1)).toBe(true);
    expect(await readdir(join(dir, 'journal', 'watch'))).toEqual(['watch-1']);

    await app.remove('watch-1');
    expect(app.list()).toEqual([]);
    expect(views).toEqual([]);
    expect(await readdir(join(dir, 'journal', 'watch'))).toEqual([]);
    tree.write(at(ROOT, 'b.mov'), randomBytes(1000));
    await h.advance(3 * QUIET);
    expect(jobNames()).toEqual(['a.mov:done']);
    await app.close();
    expect(JSON.parse(await readFile(join(dir, 'watches.json'), 'utf8'))).toEqual({ version: 1, watches: [] });
    await expect(app.setPaused('watch-1', true)).rejects.toMatchObject({ code: 'not-found' });
  });
});

/** The tree, with its folder gone (a card pulled, a share unmounted) while `gone` is true. */
class VanishingTree implements WatchFileSystem {
  gone = false;
  constructor(readonly tree: MemoryTree) {}
  stat(path: string): Promise<EntryStat | null> {
    return this.gone && path.startsWith(this.tree.root) ? Promise.resolve(null) : this.tree.stat(path);
  }
  list(path: string): Promise<DirEntry[]> {
    if (this.gone && path.startsWith(this.tree.root)) return Promise.reject(Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' }));
    return this.tree.list(path);
  }
  sha256 = (path: string) => this.tree.sha256(path);
  move = (from: string, to: string) => this.tree.move(from, to);
  watch: WatchFileSystem['watch'] = (root, recursive, sink) => this.tree.watch(root, recursive, sink);
}

describe('a folder that vanished', () => {
  it('pulled while the app was closed: the watch says it is missing and why, tells the person once, and carries on when it is back', async () => {
    const fs = new VanishingTree(tree);
    const app = await startApp(fs);
    await app.connect(h.queue, 'sandbox');
    await app.add(draft());
    await app.close();

    fs.gone = true;
    const again = await startApp(fs);
    await again.connect(h.queue, 'sandbox');
    const [missing] = again.list();
    expect(missing!.state).toEqual({ kind: 'folder-missing', message: expect.stringContaining(`${ROOT} cannot be read (ENOENT)`) });
    expect(problems).toEqual([{ folder: ROOT, code: 'folder-missing' }]);

    // The card is put in again, with a clip on it: the next rescan finds it and sends the clip.
    fs.gone = false;
    tree.write(at(ROOT, 'A003.mxf'), randomBytes(2000), Date.now() - 60_000);
    expect(await until(() => views[0]?.uploaded === 1, 3 * 60_000)).toBe(true);
    expect(again.list()[0]!.state.kind).toBe('watching');
    expect(problems).toHaveLength(1);
    expect(jobNames()).toEqual(['A003.mxf:done']);
  });

  it('signed out with the queue kept: no new file is taken; signed in again, what came meanwhile goes up', async () => {
    const app = await startApp();
    await app.connect(h.queue, 'sandbox');
    await app.add(draft());
    await app.add(draft({ folder: ROOT, parentId: null }));
    await app.setPaused('watch-2', true);
    await app.hold();
    expect(app.list().map((w) => w.state.kind)).toEqual(['waiting-for-sign-in', 'paused']);
    tree.write(at(ROOT, 'while-away.mov'), randomBytes(1000));
    await h.advance(3 * QUIET);
    expect(jobNames()).toEqual([]);

    await app.release();
    expect(app.list().map((w) => w.state.kind)).toEqual(['watching', 'paused']);
    expect(await until(() => views[0]?.uploaded === 1)).toBe(true);
    expect(jobNames()).toEqual(['while-away.mov:done']);
  });

  it('signed out, the watches wait for a sign-in and say so', async () => {
    const app = await startApp();
    await app.connect(h.queue, 'sandbox');
    await app.add(draft());
    await app.disconnect();
    expect(app.list()[0]!.state).toEqual({ kind: 'waiting-for-sign-in' });
    tree.write(at(ROOT, 'late.mov'), randomBytes(1000));
    await h.advance(3 * QUIET);
    expect(jobNames()).toEqual([]);
  });
});
