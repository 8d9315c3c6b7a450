// `nomad-upload watch` as a person runs it next to an edit bay: a real process, a real folder,
// a real sandbox server. Files written while it runs go up once they settle; a kill -9 in
// the middle of an upload and a restart resume that upload and upload nothing twice; SIGTERM
// ends with the summary and 143. Every wait is on the CLI's own NDJSON events or the server.

import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiB, makeTempDir, writeRandomFile } from '../../support/files';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { jsonLines, startCli, until, type RunningCli } from '../cli/support/cli-process';

let env: TestSandbox;
let temp: { dir: string; cleanup: () => Promise<void> };
let login: string[];

beforeAll(async () => {
  env = await startTestSandbox();
  temp = await makeTempDir('nomad-watch-cli-');
  login = ['--server', env.sandbox.url, '--user', 'demo', '--password', 'demo'];
});

afterAll(async () => {
  await env?.close();
  await temp?.cleanup();
});

/**
 * How long a step may take before the test says which one never came. Not a timing claim:
 * a CLI start alone (node, the bundle, sign-in) took 20 s on this 2-core machine under the
 * load of five engineers' runs.
 */
const STEP_MS = 150_000;

type Line = Record<string, unknown>;
const lines = (run: RunningCli): Line[] => {
  const text = run.output().stdout;
  // The last line may still be on its way.
  return jsonLines(text.slice(0, text.lastIndexOf('\n') + 1));
};
const watchEvents = (run: RunningCli, type: string): Line[] => lines(run).filter((l) => l.event === 'watch' && l.type === type);
const uploadedPaths = (run: RunningCli): string[] => watchEvents(run, 'uploaded').map((l) => l.path as string);
const storedCount = async (relativePath: string): Promise<number> => (await env.sandbox.assets()).filter((a) => a.path === `Incoming/${relativePath}`).length;

describe('nomad-upload watch', () => {
  it('uploads files written while it runs, survives kill -9 mid-upload and a restart without uploading anything twice', async () => {
    const folder = join(temp.dir, 'exports');
    const journal = join(temp.dir, 'journal');
    const args = ['watch', ...login, '--journal', journal, '--quiet-period', '1', '--overwrite', 'replace', '--json', folder];
    const firstSha = await writeRandomFile(join(folder, 'before.mov'), 300_000);

    // One part at a time, 8 MiB/s: parts are confirmed one by one before the kill.
    const first = startCli([...args, '--limit', '8MiB', '--concurrency', '1']);
    await until(() => uploadedPaths(first).includes('before.mov'), 'the file already there uploaded', STEP_MS);
    // A render lands while the watch runs: written in three bursts, taken once it stops.
    await writeFile(join(folder, 'render.mov'), Buffer.alloc(100_000, 1));
    await appendFile(join(folder, 'render.mov'), Buffer.alloc(100_000, 2));
    await appendFile(join(folder, 'render.mov'), Buffer.alloc(100_000, 3));
    await writeFile(join(folder, 'render.mov.part'), 'an unfinished download');
    await until(() => uploadedPaths(first).includes('render.mov'), 'the new render uploaded', STEP_MS);
    // A big file, slowed down by --limit, killed mid-way.
    const bigSha = await writeRandomFile(join(folder, 'big.mov'), 40 * MiB);
    const before = env.sandbox.stats().partBytesReceived;
    const stored = (): number => Math.max(0, ...lines(first).filter((l) => l.event === 'progress').map((l) => Number(l.bytesDone)));
    await until(() => stored() >= 600_000 + 24 * MiB, 'three parts of big.mov stored', STEP_MS);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const sentBeforeKill = env.sandbox.stats().partBytesReceived - before;
    expect(uploadedPaths(first)).toEqual(['before.mov', 'render.mov']);

    const second = startCli(args);
    await until(() => uploadedPaths(second).includes('big.mov'), 'big.mov resumed and finished', STEP_MS);
    expect(lines(second).some((l) => l.event === 'note' && String(l.message).startsWith('Resuming 1 unfinished upload'))).toBe(true);
    expect(watchEvents(second, 'ready')).toMatchObject([{ files: 3, known: 2 }]);
    // The resumed upload sent what was missing, not the whole file again.
    expect(env.sandbox.stats().partBytesReceived - before - sentBeforeKill).toBeLessThan(40 * MiB - 8 * MiB);
    // A rescan of the same folder finds nothing to send.
    expect(watchEvents(second, 'queued')).toEqual([]);
    second.child.kill('SIGTERM');
    const end = await second.exited;
    expect(end.code).toBe(143);
    const summary = jsonLines(end.stdout).at(-1)!;
    expect(summary).toMatchObject({ event: 'summary', interrupted: true, uploaded: 1, failed: 0 });

    const assets = await env.sandbox.assets();
    expect(assets.find((a) => a.path === 'Incoming/before.mov')).toMatchObject({ sha256: firstSha });
    expect(assets.find((a) => a.path === 'Incoming/big.mov')).toMatchObject({ sha256: bigSha, size: 40 * MiB });
    expect(assets.find((a) => a.path === 'Incoming/render.mov')).toMatchObject({ size: 300_000 });
    for (const name of ['before.mov', 'render.mov', 'big.mov']) expect(await storedCount(name)).toBe(1);
    expect(await storedCount('render.mov.part')).toBe(0);
  }, 6 * STEP_MS);

  it('refuses to start without --journal, in one line with exit 2', async () => {
    const run = await startCli(['watch', ...login, temp.dir]).exited;
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('watch needs --journal DIR');
  });
});
