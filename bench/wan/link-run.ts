// One client run through the emulated link: a fresh link (API and storage forwards on one
// shared uplink/downlink), a fresh sandbox behind it (direct URLs, embedded s3rver, every
// URL it hands out pointing at the link), the client as its own process under
// /usr/bin/time -v, and the link's record analysed. The link runs in this process, which
// does nothing else meanwhile, so this process's CPU during the run is the link's.

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Link } from '../link/link';
import type { LinkProfile } from '../link/profiles';
import { startSandboxProcess, timedCommand } from '../lib/processes';
import type { ClientSpec, Workload } from './clients';
import { analyseRun, type RunAnalysis } from './run-analysis';

export interface LinkRunRecord {
  profile: string;
  workload: Workload['kind'];
  client: string;
  round: number;
  startedAt: string;
  /** The client said it uploaded everything and the link saw every file confirmed. */
  ok: boolean;
  problem: string | null;
  /** Stopped at the time limit (files per second then come from what it finished). */
  capped: boolean;
  exitCode: number | null;
  wallSeconds: number;
  /** Where the wall time outside the transfer went: process start → first byte of the transfer, and last confirmation → exit. */
  leadInSeconds: number | null;
  tailSeconds: number | null;
  cpuSeconds: number;
  maxRssMiB: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number } | null;
  sandboxCpuSeconds: number;
  link: {
    cpuSeconds: number;
    /** Bytes that crossed the link, both directions. */
    bytes: number;
    cpuSecondsPerGB: number;
    latenessMs: { up: { p50: number; p99: number; max: number }; down: { p50: number; p99: number; max: number } };
    connections: number;
    unobserved: string[];
  };
  loadAverage1m: number;
  analysis: RunAnalysis;
  /** The client's last lines of output (stdout, then stderr). */
  output: string;
}

export interface LinkRunOptions {
  profile: LinkProfile;
  client: ClientSpec;
  workload: Workload;
  round: number;
  sandboxJs: string;
  /** Scratch space of this run (removed afterwards). */
  scratch: string;
  runId: string;
  timeLimitMs?: number;
  seed?: number;
}

export async function runThroughLink(options: LinkRunOptions): Promise<LinkRunRecord> {
  const { profile, client, workload } = options;
  rmSync(options.scratch, { recursive: true, force: true });
  mkdirSync(join(options.scratch, 'home'), { recursive: true });
  const loadAverage1m = loadavg()[0]!;
  const startedAt = new Date().toISOString();
  const link = new Link({ profile, seed: options.seed ?? 1 });
  try {
    const api = await link.forward('api');
    const storage = await link.forward('storage');
    const sandbox = await startSandboxProcess(options.sandboxJs, join(options.scratch, 'sandbox'), 'direct', {
      // e.g. BENCH_SANDBOX_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": where the sandbox's CPU goes in one run.
      nodeArgs: process.env.BENCH_SANDBOX_NODE_ARGS?.split(' ').filter(Boolean) ?? [],
      storagePublicUrl: storage.url,
      publicUrl: api.url,
    });
    try {
      if (!sandbox.storage) throw new Error('the sandbox did not name its storage (started without --direct-urls?)');
      api.setUpstream({ host: '127.0.0.1', port: Number(new URL(sandbox.url).port) });
      storage.setUpstream({ host: '127.0.0.1', port: Number(new URL(sandbox.storage.url).port) });
      const invocation = client.invocation(
        { apiUrl: api.url, storageUrl: storage.url, bucket: sandbox.storage.bucket, scratch: join(options.scratch, 'home'), runId: options.runId },
        workload,
      );
      const sandboxCpu0 = sandbox.cpuSeconds();
      const cpu0 = process.cpuUsage();
      const launchedMs = link.elapsed();
      const run = await timedCommand(invocation.command, invocation.args, {
        env: invocation.env,
        cwd: join(options.scratch, 'home'),
        ...(options.timeLimitMs ? { timeLimitMs: options.timeLimitMs } : {}),
      });
      const cpu = process.cpuUsage(cpu0);
      const sandboxCpuSeconds = sandbox.cpuSeconds() - sandboxCpu0;
      const report = link.report();
      // e.g. BENCH_DUMP_EXCHANGES=/tmp/x: every HTTP exchange the link saw, one JSON file per run, to read a run's timeline.
      if (process.env.BENCH_DUMP_EXCHANGES) {
        mkdirSync(process.env.BENCH_DUMP_EXCHANGES, { recursive: true });
        writeFileSync(join(process.env.BENCH_DUMP_EXCHANGES, `${options.runId}.json`), JSON.stringify(report.exchanges));
      }
      const analysis = analyseRun(report, client, workload);
      const expectedFiles = workload.kind === 'big' ? 1 : workload.files;
      const problem = run.timedOut
        ? null
        : run.exitCode !== 0
          ? `exit code ${run.exitCode}`
          : analysis.filesConfirmed < expectedFiles
            ? `the link saw ${analysis.filesConfirmed} of ${expectedFiles} file(s) confirmed`
            : null;
      const bytes = report.up.bytesDelivered + report.down.bytesDelivered;
      const linkCpu = (cpu.user + cpu.system) / 1e6;
      return {
        profile: profile.name,
        workload: workload.kind,
        client: client.name,
        round: options.round,
        startedAt,
        ok: !run.timedOut && problem === null,
        problem: run.timedOut ? `stopped at the ${Math.round(options.timeLimitMs! / 1000)} s limit` : problem,
        capped: run.timedOut,
        exitCode: run.exitCode,
        wallSeconds: run.wallSeconds,
        leadInSeconds: analysis.windowStartMs === null ? null : round((analysis.windowStartMs - launchedMs) / 1000),
        tailSeconds: analysis.windowEndMs === null ? null : round(run.wallSeconds - (analysis.windowEndMs - launchedMs) / 1000),
        cpuSeconds: round(run.cpuSeconds),
        maxRssMiB: round(run.maxRssMiB),
        eventLoopDelayMs: readEventLoop(invocation.eventLoopFile) ?? lastJsonLine(run.stdout)?.eventLoopDelayMs ?? null,
        sandboxCpuSeconds: round(sandboxCpuSeconds),
        link: {
          cpuSeconds: round(linkCpu),
          bytes,
          cpuSecondsPerGB: bytes ? round(linkCpu / (bytes / 1e9)) : 0,
          latenessMs: { up: report.up.lateness, down: report.down.lateness },
          connections: report.connections,
          unobserved: report.unobserved,
        },
        loadAverage1m: round(loadAverage1m),
        analysis,
        output: `${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}`,
      };
    } finally {
      await sandbox.stop();
    }
  } finally {
    await link.close();
    rmSync(options.scratch, { recursive: true, force: true });
  }
}

function readEventLoop(file: string | null): LinkRunRecord['eventLoopDelayMs'] {
  if (!file || !existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8'));
}

function lastJsonLine(stdout: string): Record<string, any> | null {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return line.startsWith('{') ? JSON.parse(line) : null;
  } catch {
    return null;
  }
}

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
