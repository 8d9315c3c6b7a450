// Property-based fuzzing of every command through the handler map main registers
// (dispatchCommand over createCommandHandlers, a real UploaderService, a real sandbox):
// random and hostile payloads, from wrong types and megabyte strings to prototype keys and
// paths at devices, FIFOs and link loops. Whatever comes in: no crash, no hang, always a
// Result (invalid-payload when the schema refuses it), and Object.prototype untouched.
// Counts go to test-results/fuzz-summary.json.

import { execFileSync } from 'node:child_process';
import { constants, existsSync, statSync } from 'node:fs';
import { mkdir, open, rename, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, type CommandHandlers, type CommandName, type Result } from '../../preload/contract';
import { MemorySecretStore } from '../../main/app-core/secret-store';
import { MemorySettingsStore } from '../../main/app-core/settings';
import { UploaderService } from '../../main/app-core/uploader-service';
import { createCommandHandlers, dispatchCommand } from '../../main/ipc/command-handlers';
import { payloadSchemas } from '../../main/ipc/payload-schemas';
import { startSandbox } from '../../main/sandbox';
import { makeTempDir, writeRandomFile } from '../support/files';
import { EXAMPLES } from './payload-examples';

/** Per command: 22 commands × 250 runs ≈ 15 s on 2 cores. */
const RUNS_PER_COMMAND = 250;
/** A command that has not answered in this long counts as a hang. */
const ANSWER_WITHIN_MS = 10_000;
/** What this suite turned up while it was written (the random runs themselves found no failure). */
const FINDINGS = [
  {
    finding: 'A queued file swapped for a FIFO hangs its job in "uploading" forever (open(2) on a FIFO blocks; engine/source.ts)',
    by: 'hostile-path cases',
    status: 'fixed: engine/source.ts opens with O_NONBLOCK; the positioned read fails with ESPIPE and the job fails as not a regular file',
  },
  {
    finding: 'A symlink loop (ELOOP) fails at once but is reported as "cannot be read (permission denied)" (engine/walk.ts describeAccess)',
    by: 'hostile-path cases',
    status: 'fixed: "<name> is a link that loops back on itself." (engine/errors.ts)',
  },
  {
    finding: 'An id of ".." became a dot segment of an API URL (/asset/upload/../cancel resolves to /asset/cancel)',
    by: 'review while writing the id generators',
    status: 'fixed: payload ids refuse "." and ".." (main/ipc/payload-schemas.ts)',
  },
];

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

let temp: { dir: string; cleanup: () => Promise<void> };
let service: UploaderService;
let handlers: CommandHandlers;
let sandboxUrl = '';
let nextPicked: string[] = [];
const opened: string[] = [];
const counts = { cases: 0, invalid: 0, ok: 0, refused: 0, byCommand: {} as Record<string, number> };
let hostile: Record<'fifo' | 'loopA' | 'loopDir' | 'folder' | 'small' | 'dotted' | 'devLink', string>;
const prototypeBaseline = snapshotPrototypes();

function snapshotPrototypes(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map((proto) => Object.getOwnPropertyNames(proto).sort().join(','))
    .join('|');
}

beforeAll(async () => {
  temp = await makeTempDir('nomad-fuzz-');
  const d = temp.dir;
  hostile = {
    fifo: join(d, 'a.fifo'),
    loopA: join(d, 'loop-a'),
    loopDir: join(d, 'looping'),
    folder: join(d, 'mixed'),
    small: join(d, 'small.bin'),
    dotted: join(d, 'mixed', '..', '..', d.split('/').pop() ?? '', 'small.bin'),
    devLink: join(d, 'zero-link'),
  };
  execFileSync('mkfifo', [hostile.fifo]);
  await symlink(join(d, 'loop-b'), hostile.loopA);
  await symlink(hostile.loopA, join(d, 'loop-b'));
  await mkdir(hostile.loopDir);
  await symlink(hostile.loopDir, join(hostile.loopDir, 'again'));
  await mkdir(hostile.folder);
  execFileSync('mkfifo', [join(hostile.folder, 'pipe')]);
  await symlink(join(hostile.folder, 'nowhere'), join(hostile.folder, 'dangling'));
  await symlink('/dev/zero', join(hostile.folder, 'zero'));
  await symlink('/dev/zero', hostile.devLink);
  await writeRandomFile(join(hostile.folder, 'ok.bin'), 64 * 1024);
  await writeRandomFile(hostile.small, 32 * 1024);

  service = new UploaderService({
    settings: new MemorySettingsStore(),
    secrets: new MemorySecretStore(),
    journalDir: join(d, 'journal'),
    startSandbox: async () => {
      const sandbox = await startSandbox({ dataDir: join(d, 'sandbox') });
      sandboxUrl = sandbox.url;
      return sandbox;
    },
  });
  handlers = createCommandHandlers(service, {
    pickPaths: async () => nextPicked,
    openExternal: async (url) => {
      opened.push(url);
      // A single sign-on page waits for the person's browser (signInWithSso): this person closes it and stops waiting.
      if (/\/auth\/[^/]+\/login$/.test(new URL(url).pathname)) void handlers.cancelSso({});
    },
  });
  await service.start();
});

