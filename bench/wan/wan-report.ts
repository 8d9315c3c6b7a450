// The WAN benchmark's summary: per profile and workload, each client's median over rounds,
// its ratio to the best peer (AWS CLI or rclone: the tools people would use instead), the
// engine's targets met or missed by how much, and a markdown rendering of it all.

import { LINK_PROFILES, bytesPerMs, describeProfile, type LinkProfileName } from '../link/profiles';
import { fmt, round, spread, type Spread } from '../lib/summary';
import type { LinkRunRecord } from './link-run';
import { bigBytesFor, type WanPlan, type WanResults } from './wan-bench';

const PEERS = ['aws', 'rclone'];
const MB_PER_MiB = 1.048576;

export interface WanRow {
  profile: string;
  workload: 'big' | 'small';
  client: string;
  runs: number;
  /** Every run finished (and was confirmed on the link), or (many files) ran to its time limit. */
  ok: boolean;
  problems: string[];
  /** Files confirmed by each run stopped at the time limit. */
  capped: number[];
  wallSeconds: Spread;
  transferSeconds: Spread;
  goodputMbps: Spread;
  linkShare: Spread;
  filesPerSecond: Spread;
  maxRssMiB: Spread;
  eventLoopP99Ms: Spread;
  /** Big file: wall ÷ the best peer's wall (< 1 faster). Many files: files/s ÷ the best peer's. */
  vsBestPeer: number | null;
  bestPeer: string | null;
  /** Many files: files/s ÷ the AWS CLI's. */
  vsAws: number | null;
}

export interface Target {
  target: string;
  value: string;
  met: boolean | null;
  note: string;
}

