// Distribution, offline: electron-builder.yml passes electron-builder's own schema, sets the
// fuses and the installer targets; then a real `electron-builder --linux dir` run against a
// stand-in Electron (a script carrying a fuse wire, since the binary cannot be downloaded
// here) shows what lands in app.asar, and that the fuses were flipped in the executable.

import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeTempDir } from '../support/files';

const root = join(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const run = promisify(execFile);

interface BuilderConfig {
  appId?: string;
  productName?: string;
  electronFuses?: Record<string, boolean>;
  files?: string[];
  linux?: { target?: string[]; icon?: string; executableName?: string };
  win?: { target?: string; icon?: string };
  mac?: { target?: string; hardenedRuntime?: boolean; icon?: string };
}

const EXPECTED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
};

let config: BuilderConfig;
let pkg: { homepage?: string; author?: { email?: string }; scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> };

beforeAll(async () => {
  config = parse(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
  pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as typeof pkg;
});

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema (and the schema check is live)', async () => {
    // Internal path of app-builder-lib 26; re-check on upgrades.
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<Record<string, unknown>>;
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const loaded = await getConfig(root, null, null);

    expect(loaded.appId).toBe('com.nomad-media.uploader');
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...loaded, electronFuses: { runAsNode: 'no' } }, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
    await expect(validateConfiguration({ ...loaded, notAnOption: true }, new DebugLogger(false))).rejects.toThrow(/notAnOption/);
  });

  it('flips the fuses that close Node back doors and lock the app to its asar', () => {
    expect(config.electronFuses).toEqual(EXPECTED_FUSES);
  });

  it('builds AppImage and deb, NSIS, and a hardened-runtime dmg, each with an icon that exists', async () => {
    expect(config.appId).toBe('com.nomad-media.uploader');
    expect(config.productName).toBe('Nomad Uploader');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toBe('nsis');
    expect(config.mac).toMatchObject({ target: 'dmg', hardenedRuntime: true });
    // deb needs both; dist builds for the OS it runs on.
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.author?.email).toMatch(/@/);
    expect(pkg.scripts.dist).toBe('npm run build && electron-builder');

    const size = async (file: string): Promise<number> => (await readFile(join(root, file))).readUInt32BE(16);
    for (const px of [16, 32, 48, 64, 128, 256, 512]) expect(await size(`${config.linux?.icon}/${px}x${px}.png`)).toBe(px);
    expect(await size(config.win?.icon ?? '')).toBeGreaterThanOrEqual(256);
    expect(await size(config.mac?.icon ?? '')).toBe(1024);
  });
});

describe('a --linux dir build with a stand-in Electron', () => {
  let temp: { dir: string; cleanup: () => Promise<void> };
  let unpacked: string;
  let files: string[];

  beforeAll(async () => {
    temp = await makeTempDir('nomad-pack-');
    // electron-builder copies electronDist as the app folder and renames `electron`; the
    // fuse wire is Electron 45's defaults (RunAsNode…WasmTrapHandlers) after the sentinel.
    const dist = join(temp.dir, 'electron-dist');
    await mkdir(join(dist, 'resources'), { recursive: true });
    const defaults = '101100011';
    await writeFile(join(dist, 'electron'), `#!/bin/sh\necho stand-in electron\nexit 0\n# dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX\x01${String.fromCharCode(defaults.length)}${defaults}\n`, 'latin1');
    await chmod(join(dist, 'electron'), 0o755);
    await writeFile(join(dist, 'version'), pkg.devDependencies.electron ?? '');
    const output = join(temp.dir, 'out');
    await run(
      process.execPath,
      [require.resolve('electron-builder/cli.js'), '--linux', 'dir', '--publish', 'never', `-c.electronDist=${dist}`, `-c.directories.output=${output}`],
      { cwd: root, timeout: 90_000, env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
    );
    unpacked = join(output, 'linux-unpacked');
    const asar = require('@electron/asar') as { listPackage(path: string, options?: unknown): string[] };
    files = asar.listPackage(join(unpacked, 'resources/app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'));
  }, 120_000);

  afterAll(() => temp?.cleanup());

  it('puts main, preload and renderer into app.asar, and package.json', () => {
    for (const file of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html']) {
      expect(files).toContain(file);
    }
    expect(files.some((f) => /^\/out\/renderer\/assets\/.+\.js$/.test(f))).toBe(true);
  });

  it('leaves out sources, tests, maps, tooling and other builds', () => {
    const unwanted = files.filter(
      (f) =>
        /^\/(main|preload|renderer|test|bench|scripts|spec|resources|\.github|\.ci)\//.test(f) ||
        /^\/out\/(node|bench)\//.test(f) ||
        (!f.startsWith('/node_modules/') && /\.(tsx?|map)$/.test(f)) ||
        /^\/(electron-builder\.yml|tsconfig\.json|vitest\.config\.ts|playwright\.config\.ts|README\.md)$/.test(f),
    );
    expect(unwanted).toEqual([]);
  });

  it('carries production dependencies only', async () => {
    const packaged = new Set(
      files
        .filter((f) => f.startsWith('/node_modules/'))
        .map((f) => /^\/node_modules\/((?:@[^/]+\/)?[^/@][^/]*)/.exec(f)?.[1])
        .filter((name): name is string => name !== undefined),
    );
    const production = await productionClosure(Object.keys(pkg.dependencies));
    for (const name of Object.keys(pkg.dependencies)) expect(packaged, name).toContain(name);
    const devOnly = Object.keys(pkg.devDependencies).filter((name) => !production.has(name));
    expect(devOnly.filter((name) => packaged.has(name))).toEqual([]);
    expect([...packaged].filter((name) => !production.has(name))).toEqual([]);
  });

  it('flipped the fuses in the packaged executable', async () => {
    const wire = (await getCurrentFuseWire(join(unpacked, 'nomad-uploader'))) as unknown as Record<number, number>;
    const state = (option: FuseV1Options): boolean => wire[option] === FuseState.ENABLE;

    expect({
      runAsNode: state(FuseV1Options.RunAsNode),
      enableNodeOptionsEnvironmentVariable: state(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
      enableNodeCliInspectArguments: state(FuseV1Options.EnableNodeCliInspectArguments),
      enableCookieEncryption: state(FuseV1Options.EnableCookieEncryption),
      enableEmbeddedAsarIntegrityValidation: state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
      onlyLoadAppFromAsar: state(FuseV1Options.OnlyLoadAppFromAsar),
    }).toEqual(EXPECTED_FUSES);
  });
});

/** Every package reachable from `names` through dependencies (npm's hoisted layout). */
async function productionClosure(names: string[]): Promise<Set<string>> {
  const seen = new Map<string, string>();
  const visit = async (name: string, from: string): Promise<void> => {
    const dir = await resolvePackageDir(name, from);
    if (!dir || seen.has(dir)) return;
    seen.set(dir, name);
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) await visit(dep, dir);
  };
  for (const name of names) await visit(name, root);
  return new Set(seen.values());
}

async function resolvePackageDir(name: string, from: string): Promise<string | null> {
  for (let dir = from; dir.startsWith(root); dir = join(dir, '..')) {
    const candidate = join(dir, 'node_modules', name);
    const found = await readFile(join(candidate, 'package.json'), 'utf8').then(() => true, () => false);
    if (found) return candidate;
    if (dir === root) break;
  }
  return null;
}
