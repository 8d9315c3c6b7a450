// What the tray says about the watch folders, from their states: nothing without watches,
// the count being watched, and the ones that need the person (paused, missing, signed out).

import { describe, expect, it } from 'vitest';
import { WATCH_DEFAULTS, type WatchStateView, type WatchView } from '../../../main/app-core/watches-config';
import { watchesNeedAttention, watchesSummary } from '../../../main/app-core/watches-summary';

const watch = (state: WatchStateView, n = 1): WatchView => ({
  config: { id: `w${n}`, folder: `/exports/${n}`, parentId: null, parentPath: 'Incoming', overwrite: 'Replace', recursive: true, ignore: WATCH_DEFAULTS.ignore, quietPeriodMs: 10_000, moveUploaded: false, paused: state.kind === 'paused' },
  state,
  files: 0,
  settling: 0,
  uploading: 0,
  uploaded: 0,
  failed: 0,
});

describe('the tray line of the watch folders', () => {
  it('is absent without watches', () => {
    expect(watchesSummary([])).toBeNull();
  });

  it('counts the folders being watched, starting ones included', () => {
    expect(watchesSummary([watch({ kind: 'watching', liveEvents: true })])).toBe('Watching 1 folder');
    expect(watchesSummary([watch({ kind: 'watching', liveEvents: false }, 1), watch({ kind: 'starting' }, 2)])).toBe('Watching 2 folders');
  });

  it('names paused, missing, waiting and failed watches', () => {
    const all = [
      watch({ kind: 'watching', liveEvents: true }, 1),
      watch({ kind: 'paused' }, 2),
      watch({ kind: 'folder-missing', message: '/exports/3 cannot be read (ENOENT)' }, 3),
      watch({ kind: 'folder-missing', message: '/exports/4 cannot be read (EACCES)' }, 4),
      watch({ kind: 'waiting-for-sign-in' }, 5),
      watch({ kind: 'failed', message: 'index unreadable' }, 6),
    ];
    expect(watchesSummary(all)).toBe('Watching 1 folder, 1 paused, 2 folders missing, 1 waiting for a sign-in, 1 not started');
    expect(watchesNeedAttention(all)).toBe(true);
  });

  it('says so when every watch is paused', () => {
    const paused = [watch({ kind: 'paused' }, 1), watch({ kind: 'paused' }, 2)];
    expect(watchesSummary(paused)).toBe('Watching no folder, 2 paused');
    expect(watchesNeedAttention(paused)).toBe(false);
  });
});