export function summarizeWan(results: WanResults): { rows: WanRow[]; targets: Target[] } {
  const rows: WanRow[] = [];
  const groups = new Map<string, LinkRunRecord[]>();
  for (const run of results.runs) {
    const key = `${run.profile}|${run.workload}|${run.client}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  for (const runs of groups.values()) {
    const first = runs[0]!;
    const a = (pick: (r: LinkRunRecord) => number | null | undefined) => spread(runs.map(pick).filter((v): v is number => typeof v === 'number'));
    rows.push({
      profile: first.profile,
      workload: first.workload,
      client: first.client,
      runs: runs.length,
      // A many-files run stopped at its time limit is what was planned, not a failure.
      ok: runs.every((r) => r.ok || (r.capped && r.workload === 'small')),
      problems: runs.filter((r) => r.problem && !r.capped).map((r) => r.problem!),
      capped: runs.filter((r) => r.capped).map((r) => r.analysis.filesConfirmed),
      wallSeconds: a((r) => r.wallSeconds),
      transferSeconds: a((r) => r.analysis.transferSeconds),
      goodputMbps: a((r) => r.analysis.goodputMbps),
      linkShare: a((r) => r.analysis.linkShare),
      filesPerSecond: a((r) => r.analysis.filesPerSecond),
      maxRssMiB: a((r) => r.maxRssMiB),
      eventLoopP99Ms: a((r) => r.eventLoopDelayMs?.p99),
      vsBestPeer: null,
      bestPeer: null,
      vsAws: null,
    });
  }
  for (const row of rows) {
    const same = rows.filter((r) => r.profile === row.profile && r.workload === row.workload);
    const peers = same.filter((r) => PEERS.includes(r.client) && r.ok);
    if (row.workload === 'big') {
      const best = peers.sort((x, y) => x.wallSeconds.median - y.wallSeconds.median)[0];
      if (best) {
        row.bestPeer = best.client;
        row.vsBestPeer = round(row.wallSeconds.median / best.wallSeconds.median);
      }
    } else {
      const best = same.filter((r) => PEERS.includes(r.client)).sort((x, y) => y.filesPerSecond.median - x.filesPerSecond.median)[0];
      if (best) {
        row.bestPeer = best.client;
        row.vsBestPeer = round(row.filesPerSecond.median / best.filesPerSecond.median);
      }
      const aws = same.find((r) => r.client === 'aws');
      if (aws) row.vsAws = round(row.filesPerSecond.median / aws.filesPerSecond.median);
    }
  }
  const order = (r: WanRow) => [Object.keys(LINK_PROFILES).indexOf(r.profile), r.workload === 'big' ? 0 : 1, ['engine', 'baseline', 'lean', 'aws', 'rclone'].indexOf(r.client)];
  rows.sort((x, y) => {
    const [a, b] = [order(x), order(y)];
    return a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
  });
  return { rows, targets: engineTargets(rows) };
}

function engineTargets(rows: WanRow[]): Target[] {
  const targets: Target[] = [];
  const engine = (profile: string, workload: 'big' | 'small') => rows.find((r) => r.profile === profile && r.workload === workload && r.client === 'engine');
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  for (const profile of ['wifi', 'fibre', 'vpn']) {
    const e = engine(profile, 'big');
    if (!e) continue;
    const share = e.linkShare.median;
    targets.push({
      target: `${profile}, big file: goodput ≥ 97 % of the link`,
      value: pct(share),
      met: e.ok && share >= 0.97,
      note: e.ok ? (share >= 0.97 ? '' : `short by ${((0.97 - share) * 100).toFixed(1)} points`) : e.problems.join('; '),
    });
    if (e.vsBestPeer !== null) {
      targets.push({
        target: `${profile}, big file: wall no slower than the best peer (${e.bestPeer})`,
        value: `${e.vsBestPeer.toFixed(2)} × its wall`,
        met: e.ok && e.vsBestPeer <= 1,
        note: e.vsBestPeer <= 1 ? '' : `${((e.vsBestPeer - 1) * 100).toFixed(0)} % slower`,
      });
    }
  }
  const hotel = engine('hotel', 'big');
  if (hotel) {
    targets.push({ target: 'hotel, big file: finishes unattended', value: hotel.ok ? 'yes' : 'no', met: hotel.ok, note: hotel.problems.join('; ') });
    if (hotel.vsBestPeer !== null) {
      const speedup = 1 / hotel.vsBestPeer;
      targets.push({
        target: `hotel, big file: ≥ 1.1 × faster than the best peer (${hotel.bestPeer})`,
        value: `${speedup.toFixed(2)} ×`,
        met: hotel.ok && speedup >= 1.1,
        note: speedup >= 1.1 ? '' : `short by ${(1.1 - speedup).toFixed(2)} ×`,
      });
    }
  }
  for (const profile of ['wifi', 'vpn']) {
    const e = engine(profile, 'small');
    if (!e || e.vsAws === null) continue;
    targets.push({
      target: `${profile}, 2,000 × 64 KiB: files/s ≥ 1.5 × the AWS CLI's`,
      value: `${e.filesPerSecond.median.toFixed(1)} files/s = ${e.vsAws.toFixed(2)} × AWS CLI`,
      met: e.vsAws >= 1.5,
      note: e.vsAws >= 1.5 ? '' : `short by ${(1.5 - e.vsAws).toFixed(2)} ×`,
    });
  }
  const engineRows = rows.filter((r) => r.client === 'engine');
  if (engineRows.length) {
    const worst = engineRows.reduce((a, b) => (b.maxRssMiB.max > a.maxRssMiB.max ? b : a));
    const mb = worst.maxRssMiB.max * MB_PER_MiB;
    targets.push({ target: 'CLI peak RSS ≤ 200 MB on every profile', value: `${mb.toFixed(0)} MB (${worst.profile}, ${worst.workload})`, met: mb <= 200, note: '' });
    const eld = engineRows.filter((r) => r.eventLoopP99Ms.n).reduce<WanRow | null>((a, b) => (!a || b.eventLoopP99Ms.max > a.eventLoopP99Ms.max ? b : a), null);
    if (eld) targets.push({ target: 'CLI event-loop delay p99 < 50 ms', value: `${eld.eventLoopP99Ms.max.toFixed(0)} ms worst (${eld.profile}, ${eld.workload})`, met: eld.eventLoopP99Ms.max < 50, note: '' });
  }
  return targets;
}

