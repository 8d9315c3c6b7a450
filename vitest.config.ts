import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { QUIET_TEST_ENV } from './test/support/quiet-output';

export default defineConfig({
  plugins: [react()],
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}', 'test/integration/**/*.test.{ts,tsx}', 'test/security/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Set in each worker's process.env, so the CLIs and sandboxes tests spawn inherit it too.
    env: { ...QUIET_TEST_ENV },
    // Integration tests move real bytes through real HTTP servers; the slowest (200 MiB and
    // the fault matrix) need tens of seconds on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Two cores: more workers than that only makes the HTTP-heavy tests fight for CPU.
    maxWorkers: 2,
    pool: 'forks',
    // electron-store imports `electron`; inlined, it gets the fake of test/unit/electron/fake-electron.
    server: { deps: { inline: ['electron-store'] } },
  },
});
