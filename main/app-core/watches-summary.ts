// What the tray says about the watch folders: one line, from the watches' states. Pure (plain
// data in, text out), so the tray's wording is tested without Electron. Nothing when there
// are no watches: the tray then looks as it always did.

import type { WatchStateKind, WatchView } from './watches-config';

const plural = (count: number, one: string, other: string): string => `${count} ${count === 1 ? one : other}`;

export function watchesSummary(watches: readonly WatchView[]): string | null {
  if (watches.length === 0) return null;
  const count = (kinds: readonly WatchStateKind[]) => watches.filter((w) => kinds.includes(w.state.kind)).length;
  const watching = count(['watching', 'starting']);
  const parts: string[] = [];
  parts.push(watching > 0 ? `Watching ${plural(watching, 'folder', 'folders')}` : 'Watching no folder');
  const paused = count(['paused']);
  if (paused > 0) parts.push(`${paused} paused`);
  const missing = count(['folder-missing']);
  if (missing > 0) parts.push(`${plural(missing, 'folder', 'folders')} missing`);
  const waiting = count(['waiting-for-sign-in']);
  if (waiting > 0) parts.push(`${waiting} waiting for a sign-in`);
  const failed = count(['failed']);
  if (failed > 0) parts.push(`${failed} not started`);
  return parts.join(', ');
}

/** Something about the watches needs the person (a folder gone, a watch that could not start). */
export function watchesNeedAttention(watches: readonly WatchView[]): boolean {
  return watches.some((w) => w.state.kind === 'folder-missing' || w.state.kind === 'failed');
}
