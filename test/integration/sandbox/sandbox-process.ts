// The sandbox as its own process, as an operator runs it: the entry built with vite (next to
// the tests, so the bundle resolves its dependencies from node_modules) and spawned with node.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'vite';
import { afterEach } from 'vitest';
import pkg from '../../../package.json' with { type: 'json' };

export interface SandboxProcess {
  child: ChildProcess;
  /** From the first stdout line, `sandbox listening <url>`. */
  url: string;
  firstLine: string;
}

export interface SandboxProcesses {
  /** Builds main/sandbox/sandbox-main.ts once per test file; returns the script path. */
  entry(): Promise<string>;
  spawn(args: string[]): Promise<SandboxProcess>;
}

/** Registers cleanup with afterEach: children still running are killed, build folders removed at the end. */
export function useSandboxProcesses(): SandboxProcesses {
  const children: ChildProcess[] = [];
  const buildDirs: string[] = [];
  let built: Promise<string> | null = null;
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(buildDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    built = null;
  });
  const entry = (): Promise<string> =>
    (built ??= (async () => {
      const outDir = await mkdtemp(join(import.meta.dirname, '.build-'));
      buildDirs.push(outDir);
      const external = [...Object.keys(pkg.dependencies), ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
      await build({
        configFile: false,
        logLevel: 'silent',
        build: {
          ssr: true,
          target: 'node20',
          outDir,
          emptyOutDir: true,
          minify: false,
          rollupOptions: {
            input: { sandbox: join(import.meta.dirname, '../../../main/sandbox/sandbox-main.ts') },
            external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
            output: { format: 'es', entryFileNames: '[name].js' },
          },
        },
      });
      return join(outDir, 'sandbox.js');
    })());
  return {
    entry,
    async spawn(args) {
      const child = spawn(process.execPath, [await entry(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      const lines = createInterface({ input: child.stdout! });
      const exited = once(child, 'exit').then(([code]) => {
        throw new Error(`the sandbox exited (${String(code)}) before listening`);
      });
      const [firstLine] = (await Promise.race([once(lines, 'line'), exited])) as [string];
      return { child, firstLine, url: firstLine.replace(/^sandbox listening (\S+).*$/, '$1') };
    },
  };
}
