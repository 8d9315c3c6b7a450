// Child processes of the benchmark: the sandbox (its own process, so the clients are measured
// alone) and one client run, measured from outside with /usr/bin/time -v.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface SandboxProcess {
  url: string;
  pid: number;
  /** utime + stime of the sandbox process so far, seconds (from /proc). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export async function startSandboxProcess(
  sandboxJs: string,
  dataDir: string,
  storage: 'embedded' | 'discard',
  nodeArgs: string[] = [],
): Promise<SandboxProcess> {
  const args = [...nodeArgs, sandboxJs, '--port', '0', '--data', dataDir, ...(storage === 'discard' ? ['--storage', 'discard'] : [])];
  // stderr is kept, not shown: the AWS SDK prints a Node-version notice on every start.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d).slice(-4000)));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /^sandbox listening (\S+)/.exec(line);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code} before listening: ${stderr}`)));
  });
  return {
    url,
    pid: child.pid!,
    cpuSeconds: () => procCpuSeconds(child.pid!),
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
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
  /** The client's own JSON line. */
  report: Record<string, any>;
  /** From /usr/bin/time -v: the whole process. */
  wallSeconds: number;
  cpuSeconds: number;
  maxRssMiB: number;
}

/** Runs `node [nodeArgs] script args` under /usr/bin/time -v and parses both outputs. */
export function timedNode(script: string, args: string[], nodeArgs: string[] = []): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-v', process.execPath, ...nodeArgs, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d));
    child.stderr!.on('data', (d: Buffer) => (err += d));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`${script} exited with ${code}: ${err.slice(-2000)}`));
        return;
      }
      const field = (name: string): string => new RegExp(`${name}: (.+)`).exec(err)?.[1]?.trim() ?? '';
      const [h = 0, m = 0, s = 0] = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')
        .split(':')
        .map(Number)
        .reverse()
        .concat([0, 0])
        .slice(0, 3)
        .reverse() as [number, number, number];
      resolve({
        report: JSON.parse(line),
        wallSeconds: h * 3600 + m * 60 + s,
        cpuSeconds: Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)')),
        maxRssMiB: Number(field('Maximum resident set size \\(kbytes\\)')) / 1024,
      });
    });
    child.once('error', reject);
  });
}
