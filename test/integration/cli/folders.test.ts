// `--to`, `--create-folders`, `--language` by name, `folders`, `attach` and `--report`: the
// built CLI as a person runs it, against a real sandbox, and what the sandbox then holds.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiB, makeTempDir, writeRandomFile } from '../../support/files';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { jsonLines, runCli } from './support/cli-process';

let env: TestSandbox;
let files: { dir: string; cleanup: () => Promise<void> };
let login: string[];

beforeAll(async () => {
  env = await startTestSandbox();
  files = await makeTempDir('nomad-cli-folders-');
  login = ['--server', env.sandbox.url, '--user', 'demo', '--password', 'demo'];
});

afterAll(async () => {
  await env?.close();
  await files?.cleanup();
});

const stored = async (path: string) => (await env.sandbox.assets()).find((asset) => asset.path === path);

describe('nomad-upload upload --to', () => {
  it('refuses a path that does not exist, names what is missing, and sends nothing', async () => {
    const clip = join(files.dir, 'nowhere.mov');
    await writeRandomFile(clip, 1000);
    const run = await runCli(['upload', ...login, '--to', 'Projects/Shoot 1', clip]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nomad-upload: "Incoming" has no folder "Projects" (looking for "Projects/Shoot 1"). Create it with --create-folders');
    expect(await stored('Incoming/nowhere.mov')).toBeUndefined();
  });

  it('--create-folders makes the path under Incoming, and the file lands under it; a second run finds it', async () => {
    const clip = join(files.dir, 'day2.mov');
    const sha = await writeRandomFile(clip, 2 * MiB);
    const first = await runCli(['upload', ...login, '--to', 'Projects/Shoot 1/Day 2', '--create-folders', clip]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Destination: Incoming/Projects/Shoot 1/Day 2 (created "Projects", "Shoot 1", "Day 2").');
    expect(await stored('Incoming/Projects/Shoot 1/Day 2/day2.mov')).toMatchObject({ sha256: sha });

    const other = join(files.dir, 'day2b.mov');
    await writeRandomFile(other, 1000);
    const second = await runCli(['upload', ...login, '--to', 'projects/shoot 1/day 2', other]);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('Destination: Incoming/Projects/Shoot 1/Day 2.');
    expect(await stored('Incoming/Projects/Shoot 1/Day 2/day2b.mov')).toBeDefined();
  });

  it('a path from the root starts at a bucket', async () => {
    const clip = join(files.dir, 'bucket.mov');
    await writeRandomFile(clip, 1000);
    const run = await runCli(['upload', ...login, '--to', '/Media/Archive', '--create-folders', clip]);
    expect(run.code).toBe(0);
    expect(await stored('Media/Archive/bucket.mov')).toBeDefined();
  });

  it('--language takes a name; an unknown one stops the run with a hint', async () => {
    const clip = join(files.dir, 'german.mov');
    await writeRandomFile(clip, 1000);
    const run = await runCli(['upload', ...login, '--language', 'German', clip]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Destination: Incoming, language German.');

    const typo = await runCli(['upload', ...login, '--language', 'Germn', clip]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('The server has no language "Germn". Did you mean German?');
  });

  it('--to with --parent, or --create-folders without --to, is a usage error', async () => {
    const both = await runCli(['upload', ...login, '--to', 'A', '--parent', 'x', '/tmp/a']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('choose either --to PATH or --parent ID, not both');
    const alone = await runCli(['upload', ...login, '--create-folders', '/tmp/a']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--create-folders needs --to PATH');
  });
});

describe('nomad-upload folders', () => {
  it('lists the root: the bucket and Incoming', async () => {
    const run = await runCli(['folders', ...login]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual(expect.arrayContaining(['/Incoming', '/Media  (bucket)']));
  });

  it('lists a folder by path, as JSON too, with paths that --to takes', async () => {
    const clip = join(files.dir, 'client.mov');
    await writeRandomFile(clip, 1000);
    await runCli(['upload', ...login, '--to', 'Clients/Acme', '--create-folders', clip]);
    await runCli(['upload', ...login, '--to', 'Clients/Beta', '--create-folders', clip]);
    const run = await runCli(['folders', ...login, '--json', 'Clients']);
    expect(run.code).toBe(0);
    const [listing] = jsonLines(run.stdout);
    expect(listing).toMatchObject({
      event: 'folders',
      path: '/Incoming/Clients',
      folders: [
        { name: 'Acme', kind: 'folder', path: '/Incoming/Clients/Acme' },
        { name: 'Beta', kind: 'folder', path: '/Incoming/Clients/Beta' },
      ],
    });
  });

  it('a folder name with a right-to-left override is shown escaped, not reordered', async () => {
    // The sandbox refuses control characters in names; bidi marks it lets through, as a real server may.
    const clip = join(files.dir, 'rtl.mov');
    await writeRandomFile(clip, 1000);
    await runCli(['upload', ...login, '--to', 'clip\u202evom.exe', '--create-folders', clip]);
    const run = await runCli(['folders', ...login, '/Incoming']);
    expect(run.stdout).toContain('/Incoming/clip\\u202evom.exe');
    expect(run.stdout).not.toContain('\u202e');
  });

  it('a path that does not exist exits 1 with one line', async () => {
    const run = await runCli(['folders', ...login, 'No such']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"Incoming" has no folder "No such"');
  });
});

describe('nomad-upload attach', () => {
  it('attaches a subtitle to a done asset: the sandbox shows it among the asset\'s related assets', async () => {
    const clip = join(files.dir, 'clip.mov');
    await writeRandomFile(clip, 1000);
    const uploaded = jsonLines((await runCli(['upload', ...login, '--json', clip])).stdout).at(-1) as { files: Array<{ assetId: string }> };
    const assetId = uploaded.files[0]!.assetId;
    const subtitle = join(files.dir, 'clip.srt');
    const text = '1\n00:00:01,000 --> 00:00:02,000\nHello\n';
    await writeFile(subtitle, text);

    const run = await runCli(['attach', ...login, '--to-asset', assetId, subtitle]);

    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Attaching clip.srt (subtitle) to clip.mov.');
    expect(run.stdout).toContain('✓ clip.srt');
    const parent = (await env.sandbox.assets()).find((asset) => asset.id === assetId)!;
    expect(parent.relatedAssets).toHaveLength(1);
    const sidecar = (await env.sandbox.assets()).find((asset) => asset.id === parent.relatedAssets![0])!;
    expect(sidecar).toMatchObject({ displayName: 'clip.srt', relatedToAssetId: assetId, size: Buffer.byteLength(text) });
  });

  it('attaching the same name again fails unless --overwrite replace', async () => {
    const clip = join(files.dir, 'clip2.mov');
    await writeRandomFile(clip, 1000);
    const assetId = (jsonLines((await runCli(['upload', ...login, '--json', clip])).stdout).at(-1) as { files: Array<{ assetId: string }> }).files[0]!.assetId;
    const subtitle = join(files.dir, 'clip2.srt');
    await writeFile(subtitle, 'first');
    expect((await runCli(['attach', ...login, '--to-asset', assetId, subtitle])).code).toBe(0);
    await writeFile(subtitle, 'second version');

    const again = await runCli(['attach', ...login, '--to-asset', assetId, subtitle]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('already exists on the server');

    const replaced = await runCli(['attach', ...login, '--to-asset', assetId, '--overwrite', 'replace', subtitle]);
    expect(replaced.code).toBe(0);
    const parent = (await env.sandbox.assets()).find((asset) => asset.id === assetId)!;
    expect(parent.relatedAssets).toHaveLength(1);
    expect((await env.sandbox.assets()).find((asset) => asset.id === parent.relatedAssets![0])).toMatchObject({ size: 14 });
  });

  it('an asset that does not exist, a folder, or a folder given as FILE: one line, exit 1, nothing sent', async () => {
    const subtitle = join(files.dir, 'lost.srt');
    await writeFile(subtitle, 'x');
    const missing = await runCli(['attach', ...login, '--to-asset', '11111111-1111-4111-8111-111111111111', subtitle]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('The server has no asset 11111111-1111-4111-8111-111111111111 to attach to.');
    const folder = await runCli(['attach', ...login, '--to-asset', 'x', files.dir]);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toContain('is not a file: attach takes files');
    const usage = await runCli(['attach', ...login, subtitle]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('attach needs --to-asset ID');
  });
});

describe('--report', () => {
  it('writes the run as CSV: file, destination path, size, duration, speed, asset id and SHA-256', async () => {
    const clip = join(files.dir, 'report.mov');
    const sha = await writeRandomFile(clip, 3 * MiB);
    const report = join(files.dir, 'run.csv');
    const run = await runCli(['upload', ...login, '--to', 'Reports', '--create-folders', '--report', report, clip]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`Report of 1 file(s) written to ${report}.`);
    const [header, row] = (await readFile(report, 'utf8')).split('\r\n');
    const record = Object.fromEntries(header!.split(',').map((name, i) => [name, row!.split(',')[i]]));
    const asset = await stored('Incoming/Reports/report.mov');
    expect(record).toMatchObject({ file: 'report.mov', destination: 'Incoming/Reports', state: 'done', size_bytes: String(3 * MiB), asset_id: asset!.id, sha256: sha });
    expect(Number(record.duration_seconds)).toBeGreaterThan(0);
    expect(Number(record.average_bytes_per_second)).toBeGreaterThan(0);
  });

  it('writes JSON with failed files and their reason too; a report that cannot be written fails the run', async () => {
    const report = join(files.dir, 'run.json');
    const missing = join(files.dir, 'missing.mov');
    const run = await runCli(['upload', ...login, '--report', report, missing]);
    expect(run.code).toBe(1);
    const parsed = JSON.parse(await readFile(report, 'utf8')) as { files: Array<{ state: string; error: string }> };
    expect(parsed.files).toMatchObject([{ state: 'failed', error: expect.stringMatching(/^file-missing: /) }]);

    const clip = join(files.dir, 'blocker.mov');
    await writeRandomFile(clip, 1000);
    // A folder path through a file: the report's folder cannot be made (ENOTDIR).
    const unwritable = join(clip, 'run.csv');
    const blocked = await runCli(['upload', ...login, '--overwrite', 'replace', '--report', unwritable, clip]);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(`The report could not be written to ${unwritable}`);
    if (process.platform === 'linux') {
      // Under /proc the folder cannot be made; Node's recursive mkdir spun there forever.
      const proc = await runCli(['upload', ...login, '--overwrite', 'replace', '--report', '/proc/nomad-upload-report/run.json', clip]);
      expect(proc.code).toBe(1);
      expect(proc.stderr).toContain('The report could not be written to /proc/nomad-upload-report/run.json');
    }
    const txt = await runCli(['upload', ...login, '--report', 'run.txt', clip]);
    expect(txt.code).toBe(2);
    expect(txt.stderr).toContain('--report must name a .csv or .json file');
  });
});
