// A watched folder as an edit bay uses it, on the fake clock: renders appended to for
// seconds, files touched, replaced mid-upload, litter from the OS, a restart of the app and a
// rename of the folder above. What reaches the (fake) server is checked byte for byte.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FolderWatch } from '../../../main/engine/watch/folder-watch';
import { realTimers } from '../../../main/engine/watch/settle-detector';
import type { WatchEvent } from '../../../main/engine/watch/watch-events';
import { WatchIndex, type WatchIdentity } from '../../../main/engine/watch/watch-index';
import { DEFAULT_WATCH_SETTINGS, type WatchSettings } from '../../../main/engine/watch/watch-settings';
import { fakeClockQueue, type Harness } from '../engine/support/fake-clock-queue';
import { at, MemoryTree } from './support/memory-tree';

const ROOT = '/media/exports';
const IDENTITY: WatchIdentity = { root: ROOT, dev: 1, ino: 0, server: 'fake', parentId: null };
const QUIET = 10_000;

let dir = '';
let h: Harness;
let tree: MemoryTree;
let events: WatchEvent[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nomad-watch-'));
  tree = new MemoryTree(ROOT);
  h = fakeClockQueue({ queue: { files: tree.files } });
  vi.setSystemTime(new Date('2026-12-01T10:00:00Z'));
  events = [];
});