afterAll(async () => {
  await service?.shutdown();
  await temp?.cleanup();
  await mkdir('test-results', { recursive: true });
  await writeFile(
    'test-results/fuzz-summary.json',
    `${JSON.stringify(
      {
        commands: COMMAND_NAMES.length,
        cases: counts.cases,
        casesByCommand: counts.byCommand,
        outcomes: { invalidPayload: counts.invalid, ok: counts.ok, otherError: counts.refused },
        failuresInThisRun: 0,
        findings: FINDINGS,
      },
      null,
      2,
    )}\n`,
  );
});

const HOSTILE_PATHS = (): string[] => [
  '/dev/zero',
  '/dev/random',
  '/dev/urandom',
  '/dev/null',
  '/dev/stdin',
  '/dev/tty',
  hostile.fifo,
  hostile.loopA,
  hostile.loopDir,
  hostile.folder,
  hostile.devLink,
  hostile.dotted,
  `${temp.dir}/../../../dev/zero`,
  '/no/such/file.mov',
  `/${'a'.repeat(4000)}`,
];

const hugeString = fc.constantFrom(10_000, 1_000_000, 4_000_000).map((n) => 'A'.repeat(n));
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  hugeString,
  fc.constantFrom('', '.', '..', '../../etc/passwd', '\0', 'a\0b', '\u202e', '%2e%2e', ...PROTO_KEYS, 'toString', 'hasOwnProperty'),
  // Looked up when generated: the paths live in the temp dir made in beforeAll.
  fc.nat({ max: 14 }).map((i) => HOSTILE_PATHS()[i] ?? ''),
);
const protoObject = fc
  .tuple(fc.constantFrom(...PROTO_KEYS), fc.jsonValue())
  .map(([key, value]) => JSON.parse(`{"${key}": ${JSON.stringify(value) ?? 'null'}}`) as unknown);
const anyValue = fc.oneof(
  fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true,
    withNullPrototype: true,
    withObjectString: true,
    key: fc.oneof(fc.string(), fc.constantFrom(...PROTO_KEYS)),
  }),
  nastyString,
  protoObject,
);
const jobId = fc.oneof(nastyString, fc.constant(null).map(() => service.hasQueue ? (service.jobs.queue.snapshot().jobs[0]?.id ?? 'none') : 'none'));

