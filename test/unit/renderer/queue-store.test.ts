// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { QueueFilter } from '../../../renderer/src/model/job-state';
import type { LineOptions } from '../../../renderer/src/model/queue-lines';
import { selectAwaitingIds, selectLines } from '../../../renderer/src/store/queue-selectors';
import type { QueueState } from '../../../renderer/src/store/queue-store';
import { createQueueStore } from '../../../renderer/src/store/queue-store';
import { makeJob, snapshotOf, totalsOf } from './fake-uploader';

// One options object per filter, as the panel memoizes them: same object, same view.
const views = new Map<QueueFilter, LineOptions>();
const view = (filter: QueueFilter): LineOptions => {
  let options = views.get(filter);
  if (options === undefined) views.set(filter, (options = { filter, search: '', sort: 'queue', expanded: new Set() }));
  return options;
};
const selectFilteredIds = (state: QueueState, filter: QueueFilter) => selectLines(state, view(filter));
const idsIn = (state: QueueState, filter: QueueFilter) => selectFilteredIds(state, filter).map((line) => (line.kind === 'job' ? line.id : line.key));

describe('queue store', () => {
  it('ignores updates until the snapshot has arrived, since the snapshot already contains them', () => {
    const store = createQueueStore();
    const early = makeJob({ name: 'early.mov' });
    store.applyUpdate({ changed: [early], removed: [], totals: totalsOf([early]) });
    expect(store.getState().order).toEqual([]);

    store.applySnapshot(snapshotOf([early]));
    expect(store.getState().order).toEqual([early.id]);
  });

  it('replaces changed jobs by id, appends new ones and deletes removed ones, keeping insertion order', () => {
    const [a, b, c] = [makeJob(), makeJob(), makeJob()];
    const store = createQueueStore();
    store.applySnapshot(snapshotOf([a, b, c]));

    const b2 = { ...b, state: 'uploading' as const, bytesConfirmed: 500 };
    const d = makeJob();
    store.applyUpdate({ changed: [d, b2], removed: [a.id], totals: totalsOf([b2, c, d]) });

    const state = store.getState();
    expect(state.order).toEqual([b.id, c.id, d.id]);
    expect(state.jobs.get(b.id)).toBe(b2);
    expect(state.jobs.has(a.id)).toBe(false);
    expect(state.totals.jobs).toBe(3);
  });

  it('keeps the order array and filtered lists identical when only progress changed', () => {
    const uploading = makeJob({ state: 'uploading', size: 1000 });
    const queued = makeJob();
    const store = createQueueStore();
    store.applySnapshot(snapshotOf([uploading, queued]));
    const before = store.getState();
    const activeBefore = selectFilteredIds(before, 'active');

    const ticked = { ...uploading, bytesConfirmed: 400 };
    store.applyUpdate({ changed: [ticked], removed: [], totals: totalsOf([ticked, queued]) });
    const after = store.getState();

    expect(after).not.toBe(before);
    expect(after.order).toBe(before.order);
    expect(after.membership).toBe(before.membership);
    expect(selectFilteredIds(after, 'active')).toBe(activeBefore);
    expect(after.jobs.get(queued.id)).toBe(before.jobs.get(queued.id));
  });

  it('recomputes filtered lists when a job changes state', () => {
    const job = makeJob({ state: 'uploading' });
    const store = createQueueStore();
    store.applySnapshot(snapshotOf([job]));
    expect(idsIn(store.getState(), 'done')).toEqual([]);

    const done = { ...job, state: 'done' as const };
    store.applyUpdate({ changed: [done], removed: [], totals: totalsOf([done]) });
    expect(idsIn(store.getState(), 'done')).toEqual([job.id]);
    expect(idsIn(store.getState(), 'active')).toEqual([]);
  });

  it('lists jobs awaiting a decision in queue order', () => {
    const [a, b, c] = [
      makeJob({ state: 'awaiting-decision' }),
      makeJob(),
      makeJob({ state: 'awaiting-decision' }),
    ];
    const store = createQueueStore();
    store.applySnapshot(snapshotOf([a, b, c]));
    expect(selectAwaitingIds(store.getState())).toEqual([a.id, c.id]);
  });

  it('notifies subscribers until they unsubscribe', () => {
    const store = createQueueStore();
    let calls = 0;
    const unsubscribe = store.subscribe(() => {
      calls += 1;
    });
    store.applySnapshot(snapshotOf([makeJob()]));
    unsubscribe();
    store.applySnapshot(snapshotOf([makeJob()]));
    expect(calls).toBe(1);
  });
});