afterEach(async () => {
  await h.queue.close();
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

async function startWatch(options: { settings?: Partial<WatchSettings>; index?: WatchIndex; root?: string } = {}): Promise<FolderWatch> {
  const root = options.root ?? ROOT;
  const watch = new FolderWatch({
    root,
    settings: { ...DEFAULT_WATCH_SETTINGS, quietPeriodMs: QUIET, ...options.settings },
    destination: { parentId: null, overwrite: 'Replace' },
    queue: h.queue,
    index: options.index ?? WatchIndex.inMemory({ ...IDENTITY, root }),
    fs: tree,
    clock: { wallNow: () => Date.now(), ...realTimers },
    onEvent: (event) => events.push(event),
  });
  await watch.start();
  current = watch;
  return watch;
}

let current: FolderWatch | null = null;

/** Moves fake time until the watch has nothing settling or uploading; false if not within `limitMs`. */
async function drain(until: () => boolean = () => true, limitMs = 5 * 60_000): Promise<boolean> {
  for (let elapsed = 0; elapsed < limitMs; elapsed += 50) {
    await h.advance(50);
    const status = current!.status();
    if (status.settling === 0 && status.uploading === 0 && h.queue.isIdle && until()) {
      // Index lines go to a real file: waited for, not timed.
      await current!.flushed();
      await h.advance(0);
      return true;
    }
  }
  return false;
}

const uploaded = () => events.filter((e) => e.type === 'uploaded').map((e) => e.type === 'uploaded' && e.path);

describe('a file is uploaded once it has stopped changing', () => {
  it('a render appended to for 3 s goes up once, after it stops, with every byte', async () => {
    const watch = await startWatch();
    const render = at(ROOT, 'render.mov');
    let firstStartAt: number | null = null;
    const off = h.queue.onEvent((e) => {
      if (e.type === 'transition' && e.job.state === 'starting') firstStartAt ??= Date.now();
    });
    const began = Date.now();
    // 16 writes, 200 ms apart: 3 s of a render writing its file.
    for (let i = 0; i < 16; i += 1) {
      tree.append(render, randomBytes(700));
      await h.advance(200);
    }
    const lastWriteAt = began + 15 * 200;
    const finalSha = await tree.sha256(render);
    expect(await drain()).toBe(true);
    off();

    expect(h.cloud.counts.starts).toBe(1);
    expect(firstStartAt! - lastWriteAt).toBeGreaterThanOrEqual(QUIET);
    expect(h.cloud.assets.get('render.mov')).toMatchObject({ size: 16 * 700, sha256: finalSha });
    expect(uploaded()).toEqual(['render.mov']);
    expect(watch.status()).toMatchObject({ state: 'watching', uploaded: 1, settling: 0, uploading: 0 });
  });

  it('without any file events (a network share) the rescan finds the file and still waits for it to settle', async () => {
    tree.eventsWork = false;
    const began = Date.now();
    await startWatch({ settings: { rescanIntervalMs: 30_000 } });
    tree.write(at(ROOT, 'card/A001.mxf'), randomBytes(3000));
    await h.advance(29_000);
    expect(h.cloud.counts.starts).toBe(0);
    // Found by the rescan at 30 s; its last change (at 0 s) is a quiet period old, so it goes up.
    expect(await drain(() => uploaded().length === 1)).toBe(true);
    expect(Date.now() - began).toBeGreaterThanOrEqual(30_000);
    expect(uploaded()).toEqual(['card/A001.mxf']);
  });
});

describe('never twice', () => {
  it('a restart with the same index and a rescan upload nothing already uploaded; a changed file goes up again', async () => {
    const index = await WatchIndex.open(join(dir, 'w.watch-index'), IDENTITY);
    tree.write(at(ROOT, 'a.mov'), randomBytes(2000), Date.now() - 60_000);
    tree.write(at(ROOT, 'day 1/b.mov'), randomBytes(1500), Date.now() - 60_000);
    const first = await startWatch({ index });
    expect(await drain()).toBe(true);
    expect(uploaded().sort()).toEqual(['a.mov', 'day 1/b.mov']);
    await first.close();
    expect(h.cloud.counts.starts).toBe(2);

    // The app starts again: a new index object from the same file.
    events = [];
    const again = await startWatch({ index: await WatchIndex.open(join(dir, 'w.watch-index'), IDENTITY) });
    await again.rescan();
    await h.advance(2 * QUIET);
    expect(h.cloud.counts.starts).toBe(2);
    expect(events.find((e) => e.type === 'ready')).toMatchObject({ files: 2, known: 2, pending: 0 });

    tree.write(at(ROOT, 'a.mov'), randomBytes(2100));
    expect(await drain()).toBe(true);
    expect(uploaded()).toEqual(['a.mov']);
    expect(h.cloud.counts.starts).toBe(3);
    expect(h.cloud.assets.get('a.mov')!.size).toBe(2100);
    // Nothing was read again to answer "already uploaded?".
    expect(tree.hashes).toBe(0);
  });

  it('a touched file with the same bytes is not sent again: its SHA-256 says so', async () => {
    tree.write(at(ROOT, 'a.mov'), randomBytes(2000), Date.now() - 60_000);
    await startWatch();
    expect(await drain()).toBe(true);
    tree.touch(at(ROOT, 'a.mov'));
    await h.advance(2 * QUIET);
    expect(h.cloud.counts.starts).toBe(1);
    expect(events.filter((e) => e.type === 'unchanged')).toEqual([{ type: 'unchanged', path: 'a.mov' }]);
  });

  it('renaming the folder above the watched one uploads nothing twice', async () => {
    const index = await WatchIndex.open(join(dir, 'w.watch-index'), IDENTITY);
    tree.write(at(ROOT, 'a.mov'), randomBytes(2000), 1_700_000_000_000);
    const first = await startWatch({ index });
    expect(await drain()).toBe(true);
    await first.close();

    const moved = '/media/2026 exports/exports';
    tree.renameRoot(moved);
    const reopened = await WatchIndex.open(join(dir, 'w.watch-index'), { ...IDENTITY, root: moved });
    await startWatch({ root: moved, index: reopened });
    await h.advance(2 * QUIET);
    expect(h.cloud.counts.starts).toBe(1);
    expect(reopened.identity.root).toBe(moved);
  });
});

describe('what is left out', () => {
  it('the default ignore list (OS litter, temp and partial files, dot-files) and --ignore patterns', async () => {
    for (const name of ['.DS_Store', 'Thumbs.db', 'desktop.ini', 'x.tmp', 'clip.mov.part', '~$notes.docx', '.hidden', 'keep.mov', 'skip.wav']) {
      tree.write(at(ROOT, name), randomBytes(100), Date.now() - 60_000);
    }
    tree.write(at(ROOT, '.cache/inside.mov'), randomBytes(100), Date.now() - 60_000);
    await startWatch({ settings: { ignore: [...DEFAULT_WATCH_SETTINGS.ignore, '*.wav'] } });
    tree.write(at(ROOT, 'render.mov.part'), randomBytes(100));
    expect(await drain()).toBe(true);
    await h.advance(2 * QUIET);
    expect(uploaded()).toEqual(['keep.mov']);
  });

  it('sub-folders off: only the folder itself counts', async () => {
    tree.write(at(ROOT, 'top.mov'), randomBytes(100), Date.now() - 60_000);
    tree.write(at(ROOT, 'sub/deep.mov'), randomBytes(100), Date.now() - 60_000);
    await startWatch({ settings: { recursive: false } });
    tree.write(at(ROOT, 'sub/new.mov'), randomBytes(100));
    expect(await drain()).toBe(true);
    await h.advance(2 * QUIET);
    expect(uploaded()).toEqual(['top.mov']);
  });
});

describe('a file that changes during its upload', () => {
  it('is refused by the engine, then restarted as Replace once the new version settles: never spliced', async () => {
    const clip = at(ROOT, 'clip.mov');
    tree.write(clip, randomBytes(8 * 1024), Date.now() - 60_000);
    await startWatch();
    // Let the upload get going (the fake storage takes 1 KiB/ms), then the editor saves again.
    while (h.cloud.counts.puts < 2) await h.advance(5);
    const newSha = tree.write(clip, randomBytes(9 * 1024));
    expect(await drain()).toBe(true);

    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['queued', 'settling', 'restarting', 'uploaded']));
    expect(h.cloud.assets.get('clip.mov')).toMatchObject({ size: 9 * 1024, sha256: newSha });
    const restartAt = events.findIndex((e) => e.type === 'restarting');
    expect(events.slice(restartAt).filter((e) => e.type === 'uploaded')).toHaveLength(1);
    expect(h.queue.snapshot().jobs.map((j) => j.state)).toEqual(['done']);
  });
});

describe('after the upload', () => {
  it('moves the file into Uploaded/ when asked, and never uploads what is there', async () => {
    tree.write(at(ROOT, 'day 1/a.mov'), randomBytes(500), Date.now() - 60_000);
    await startWatch({ settings: { moveUploaded: true } });
    expect(await drain()).toBe(true);
    await h.advance(100);
    expect(tree.paths()).toEqual([at(ROOT, 'Uploaded/day 1/a.mov')]);
    expect(events.filter((e) => e.type === 'moved')).toEqual([{ type: 'moved', path: 'day 1/a.mov', to: 'Uploaded/day 1/a.mov' }]);
    tree.write(at(ROOT, 'day 1/a.mov'), randomBytes(500), Date.now() - 60_000);
    tree.write(at(ROOT, 'day 1/a.mov'), randomBytes(500));
    expect(await drain()).toBe(true);
    await h.advance(100);
    expect(tree.paths()).toEqual([at(ROOT, 'Uploaded/day 1/a (2).mov'), at(ROOT, 'Uploaded/day 1/a.mov')]);
  });
});
