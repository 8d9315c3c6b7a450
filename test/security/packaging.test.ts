// Distribution, offline: electron-builder.yml passes electron-builder's own schema, sets the
// fuses and the installer targets; then a real `electron-builder --linux dir` run against a
// stand-in Electron (a script carrying a fuse wire, since the binary cannot be downloaded
// here) shows what lands in app.asar, and that the fuses were flipped in the executable.

import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeTempDir } from '../support/files';
import { APP_ID, PRODUCT_NAME } from '../../main/electron/app-identity';
import { trayIconFiles } from '../../main/electron/tray-icons';

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

/** Not a fuse: what @electron/fuses does to the macOS signature after flipping them. */
const RESET_AD_HOC_DARWIN_SIGNATURE = { resetAdHocDarwinSignature: true };

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
    expect(config.electronFuses).toEqual({ ...EXPECTED_FUSES, ...RESET_AD_HOC_DARWIN_SIGNATURE });
  });

  it('re-signs an unsigned macOS build ad hoc after the fuses are flipped, so Apple silicon launches it', async () => {
    // Unsigned is what CI builds: no identity is looked for …
    const workflow = await readFile(join(root, '.github/workflows/ci.yml'), 'utf8');
    expect(workflow).toMatch(/CSC_IDENTITY_AUTO_DISCOVERY: 'false'/);
    // … so the fuse flip must re-sign, or arm64 refuses the binary (@electron/fuses, "Apple Silicon").
    expect(config.electronFuses?.resetAdHocDarwinSignature).toBe(true);
    // electron-builder passes the option on to @electron/fuses (the version installed here).
    const packager = await readFile(require.resolve('app-builder-lib/out/platformPackager.js'), 'utf8');
    expect(packager).toMatch(/resetAdHocDarwinSignature: fuses\.resetAdHocDarwinSignature/);
  });

  it('names the app as the running app claims to be (Windows AppUserModelID, macOS bundle id)', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(PRODUCT_NAME);
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

describe('what people installing are told', () => {
  const section = (markdown: string, heading: string): string => {
    const start = markdown.indexOf(`${heading}\n`);
    const next = markdown.indexOf('\n## ', start + heading.length);
    return start < 0 ? '' : markdown.slice(start, next < 0 ? undefined : next);
  };

  it('the README says what each installer needs on each OS, the deb first on Ubuntu', async () => {
    const packaging = section(await readFile(join(root, 'README.md'), 'utf8'), '## Packaging');
    const rows = packaging.split('\n').filter((l) => l.startsWith('| `.'));
    expect(rows.map((r) => /^\| `(\.[a-zA-Z]+)`/.exec(r)?.[1])).toEqual(['.deb', '.AppImage', '.exe', '.dmg']);
    const [deb, appImage, exe, dmg] = rows as [string, string, string, string];
    expect(deb).toMatch(/offer this first/);
    expect(deb).toMatch(/AppArmor profile/);
    expect(appImage).toMatch(/Ubuntu 24\.04\+ aborts it/);
    expect(appImage).toMatch(/libfuse2/);
    expect(exe).toMatch(/SmartScreen/);
    expect(exe).toContain(APP_ID);
    expect(dmg).toMatch(/Open Anyway/);
  });

  it('the release notes, attached by electron-builder, tell Ubuntu 24.04 users to take the deb or give the AppImage a profile', async () => {
    const builder = parse(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as { releaseInfo?: { releaseNotesFile?: string } };
    expect(builder.releaseInfo?.releaseNotesFile).toBe('resources/release-notes.md');
    const notes = await readFile(join(root, builder.releaseInfo!.releaseNotesFile!), 'utf8');
    const linux = section(notes, '## Linux');

    expect(linux.indexOf('.deb')).toBeLessThan(linux.indexOf('AppImage'));
    expect(linux).toMatch(/Ubuntu 24\.04 and later/);
    expect(linux).toContain('The SUID sandbox helper binary was found, but');
    // The profile: AppArmor 4 syntax, unconfined, allowed to make user namespaces.
    expect(linux).toMatch(/abi <abi\/4\.0>,/);
    expect(linux).toMatch(/profile nomad-uploader-appimage \S+\.AppImage flags=\(unconfined\) \{\n\s+userns,/);
    expect(linux).toContain('apparmor_parser -r');
    for (const os of ['## Windows', '## macOS']) expect(section(notes, os), os).not.toBe('');
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

  it('ships beside app.asar the window icon and the tray images of every OS', async () => {
    const shipped = await readdir(join(unpacked, 'resources', 'resources'));
    const wanted = ['icon.png', ...(['darwin', 'win32', 'linux'] as const).flatMap((os) => Object.values(trayIconFiles(os, '')).map((f) => f.replace(/^[\\/]/, '')))];
    for (const file of wanted) expect(shipped, file).toContain(file);
    // macOS and Linux pick the @2x files up for HiDPI.
    for (const file of ['tray@2x.png', 'tray-active@2x.png', 'trayTemplate@2x.png', 'tray-activeTemplate@2x.png']) expect(shipped, file).toContain(file);
  });

  it('gives Windows real icons for the tray: 16, 24, 32 and 48 px, each a 32-bit bitmap with alpha', async () => {
    for (const name of ['tray.ico', 'tray-active.ico']) {
      const ico = await readFile(join(unpacked, 'resources', 'resources', name));
      expect([ico.readUInt16LE(0), ico.readUInt16LE(2)], name).toEqual([0, 1]);
      const entries = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => 6 + i * 16);
      expect(entries.map((e) => ico[e]), name).toEqual([16, 24, 32, 48]);
      for (const e of entries) {
        const size = ico[e]!;
        const offset = ico.readUInt32LE(e + 12);
        expect(ico.readUInt32LE(e + 8), `${name} ${size}`).toBe(40 + size * size * 4 + Math.ceil(size / 32) * 4 * size);
        expect([ico.readInt32LE(offset + 4), ico.readInt32LE(offset + 8), ico.readUInt16LE(offset + 14)], `${name} ${size}`).toEqual([size, size * 2, 32]);
        // Not blank: some pixels are opaque.
        const alpha = Array.from({ length: size * size }, (_, i) => ico[offset + 40 + i * 4 + 3]!);
        expect(Math.max(...alpha), `${name} ${size}`).toBe(255);
      }
    }
  });

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