export function wanMarkdown(results: WanResults, summary: { rows: WanRow[]; targets: Target[] }): string {
  const lines: string[] = [];
  const { plan } = results;
  lines.push(
    `**WAN** — ${plan.rounds} round(s), big file ${mib(plan.bigBytes)} MiB${resetLinks(plan)}, ${plan.smallFiles} × ${plan.smallBytes / 1024} KiB on ${plan.smallProfiles.filter((p) => plan.profiles.includes(p)).join(' and ') || 'no profile'} (stopped at ${plan.smallTimeLimitMs / 1000} s; files/s over what finished). Median (min–max) over rounds.`,
    '',
    '| client | runs with (what its user gets by default) |',
    '|---|---|',
  );
  for (const [name, c] of Object.entries(results.clients)) lines.push(`| ${name}: ${c.label}${c.skipped ? ` — **skipped: ${c.skipped}**` : ''} | ${c.settings} |`);
  lines.push('');
  lines.push('| link | workload | client | wall s | transfer s | goodput Mbit/s | % of link | files/s | vs best peer | peak RSS MiB | ELD p99 ms |', '|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of summary.rows) {
    const profile = LINK_PROFILES[r.profile as LinkProfileName];
    const link = profile ? `${r.profile} (${profile.rateBitsPerSecond / 1e6} Mbit/s, ${2 * profile.oneWayDelayMs} ms)` : r.profile;
    // Many files: goodput is files/s × their size (what was confirmed, whether or not the run hit its limit).
    const mbps = r.workload === 'small' ? (r.filesPerSecond.median * plan.smallBytes * 8) / 1e6 : r.goodputMbps.median;
    const rateMbps = profile ? profile.rateBitsPerSecond / 1e6 : Number.NaN;
    const goodput = r.workload === 'small' ? mbps.toFixed(1) : fmt(r.goodputMbps, 1);
    const share = r.workload === 'small' ? ((mbps / rateMbps) * 100).toFixed(1) : r.linkShare.n ? `${(r.linkShare.median * 100).toFixed(1)}` : '–';
    const vs = r.vsBestPeer === null ? '–' : r.workload === 'big' ? `${r.vsBestPeer.toFixed(2)} × wall of ${r.bestPeer}` : `${r.vsBestPeer.toFixed(2)} × files/s of ${r.bestPeer}`;
    const status = r.ok ? '' : ` ⚠ ${r.problems.join('; ')}`;
    const files = r.capped.length ? ` (${r.capped.join(', ')} files in ${plan.smallTimeLimitMs / 1000} s)` : '';
    lines.push(
      `| ${link} | ${r.workload === 'big' ? `${mib(bigBytesFor(plan, r.profile as LinkProfileName))} MiB` : `${plan.smallFiles} × 64 KiB`} | ${r.client}${status} | ${fmt(r.wallSeconds, 1)} | ${fmt(r.transferSeconds, 1)} | ${goodput} | ${share} | ${r.workload === 'small' ? `${fmt(r.filesPerSecond, 1)}${files}` : '–'} | ${vs} | ${fmt(r.maxRssMiB, 0)} | ${r.eventLoopP99Ms.n ? fmt(r.eventLoopP99Ms, 0) : '–'} |`,
    );
  }
  lines.push('', '**Engine targets**', '', '| target | result | met | |', '|---|---|---|---|');
  for (const t of summary.targets) lines.push(`| ${t.target} | ${t.value} | ${t.met === null ? '–' : t.met ? 'yes' : '**no**'} | ${t.note} |`);
  lines.push('', whereTimeGoes(results.runs));
  lines.push('', emulatorLine(results));
  return lines.join('\n');
}

const mib = (bytes: number): number => bytes / 1024 / 1024;

