// Folders for journals, reports and indexes are made level by level, and every way that can
// fail comes back as an error: never a promise that spins forever (Node's recursive mkdir on
// /proc) and never a file taken for a folder.

import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDirs } from '../../../main/engine/make-dirs';
import { makeTempDir } from '../../support/files';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('nomad-make-dirs-');
});
afterEach(async () => {
  await temp.cleanup();
});

describe('makeDirs', () => {
  it('makes every missing level, and a folder that exists is fine', async () => {
    const deep = join(temp.dir, 'a', 'b', 'c');
    await makeDirs(deep);
    expect((await stat(deep)).isDirectory()).toBe(true);
    await makeDirs(deep);
    await makeDirs(temp.dir);
  });

  it('two writers making the same folders at once both succeed', async () => {
    const deep = join(temp.dir, 'x', 'y', 'z');
    await Promise.all([makeDirs(deep), makeDirs(deep), makeDirs(join(deep, 'w'))]);
    expect((await stat(join(deep, 'w'))).isDirectory()).toBe(true);
  });

  it('a file on the way is ENOTDIR', async () => {
    const file = join(temp.dir, 'notes.txt');
    await writeFile(file, 'x');
    await expect(makeDirs(join(file, 'journal'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(makeDirs(file)).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it('a folder that cannot be made under /proc is an error, not a hang', { skip: process.platform !== 'linux' }, async () => {
    await expect(makeDirs('/proc/nomad-upload-test/journal')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a folder made meanwhile as a file by someone else is not taken for a folder', async () => {
    const parent = join(temp.dir, 'p');
    await mkdir(parent);
    const clash = join(parent, 'clash');
    await writeFile(clash, 'x');
    await expect(makeDirs(join(clash, 'deeper'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});
