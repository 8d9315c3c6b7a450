// The hosted CI workflow cannot run here; this keeps it valid and in step with .ci/run:
// the test job is .ci/run itself, and every OS fetches Electron, runs the Electron smoke
// test (under Xvfb on Linux), builds its installers and keeps them.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { CHROMIUM_PATH } from '../e2e/support/chromium';

// For the global-setup check below: a machine without Debian's Chromium (Windows, macOS).
const noChromium = vi.hoisted(() => ({ on: false }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const existsSync = (path: import('node:fs').PathLike): boolean => (noChromium.on && String(path) === '/usr/bin/chromium' ? false : fs.existsSync(path));
  return { ...fs, existsSync, default: { ...fs, existsSync } };
});

const root = join(import.meta.dirname, '../..');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  container?: string;
  needs?: string | string[];
  strategy?: { matrix?: { os?: string[] } };
  steps: Step[];
}

const workflow = parse(await readFile(join(root, '.github/workflows/ci.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
};
const ciRun = await readFile(join(root, '.ci/run'), 'utf8');
const runs = (job: Job): string[] => job.steps.flatMap((s) => (s.run ? [s.run] : []));
const indexOf = (job: Job, pattern: RegExp): number => job.steps.findIndex((s) => pattern.test(s.run ?? ''));

describe('.github/workflows/ci.yml', () => {
  it('is valid YAML with a test job and a package job, on pushes and pull requests', () => {
    expect(Object.keys(workflow.jobs).sort()).toEqual(['package', 'test']);
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    for (const job of Object.values(workflow.jobs)) {
      expect(job.steps[0]?.uses).toMatch(/^actions\/checkout@v\d+$/);
      for (const step of job.steps) expect(Boolean(step.run) !== Boolean(step.uses), JSON.stringify(step)).toBe(true);
    }
  });

  it('runs exactly .ci/run for the tests, on the Debian + Node 20 machine it expects', () => {
    const test = workflow.jobs.test!;
    expect(test.container).toMatch(/^node:20-(bookworm|trixie)/);
    expect(runs(test)).toEqual(['.ci/run']);
    // .ci/run is what this machine runs too: install, then the README's test command.
    expect(ciRun).toMatch(/npm ci\b/);
    expect(ciRun).toMatch(/^npm test$/m);
  });

  it('on Linux, Windows and macOS: fetches Electron, smoke-tests it, builds installers, keeps them', () => {
    const pack = workflow.jobs.package!;
    expect(pack.needs).toBe('test');
    expect(pack.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);

    const install = indexOf(pack, /^npm ci\b/);
    const build = indexOf(pack, /^npm run build$/);
    const electron = indexOf(pack, /^npx install-electron$/);
    const linuxSmoke = pack.steps.findIndex((s) => s.if === "runner.os == 'Linux'" && /xvfb-run -a npx playwright test --project=electron$/m.test(s.run ?? ''));
    const otherSmoke = pack.steps.findIndex((s) => s.if === "runner.os != 'Linux'" && s.run === 'npx playwright test --project=electron');
    const dist = indexOf(pack, /^npm run dist\b/);
    const keep = pack.steps.findIndex((s) => /^actions\/upload-artifact@v\d+$/.test(s.uses ?? ''));
    const order = [install, build, electron, linuxSmoke, otherSmoke, dist, keep];
    expect(order.every((i) => i >= 0), JSON.stringify(order)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    const kept = String(pack.steps[keep]?.with?.path);
    for (const ext of ['AppImage', 'deb', 'exe', 'dmg']) expect(kept).toContain(`dist/*.${ext}`);
    expect(pack.steps[keep]?.with?.['if-no-files-found']).toBe('error');
  });
});

describe('the package job on hosted runners', () => {
  const pack = workflow.jobs.package!;

  it('runs on Node 22 (electron 45, @electron/get and @electron/fuses declare Node >= 22.12)', async () => {
    const setup = pack.steps.find((s) => /^actions\/setup-node@v\d+$/.test(s.uses ?? ''));
    expect(setup?.with?.['node-version']).toBe(22);
    const declared = JSON.parse(await readFile(join(root, 'node_modules/electron/package.json'), 'utf8')) as { engines?: { node?: string } };
    expect(declared.engines?.node).toMatch(/22\.12/);
  });

  it('lets Electron’s sandbox start on Ubuntu 24.04 as the non-root runner: AppArmor’s userns restriction lifted before xvfb-run', () => {
    const linux = pack.steps.find((s) => s.if === "runner.os == 'Linux'" && /xvfb-run/.test(s.run ?? ''))!;
    const lines = (linux.run ?? '').split('\n');
    const sysctl = lines.findIndex((l) => /sudo sysctl -w kernel\.apparmor_restrict_unprivileged_userns=0/.test(l));
    const xvfb = lines.findIndex((l) => /^xvfb-run /.test(l));
    expect(sysctl, linux.run).toBeGreaterThanOrEqual(0);
    expect(sysctl).toBeLessThan(xvfb);
    // No --no-sandbox anywhere: the smoke test must run the app as people run it.
    expect(runs(pack).join('\n')).not.toMatch(/--no-sandbox/);
  });
});

describe('the Electron-only run (Windows and macOS have no Debian Chromium)', () => {
  it('is its own Playwright project, which depends on no Chromium setup', async () => {
    const config = (await import('../../playwright.config')).default;
    const projects = new Map((config.projects ?? []).map((p) => [p.name, p]));
    const electron = projects.get('electron')!;
    const matches = (pattern: unknown, file: string): boolean => pattern instanceof RegExp && pattern.test(file);

    expect(electron.dependencies ?? []).toEqual([]);
    expect(electron.use?.launchOptions).toBeUndefined();
    expect(matches(electron.testMatch, 'test/e2e/electron-smoke.spec.ts')).toBe(true);
    expect(matches(electron.testMatch, 'test/e2e/upload-file.spec.ts')).toBe(false);
    // The Chromium check lives in the chromium project's own setup, not in the global setup.
    const chromium = projects.get('chromium')!;
    expect(chromium.dependencies).toEqual(['chromium-available']);
    expect(matches(projects.get('chromium-available')!.testMatch, 'support/chromium.setup.ts')).toBe(true);
    expect(await readFile(join(root, 'test/e2e/support/chromium.setup.ts'), 'utf8')).toMatch(/existsSync\(CHROMIUM_PATH\)/);
  });

  it('starts where /usr/bin/chromium is missing: the global setup asks only for the built app', async () => {
    expect(CHROMIUM_PATH).toBe('/usr/bin/chromium');
    const { default: globalSetup } = await import('../e2e/support/global-setup');
    noChromium.on = true;
    const { existsSync } = await import('node:fs');
    expect(existsSync(CHROMIUM_PATH)).toBe(false);
    expect(() => globalSetup()).not.toThrow();
    noChromium.on = false;
  });
});
