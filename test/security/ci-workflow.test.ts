// The hosted CI workflow cannot run here; this keeps it valid and in step with .ci/run:
// the test job is .ci/run itself, and every OS fetches Electron, runs the Electron smoke
// test (under Xvfb on Linux), builds its installers and keeps them.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

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
    const linuxSmoke = pack.steps.findIndex((s) => s.if === "runner.os == 'Linux'" && /xvfb-run -a npx playwright test test\/e2e\/electron-smoke\.spec\.ts/.test(s.run ?? ''));
    const otherSmoke = pack.steps.findIndex((s) => s.if === "runner.os != 'Linux'" && s.run === 'npx playwright test test/e2e/electron-smoke.spec.ts');
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
