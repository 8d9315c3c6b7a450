// The built CLI driven the way people drive it: a journal folder that cannot hold a journal,
// Ctrl-C and `kill` in the middle of an upload, a dropped folder with litter and links in it,
// and names as macOS writes them (decomposed). Each ends in a clear line, the documented exit
// code, and nothing lost.

import { chmod, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiB, makeTempDir, sha256File, writeRandomFile } from '../../support/files';
import { assetAt, startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { jsonLines, runCli, startCli, until } from './support/cli-process';

let env: TestSandbox;
let temp: { dir: string; cleanup: () => Promise<void> };
let login: string[];

beforeAll(async () => {
  env = await startTestSandbox();
  temp = await makeTempDir('nomad-run-control-');
  login = ['--server', env.sandbox.url, '--user', 'demo', '--password', 'demo'];
});

afterAll(async () => {
  await env?.close();
  await temp?.cleanup();
});

const lastEvent = (stdout: string) => jsonLines(stdout).at(-1) as Record<string, unknown>;

describe('a --journal folder that cannot hold a journal is refused before anything is sent', () => {
  it('a file given as the journal folder', async () => {
    const notAFolder = join(temp.dir, 'journal.txt');
    await writeFile(notAFolder, 'my notes');
    await writeRandomFile(join(temp.dir, 'j1.mov'), 1000);

    const run = await runCli(['upload', ...login, '--journal', notAFolder, join(temp.dir, 'j1.mov')]);

    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`nomad-upload: --journal ${notAFolder} is a file, not a folder: give a folder for the journal.`);
    expect(await assetAt(env.sandbox, 'j1.mov')).toBeUndefined();
  });

  it('a folder that would have to be made inside a file', async () => {
    const file = join(temp.dir, 'plain-file');
    await writeFile(file, 'x');

    const run = await runCli(['upload', ...login, '--journal', join(file, 'journal'), join(temp.dir, 'j1.mov')]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is inside a file, not a folder: give a folder for the journal.');
  });

  // Node's recursive mkdir never settles under /proc: the CLI hung here, silent, at 100 % CPU.
  it('a folder that cannot be made where it was asked for (under /proc)', { skip: process.platform !== 'linux' }, async () => {
    const run = await runCli(['upload', ...login, '--journal', '/proc/nomad-upload-journal', join(temp.dir, 'j1.mov')]);

    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('nomad-upload: --journal /proc/nomad-upload-journal cannot be made there: give a folder on a disk.');
    expect(await assetAt(env.sandbox, 'j1.mov')).toBeUndefined();
  });

  it('a folder the user cannot write to', async () => {
    const shared = join(temp.dir, 'shared');
    await mkdir(join(shared, 'journal'), { recursive: true });
    await chmod(temp.dir, 0o755);
    await chmod(shared, 0o755);
    await chmod(join(shared, 'journal'), 0o555);
    // root writes anywhere: run the CLI as an unprivileged user so the permission bites.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

    const run = await runCli(['upload', ...login, '--journal', join(shared, 'journal'), join(temp.dir, 'j1.mov')], asUser);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot be written (permission denied): give a folder you can write to.');
    expect(await readdir(join(shared, 'journal'))).toEqual([]);
  });
});

describe('interrupted in the middle of an upload', () => {
  it('Ctrl-C (SIGINT): exit 130, the JSON ends with an interrupted summary, and the same command resumes to a byte-exact asset', async () => {
    const path = join(temp.dir, 'int', 'reel.mov');
    const sha = await writeRandomFile(path, 48 * MiB);
    const journal = join(temp.dir, 'int-journal');
    const command = ['upload', ...login, '--journal', journal, '--json', path];
    const before = env.sandbox.stats().partBytesReceived;
    const first = startCli([...command, '--limit', '16MiB']);
    await until(() => env.sandbox.stats().partBytesReceived - before >= 8 * MiB, 'a part stored');

    first.child.kill('SIGINT');
    const stopped = await first.exited;

    expect(stopped.code).toBe(130);
    expect(lastEvent(stopped.stdout)).toMatchObject({ event: 'summary', ok: false, interrupted: true, uploaded: 0 });
    expect(jsonLines(stopped.stdout)).toContainEqual({ event: 'note', message: 'Interrupted: uploads paused. Run the same command again to resume.' });
    const resumed = await runCli(command);
    expect(resumed.code).toBe(0);
    expect(jsonLines(resumed.stdout)).toContainEqual({ event: 'note', message: 'Resuming 1 unfinished upload(s) from the journal.' });
    expect(lastEvent(resumed.stdout)).toMatchObject({ event: 'summary', ok: true, interrupted: false, uploaded: 1 });
    expect((await assetAt(env.sandbox, 'reel.mov'))?.sha256).toBe(sha);
  });

  it('kill (SIGTERM): exit 143 with the summary, and the upload stays open on the server for a resume', async () => {
    const path = join(temp.dir, 'term', 'take2.mov');
    await writeRandomFile(path, 48 * MiB);
    const api = await env.api();
    const openBefore = (await api.listUploads()).length;
    const before = env.sandbox.stats().partBytesReceived;
    const run = startCli(['upload', ...login, '--journal', join(temp.dir, 'term-journal'), '--limit', '16MiB', '--json', path]);
    await until(() => env.sandbox.stats().partBytesReceived - before >= 8 * MiB, 'a part stored');

    run.child.kill('SIGTERM');
    const stopped = await run.exited;

    expect(stopped.code).toBe(143);
    expect(lastEvent(stopped.stdout)).toMatchObject({ event: 'summary', interrupted: true });
    expect(await api.listUploads()).toHaveLength(openBefore + 1);
  });
});

describe('a dropped folder with system litter and a link to a folder elsewhere', () => {
  /** A card folder as a person drops it: a clip, Finder's litter, and a link to a folder elsewhere. */
  async function shootFolder(name: string): Promise<string> {
    const shoot = join(temp.dir, 'drop', name);
    await writeRandomFile(join(shoot, 'A001.mov'), 4096);
    await writeFile(join(shoot, '.DS_Store'), 'finder litter');
    await writeRandomFile(join(temp.dir, 'drop', `${name}-elsewhere`, 'B001.mov'), 4096);
    await symlink(join(temp.dir, 'drop', `${name}-elsewhere`), join(shoot, 'linked'));
    return shoot;
  }

  it('uploads the clip, and says what it left out and how to include the link', async () => {
    const shoot = await shootFolder('shoot1');

    const run = await runCli(['upload', ...login, shoot]);

    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Left out 2 item(s): 1 on the ignore list, 1 link(s) to folders outside (--follow-links to include)');
    expect(run.stderr).toContain('1 of 1 file(s) uploaded');
    expect(await assetAt(env.sandbox, 'shoot1/A001.mov')).toBeDefined();
    expect(await assetAt(env.sandbox, 'shoot1/.DS_Store')).toBeUndefined();
    expect(await assetAt(env.sandbox, 'shoot1/linked/B001.mov')).toBeUndefined();
  });

  it('with --json the start event names each item left out, and the summary counts them', async () => {
    const shoot = await shootFolder('shoot2');

    const run = await runCli(['upload', ...login, '--json', shoot]);

    const events = jsonLines(run.stdout);
    const start = events.find((e) => e.event === 'start') as { skipped: Array<{ path: string; reason: string }> };
    expect(start.skipped.map((s) => s.path).sort()).toEqual([join(shoot, '.DS_Store'), join(shoot, 'linked')]);
    expect(lastEvent(run.stdout)).toMatchObject({ event: 'summary', ok: true, skipped: 2 });
  });

  it("--follow-links uploads what the link points to, under the link's name", async () => {
    const shoot = await shootFolder('shoot3');

    const run = await runCli(['upload', ...login, '--follow-links', '--json', shoot]);

    expect(run.code).toBe(0);
    expect(lastEvent(run.stdout)).toMatchObject({ event: 'summary', uploaded: 2, skipped: 1 });
    expect(await assetAt(env.sandbox, 'shoot3/linked/B001.mov')).toBeDefined();
  });
});

describe('names as macOS writes them', () => {
  it('a decomposed name (e + combining acute) is stored composed, so the same name from Windows is the same asset', async () => {
    const decomposed = join(temp.dir, 'mac', 'Cafe\u0301.mov');
    const composed = join(temp.dir, 'win', 'Caf\u00e9.mov');
    const sha = await writeRandomFile(decomposed, 8192);
    await writeRandomFile(composed, 8192);

    const fromMac = await runCli(['upload', ...login, '--json', decomposed]);
    const fromWindows = await runCli(['upload', ...login, '--json', composed]);

    expect(fromMac.code).toBe(0);
    expect((await assetAt(env.sandbox, 'Caf\u00e9.mov'))?.sha256).toBe(sha);
    expect(await assetAt(env.sandbox, 'Cafe\u0301.mov')).toBeUndefined();
    expect(fromWindows.code).toBe(1);
    expect(lastEvent(fromWindows.stdout)).toMatchObject({ files: [{ state: 'failed', error: { code: 'asset-exists' } }] });
    expect(await sha256File(decomposed)).toBe(sha);
  });
});
