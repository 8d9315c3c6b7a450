// `npm run bench [-- --quick] [-- --only loopback|wan|storage,direct,…]` (see bench-args.ts)
//
// Loopback: the engine against a lean raw-limit reference client, interleaved, each run its
// own child process under /usr/bin/time -v, against the SAME sandbox build run as a separate
// process (a fresh one per run, so state and storage start equal). WAN (bench/wan/): the
// engine's CLI, the AWS CLI, rclone and the lean client through an emulated link. Results go
// to bench/results/<stamp>-<mode>.json and a markdown table to stdout.

import { execSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs, type Section } from './lib/bench-args';
import { summarizeCpuProfile } from './lib/cpu-profile';
import { randomFile, smallFiles } from './lib/data-files';
import { startSandboxProcess, timedNode, type TimedRun } from './lib/processes';
import { fmt, round, spread } from './lib/summary';
import { LINK_PROFILES, describeProfile } from './link/profiles';
import { runRendererBench } from './renderer-bench';
import { goodputChartSvg } from './wan/goodput-chart';
import { bigBytesFor, runWanBench, type WanResults } from './wan/wan-bench';
import { summarizeWan, wanMarkdown } from './wan/wan-report';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = parseBenchArgs(process.argv.slice(2));
const quick = args.quick;
const want = (section: Section): boolean => args.sections.has(section);

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const config = quick
  ? { size: 256 * MiB, rounds: 1, concurrency: [4, 8], smallCount: 200, smallRounds: 1, memory: [256 * MiB, 1 * GiB], memoryRounds: 1, renderRows: 10_000 }
  : { size: 1 * GiB, rounds: 3, concurrency: [4, 8], smallCount: 2000, smallRounds: 3, memory: [1 * GiB, 4 * GiB], memoryRounds: 2, renderRows: 10_000 };

const work = process.env.BENCH_DIR ?? '/tmp/nomad-bench';
const sandboxJs = join(root, 'out/node/sandbox.js');
const engineJs = join(root, 'out/bench/engine-client.js');
const referenceJs = join(root, 'out/bench/reference-client.js');
mkdirSync(join(work, 'runs'), { recursive: true });

type Client = 'engine' | 'reference';
/** embedded: gateway in front of s3rver; discard: gateway, no storage; direct: part URLs straight at s3rver. */
type Regime = 'embedded' | 'discard' | 'direct';
interface RunRecord {
  section: string;
  regime: Regime;
  client: Client;
  concurrency: number;
  round: number;
  bytes: number;
  files: number;
  wallSeconds: number;
  /** The client's own clock: start → every byte in storage (reference) / every part confirmed (engine). */
  transferSeconds: number;
  /** Engine: start → every upload completed. Reference: transfer + the untimed tail. */
  totalSeconds: number;
  mbPerSecond: number;
  cpuSeconds: number;
  maxRssMiB: number;
  eventLoopDelayP99Ms: number;
  sandboxCpuSeconds: number;
  loadAverage1m: number;
  raw: TimedRun['report'];
}

let seq = 0;
async function run(section: string, regime: Regime, client: Client, path: string, concurrency: number, roundNo: number, nodeArgs: string[] = [], sandboxNodeArgs: string[] = []): Promise<RunRecord> {
  const id = `${section}-${regime}-${client}-n${concurrency}-r${roundNo}-${++seq}`;
  const dataDir = join(work, 'runs', `${id}-data`);
  // A unique name per run (hard link: same inode, same page cache) so no run meets another's asset.
  let target = path;
  if (!path.endsWith('/')) {
    target = join(work, 'runs', `${id}.bin`);
    linkSync(path, target);
  }
  const loadAverage1m = loadavg()[0]!;
  const sandbox = await startSandboxProcess(sandboxJs, dataDir, regime, sandboxNodeArgs);
  try {
    const cpu0 = sandbox.cpuSeconds();
    const script = client === 'engine' ? engineJs : referenceJs;
    const journal = client === 'engine' ? ['--journal', join(dataDir, 'journal')] : [];
    const timed = await timedNode(script, ['--server', sandbox.url, '--path', target.replace(/\/$/, ''), '--concurrency', String(concurrency), ...journal], nodeArgs);
    const r = timed.report;
    if (r.failed) throw new Error(`${id}: ${r.failed} file(s) failed`);
    const transferSeconds = r.transferMs / 1000;
    const totalSeconds = (client === 'engine' ? r.totalMs : r.transferMs + r.tailMs) / 1000;
    const record: RunRecord = {
      section,
      regime,
      client,
      concurrency,
      round: roundNo,
      bytes: r.bytes,
      files: r.files,
      wallSeconds: timed.wallSeconds,
      transferSeconds,
      totalSeconds,
      mbPerSecond: round(r.bytes / 1e6 / transferSeconds, 1),
      cpuSeconds: round(timed.cpuSeconds, 2),
      maxRssMiB: round(timed.maxRssMiB, 1),
      eventLoopDelayP99Ms: r.eventLoopDelayMs.p99,
      sandboxCpuSeconds: round(sandbox.cpuSeconds() - cpu0, 2),
      loadAverage1m: round(loadAverage1m, 2),
      raw: r,
    };
    console.error(
      `  ${id}: transfer ${transferSeconds.toFixed(2)} s (${record.mbPerSecond} MB/s), total ${totalSeconds.toFixed(2)} s, ` +
        `process ${record.wallSeconds} s, cpu ${record.cpuSeconds} s, rss ${record.maxRssMiB} MiB, eld p99 ${record.eventLoopDelayP99Ms} ms, sandbox cpu ${record.sandboxCpuSeconds} s`,
    );
    return record;
  } finally {
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (target !== path) rmSync(target, { force: true });
  }
}

