// The WAN benchmark: every client, one after another, through every emulated link profile,
// with one big file and (on wifi and vpn) 2,000 small ones. Rounds interleave the clients in
// a rotating order, so drift in the machine's load does not favour whoever goes first.

import { join } from 'node:path';
import { LINK_PROFILES, type LinkProfileName } from '../link/profiles';
import { randomFile, smallFiles } from '../lib/data-files';
import { clientSpecs, type BenchPaths, type ClientName, type ClientSpec, type Workload } from './clients';
import { runThroughLink, type LinkRunRecord } from './link-run';
import { checkLinkProfiles, type LinkCheck } from './link-check';

const MiB = 1024 * 1024;

export interface WanPlan {
  profiles: LinkProfileName[];
  clients: ClientName[];
  bigBytes: number;
  /**
   * The big file on a link that resets connections (hotel), at least: large enough that every
   * client meets a reset (bigBytesFor). Old result files lack it: bigBytes everywhere.
   */
  resetLinkBigBytes?: number;
  smallFiles: number;
  smallBytes: number;
  /** Profiles that also run the many-small-files workload. */
  smallProfiles: LinkProfileName[];
  /** Which workloads run at all (`--workloads`): both by default. */
  workloads: Workload['kind'][];
  rounds: number;
  /** A many-small-files run stops here; its files per second come from what it finished. */
  smallTimeLimitMs: number;
  /** Safety net for a big-file run that hangs. */
  bigTimeLimitMs: number;
}

export const DEFAULT_WAN_PLAN: WanPlan = {
  profiles: ['lan', 'fibre', 'wifi', 'vpn', 'hotel'],
  clients: ['engine', 'aws', 'rclone', 'lean'],
  // The issue's own size, and above rclone's multipart cutoff (200 MiB). At 192 MiB rclone sent
  // one PutObject, so its wall skipped what every multipart client pays at the end: s3rver's
  // CompleteMultipartUpload copies the parts into one file (0.8–1.9 s for 192 MiB in the run of
  // 05:45, 1.2–2.3 s for 256 MiB at 17:07). A camera clip is larger than either.
  bigBytes: 256 * MiB,
  resetLinkBigBytes: 256 * MiB,
  smallFiles: 2000,
  smallBytes: 64 * 1024,
  smallProfiles: ['wifi', 'vpn'],
  workloads: ['big', 'small'],
  rounds: 1,
  smallTimeLimitMs: 30_000,
  bigTimeLimitMs: 600_000,
};

/**
 * The big file's size on a profile. A link that resets connections gets at least
 * resetLinkBigBytes: its first reset falls at 0.75–1.25 × resetEveryBytes (150–250 MB on
 * hotel), past the end of 192 MiB (201 MB, every profile's size before) for the seed the bench
 * uses, so no client met one and "finishes unattended" was never put to the test. 256 MiB
 * (268 MB) crosses the furthest first mark and not the nearest second one (300 MB): one reset
 * for every client, at the same byte count.
 */
export function bigBytesFor(plan: WanPlan, profile: LinkProfileName): number {
  return LINK_PROFILES[profile].resetEveryBytes === null ? plan.bigBytes : Math.max(plan.bigBytes, plan.resetLinkBigBytes ?? plan.bigBytes);
}

export interface WanResults {
  plan: WanPlan;
  clients: Record<string, { label: string; settings: string; skipped: string | null }>;
  linkChecks: LinkCheck[];
  runs: LinkRunRecord[];
}

export async function runWanBench(plan: WanPlan, paths: BenchPaths & { sandboxJs: string; work: string }, log: (line: string) => void): Promise<WanResults> {
  const specs = clientSpecs(paths);
  const clients: WanResults['clients'] = {};
  const runnable: ClientSpec[] = [];
  for (const name of plan.clients) {
    const spec = specs[name];
    const skipped = spec.unavailable();
    clients[name] = { label: spec.label, settings: spec.settings, skipped };
    if (skipped) log(`wan: skipping ${spec.label}: ${skipped}`);
    else runnable.push(spec);
  }

  log(`wan: link check (round trip of each profile, measured through the emulator)`);
  const linkChecks = await checkLinkProfiles(plan.profiles.map((p) => LINK_PROFILES[p]));
  for (const c of linkChecks) log(`  ${c.profile}: RTT ${c.rttMs.median} ms (min ${c.rttMs.min}), expected ${c.expectedRttMs} ms`);

  const bigFile = (bytes: number): Workload => ({ kind: 'big', path: randomFile(join(paths.work, `random-${bytes}.bin`), bytes), bytes });
  const small: Workload = {
    kind: 'small',
    dir: smallFiles(join(paths.work, `small-${plan.smallFiles}`), plan.smallFiles, plan.smallBytes),
    files: plan.smallFiles,
    bytes: plan.smallBytes,
  };
  const runs: LinkRunRecord[] = [];
  let seq = 0;
  for (const [p, profileName] of plan.profiles.entries()) {
    const profile = LINK_PROFILES[profileName];
    const big = bigFile(bigBytesFor(plan, profileName));
    const workloads: Workload[] = (plan.smallProfiles.includes(profileName) ? [big, small] : [big]).filter((w) => plan.workloads.includes(w.kind));
    for (const workload of workloads) {
      const eligible = runnable.filter((c) => c.workloads.includes(workload.kind));
      for (let round = 1; round <= plan.rounds; round += 1) {
        for (const client of rotate(eligible, p + round)) {
          const runId = `${profileName}-${workload.kind}-${client.name}-r${round}-${(seq += 1)}`;
          const record = await runThroughLink({
            profile,
            client,
            workload,
            round,
            sandboxJs: paths.sandboxJs,
            scratch: join(paths.work, 'runs', runId),
            runId,
            timeLimitMs: workload.kind === 'small' ? plan.smallTimeLimitMs : plan.bigTimeLimitMs,
          });
          runs.push(record);
          log(`  ${runId}: ${summarize(record)}`);
        }
      }
    }
  }
  return { plan, clients, linkChecks, runs };
}

function rotate<T>(list: T[], by: number): T[] {
  if (!list.length) return list;
  const k = by % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

function summarize(r: LinkRunRecord): string {
  const a = r.analysis;
  const parts = [
    r.ok ? 'ok' : `NOT OK (${r.problem})`,
    `wall ${r.wallSeconds.toFixed(1)} s (lead-in ${r.leadInSeconds ?? '–'} s, tail ${r.tailSeconds ?? '–'} s)`,
    a.transferSeconds !== null ? `transfer ${a.transferSeconds.toFixed(1)} s` : 'no transfer window',
    a.goodputMbps !== null ? `${a.goodputMbps.toFixed(1)} Mbit/s (${((a.linkShare ?? 0) * 100).toFixed(1)} % of link)` : '',
    a.filesPerSecond !== null ? `${a.filesPerSecond.toFixed(1)} files/s (${a.filesConfirmed} files)` : '',
    `rss ${r.maxRssMiB.toFixed(0)} MiB`,
    r.eventLoopDelayMs ? `eld p99 ${r.eventLoopDelayMs.p99} ms` : '',
    `data in flight ${a.inFlight.dataMean}`,
    a.resets ? `${a.resets} reset(s), ${a.resentMB} MB re-sent` : '',
    `link cpu ${r.link.cpuSecondsPerGB} s/GB, late p99 ${r.link.latenessMs.up.p99} ms`,
    `sandbox cpu ${r.sandboxCpuSeconds} s, load ${r.loadAverage1m}`,
  ];
  return parts.filter(Boolean).join(', ');
}
