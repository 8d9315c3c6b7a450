// A fresh temporary folder per test, removed afterwards (also when the test failed).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/** Call at describe level; `dir()` is the current test's folder. */
export function useTempDir(prefix = 'nomad-unit-'): { dir: () => string } {
  let current: string | null = null;
  beforeEach(async () => {
    current = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    if (current) await rm(current, { recursive: true, force: true });
    current = null;
  });
  return {
    dir: () => {
      if (!current) throw new Error('useTempDir: no test is running');
      return current;
    },
  };
}
