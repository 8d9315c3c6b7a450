// The platform's events on this machine's real disk (Linux: one watch per folder): a file
// written in a folder made after the watch began is heard about, ignored folders get no
// watch, and the watches go when the watch is stopped. Waits are on events, never on time.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watch, type FSWatcher } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { watchTree } from '../../../main/engine/watch/folder-events';
import { localWatchFileSystem } from '../../../main/engine/watch/watch-fs';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nomad-events-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function heard(paths: string[], wanted: string): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (paths.includes(wanted)) resolve();
      else setImmediate(check);
    };
    check();
  });
}

it('hears a file written in a sub-folder made after the watch began, with one watch per folder and none for ignored ones', async () => {
  await mkdir(join(dir, '.cache'));
  const paths: string[] = [];
  const watched: string[] = [];
  const failures: Error[] = [];
  const unwatch = watchTree(
    dir,
    true,
    { changed: (path) => paths.push(path), failed: (error) => failures.push(error) },
    {
      platform: 'linux',
      watch: (path, options, listener) => {
        watched.push(path);
        return watch(path, options, listener) as FSWatcher;
      },
      list: (d) => localWatchFileSystem.list(d),
      descend: (d) => !d.endsWith('.cache'),
    },
  );
  await mkdir(join(dir, 'day 1'));
  await heard(paths, join(dir, 'day 1'));
  // The new folder's own watch is added after its event: wait for it, then write inside.
  await new Promise<void>((resolve) => {
    const check = (): void => (watched.includes(join(dir, 'day 1')) ? resolve() : void setImmediate(check));
    check();
  });
  await writeFile(join(dir, 'day 1', 'a.mov'), 'x');
  await heard(paths, join(dir, 'day 1', 'a.mov'));
  unwatch();
  expect(watched.sort()).toEqual([dir, join(dir, 'day 1')]);
  expect(failures).toEqual([]);
});

it('tells when the folder cannot be watched at all, so rescans carry on alone', () => {
  const failures: Error[] = [];
  watchTree(join(dir, 'missing'), true, { changed: () => undefined, failed: (error) => failures.push(error) }, {
    platform: 'linux',
    watch: (path, options, listener) => watch(path, options, listener) as FSWatcher,
    list: (d) => localWatchFileSystem.list(d),
  });
  expect(failures.map((e) => (e as NodeJS.ErrnoException).code)).toEqual(['ENOENT']);
});
