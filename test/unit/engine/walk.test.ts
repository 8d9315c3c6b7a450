import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkPaths } from '../../../main/engine/walk';
import { useTempDir } from './support/temp-dir';

const temp = useTempDir('nomad-walk-');

/** Creates files (with a little content) under the temp folder. */
async function files(...paths: string[]): Promise<void> {
  for (const path of paths) {
    const full = join(temp.dir(), path);
    await mkdir(join(full, '..'), { recursive: true });
    await writeFile(full, `content of ${path}`);
  }
}

const relativePaths = (result: Awaited<ReturnType<typeof walkPaths>>) => result.files.map((f) => f.relativePath);

describe('walkPaths', () => {
  it('a dropped folder keeps its structure and is itself the top of it', async () => {
    await files('shoot/day 1/a.mov', 'shoot/b.mov');

    const result = await walkPaths([join(temp.dir(), 'shoot')]);

    expect(result.problems).toEqual([]);
    expect(result.files).toEqual([
      { localPath: join(temp.dir(), 'shoot', 'b.mov'), relativePath: 'shoot/b.mov' },
      { localPath: join(temp.dir(), 'shoot', 'day 1', 'a.mov'), relativePath: 'shoot/day 1/a.mov' },
    ]);
  });

  it('a dropped folder given with a trailing slash is the same folder', async () => {
    await files('shoot/b.mov');
    const result = await walkPaths([`${join(temp.dir(), 'shoot')}/`]);
    expect(relativePaths(result)).toEqual(['shoot/b.mov']);
  });

  it('a single dropped file is uploaded under its own name', async () => {
    await files('shoot/day 1/a.mov');
    const result = await walkPaths([join(temp.dir(), 'shoot', 'day 1', 'a.mov')]);
    expect(result.files).toEqual([{ localPath: join(temp.dir(), 'shoot', 'day 1', 'a.mov'), relativePath: 'a.mov' }]);
  });

  it('several dropped items come out in the order given, each folder sorted by name', async () => {
    await files('z.mov', 'shoot/c.mov', 'shoot/a.mov', 'shoot/B.mov');
    const result = await walkPaths([join(temp.dir(), 'z.mov'), join(temp.dir(), 'shoot')]);
    expect(relativePaths(result)).toEqual(['z.mov', 'shoot/B.mov', 'shoot/a.mov', 'shoot/c.mov']);
  });

  it('leaves out OS litter such as .DS_Store and Thumbs.db, and says what it left out', async () => {
    await files('shoot/.DS_Store', 'shoot/Thumbs.db', 'shoot/day 1/.DS_Store', 'shoot/day 1/a.mov', 'shoot/.notes.txt');
    const result = await walkPaths([join(temp.dir(), 'shoot')]);
    // Other dot-files are somebody's files: they go.
    expect(relativePaths(result)).toEqual(['shoot/.notes.txt', 'shoot/day 1/a.mov']);
    expect(result.problems).toEqual([]);
    expect(result.skipped.map((s) => [s.relativePath, s.reason, s.detail])).toEqual([
      ['shoot/.DS_Store', 'ignored', 'matches ".DS_Store" on the ignore list'],
      ['shoot/Thumbs.db', 'ignored', 'matches "Thumbs.db" on the ignore list'],
      ['shoot/day 1/.DS_Store', 'ignored', 'matches ".DS_Store" on the ignore list'],
    ]);
  });

  it('the ignore list is the caller\'s: globs, case-insensitive; a file dropped by name is always meant', async () => {
    await files('shoot/render.TMP', 'shoot/a.mov', 'shoot/~$notes.docx', 'b.tmp');
    const result = await walkPaths([join(temp.dir(), 'shoot'), join(temp.dir(), 'b.tmp')], { ignore: ['*.tmp', '~$*'] });
    expect(relativePaths(result)).toEqual(['shoot/a.mov', 'b.tmp']);
    expect(result.skipped.map((s) => s.relativePath)).toEqual(['shoot/render.TMP', 'shoot/~$notes.docx']);
  });

  it('names go to the server in NFC: a macOS "café" (NFD) is the same name as a typed one', async () => {
    const nfd = 'cafe\u0301.mov';
    await files(`shoot/${nfd}`);
    const result = await walkPaths([join(temp.dir(), 'shoot')]);
    expect(result.files).toEqual([{ localPath: join(temp.dir(), 'shoot', nfd), relativePath: 'shoot/caf\u00e9.mov' }]);
    const single = await walkPaths([join(temp.dir(), 'shoot', nfd)]);
    expect(single.files[0]!.relativePath).toBe('caf\u00e9.mov');
  });

  it('an empty folder gives nothing to upload and no problem', async () => {
    await mkdir(join(temp.dir(), 'empty'));
    await expect(walkPaths([join(temp.dir(), 'empty')])).resolves.toEqual({ files: [], problems: [], skipped: [] });
  });

  it('a path that is not there is a file-missing problem, and the other paths still go through', async () => {
    await files('b.mov');
    const missing = join(temp.dir(), 'gone.mov');

    const result = await walkPaths([missing, join(temp.dir(), 'b.mov')]);

    expect(relativePaths(result)).toEqual(['b.mov']);
    expect(result.problems).toEqual([
      {
        localPath: missing,
        relativePath: 'gone.mov',
        error: expect.objectContaining({ code: 'file-missing', message: 'gone.mov does not exist.', context: { path: missing } }),
      },
    ]);
  });

  it('a device given as a path is a not-a-file problem', async () => {
    const result = await walkPaths(['/dev/null']);
    expect(result.files).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining({ relativePath: 'null', error: expect.objectContaining({ code: 'not-a-file' }) })]);
  });

  it('a named pipe inside a folder is a not-a-file problem, not a hang', async () => {
    await files('shoot/a.mov');
    execFileSync('mkfifo', [join(temp.dir(), 'shoot', 'pipe')]);
    const result = await walkPaths([join(temp.dir(), 'shoot')]);
    expect(relativePaths(result)).toEqual(['shoot/a.mov']);
    expect(result.problems).toEqual([
      expect.objectContaining({ relativePath: 'shoot/pipe', error: expect.objectContaining({ code: 'not-a-file' }) }),
    ]);
  });

  it(
    'a symlink loop inside a folder does not hang and uploads each file once',
    async () => {
      await files('shoot/day 1/a.mov', 'shoot/b.mov');
      await symlink('.', join(temp.dir(), 'shoot', 'again')); // shoot/again → shoot
      await symlink('..', join(temp.dir(), 'shoot', 'day 1', 'up')); // shoot/day 1/up → shoot

      const result = await walkPaths([join(temp.dir(), 'shoot')]);

      expect(relativePaths(result)).toEqual(['shoot/b.mov', 'shoot/day 1/a.mov']);
      expect(result.problems).toEqual([]);
    },
    5000,
  );

  it('a symlinked file is followed and uploaded under the link name', async () => {
    await files('elsewhere/real.mov', 'shoot/b.mov');
    await symlink(join(temp.dir(), 'elsewhere', 'real.mov'), join(temp.dir(), 'shoot', 'link.mov'));

    const result = await walkPaths([join(temp.dir(), 'shoot')]);

    expect(result.files).toContainEqual({ localPath: join(temp.dir(), 'shoot', 'link.mov'), relativePath: 'shoot/link.mov' });
    expect(relativePaths(result)).toEqual(['shoot/b.mov', 'shoot/link.mov']);
  });

  it('a link to a folder outside the dropped one is reported and left out, unless links are to be followed', async () => {
    await files('elsewhere/clips/c.mov', 'shoot/b.mov');
    await symlink(join(temp.dir(), 'elsewhere', 'clips'), join(temp.dir(), 'shoot', 'clips'));

    const result = await walkPaths([join(temp.dir(), 'shoot')]);
    expect(relativePaths(result)).toEqual(['shoot/b.mov']);
    expect(result.skipped).toEqual([
      expect.objectContaining({ relativePath: 'shoot/clips', reason: 'link-outside', detail: expect.stringContaining('outside the dropped folder') }),
    ]);

    const followed = await walkPaths([join(temp.dir(), 'shoot')], { followLinks: true });
    expect(relativePaths(followed)).toEqual(['shoot/b.mov', 'shoot/clips/c.mov']);
  });

  it('a link to a folder inside the dropped one is followed', async () => {
    await files('shoot/day 1/a.mov', 'shoot/b.mov');
    await symlink(join(temp.dir(), 'shoot', 'day 1'), join(temp.dir(), 'shoot', 'latest'));
    const result = await walkPaths([join(temp.dir(), 'shoot')]);
    expect(relativePaths(result)).toEqual(['shoot/b.mov', 'shoot/day 1/a.mov', 'shoot/latest/a.mov']);
  });

  it('a dangling symlink is a file-missing problem', async () => {
    await files('shoot/b.mov');
    await symlink(join(temp.dir(), 'nowhere.mov'), join(temp.dir(), 'shoot', 'dangling.mov'));
    const result = await walkPaths([join(temp.dir(), 'shoot')]);
    expect(relativePaths(result)).toEqual(['shoot/b.mov']);
    expect(result.problems).toEqual([
      expect.objectContaining({ relativePath: 'shoot/dangling.mov', error: expect.objectContaining({ code: 'file-missing' }) }),
    ]);
  });
});
