// The benchmark's command line: which sections run, and the WAN plan's knobs. Unknown
// sections, profiles or clients are an error that names the valid ones, before anything runs.

import { isLinkProfileName, LINK_PROFILE_NAMES, type LinkProfileName } from '../link/profiles';
import type { ClientName } from '../wan/clients';
import { DEFAULT_WAN_PLAN, type WanPlan } from '../wan/wan-bench';

export const LOOPBACK_SECTIONS = ['storage', 'direct', 'client', 'small', 'memory', 'profile', 'profile-storage', 'renderer'] as const;
export const SECTIONS = [...LOOPBACK_SECTIONS, 'wan'] as const;
export type Section = (typeof SECTIONS)[number];
/** Names that stand for several sections. */
const GROUPS: Record<string, readonly Section[]> = { loopback: LOOPBACK_SECTIONS, all: SECTIONS };
const CLIENT_NAMES: readonly ClientName[] = ['engine', 'baseline', 'aws', 'rclone', 'lean'];

export interface BenchArgs {
  quick: boolean;
  sections: Set<Section>;
  wan: WanPlan;
  /** Another build of the CLI to run as client `baseline` (an engine change measured in the same run). */
  baselineCli: string | null;
  baselineArgs: string[];
}

export const BENCH_USAGE = `npm run bench -- [--quick] [--only SECTIONS] [WAN options]
  SECTIONS (comma-separated): ${SECTIONS.join(', ')}; loopback = ${LOOPBACK_SECTIONS.join(', ')}; all (default)
  WAN options: --profiles ${LINK_PROFILE_NAMES.join(',')}  --clients ${CLIENT_NAMES.join(',')}
               --workloads big,small  --rounds N  --baseline-cli PATH [--baseline-args="ARGS"] (client baseline)  --big-mib N  --small-files N  --small-limit SECONDS`;

export function parseBenchArgs(argv: string[]): BenchArgs {
  const value = (flag: string): string | null => {
    const inline = argv.find((a) => a.startsWith(`${flag}=`));
    if (inline) return inline.slice(flag.length + 1);
    const i = argv.indexOf(flag);
    if (i === -1) return null;
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value\n${BENCH_USAGE}`);
    return next;
  };
  const list = (flag: string): string[] | null => value(flag)?.split(',').filter(Boolean) ?? null;
  const number = (flag: string, min: number): number | null => {
    const v = value(flag);
    if (v === null) return null;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`${flag} must be a number ≥ ${min}, got "${v}"`);
    return n;
  };

  const sections = new Set<Section>();
  for (const name of list('--only') ?? ['all']) {
    const group = GROUPS[name];
    if (group) group.forEach((s) => sections.add(s));
    else if ((SECTIONS as readonly string[]).includes(name)) sections.add(name as Section);
    else throw new Error(`unknown section "${name}"\n${BENCH_USAGE}`);
  }
  const profiles = list('--profiles');
  for (const p of profiles ?? []) if (!isLinkProfileName(p)) throw new Error(`unknown link profile "${p}" (profiles: ${LINK_PROFILE_NAMES.join(', ')})`);
  const clients = list('--clients');
  for (const c of clients ?? []) if (!(CLIENT_NAMES as readonly string[]).includes(c)) throw new Error(`unknown client "${c}" (clients: ${CLIENT_NAMES.join(', ')})`);

  const MiB = 1024 * 1024;
  const wan: WanPlan = {
    ...DEFAULT_WAN_PLAN,
    ...(profiles ? { profiles: profiles as LinkProfileName[] } : {}),
    ...(clients ? { clients: clients as ClientName[] } : {}),
  };
  const workloads = list('--workloads');
  for (const w of workloads ?? []) if (w !== 'big' && w !== 'small') throw new Error(`unknown workload "${w}" (workloads: big, small)`);
  if (workloads) wan.workloads = workloads as WanPlan['workloads'];
  const rounds = number('--rounds', 1);
  const bigMiB = number('--big-mib', 1);
  const smallCount = number('--small-files', 1);
  const smallLimit = number('--small-limit', 1);
  if (rounds !== null) wan.rounds = Math.floor(rounds);
  if (bigMiB !== null) wan.bigBytes = Math.round(bigMiB * MiB);
  if (smallCount !== null) wan.smallFiles = Math.floor(smallCount);
  if (smallLimit !== null) wan.smallTimeLimitMs = smallLimit * 1000;
  const baselineCli = value('--baseline-cli');
  if (baselineCli && !wan.clients.includes('baseline')) wan.clients = [...wan.clients, 'baseline'];
  const baselineArgs = value('--baseline-args')?.split(' ').filter(Boolean) ?? [];
  return { quick: argv.includes('--quick'), sections, wan, baselineCli, baselineArgs };
}
