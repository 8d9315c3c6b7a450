// Notices group: a toast of a group replaces the one before it; repeats count up; few stay.

import { describe, expect, it } from 'vitest';
import { MAX_TOASTS, createToastStore } from '../../../renderer/src/store/toast-store';

describe('toasts', () => {
  it('replace the toast of the same group instead of stacking', () => {
    const store = createToastStore();
    store.push({ level: 'error', message: 'a.mov failed', group: 'failures', action: { kind: 'details', id: 'a' } });
    store.push({ level: 'info', message: 'Settings saved' });
    store.push({ level: 'error', message: '2 uploads failed', group: 'failures', action: { kind: 'show-failed' } });
    expect(store.getState().map((t) => t.message)).toEqual(['2 uploads failed', 'Settings saved']);
    expect(store.getState()[0]?.action).toEqual({ kind: 'show-failed' });
  });

  it('count repeats of the newest one and keep only a few', () => {
    const store = createToastStore();
    store.push({ level: 'warning', message: 'Slow network' });
    store.push({ level: 'warning', message: 'Slow network' });
    expect(store.getState()).toEqual([expect.objectContaining({ message: 'Slow network', count: 2, revision: 1 })]);
    for (let i = 0; i < 10; i += 1) store.push({ level: 'info', message: `notice ${i}` });
    expect(store.getState()).toHaveLength(MAX_TOASTS);
  });
});
