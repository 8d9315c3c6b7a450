// The built `nomad-upload` run as a person runs it: a real process, with pipes or with a real
// pseudo-terminal (util-linux `script`), killed or interrupted when the test says so.

import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach } from 'vitest';

/** The built CLI; NOMAD_UPLOAD_CLI points the same tests at another build (an older one, to show a defect). */
export const CLI = resolve(process.env.NOMAD_UPLOAD_CLI ?? 'out/node/cli.js');

/**
 * CLIs still running when a case ends are killed: a case that failed or timed out must not
 * leave its CLI behind (an old build hung on `--journal /proc/x` kept two cores busy for half
 * an hour after its test had timed out, and slowed every test after it).
 */
const running = new Set<ChildProcess>();
afterEach(async () => {
  await Promise.all(
    [...running].map((child) => {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGKILL');
      return exited;
    }),
  );
});

/** Kills `child` when the running case ends, if it is still running then (spawns of the CLI outside startCli). */
export function killAfterCase<C extends ChildProcess>(child: C): C {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  exited: Promise<CliRun>;
}

export function startCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {}): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, ...options.env },
    uid: options.uid,
    gid: options.gid,
    cwd: '/',
  });
  killAfterCase(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<CliRun>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
  return { child, output: () => ({ stdout, stderr }), exited };
}

export function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {}): Promise<CliRun> {
  return startCli(args, options).exited;
}

/**
 * Runs the CLI in a pseudo-terminal, as in a person's terminal window, and returns every
 * byte the terminal would have received (stdout and stderr both go to the terminal).
 */
export function runInTerminal(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; screen: string }> {
  const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  return new Promise((done, fail) => {
    // -q quiet, -e the command's exit status, -f flush; /dev/null: no typescript file.
    const child = spawn('script', ['-qefc', command, '/dev/null'], {
      env: { PATH: process.env.PATH, TERM: 'xterm-256color', COLUMNS: '120', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.on('data', (d: Buffer) => (screen += d.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, screen }));
  });
}

/** Polls until `condition` holds (the engine's progress as the sandbox sees it); fails after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`not reached in ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const jsonLines = (text: string): Array<Record<string, unknown>> =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