function warm(path: string): void {
  execSync(`cat ${JSON.stringify(path)} > /dev/null`);
}

const started = new Date();
const loadAverageAtStart = loadavg()[0]!;
const records: RunRecord[] = [];
const results: Record<string, unknown> = {};

async function throughput(regime: Regime, section: string): Promise<void> {
  const file = randomFile(join(work, `random-${config.size}.bin`), config.size);
  warm(file);
  console.error(`${section}: ${regime} storage, ${config.size / MiB} MiB, N = ${config.concurrency.join(', ')}, ${config.rounds} round(s)`);
  for (let r = 1; r <= config.rounds; r += 1) {
    for (const n of config.concurrency) {
      // Alternate who goes first, so drift in the machine's load does not favour one client.
      const order: Client[] = (r + n) % 2 === 0 ? ['engine', 'reference'] : ['reference', 'engine'];
      for (const client of order) records.push(await run(section, regime, client, file, n, r));
    }
  }
}

function summarizeThroughput(section: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of config.concurrency) {
    const of = (client: Client) => records.filter((x) => x.section === section && x.client === client && x.concurrency === n);
    const engine = of('engine');
    const reference = of('reference');
    const pick = (list: RunRecord[], key: keyof RunRecord) => spread(list.map((x) => x[key] as number));
    const paired = (key: keyof RunRecord) =>
      engine.map((e) => {
        const ref = reference.find((x) => x.round === e.round);
        return ref ? round((e[key] as number) / (ref[key] as number)) : Number.NaN;
      });
    const keys = ['transferSeconds', 'totalSeconds', 'wallSeconds', 'mbPerSecond', 'cpuSeconds', 'maxRssMiB', 'eventLoopDelayP99Ms', 'sandboxCpuSeconds'] as const;
    out[`n${n}`] = {
      engine: Object.fromEntries(keys.map((k) => [k, pick(engine, k)])),
      reference: Object.fromEntries(keys.map((k) => [k, pick(reference, k)])),
      pairedRatio: {
        transferSeconds: { perRound: paired('transferSeconds'), ...spread(paired('transferSeconds')) },
        totalSeconds: { perRound: paired('totalSeconds'), ...spread(paired('totalSeconds')) },
        cpuSeconds: { perRound: paired('cpuSeconds'), ...spread(paired('cpuSeconds')) },
        maxRssMiB: { perRound: paired('maxRssMiB'), ...spread(paired('maxRssMiB')) },
      },
    };
  }
  return out;
}

if (want('storage')) {
  await throughput('embedded', 'storage');
  results.storageBound = summarizeThroughput('storage');
}
if (want('direct')) {
  await throughput('direct', 'direct');
  results.directStorageBound = summarizeThroughput('direct');
}
if (want('client')) {
  await throughput('discard', 'client');
  results.clientBound = summarizeThroughput('client');
}

if (want('small')) {
  const dir = smallFiles(join(work, `small-${config.smallCount}`), config.smallCount, 64 * 1024);
  // Against s3rver (the target) and against discard storage: the difference is what the
  // sandbox's storage path costs per file, so the report can say what is sandbox-bound.
  const small: Record<string, unknown> = { files: config.smallCount };
  for (const regime of ['embedded', 'discard'] as const) {
    console.error(`small: ${config.smallCount} files of 64 KiB, ${regime} storage, N = 8`);
    const list: RunRecord[] = [];
    for (let r = 1; r <= config.smallRounds; r += 1) list.push(await run('small', regime, 'engine', `${dir}/`, 8, r));
    records.push(...list);
    small[regime] = {
      filesPerSecond: spread(list.map((x) => x.files / x.totalSeconds)),
      totalSeconds: spread(list.map((x) => x.totalSeconds)),
      cpuSeconds: spread(list.map((x) => x.cpuSeconds)),
      sandboxCpuSeconds: spread(list.map((x) => x.sandboxCpuSeconds)),
      eventLoopDelayP99Ms: spread(list.map((x) => x.eventLoopDelayP99Ms)),
    };
  }
  results.smallFiles = small;
}