/** ", 256 MiB on hotel" where a resetting link gets a larger file than the others. */
function resetLinks(plan: WanPlan): string {
  const larger = plan.profiles.filter((p) => bigBytesFor(plan, p) !== plan.bigBytes);
  return larger.length ? ` (${larger.map((p) => `${mib(bigBytesFor(plan, p))} MiB on ${p}`).join(', ')}, so that its resets happen)` : '';
}

/** Per run: concurrency, dead time per slot, idle link, and what a file costs. */
function whereTimeGoes(runs: LinkRunRecord[]): string {
  const lines = [
    '**Where the time goes** (from the link: requests in flight time-weighted over the transfer; a slot\'s dead time = end of one part\'s body → start of the next part on that connection; idle = the uplink had nothing to send)',
    '',
    '| link | workload | client | data PUTs in flight mean / max | slot dead time per part | before the first part / after the last body | uplink busy | idle gaps ≥ ¼ RTT | API calls in flight | per file | requests per file | wait per request, p50 (last byte sent → first byte back) | sandbox CPU s |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of runs) {
    const a = r.analysis;
    const rtt = 2 * (LINK_PROFILES[r.profile as LinkProfileName]?.oneWayDelayMs ?? 0);
    const inRtt = (ms: number) => (rtt ? ` (${(ms / rtt).toFixed(1)} RTT)` : '');
    const dead = a.slotDeadMs ? `${a.slotDeadMs.median.toFixed(0)} ms${inRtt(a.slotDeadMs.median)}` : '–';
    const edges = a.edgesMs ? `${a.edgesMs.beforeFirstData.toFixed(0)} ms / ${a.edgesMs.afterLastBody.toFixed(0)} ms` : '–';
    const perFile = a.perFileRtts === null ? '–' : `${a.perFileRtts.toFixed(1)} RTT, ${a.inFlight.filesMean} files in flight`;
    const requests = a.requestsPerFile ? Object.entries(a.requestsPerFile).map(([k, v]) => `${k} ${v}`).join(', ') : '–';
    const waits = Object.entries(a.byKind)
      .filter(([kind, k]) => kind !== 'login' && Number.isFinite(k.waitP50Ms))
      .map(([kind, k]) => `${kind} ${k.waitP50Ms.toFixed(0)} ms`)
      .join(', ');
    lines.push(
      `| ${r.profile} | ${r.workload} | ${r.client} | ${a.inFlight.dataMean} / ${a.inFlight.dataMax} | ${dead} | ${edges} | ${(a.uplink.busyShare * 100).toFixed(1)} % | ${a.uplink.gaps.count} × ${a.uplink.gaps.medianMs} ms | ${a.inFlight.apiMean} / ${a.inFlight.apiMax} | ${perFile} | ${requests} | ${waits} | ${r.sandboxCpuSeconds} |`,
    );
  }
  return lines.join('\n');
}

function emulatorLine(results: WanResults): string {
  const perGB = spread(results.runs.filter((r) => r.link.bytes > 50e6).map((r) => r.link.cpuSecondsPerGB));
  const late = spread(results.runs.map((r) => r.link.latenessMs.up.p99));
  const checks = results.linkChecks.map((c) => `${c.profile} ${c.rttMs.median} ms (expected ${c.expectedRttMs})`).join(', ');
  const profiles = results.plan.profiles.map((p) => `${p}: ${describeProfile(LINK_PROFILES[p])}`).join('; ');
  const loads = spread(results.runs.map((r) => r.loadAverage1m));
  return [
    `**The emulator**: ${profiles}. Round trip through it before the runs (median of 10 pings): ${checks}.`,
    `Its CPU: ${fmt(perGB, 2)} s per GB carried (both directions, runs over 50 MB); its deliveries ran late by ${fmt(late, 1)} ms at the 99th percentile (this process not scheduled on time).`,
    `Load average (1 min) at the start of each run: ${fmt(loads, 1)}.`,
    `Link rate used for "% of link": ${results.plan.profiles.map((p) => `${p} ${((bytesPerMs(LINK_PROFILES[p]) * 8) / 1000).toFixed(0)} Mbit/s`).join(', ')} of TCP payload.`,
  ].join(' ');
}