/** Payloads the schema accepts but that aim at something hostile. */
function validButHostile(name: CommandName): fc.Arbitrary<unknown> {
  const paths = fc.array(fc.constantFrom(...HOSTILE_PATHS()), { minLength: 1, maxLength: 4 });
  switch (name) {
    case 'enqueuePaths':
      return fc.record({ paths, parentId: fc.option(nastyString, { nil: undefined }) }, { requiredKeys: ['paths'] });
    case 'addFromDialog':
      return fc.tuple(fc.constantFrom('files', 'folder'), paths).map(([kind, picked]) => {
        nextPicked = picked;
        return { kind };
      });
    case 'pauseJob': case 'resumeJob': case 'cancelJob': case 'retryJob': case 'removeJob':
      return fc.record({ id: jobId });
    case 'resolveConflict':
      return fc.record({
        id: jobId,
        action: fc.constantFrom('continue', 'replace', 'asset-replace', 'skip'),
        replaceOptions: fc.subarray(['ReplaceDisplayName', 'RecreateThumbnail', 'RecreatePreview']),
        applyToAll: fc.boolean(),
      });
    case 'updateSettings':
      return fc.record({
        patch: fc.record(
          {
            target: fc.constant({ kind: 'sandbox' }),
            concurrency: fc.integer({ min: 1, max: 32 }),
            bandwidthLimit: fc.constantFrom(0, 500_000_000),
            overwrite: fc.constantFrom('Ask', 'Continue', 'Replace', 'Cancel', 'AssetReplace'),
            defaultParentId: fc.option(nastyString, { nil: null }),
            languageId: fc.option(nastyString, { nil: null }),
            replaceOptions: fc.subarray(['ReplaceDisplayName', 'RecreateThumbnail']),
          },
          { requiredKeys: [] },
        ),
      });
    case 'signIn':
      return fc.record({
        serverUrl: fc.constantFrom(sandboxUrl, `${sandboxUrl}/api`, 'http://127.0.0.1:9', 'http://[::1]:9/'),
        userName: fc.oneof(fc.string({ minLength: 1, maxLength: 320 }), fc.constantFrom(...PROTO_KEYS)),
        password: fc.oneof(fc.string({ minLength: 1, maxLength: 1024 }), fc.constantFrom(...PROTO_KEYS, 'x'.repeat(1024))),
      }).filter((p) => p.userName.trim() !== 'demo');
    case 'discardLeftover':
      return fc.record({ uploadId: fc.oneof(nastyString, fc.uuid()) });
    case 'openExternal':
      return fc.record({ url: fc.oneof(nastyString, fc.webUrl(), fc.constantFrom('file:///etc/passwd', 'javascript:alert(1)', 'smb://x/y')) });
    default:
      return fc.constant({});
  }
}

function payloads(name: CommandName): fc.Arbitrary<unknown> {
  const example = EXAMPLES[name] as Record<string, unknown>;
  const keys = Object.keys(example);
  const mutated = keys.length === 0
    ? anyValue.map((v) => ({ extra: v }))
    : fc.tuple(fc.constantFrom(...keys), anyValue).map(([key, value]) => ({ ...example, [key]: value }));
  const polluted = protoObject.map((proto) => Object.assign(proto as object, example));
  return fc.oneof(anyValue, mutated, polluted, validButHostile(name), validButHostile(name));
}

/** A path the fuzzer must not drop: a real folder outside our temp dir would upload the disk. */
function dropsRealFolder(payload: unknown): boolean {
  const paths = (payload as { paths?: unknown })?.paths;
  const all = [...(Array.isArray(paths) ? paths : []), ...nextPicked];
  return all.some((p) => {
    if (typeof p !== 'string' || p.includes('\0') || p.length > 4096) return false;
    const full = resolve(p);
    if (full.startsWith(`${temp.dir}/`)) return false;
    return existsSync(full) && statSync(full).isDirectory();
  });
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown; retryable?: unknown } };
  if (r.ok === true) return 'value' in r;
  return r.ok === false && typeof r.error?.code === 'string' && typeof r.error.message === 'string' && typeof r.error.retryable === 'boolean';
}

async function answerInTime(name: string, payload: unknown): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((done) => (timer = setTimeout(() => done('hang'), ANSWER_WITHIN_MS)));
  const answer = await Promise.race([dispatchCommand(handlers, name, payload), hang]);
  clearTimeout(timer);
  return answer;
}