if (want('memory')) {
  console.error(`memory: engine and reference, discard storage, N = 8, ${config.memory.map((s) => s / MiB).join(' vs ')} MiB`);
  const bySize: Record<string, unknown> = {};
  for (const size of config.memory) {
    const file = randomFile(join(work, `random-${size}.bin`), size);
    warm(file);
    const list: RunRecord[] = [];
    for (let r = 1; r <= config.memoryRounds; r += 1) {
      list.push(await run('memory', 'discard', 'engine', file, 8, r));
      list.push(await run('memory', 'discard', 'reference', file, 8, r));
    }
    records.push(...list);
    bySize[`${size / MiB}MiB`] = {
      engineMaxRssMiB: spread(list.filter((x) => x.client === 'engine').map((x) => x.maxRssMiB)),
      referenceMaxRssMiB: spread(list.filter((x) => x.client === 'reference').map((x) => x.maxRssMiB)),
    };
  }
  const [small, large] = config.memory.map((s) => (bySize[`${s / MiB}MiB`] as { engineMaxRssMiB: { median: number } }).engineMaxRssMiB.median);
  results.memory = { ...bySize, engineGrowth: round(large! / small! - 1) };
}

for (const [section, regime] of [['profile', 'discard'], ['profile-storage', 'embedded']] as const) {
  if (!want(section)) continue;
  const file = randomFile(join(work, `random-${config.size}.bin`), config.size);
  warm(file);
  const dir = join(work, section);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'engine'), { recursive: true });
  mkdirSync(join(dir, 'sandbox'), { recursive: true });
  console.error(`${section}: engine and sandbox under --cpu-prof, ${regime} storage, N = 8`);
  const record = await run(section, regime, 'engine', file, 8, 1, ['--cpu-prof', `--cpu-prof-dir=${join(dir, 'engine')}`], ['--cpu-prof', `--cpu-prof-dir=${join(dir, 'sandbox')}`]);
  const first = (d: string) => join(d, readdirSync(d).find((f) => f.endsWith('.cpuprofile'))!);
  results[section === 'profile' ? 'profile' : 'profileStorage'] = {
    note: `Under the profiler (slower than the timed runs), ${regime} storage; self time per function and category.`,
    mbPerSecond: record.mbPerSecond,
    engine: summarizeCpuProfile(first(join(dir, 'engine'))),
    sandbox: existsSync(join(dir, 'sandbox')) && readdirSync(join(dir, 'sandbox')).length ? summarizeCpuProfile(first(join(dir, 'sandbox')), 25) : null,
  };
}

if (want('renderer')) {
  console.error(`renderer: ${config.renderRows} rows in Chromium`);
  results.renderer = await runRendererBench(root, config.renderRows, quick ? 1 : 3);
}

let wan: { results: WanResults; summary: ReturnType<typeof summarizeWan> } | null = null;
if (want('wan')) {
  const paths = { cliJs: join(root, 'out/node/cli.js'), baselineCliJs: args.baselineCli, baselineArgs: args.baselineArgs, referenceJs, eventLoopProbeJs: join(root, 'out/bench/event-loop-probe.js'), sandboxJs, work };
  const wanResults = await runWanBench(args.wan, paths, (line) => console.error(line));
  wan = { results: wanResults, summary: summarizeWan(wanResults) };
  results.wan = { summary: wan.summary, ...wanResults };
}

