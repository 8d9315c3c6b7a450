// A fresh machine: `npm ci`, then `npm start` or `npm run upload -- --sandbox DIR`, with no
// build step in between (the command-line tools are built on demand), and an offline
// `npm start` that says in two lines why the window cannot open and what to run instead.

import { spawnSync } from 'node:child_process';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../e2e/support/electron-binary';
import { makeTempDir } from '../../support/files';
// @ts-expect-error: a plain .mjs script, no type declarations
import { staleOutputs } from '../../../scripts/first-run.mjs';

const ROOT = join(import.meta.dirname, '../../..');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function tree(files: Record<string, number>): Promise<string> {
  const temp = await makeTempDir('nomad-first-run-');
  cleanups.push(temp.cleanup);
  for (const [path, mtimeSeconds] of Object.entries(files)) {
    const full = join(temp.dir, path);
    await mkdir(join(full, '..'), { recursive: true });
    await writeFile(full, '');
    await utimes(full, mtimeSeconds, mtimeSeconds);
  }
  return temp.dir;
}

describe('building on demand', () => {
  it('builds when an output is missing or older than any source, and not otherwise', async () => {
    const fresh = await tree({ 'main/a.ts': 100, 'main/deep/b.ts': 200, 'out/node/cli.js': 300, 'out/node/sandbox.js': 300 });
    expect(staleOutputs(fresh, ['main'], ['out/node/cli.js', 'out/node/sandbox.js'])).toEqual([]);

    const edited = await tree({ 'main/a.ts': 100, 'main/deep/b.ts': 400, 'out/node/cli.js': 300, 'out/node/sandbox.js': 500 });
    expect(staleOutputs(edited, ['main'], ['out/node/cli.js', 'out/node/sandbox.js'])).toEqual(['out/node/cli.js']);

    const cloned = await tree({ 'main/a.ts': 100 });
    expect(staleOutputs(cloned, ['main', 'missing.json'], ['out/node/cli.js'])).toEqual(['out/node/cli.js']);
  });

  it('is what npm start, upload and sandbox run first', async () => {
    const { scripts } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.upload).toBe('node scripts/first-run.mjs cli && node out/node/cli.js upload');
    expect(scripts.sandbox).toBe('node scripts/first-run.mjs cli && node out/node/sandbox.js');
    // electron-vite preview builds the app itself before it opens the window.
    expect(scripts.start).toBe('node scripts/first-run.mjs app && electron-vite preview');
  });
});

describe('npm start without the Electron runtime', () => {
  const binary = findElectronBinary();
  it.skipIf(binary.found)('says in two lines that the runtime could not be downloaded and what to run instead, with no stack', () => {
    // A mirror that refuses connections: the download fails here whatever the network.
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts/first-run.mjs'), 'app'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', ELECTRON_OVERRIDE_DIST_PATH: '' },
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      'Nomad Uploader could not download the Electron runtime it needs to open its window (no connection to the internet?).',
      'Upload from the command line instead: npm run upload -- --sandbox ./footage   (all options: npm run upload -- --help)',
    ]);
    expect(result.stdout).toBe('');
  });
});