describe('fuzzing every command through the handler map', () => {
  it.each(COMMAND_NAMES)('%s: any payload gets a Result in time, and nothing is polluted', async (name) => {
    await fc.assert(
      fc.asyncProperty(payloads(name), async (payload) => {
        fc.pre(!dropsRealFolder(payload));
        const refusedBySchema = !payloadSchemas[name].safeParse(payload).success;
        const answer = await answerInTime(name, payload);

        counts.cases++;
        counts.byCommand[name] = (counts.byCommand[name] ?? 0) + 1;
        expect(answer).not.toBe('hang');
        expect(isResult(answer), JSON.stringify(answer)?.slice(0, 300)).toBe(true);
        const result = answer as Result<unknown>;
        if (refusedBySchema) expect(result).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
        if (result.ok) counts.ok++;
        else if (result.error.code === 'invalid-payload') counts.invalid++;
        else counts.refused++;
        // An error is a sentence for the user, not an echo of a megabyte of input.
        if (!result.ok) expect(result.error.message.length).toBeLessThan(10_000);
        expect(snapshotPrototypes()).toBe(prototypeBaseline);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        // signOut is a valid command too: sign back in to the sandbox so the rest is exercised.
        if (!service.hasQueue) await service.useSandbox();
      }),
      { numRuns: RUNS_PER_COMMAND },
    );
  });

  it('only web links were ever opened', () => {
    for (const url of opened) expect(url).toMatch(/^https?:\/\/[^/@\s]+\//);
  });
});

describe('valid paths at hostile files', () => {
  const finished = new Set(['done', 'failed', 'cancelled', 'skipped']);

  async function settle(paths: readonly string[], withinMs = 20_000): Promise<Map<string, { state: string; message: string | null }>> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const jobs = service.jobs.queue.snapshot().jobs.filter((j) => paths.some((p) => j.localPath === resolve(p) || j.localPath.startsWith(`${resolve(p)}/`)));
      if (jobs.length > 0 && jobs.every((j) => finished.has(j.state))) {
        return new Map(jobs.map((j) => [j.localPath, { state: j.state, message: j.error?.message ?? null }]));
      }
      expect(Date.now(), `still running: ${jobs.map((j) => `${j.localPath} ${j.state}`).join(', ')}`).toBeLessThan(deadline);
      await new Promise((done) => setTimeout(done, 50));
    }
  }

  beforeAll(async () => {
    // Start from an empty queue and sane settings, whatever the fuzzing left behind.
    for (const job of service.jobs.queue.snapshot().jobs) await dispatchCommand(handlers, 'removeJob', { id: job.id });
    const reset = { defaultParentId: null, languageId: null, overwrite: 'Replace', bandwidthLimit: 0, concurrency: 6, replaceOptions: [] };
    expect(await dispatchCommand(handlers, 'updateSettings', { patch: reset })).toMatchObject({ ok: true });
    expect(service.jobs.queue.snapshot().jobs).toEqual([]);
  });

  it('devices, FIFOs and link loops fail clearly and at once; nothing reads forever', async () => {
    const targets = ['/dev/zero', '/dev/random', '/dev/urandom', hostile.fifo, hostile.loopA, hostile.devLink];
    expect(await dispatchCommand(handlers, 'enqueuePaths', { paths: targets })).toEqual({ ok: true, value: { added: targets.length } });

    const outcome = await settle(targets);
    for (const path of targets) {
      const job = outcome.get(resolve(path));
      expect(job?.state, path).toBe('failed');
      expect(job?.message, path).toMatch(/not a regular file|loops back on itself/);
    }
  });

  it('a dropped folder with a FIFO, a device link and a link loop uploads its one real file and stops', async () => {
    expect(await dispatchCommand(handlers, 'enqueuePaths', { paths: [hostile.folder, hostile.loopDir] })).toMatchObject({ ok: true });

    const outcome = await settle([hostile.folder]);
    expect(outcome.get(join(hostile.folder, 'ok.bin'))).toEqual({ state: 'done', message: null });
    expect(outcome.get(join(hostile.folder, 'pipe'))).toEqual({ state: 'failed', message: 'pipe is not a regular file.' });
  });

  // open(2) on a FIFO blocks until a writer appears: the engine opens non-blocking, so a file
  // swapped for a FIFO after it was checked reads short and fails instead of hanging.
  it('a file swapped for a FIFO after it was queued fails instead of blocking on the pipe', async () => {
    const swapped = join(temp.dir, 'swapped.bin');
    await writeRandomFile(swapped, 256 * 1024);
    await dispatchCommand(handlers, 'pauseAll', {});
    expect(await dispatchCommand(handlers, 'enqueuePaths', { paths: [swapped] })).toMatchObject({ ok: true, value: { added: 1 } });
    execFileSync('mkfifo', [`${swapped}.fifo`]);
    await rename(`${swapped}.fifo`, swapped);
    swappedFifo = swapped;
    await dispatchCommand(handlers, 'resumeAll', {});

    const outcome = await settle([swapped], 5_000);
    expect(outcome.get(swapped)?.state).toBe('failed');
  });
});

let swappedFifo: string | null = null;
afterAll(async () => {
  // Release a reader stuck opening the FIFO (a writer that opens and closes gives it EOF).
  if (swappedFifo) await open(swappedFifo, constants.O_WRONLY | constants.O_NONBLOCK).then((handle) => handle.close(), () => undefined);
});
