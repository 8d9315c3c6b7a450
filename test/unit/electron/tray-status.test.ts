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
    expect(taskbarProgress(running)).toBe(0.25);
  });

  it('sums up what is left for the user when nothing moves', () => {
    const idle = totals({ jobs: 6, counts: { done: 3, paused: 1, failed: 1, 'awaiting-decision': 1 } });

    expect(trayStatus(idle)).toBe('Nomad Uploader — 3 done, 1 paused, 1 failed, 1 need a decision');
    expect(taskbarProgress(idle)).toBe(-1);
  });
});
