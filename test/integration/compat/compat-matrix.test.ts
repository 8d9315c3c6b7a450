// The compatibility matrix: real uploads, through the engine and through the built CLI, against
// the sandbox behaving as each plausible Nomad server (its variants: where the spec is silent)
// alone, and as all compatible ones at once. Every upload is proven byte-exact by the SHA-256
// of the object the sandbox stored. Then the cases a variant makes hard: "already exists" in
// the variant's error style, expired links under no-resign, a kill -9 resume under
// continue-pending-only, and first-time-right parts under kms-etag.
//
// Needs the built CLI: `npm run build:node` (out/node/cli.js).

import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UploadQueue } from '../../../main/engine/queue';
import type { QueueSnapshot } from '../../../main/engine/views';
import { EXCLUSIVE_VARIANTS, SANDBOX_VARIANTS, type SandboxStats, type SandboxVariant } from '../../../main/sandbox';
import { CLI, jsonLines, runCli, until } from '../cli/support/cli-process';
import { MiB, makeTempDir, writeRandomFile } from '../../support/files';
import { assetAt, startTestSandbox, type TestSandbox } from '../../support/sandbox';

const EMPTY_SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** Two parts of the client's 8 MiB (8 + 1): the last one short, as real files are. */
const ENGINE_SIZE = 9 * MiB;
const ENGINE_PARTS = 2;
/** Small: the CLI's own path (its journal, its summary) is what the CLI runs prove. */
const CLI_SIZE = 1 * MiB + 17;

const exclusive = new Set<SandboxVariant>(EXCLUSIVE_VARIANTS.flat());
const compatible = SANDBOX_VARIANTS.filter((name) => !exclusive.has(name));
/** All variants at once, one member of each exclusive group per combination, until every member has been in one. */
const allAtOnce: SandboxVariant[][] = Array.from({ length: Math.max(...EXCLUSIVE_VARIANTS.map((g) => g.length)) }, (_, i) => [
  ...compatible,
  ...EXCLUSIVE_VARIANTS.map((group) => group[Math.min(i, group.length - 1)]!),
]);
const configurations: SandboxVariant[][] = [[], ...SANDBOX_VARIANTS.map((name) => [name]), ...allAtOnce];

const label = (variants: readonly SandboxVariant[]): string => (variants.length === 0 ? 'no variant (the sandbox default)' : variants.join(' + '));

let temp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  temp = await makeTempDir('nomad-compat-');
});
afterAll(async () => {
  await temp?.cleanup();
});

async function engineUpload(env: TestSandbox, paths: string[], options: { overwrite?: 'Ask' | 'Replace'; budget?: number } = {}, during?: (queue: UploadQueue) => Promise<void>): Promise<QueueSnapshot> {
  const queue = new UploadQueue({ api: await env.api(), budget: options.budget ?? 4 });
  await queue.enqueue({ paths, options: { overwrite: options.overwrite ?? 'Ask' } });
  await during?.(queue);
  await queue.whenIdle();
  const snapshot = queue.snapshot();
  await queue.close();
  return snapshot;
}

function cliArgs(env: TestSandbox, journal: string, paths: string[], extra: string[] = []): string[] {
  return ['upload', '--server', env.sandbox.url, '--user', 'demo', '--password', 'demo', '--journal', journal, '--json', ...extra, ...paths];
}

const since = (before: SandboxStats, env: TestSandbox) => {
  const now = env.sandbox.stats();
  return { partPuts: now.partPuts - before.partPuts, starts: now.starts - before.starts, partBytes: now.partBytesReceived - before.partBytesReceived };
};