const machine = {
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
  memoryGiB: Math.round(totalmem() / GiB),
  node: process.version,
  kernel: execSync('uname -sr').toString().trim(),
};
const onlyWan = args.sections.size === 1 && want('wan');
const mode = quick ? 'quick' : onlyWan ? 'wan' : !want('wan') ? 'loopback' : 'full';
const loadAverage = { atStart: round(loadAverageAtStart, 2), atEnd: round(loadavg()[0]!, 2) };
const doc = { date: started.toISOString(), mode, machine, loadAverage, config, results, runs: records, durationSeconds: Math.round((Date.now() - started.getTime()) / 1000) };
const stamp = started.toISOString().replace(/[:.]/g, '-').slice(0, 19);
const hotel = wan?.results.runs.filter((r) => r.profile === 'hotel' && r.workload === 'big' && r.round === 1) ?? [];
if (hotel.length) {
  const chartPath = join(root, 'bench/results', `${stamp}-hotel-goodput.svg`);
  const series = hotel.map((r) => ({ label: wan!.results.clients[r.client]?.label ?? r.client, ...r.analysis.goodputSeries, resets: r.analysis.resetsAtSeconds }));
  const title = `Goodput over time on the hotel link (${describeProfile(LINK_PROFILES.hotel)}), ${bigBytesFor(args.wan, 'hotel') / 1024 / 1024} MiB file`;
  writeFileSync(chartPath, goodputChartSvg(series, { title, linkMbps: LINK_PROFILES.hotel.rateBitsPerSecond / 1e6 }));
  console.error(`chart: ${chartPath}`);
}
const outPath = join(root, 'bench/results', `${stamp}-${doc.mode}.json`);
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, `${JSON.stringify(doc, null, 2)}\n`);
console.log(markdown(doc));
console.error(`results: ${outPath}`);

function markdown(d: typeof doc): string {
  const lines: string[] = [
    `Date ${d.date.slice(0, 10)}, ${d.mode} run, ${d.machine.cpus}, ${d.machine.memoryGiB} GiB, Node ${d.machine.node}, ${d.machine.kernel}; load average ${d.loadAverage.atStart} at the start, ${d.loadAverage.atEnd} at the end; ${Math.round(d.durationSeconds / 60)} min.`,
    '',
  ];
  const table = (title: string, summary: any) => {
    if (!summary) return;
    lines.push(`**${title}** — median (min–max)`, '', '| N | client | transfer s | MB/s | total s | CPU s | peak RSS MiB | ELD p99 ms | sandbox CPU s |', '|---|---|---|---|---|---|---|---|---|');
    for (const n of d.config.concurrency) {
      const s = summary[`n${n}`];
      for (const client of ['engine', 'reference'] as const) {
        const c = s[client];
        lines.push(`| ${n} | ${client} | ${fmt(c.transferSeconds)} | ${fmt(c.mbPerSecond, 0)} | ${fmt(c.totalSeconds)} | ${fmt(c.cpuSeconds)} | ${fmt(c.maxRssMiB, 0)} | ${fmt(c.eventLoopDelayP99Ms, 1)} | ${fmt(c.sandboxCpuSeconds)} |`);
      }
      const p = s.pairedRatio;
      lines.push(`| ${n} | engine ÷ reference | ${fmt(p.transferSeconds)} | | ${fmt(p.totalSeconds)} | ${fmt(p.cpuSeconds)} | ${fmt(p.maxRssMiB)} | | |`);
    }
    lines.push('');
  };
  table('Storage-bound (embedded s3rver on local disk, through the gateway)', d.results.storageBound);
  table('Storage-bound, direct URLs (part PUTs straight at the embedded s3rver, as a real Nomad server hands out)', d.results.directStorageBound);
  table('Client-bound (discard storage, MD5 ETag)', d.results.clientBound);
  const small = d.results.smallFiles as any;
  if (small) {
    for (const regime of ['embedded', 'discard']) {
      const r = small[regime];
      if (r) lines.push(`**Small files** (${small.files} × 64 KiB, N = 8, ${regime} storage): ${fmt(r.filesPerSecond, 0)} files/s; engine CPU ${fmt(r.cpuSeconds)} s, sandbox CPU ${fmt(r.sandboxCpuSeconds)} s, ELD p99 ${fmt(r.eventLoopDelayP99Ms, 1)} ms.`, '');
    }
  }
  const memory = d.results.memory as any;
  if (memory) {
    const sizes = Object.keys(memory).filter((k) => k.endsWith('MiB'));
    lines.push(`**Memory** (discard, N = 8): ${sizes.map((k) => `${k}: engine ${fmt(memory[k].engineMaxRssMiB, 0)} MiB, reference ${fmt(memory[k].referenceMaxRssMiB, 0)} MiB`).join('; ')}; engine growth ${(memory.engineGrowth * 100).toFixed(1)} %.`, '');
  }
  const renderer = d.results.renderer as any;
  if (renderer) lines.push(`**Renderer** (${renderer.rows} rows, Chromium): rows visible ${fmt(renderer.rowsVisibleMs, 0)} ms after enqueue; longest task during updates ${fmt(renderer.longestTaskMs, 0)} ms.`, '');
  if (wan) lines.push(wanMarkdown(wan.results, wan.summary), '');
  return lines.join('\n');
}
