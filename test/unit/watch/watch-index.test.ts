// The index of what a watch uploaded, on a real disk: it survives a restart, a crash in the
// middle of a line, a rename of the folders above the watched one, and grows no history
// without bound.

import { appendFile, mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WatchIndex, WatchIndexFolder, type IndexEntry, type WatchIdentity } from '../../../main/engine/watch/watch-index';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nomad-index-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const entry = (size: number, mtimeMs: number, sha256 = 'a'.repeat(64)): IndexEntry => ({ size, mtimeMs, sha256, assetId: 'asset-1', uploadedAt: 1 });
const identity = (root: string, dev = 1, ino = 2): WatchIdentity => ({ root, dev, ino, server: 'https://nomad.example/api', parentId: null });

describe('the watch index', () => {
  it('answers from what was recorded before a restart: uploaded, touched (same size), changed, new', async () => {
    const file = join(dir, 'w.watch-index');
    const first = await WatchIndex.open(file, identity('/exports'));
    await first.record('a.mov', entry(100, 5));
    await first.record('day 1/b.mov', entry(200, 6));

    const again = await WatchIndex.open(file, identity('/exports'));
    expect(again.size).toBe(2);
    expect(again.verdict('a.mov', 100, 5).kind).toBe('uploaded');
    expect(again.verdict('a.mov', 100, 9).kind).toBe('touched');
    expect(again.verdict('a.mov', 101, 5).kind).toBe('changed');
    expect(again.verdict('c.mov', 1, 1).kind).toBe('new');
    expect(again.get('day 1/b.mov')).toEqual(entry(200, 6));
  });

  it('a line cut short by a crash is dropped; every whole line before it counts', async () => {
    const file = join(dir, 'w.watch-index');
    const index = await WatchIndex.open(file, identity('/exports'));
    await index.record('a.mov', entry(100, 5));
    await appendFile(file, '{"p":"b.mov","s":20');
    const again = await WatchIndex.open(file, identity('/exports'));
    expect(again.size).toBe(1);
    await again.record('c.mov', entry(1, 1));
    expect((await WatchIndex.open(file, identity('/exports'))).size).toBe(2);
  });

  it('is rewritten (temp file, rename) once most of its lines are history', async () => {
    const file = join(dir, 'w.watch-index');
    const index = await WatchIndex.open(file, identity('/exports'));
    for (let i = 0; i < 200; i += 1) await index.record('a.mov', entry(100, i));
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(201);
    const again = await WatchIndex.open(file, identity('/exports'));
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(2);
    expect(again.get('a.mov')!.mtimeMs).toBe(199);
  });

  it('finds its own index after the folder above the watched one was renamed (same device and inode)', async () => {
    const root = join(dir, 'Projects', 'exports');
    await mkdir(root, { recursive: true });
    const folder = new WatchIndexFolder(join(dir, 'journal', 'watch'));
    const info = await stat(root);
    const first = await folder.openFor(identity(root, info.dev, info.ino));
    await first.record('a.mov', entry(100, 5));

    await rename(join(dir, 'Projects'), join(dir, 'Projects 2026'));
    const moved = join(dir, 'Projects 2026', 'exports');
    const after = await stat(moved);
    const found = await folder.openFor(identity(moved, after.dev, after.ino));
    expect(found.file).toBe(first.file);
    expect(found.verdict('a.mov', 100, 5).kind).toBe('uploaded');
    // Another destination is another index: "uploaded" means uploaded there.
    const elsewhere = await folder.openFor({ ...identity(moved, after.dev, after.ino), parentId: 'folder-9' });
    expect(elsewhere.file).not.toBe(first.file);
    expect(elsewhere.size).toBe(0);
  });

  it('refuses a file that is not an index rather than overwrite it', async () => {
    const file = join(dir, 'w.watch-index');
    await appendFile(file, 'hello\n');
    await expect(WatchIndex.open(file, identity('/exports'))).rejects.toThrow('is not a watch index');
    expect(await readFile(file, 'utf8')).toBe('hello\n');
  });
});
