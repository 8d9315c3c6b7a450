// What the tray says: plain text from the totals, shared by the tooltip and the menu's
// status line. Pure, so it is unit-tested without Electron.

import { statesIn } from '../../shared/job-states';
import type { Totals } from '../engine/views';
import { formatBytes, formatDuration } from '../cli/format';

export function trayStatus(totals: Totals | null): string {
  if (!totals || totals.jobs === 0) return 'Nomad Uploader — nothing to upload';
  const { counts } = totals;
  const running = statesIn('active').reduce((sum, state) => sum + counts[state], 0);
  if (totals.active) {
    const percent = totals.bytesTotal > 0 ? Math.floor((totals.bytesDone / totals.bytesTotal) * 100) : 100;
    return `Uploading ${running + counts.queued} file(s) — ${percent}% — ${formatBytes(totals.speed)}/s — ${formatDuration(totals.etaSeconds)} left`;
  }
  const parts = [`${counts.done} done`];
  if (counts.paused > 0) parts.push(`${counts.paused} paused`);
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  if (counts['awaiting-decision'] > 0) parts.push(`${counts['awaiting-decision']} need a decision`);
  return `Nomad Uploader — ${parts.join(', ')}`;
}

export interface TaskbarProgress {
  /** 0..1 of the bytes; -1 removes the bar. */
  progress: number;
  /** Windows colours the bar: green while moving, yellow while everything left is paused. */
  mode: 'normal' | 'paused' | 'none';
}

/** The taskbar/dock progress: moving, paused with bytes left, or no bar. */
export function taskbarProgress(totals: Totals | null): TaskbarProgress {
  if (!totals || totals.bytesTotal === 0) return { progress: -1, mode: 'none' };
  const fraction = Math.min(1, totals.bytesDone / totals.bytesTotal);
  if (totals.active) return { progress: fraction, mode: 'normal' };
  if (totals.counts.paused > 0 && fraction < 1) return { progress: fraction, mode: 'paused' };
  return { progress: -1, mode: 'none' };
}
