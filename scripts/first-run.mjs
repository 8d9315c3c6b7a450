// What `npm start`, `npm run upload` and `npm run sandbox` run first, so that `npm ci` and
// one of them is all a fresh machine needs (issue 16):
//
//   node scripts/first-run.mjs cli      builds the command-line tools when they are missing or
//                                       older than their sources (build on demand: a second
//                                       run starts at once)
//   node scripts/first-run.mjs app      fetches the Electron runtime if it is not there yet;
//                                       offline that fails, and this says so in two lines
//                                       and what to run instead, with no stack trace
//
// Exit status: 0 when the caller can go on, 1 when it cannot (the reason is printed).

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** What a build reads: when any of these is newer than its output, the output is stale. */
const CLI_SOURCES = ['main', 'preload', 'vite.node.config.ts', 'package.json', 'package-lock.json'];
const CLI_OUTPUTS = ['out/node/cli.js', 'out/node/sandbox.js'];

/** The newest modification time (ms) of a file or of any file below a folder. */
export function newestMtime(path) {
  const info = statSync(path, { throwIfNoEntry: false });
  if (info === undefined) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

/** Outputs that are missing or older than the newest source; [] = up to date. */
export function staleOutputs(root, sources, outputs) {
  const newestSource = Math.max(0, ...sources.map((s) => newestMtime(join(root, s))));
  return outputs.filter((output) => {
    const info = statSync(join(root, output), { throwIfNoEntry: false });
    return info === undefined || info.mtimeMs < newestSource;
  });
}

function run(command, args, options = {}) {
  return spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', ...options });
}

function ensureCli() {
  const stale = staleOutputs(ROOT, CLI_SOURCES, CLI_OUTPUTS);
  if (stale.length === 0) return 0;
  process.stderr.write(`Building the command-line tools (${stale.includes('out/node/cli.js') && !existsSync(join(ROOT, 'out/node/cli.js')) ? 'first run' : 'sources changed'})…\n`);
  const build = run(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.node.config.ts', '--logLevel', 'error'], { stdio: 'inherit' });
  if (build.status === 0) return 0;
  process.stderr.write('The build failed (its errors are above). Run `npm run build:node` to see them again.\n');
  return 1;
}

/**
 * The Electron runtime is downloaded on first start (`install-electron`, from the electron
 * package). Its own failure is a stack trace from the downloader; a person needs to know
 * that the window cannot open here and what works without it.
 */
function ensureElectron() {
  const fetch = run(process.execPath, [join(ROOT, 'node_modules/electron/install.js')]);
  if (fetch.status === 0) return 0;
  process.stderr.write(
    'Nomad Uploader could not download the Electron runtime it needs to open its window (no connection to the internet?).\n' +
      'Upload from the command line instead: npm run upload -- --sandbox ./footage   (all options: npm run upload -- --help)\n',
  );
  return 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const what = process.argv[2];
  const status = what === 'cli' ? ensureCli() : what === 'app' ? ensureElectron() : (process.stderr.write('usage: node scripts/first-run.mjs cli|app\n'), 2);
  process.exit(status);
}
