// Reads a V8 .cpuprofile and sums self time per function and per coarse category, so the
// report can say where a client's CPU goes without opening DevTools.

import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  top: { fn: string; selfMs: number; share: number }[];
  categories: Record<string, number>;
}

export function summarizeCpuProfile(path: string, topN = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFn = new Map<string, number>();
  const categories: Record<string, number> = {};
  let total = 0;
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/(node_modules\/)?/, (m) => (m.includes('node_modules') ? 'node_modules/' : ''));
    const key = `${functionName || '(anonymous)'} ${file}${url ? `:${lineNumber + 1}` : ''}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    const category = categorize(functionName, url);
    categories[category] = (categories[category] ?? 0) + us / 1000;
    total += us;
  }
  const top = [...byFn.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, topN)
    .map(([fn, us]) => ({ fn, selfMs: Math.round(us / 1000), share: Math.round((us / total) * 1000) / 10 }));
  for (const key of Object.keys(categories)) categories[key] = Math.round(categories[key]!);
  return { totalMs: Math.round(total / 1000), top, categories };
}

function categorize(fn: string, url: string): string {
  if (fn === '(idle)') return 'idle';
  if (fn === '(garbage collector)') return 'gc';
  if (fn === '(program)') return 'program (native, not attributed)';
  if (url.includes('internal/crypto') || fn === 'update' || fn === 'digest') return 'crypto (md5)';
  if (url.includes('undici')) return 'undici';
  if (url.includes('internal/fs') || url.includes('node:fs')) return 'fs';
  if (url.includes('internal/streams') || url.includes('node:stream')) return 'streams';
  if (url.includes('node:net') || url.includes('internal/net') || fn === 'writev' || fn === 'writeBuffer') return 'net';
  if (url.includes('/engine/') || url.includes('out/bench') || url.includes('out/node')) return 'engine';
  if (url.includes('s3rver') || url.includes('koa')) return 's3rver';
  if (url.startsWith('node:') || url === '') return 'node core / native';
  return 'other';
}
