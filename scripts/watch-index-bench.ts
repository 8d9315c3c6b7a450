// Watch folders at scale: 50,000 existing files (npm run bench:watch [-- FILES]). Measures
// what a start of the app or the CLI costs on a folder of that size: the first scan, writing
// the index, a restart (index load + scan + "already uploaded?" for every file, nothing
// hashed), the event loop's longest stall meanwhile, memory, and the inotify watches taken
// by this watch's events against Node's own recursive fs.watch. Not a test: figures to read.

import { watch, type FSWatcher } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WATCH_DEFAULT_IGNORES } from '../shared/ignore-patterns';
import { FolderWatch, type WatchQueue } from '../main/engine/watch/folder-watch';
import { scanFolder } from '../main/engine/watch/folder-scan';
import { localWatchFileSystem } from '../main/engine/watch/watch-fs';
import { WatchIndex, type WatchIdentity } from '../main/engine/watch/watch-index';
import { DEFAULT_WATCH_SETTINGS } from '../main/engine/watch/watch-settings';

const FILES = Number(process.argv[2] ?? 50_000);
const PER_FOLDER = 100;

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const t = performance.now();
  const result = await work();
  loop.disable();
  const rss = process.memoryUsage();
  console.log(`${what.padEnd(52)} ${(performance.now() - t).toFixed(0).padStart(6)} ms   longest event-loop stall ${(loop.max / 1e6).toFixed(0).padStart(4)} ms   heap ${mb(rss.heapUsed)}, rss ${mb(rss.rss)}`);
  return result;
}

/** inotify watches held by this process (Linux): one `inotify wd:` line per watch. */
async function inotifyWatches(): Promise<number> {
  let count = 0;
  for (const fd of await readdir('/proc/self/fdinfo')) {
    const text = await readFile(`/proc/self/fdinfo/${fd}`, 'utf8').catch(() => '');
    count += text.split('\n').filter((l) => l.startsWith('inotify wd:')).length;
  }
  return count;
}

const root = await mkdtemp(join(tmpdir(), 'nomad-watch-bench-'));
try {
  await timed(`making ${FILES} files in ${Math.ceil(FILES / PER_FOLDER)} folders`, async () => {
    for (let f = 0; f * PER_FOLDER < FILES; f += 1) {
      const dir = join(root, `day ${Math.floor(f / 50)}`, `card ${f}`);
      await mkdir(dir, { recursive: true });
      const writes = [];
      for (let i = 0; i < PER_FOLDER && f * PER_FOLDER + i < FILES; i += 1) writes.push(writeFile(join(dir, `A${String(i).padStart(3, '0')}.mxf`), 'x'.repeat(64)));
      await Promise.all(writes);
    }
  });
  const info = await stat(root);
  const identity: WatchIdentity = { root, dev: info.dev, ino: info.ino, server: 'bench', parentId: null };
  const indexFile = join(root, '..', `${root.split('/').pop()}.watch-index`);
  const options = { recursive: true, ignore: WATCH_DEFAULT_IGNORES };

  const scanned = await timed('first scan (readdir + stat of every file)', () => scanFolder(localWatchFileSystem, root, options));
  const index = await WatchIndex.open(indexFile, identity);
  await timed(`recording ${scanned.files.length} uploads in the index (fsync each)`, async () => {
    let n = 0;
    for (const file of scanned.files) {
      n += 1;
      await index.record(file.path, { size: file.stat.size, mtimeMs: file.stat.mtimeMs, sha256: 'f'.repeat(64), assetId: `asset-${n}`, uploadedAt: Date.now() });
    }
  });
  console.log(`index file: ${mb((await stat(indexFile)).size)} for ${index.size} files`);

  global.gc?.();
  const reopened = await timed('restart: loading the index', () => WatchIndex.open(indexFile, identity));
  const rescanned = await timed('restart: scan + "already uploaded?" for every file', async () => {
    const result = await scanFolder(localWatchFileSystem, root, options);
    return result.files.filter((f) => reopened.verdict(f.path, f.stat.size, f.stat.mtimeMs).kind !== 'uploaded').length;
  });
  console.log(`files the restart would upload: ${rescanned} (hashed: 0)`);

  const queue: WatchQueue = {
    enqueue: async () => ({ added: [], duplicates: [], skipped: [] }),
    onEvent: () => () => undefined,
    retry: () => undefined,
    snapshot: () => ({ jobs: [], totals: {} as never }),
  };
  const folderWatch = new FolderWatch({ root, settings: DEFAULT_WATCH_SETTINGS, destination: { parentId: null, overwrite: 'Cancel' }, queue, index: reopened });
  await timed('FolderWatch.start() (events + scan) to ready', () => folderWatch.start());
  const ours = await inotifyWatches();
  await folderWatch.close();
  let native: FSWatcher | null = null;
  await timed("Node's fs.watch(recursive) on the same folder", async () => {
    native = watch(root, { recursive: true });
    // Node 20 adds the watches asynchronously as it walks: wait until the count stops rising.
    for (let last = -1, now = await inotifyWatches(); now !== last; last = now, now = await inotifyWatches()) await new Promise((r) => setTimeout(r, 200));
  });
  const theirs = await inotifyWatches();
  (native as FSWatcher | null)?.close();
  console.log(`inotify watches: this watch ${ours} (one per folder), Node's recursive fs.watch ${theirs}`);
} finally {
  await rm(root, { recursive: true, force: true });
  await rm(`${root}.watch-index`, { force: true });
}
