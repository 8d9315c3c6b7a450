// Child processes of the benchmark: the sandbox (its own process, so the clients are measured
// alone) and one client run, measured from outside with /usr/bin/time -v.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface SandboxProcess {
  /** The API origin (the API base is `${url}/api`). */
  url: string;
  /** With --direct-urls: the embedded S3 endpoint's origin and bucket (the sandbox's second line). */
  storage: { url: string; bucket: string } | null;
  pid: number;
  /** utime + stime of the sandbox process so far, seconds (from /proc). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export type SandboxStorage = 'embedded' | 'discard' | 'direct';

export interface SandboxStartOptions {
  nodeArgs?: string[];
  /** With 'direct': part URLs start with this origin (a proxy in front of storage). */
  storagePublicUrl?: string;
  /** Every URL leading back to the sandbox starts with this base (a proxy in front of it). */
  publicUrl?: string;
}

export async function startSandboxProcess(
  sandboxJs: string,
  dataDir: string,
  storage: SandboxStorage,
  options: SandboxStartOptions | string[] = {},
): Promise<SandboxProcess> {
  const { nodeArgs = [], storagePublicUrl, publicUrl } = Array.isArray(options) ? { nodeArgs: options } : options;
  const args = [
    ...nodeArgs,
    sandboxJs,
    '--port',
    '0',
    '--data',
    dataDir,
    ...(storage === 'discard' ? ['--storage', 'discard'] : []),
    ...(storage === 'direct' ? ['--direct-urls'] : []),
    ...(storagePublicUrl ? ['--storage-public-url', storagePublicUrl] : []),
    ...(publicUrl ? ['--public-url', publicUrl] : []),
  ];
  // stderr is kept, not shown: the AWS SDK prints a Node-version notice on every start.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d).slice(-4000)));
  const ready = await new Promise<{ url: string; storage: SandboxProcess['storage'] }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    let url: string | null = null;
    lines.on('line', (line) => {
      const listening = /^sandbox listening (\S+)/.exec(line);
      if (listening) {
        url = listening[1]!;
        if (storage !== 'direct') resolve({ url, storage: null });
      }
      const direct = /^storage (\S+) bucket (\S+)/.exec(line);
      if (direct && url) resolve({ url, storage: { url: direct[1]!, bucket: direct[2]! } });
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code} before listening: ${stderr}`)));
  });
  return {
    ...ready,
    pid: child.pid!,
    cpuSeconds: () => procCpuSeconds(child.pid!),
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** /proc/<pid>/stat fields 14 and 15 are utime and stime in clock ticks (100 per second on Linux). */
export function procCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

export interface TimedRun {
  /** The client's own JSON line (its last line on stdout), or null if it prints none. */
  report: Record<string, any>;
  /** From /usr/bin/time -v: the whole process. */
  wallSeconds: number;
  cpuSeconds: number;
  maxRssMiB: number;
}

/** Runs `node [nodeArgs] script args` under /usr/bin/time -v and parses both outputs. */
export async function timedNode(script: string, args: string[], nodeArgs: string[] = []): Promise<TimedRun> {
  const run = await timedCommand(process.execPath, [...nodeArgs, script, ...args]);
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.exitCode !== 0 || !line.startsWith('{')) throw new Error(`${script} exited with ${run.exitCode}: ${run.stderr.slice(-2000)}`);
  return { report: JSON.parse(line), wallSeconds: run.wallSeconds, cpuSeconds: run.cpuSeconds, maxRssMiB: run.maxRssMiB };
}

export interface CommandRun {
  exitCode: number | null;
  /** The child was stopped at the time limit. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
  wallSeconds: number;
  cpuSeconds: number;
  maxRssMiB: number;
}

export interface CommandOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Stop the command (SIGTERM, then SIGKILL after 5 s) after this long. */
  timeLimitMs?: number;
}

/**
 * Runs any program under /usr/bin/time -v: exit code, output, and the measured process's
 * wall, CPU (user + sys) and peak RSS. Stopped at the time limit, if one is given (its
 * figures then cover the time until it stopped).
 */
export function timedCommand(command: string, args: string[], options: CommandOptions = {}): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    // time -v appends its report to the program's stderr (from "Command being timed:" on).
    const child = spawn('/usr/bin/time', ['-v', command, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      cwd: options.cwd,
    });
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout!.on('data', (d: Buffer) => (out = out.length < 4_000_000 ? out + d : out));
    child.stderr!.on('data', (d: Buffer) => (err = (err + d).slice(-200_000)));
    const limit = options.timeLimitMs
      ? setTimeout(() => {
          timedOut = true;
          // time(1) passes SIGTERM on to the program only if we signal the program itself.
          for (const pid of childPids(child.pid!)) signal(pid, 'SIGTERM');
          setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 5000).unref();
        }, options.timeLimitMs)
      : null;
    child.once('error', reject);
    child.once('exit', (code) => {
      if (limit) clearTimeout(limit);
      const field = (name: string): string => new RegExp(`${name}: (.+)`).exec(err)?.[1]?.trim() ?? '';
      const clock = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)').split(':').map(Number);
      const wallSeconds = clock.reduce((total, part) => total * 60 + part, 0);
      const exited = /Exit status: (\d+)/.exec(err);
      resolve({
        exitCode: exited ? Number(exited[1]) : code,
        timedOut,
        stdout: out,
        stderr: err.replace(/\n\tCommand being timed:[\s\S]*$/, ''),
        wallSeconds,
        cpuSeconds: Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)')),
        maxRssMiB: Number(field('Maximum resident set size \\(kbytes\\)')) / 1024,
      });
    });
  });
}

/** Direct children of a process (from /proc), for stopping the program under time(1). */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}
