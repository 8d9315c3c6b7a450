// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobView } from '../../../preload/contract';
import { createFakeUploader, makeJob } from './fake-uploader';
import { renderApp, restoreQueueLayout } from './render-app';

afterEach(() => {
  cleanup();
  restoreQueueLayout();
});

const queue = () => within(screen.getByRole('list', { name: /^Upload queue/ }));
const rowOf = (name: string) => queue().getByRole('listitem', { name: new RegExp(`^${name.replace('.', '\\.')},`) });
const rowNames = () => queue().getAllByRole('listitem').map((row) => row.getAttribute('aria-label')?.split(',')[0]);

describe('the queue', () => {
  it('shows each job with its folder, size, state, progress and speed', async () => {
    const job = makeJob({
      name: 'a.mov',
      relativePath: 'shoot/day 1/a.mov',
      size: 2_000_000_000,
      state: 'uploading',
      bytesConfirmed: 500_000_000,
      bytesAcked: 100_000_000,
      speed: 34_500_000,
      etaSeconds: 200,
    });
    const fake = createFakeUploader({ jobs: [job] });
    await renderApp(fake);

    // A file of a dropped folder is listed under the folder's line, once it is opened.
    fireEvent.click(screen.getByRole('button', { name: 'Show the files of shoot' }));
    const row = within(rowOf('a.mov'));
    expect(row.getByText('shoot/day 1')).toBeTruthy();
    expect(row.getByText('2.0 GB')).toBeTruthy();
    expect(row.getByText('Uploading')).toBeTruthy();
    const progress = row.getByRole('progressbar', { name: 'a.mov progress' });
    expect(progress.getAttribute('aria-valuenow')).toBe('30');
    // The bar's text value is what a sighted person reads beside it.
    expect(progress.getAttribute('aria-valuetext')).toBe('30% · 34.5 MB/s · 3 min 20 sec left');
    expect(row.getByText('30% · 34.5 MB/s · 3 min 20 sec left')).toBeTruthy();
    // Tooltips give where the file goes on the server, not where it is on this computer.
    expect(rowOf('a.mov').querySelector('.job-name')?.getAttribute('title')).toBe('Incoming/shoot/day 1/a.mov');
    expect(rowOf('a.mov').querySelector('.job-folder')?.getAttribute('title')).toBe('Incoming/shoot/day 1');
  });

  it('updates a row when a queueUpdate changes its job, and shows errors and waiting reasons', async () => {
    const job = makeJob({ name: 'a.mov', size: 1000, state: 'uploading' });
    const other = makeJob({ name: 'b.mov', state: 'uploading' });
    const fake = createFakeUploader({ jobs: [job, other] });
    await renderApp(fake);

    const waiting = { ...other, waiting: 'Waiting for the network…' };
    const failed: JobView = {
      ...job,
      state: 'failed',
      bytesConfirmed: 250,
      error: { code: 'file-changed', message: 'The file changed on disk.', retryable: true },
    };
    act(() => fake.pushUpdate({ changed: [failed, waiting], all: [failed, waiting] }));

    const row = within(rowOf('a.mov'));
    expect(row.getByText('Failed')).toBeTruthy();
    expect(row.getByText('The file changed on disk.')).toBeTruthy();
    expect(within(rowOf('b.mov')).getByText('Waiting for the network…')).toBeTruthy();
  });

  it('adds new jobs at the end and drops removed ones', async () => {
    const [a, b] = [makeJob({ name: 'a.mov' }), makeJob({ name: 'b.mov' })];
    const fake = createFakeUploader({ jobs: [a, b] });
    await renderApp(fake);

    const c = makeJob({ name: 'c.mov' });
    act(() => fake.pushUpdate({ changed: [c], removed: [a.id], all: [b, c] }));

    expect(rowNames()).toEqual(['b.mov', 'c.mov']);
  });

  it('keeps only a window of rows in the DOM with 10,000 jobs', async () => {
    const jobs = Array.from({ length: 10_000 }, (_, i) => makeJob({ name: `clip-${i}.mov` }));
    const fake = createFakeUploader({ jobs });
    await renderApp(fake);

    const rows = queue().getAllByRole('listitem');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(rows[0]?.getAttribute('aria-setsize')).toBe('10000');
    expect(screen.getByText('clip-0.mov')).toBeTruthy();
    expect(screen.queryByText('clip-9999.mov')).toBeNull();
  });

  it('offers the actions valid for each state and calls them with the job id', async () => {
    const uploading = makeJob({ name: 'up.mov', state: 'uploading' });
    const paused = makeJob({ name: 'paused.mov', state: 'paused' });
    const failed = makeJob({ name: 'failed.mov', state: 'failed' });
    const done = makeJob({ name: 'done.mov', state: 'done' });
    const cancelled = makeJob({ name: 'cancelled.mov', state: 'cancelled' });
    const fake = createFakeUploader({ jobs: [uploading, paused, failed, done, cancelled] });
    await renderApp(fake);

    fireEvent.click(screen.getByRole('button', { name: 'Pause up.mov' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel up.mov' }));
    fireEvent.click(screen.getByRole('button', { name: 'Resume paused.mov' }));
    fireEvent.click(screen.getByRole('button', { name: 'Retry failed.mov' }));
    fireEvent.click(screen.getByRole('button', { name: 'Retry cancelled.mov' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove done.mov' }));

    expect(fake.callsTo('pauseJob')).toEqual([{ id: uploading.id }]);
    expect(fake.callsTo('cancelJob')).toEqual([{ id: uploading.id }]);
    expect(fake.callsTo('resumeJob')).toEqual([{ id: paused.id }]);
    expect(fake.callsTo('retryJob')).toEqual([{ id: failed.id }, { id: cancelled.id }]);
    expect(fake.callsTo('removeJob')).toEqual([{ id: done.id }]);
    expect(screen.queryByRole('button', { name: 'Pause done.mov' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Cancel done.mov' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Remove up.mov' })).toBeNull();
  });

  it('shows a failed command as an error toast', async () => {
    const job = makeJob({ name: 'a.mov', state: 'uploading' });
    const fake = createFakeUploader({ jobs: [job] });
    fake.respond('pauseJob', () => ({
      ok: false,
      error: { code: 'not-found', message: 'That upload is no longer in the queue.', retryable: false },
    }));
    await renderApp(fake);

    fireEvent.click(screen.getByRole('button', { name: 'Pause a.mov' }));

    const toasts = await screen.findByRole('region', { name: 'Notifications' });
    expect(within(toasts).getByText('That upload is no longer in the queue.')).toBeTruthy();
  });

  it('filters rows by state and shows each filter’s count', async () => {
    const jobs = [
      makeJob({ name: 'q.mov', state: 'queued' }),
      makeJob({ name: 'u.mov', state: 'uploading' }),
      makeJob({ name: 'd.mov', state: 'awaiting-decision' }),
      makeJob({ name: 'p.mov', state: 'paused' }),
      makeJob({ name: 'f.mov', state: 'failed' }),
      makeJob({ name: 'ok.mov', state: 'done' }),
      makeJob({ name: 's.mov', state: 'skipped' }),
      makeJob({ name: 'c.mov', state: 'cancelled' }),
    ];
    const fake = createFakeUploader({ jobs });
    await renderApp(fake);
    // The conflict dialog would cover the list; decide later.
    fireEvent.click(await screen.findByRole('button', { name: 'Decide later' }));

    const visible = rowNames;
    expect(screen.getByRole('button', { name: 'All 8' }).getAttribute('aria-pressed')).toBe('true');

    fireEvent.click(screen.getByRole('button', { name: 'Active 3' }));
    expect(visible()).toEqual(['q.mov', 'u.mov', 'd.mov']);

    fireEvent.click(screen.getByRole('button', { name: 'Paused 1' }));
    expect(visible()).toEqual(['p.mov']);

    fireEvent.click(screen.getByRole('button', { name: 'Failed 1' }));
    expect(visible()).toEqual(['f.mov']);

    fireEvent.click(screen.getByRole('button', { name: 'Done 2' }));
    expect(visible()).toEqual(['ok.mov', 's.mov']);

    fireEvent.click(screen.getByRole('button', { name: 'All 8' }));
    expect(visible()).toHaveLength(8);
  });

  it('moves a filtered-out job away live and says so when a filter is empty', async () => {
    const job = makeJob({ name: 'a.mov', state: 'failed' });
    const fake = createFakeUploader({ jobs: [job] });
    await renderApp(fake);

    fireEvent.click(screen.getByRole('button', { name: 'Failed 1' }));
    const retried = { ...job, state: 'queued' as const };
    act(() => fake.pushUpdate({ changed: [retried], all: [retried] }));

    expect(screen.queryByRole('list', { name: /^Upload queue/ })).toBeNull();
    expect(screen.getByText('No failed uploads.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Failed 0' })).toBeTruthy();
  });

  it('is one tab stop: arrow keys move between rows, Tab reaches the focused row’s buttons', async () => {
    const jobs = [makeJob({ name: 'a.mov' }), makeJob({ name: 'b.mov' }), makeJob({ name: 'c.mov' })];
    const fake = createFakeUploader({ jobs });
    await renderApp(fake);

    const first = rowOf('a.mov');
    expect(first.tabIndex).toBe(0);
    expect(rowOf('b.mov').tabIndex).toBe(-1);
    expect(screen.getByRole('button', { name: 'Pause a.mov' }).tabIndex).toBe(0);
    expect(screen.getByRole('button', { name: 'Pause b.mov' }).tabIndex).toBe(-1);

    act(() => first.focus());
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rowOf('b.mov'));
    expect(rowOf('b.mov').tabIndex).toBe(0);
    expect(screen.getByRole('button', { name: 'Pause b.mov' }).tabIndex).toBe(0);

    fireEvent.keyDown(rowOf('b.mov'), { key: 'End' });
    expect(document.activeElement).toBe(rowOf('c.mov'));
    fireEvent.keyDown(rowOf('c.mov'), { key: 'Home' });
    expect(document.activeElement).toBe(rowOf('a.mov'));
  });
});