describe.each(configurations.map((variants) => ({ variants, name: label(variants) })))('a server that answers as $name', ({ variants }) => {
  let env: TestSandbox;
  const tag = variants.length === 0 ? 'default' : variants.map((v) => v.replace(/[^a-z]/g, '')).join('-').slice(0, 80);
  const file = (name: string): string => join(temp.dir, `${tag}-${name}`);

  beforeAll(async () => {
    env = await startTestSandbox({ variants });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('the engine uploads a multi-part file and an empty one, byte-exact', async () => {
    const [clip, empty] = [file('clip.mov'), file('empty.txt')];
    const sha = await writeRandomFile(clip, ENGINE_SIZE);
    await writeFile(empty, '');
    const before = env.sandbox.stats();

    const { jobs } = await engineUpload(env, [clip, empty]);

    expect(jobs.map((j) => [j.name, j.state, j.error?.message ?? null])).toEqual([
      [`${tag}-clip.mov`, 'done', null],
      [`${tag}-empty.txt`, 'done', null],
    ]);
    expect(await assetAt(env.sandbox, `${tag}-clip.mov`)).toMatchObject({ size: ENGINE_SIZE, sha256: sha });
    expect(await assetAt(env.sandbox, `${tag}-empty.txt`)).toMatchObject({ size: 0, sha256: EMPTY_SHA });
    // Whatever the bucket, every part is right the first time: Content-MD5 proves it, no re-send.
    const emptyPuts = variants.includes('zero-byte-no-parts') ? 0 : 1;
    expect(since(before, env).partPuts).toBe(ENGINE_PARTS + emptyPuts);
  });

  it('the CLI uploads the same way, byte-exact', async () => {
    const [clip, empty] = [file('cli.mov'), file('cli-empty.txt')];
    const sha = await writeRandomFile(clip, CLI_SIZE);
    await writeFile(empty, '');

    const run = await runCli(cliArgs(env, file('journal-cli'), [clip, empty]));

    expect(run.code, run.stderr).toBe(0);
    expect(jsonLines(run.stdout).at(-1)).toMatchObject({ ok: true });
    expect(await assetAt(env.sandbox, `${tag}-cli.mov`)).toMatchObject({ size: CLI_SIZE, sha256: sha });
    expect(await assetAt(env.sandbox, `${tag}-cli-empty.txt`)).toMatchObject({ size: 0, sha256: EMPTY_SHA });
  });

  it('"already exists" in this server\'s words is a question; Replace uploads the new version byte-exact', async () => {
    const path = file('clip.mov'); // uploaded by the first case
    const sha = await writeRandomFile(path, CLI_SIZE);
    const namesIds = !variants.some((v) => ['conflict-400', 'conflict-422', 'errors-array', 'errors-message', 'errors-string'].includes(v));

    const { jobs } = await engineUpload(env, [path], {}, async (queue) => {
      await until(() => queue.snapshot().jobs[0]?.state === 'awaiting-decision', 'the question');
      const job = queue.snapshot().jobs[0]!;
      expect(job.conflict).toMatchObject({ detail: expect.stringContaining('already exists') });
      expect(job.conflict!.assetId !== null).toBe(namesIds);
      expect(job.conflict!.choices).toEqual(namesIds ? ['continue', 'replace', 'asset-replace', 'skip'] : ['continue', 'replace', 'skip']);
      queue.resolveConflict(job.id, { action: 'replace' });
    });

    expect(jobs[0]).toMatchObject({ state: 'done', error: null });
    expect(await assetAt(env.sandbox, `${tag}-clip.mov`)).toMatchObject({ size: CLI_SIZE, sha256: sha });
  });

  it.runIf(variants.includes('no-resign'))('every link expires mid-upload: a Continue start renews them, and the file arrives byte-exact', async () => {
    const path = file('expiring.mov');
    const size = 3 * 8 * MiB + 1; // parts 3 and 4 leave after the links expired, whatever part 2 does
    const sha = await writeRandomFile(path, size);
    const before = env.sandbox.stats();

    const { jobs } = await engineUpload(env, [path], { budget: 1 }, async () => {
      await until(() => env.sandbox.stats().partCompletes - before.partCompletes >= 1, 'part 1 confirmed');
      env.sandbox.faults.add({ kind: 'expire-urls' });
    });

    expect(jobs[0]).toMatchObject({ state: 'done', error: null });
    expect(await assetAt(env.sandbox, `${tag}-expiring.mov`)).toMatchObject({ size, sha256: sha });
    expect(env.sandbox.stats().partPutsByStatus['403'] ?? 0).toBeGreaterThan(before.partPutsByStatus['403'] ?? 0);
    expect(since(before, env).starts).toBe(2); // the first start, and the Continue that renewed the links
  });

  it.runIf(variants.includes('continue-pending-only'))('kill -9 mid-upload, then Continue from another journal: only what is missing is sent', async () => {
    const path = file('killed.mov');
    const size = 4 * 8 * MiB;
    const sha = await writeRandomFile(path, size);
    const before = env.sandbox.stats();
    // 16 MiB/s: two seconds of upload, so the kill lands between parts, not after the end.
    const child = spawn(process.execPath, [CLI, ...cliArgs(env, file('journal-killed'), [path], ['--concurrency', '1', '--limit', '16MiB'])], { stdio: 'ignore' });
    const exited = new Promise((done) => child.once('exit', done));
    await until(() => env.sandbox.stats().partCompletes - before.partCompletes >= 2, 'two parts confirmed');
    child.kill('SIGKILL');
    await exited;
    expect(env.sandbox.stats().completes - before.completes).toBe(0);

    const resumed = await runCli(cliArgs(env, file('journal-elsewhere'), [path], ['--overwrite', 'continue']));

    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await assetAt(env.sandbox, `${tag}-killed.mov`)).toMatchObject({ size, sha256: sha });
    // The two confirmed parts were not sent again; at most the part in flight at the kill was.
    expect(since(before, env).partBytes).toBeLessThanOrEqual(size + 8 * MiB);
  });
});
