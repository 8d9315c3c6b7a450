// What the tray tooltip, its menu's status line and the taskbar progress say, from the
// queue's totals: the user reads these with the window closed.

import { describe, expect, it } from 'vitest';
import { emptyTotals } from '../../../main/app-core/uploader-service';
import { taskbarProgress, trayStatus } from '../../../main/electron/tray-status';
import type { Totals } from '../../../main/engine/views';

function totals(patch: Partial<Omit<Totals, 'counts'>> & { counts?: Partial<Totals['counts']> }): Totals {
  const base = emptyTotals();
  return { ...base, ...patch, counts: { ...base.counts, ...patch.counts } };
}

describe('the tray', () => {
  it('says there is nothing to upload when the queue is empty', () => {
    expect(trayStatus(null)).toBe('Nomad Uploader — nothing to upload');
    expect(trayStatus(emptyTotals())).toBe('Nomad Uploader — nothing to upload');
  });

  it('shows files, percent, speed and time left while uploading', () => {
    const running = totals({
      jobs: 5,
      active: true,
      bytesTotal: 4_000_000_000,
      bytesDone: 1_000_000_000,
      speed: 34_500_000,
      etaSeconds: 200,
      counts: { uploading: 2, queued: 1, done: 2 },
    });

    expect(trayStatus(running)).toBe('Uploading 3 file(s) — 25% — 34.5 MB/s — 3 min 20 s left');
    expect(taskbarProgress(running)).toEqual({ progress: 0.25, mode: 'normal' });
  });

  it('sums up what is left for the user when nothing moves', () => {
    const idle = totals({ jobs: 6, counts: { done: 3, paused: 1, failed: 1, 'awaiting-decision': 1 } });

    expect(trayStatus(idle)).toBe('Nomad Uploader — 3 done, 1 paused, 1 failed, 1 need a decision');
    expect(taskbarProgress(idle)).toEqual({ progress: -1, mode: 'none' });
  });

  it('keeps the taskbar bar, yellow on Windows, while everything left is paused', () => {
    const paused = totals({ jobs: 2, bytesTotal: 400, bytesDone: 100, counts: { paused: 1, done: 1 } });
    const allDone = totals({ jobs: 2, bytesTotal: 400, bytesDone: 400, counts: { done: 2 } });

    expect(taskbarProgress(paused)).toEqual({ progress: 0.25, mode: 'paused' });
    expect(taskbarProgress(allDone)).toEqual({ progress: -1, mode: 'none' });
  });
});
