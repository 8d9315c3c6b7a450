// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeUploader, makeJob } from './fake-uploader';
import { renderApp, restoreQueueLayout } from './render-app';

afterEach(() => {
  cleanup();
  restoreQueueLayout();
});

const summary = () => within(screen.getByRole('region', { name: 'Queue summary' }));

describe('the summary bar', () => {
  it('shows overall progress, bytes, speed, ETA and counts by state', async () => {
    const jobs = [
      makeJob({ state: 'uploading', size: 3_000_000_000, bytesConfirmed: 1_000_000_000, speed: 34_500_000 }),
      makeJob({ state: 'done', size: 1_000_000_000 }),
      makeJob({ state: 'failed', size: 500_000_000 }),
      makeJob({ state: 'queued', size: 500_000_000 }),
    ];
    const fake = createFakeUploader({ jobs });
    await renderApp(fake);

    expect(summary().getByRole('progressbar', { name: 'Overall progress' }).getAttribute('aria-valuenow')).toBe('40');
    expect(summary().getByText('2.0 GB of 5.0 GB')).toBeTruthy();
    expect(summary().getByText(/of 5\.0 GB/)).toBeTruthy();
    expect(summary().getByText('34.5 MB/s')).toBeTruthy();
    // What is left of the jobs that will still move (not the failed one): 2.5 GB / 34.5 MB/s = 72.5 s
    expect(summary().getByText('1 min 13 sec left')).toBeTruthy();
    const counts = within(screen.getByRole('list', { name: 'Files by state' }));
    expect(counts.getByText(/1 uploading/)).toBeTruthy();
    expect(counts.getByText(/1 failed/)).toBeTruthy();
    expect(counts.getByText(/1 done/)).toBeTruthy();
    expect(counts.getByText(/1 queued/)).toBeTruthy();
  });

  it('follows totals from queueUpdate events', async () => {
    const job = makeJob({ state: 'uploading', size: 1000 });
    const fake = createFakeUploader({ jobs: [job] });
    await renderApp(fake);

    const done = { ...job, state: 'done' as const, bytesConfirmed: 1000, bytesDone: 1000 };
    act(() => fake.pushUpdate({ changed: [done], all: [done] }));

    expect(summary().getByRole('heading', { name: 'All uploads finished' })).toBeTruthy();
    expect(summary().getByRole('progressbar', { name: 'Overall progress' }).getAttribute('aria-valuenow')).toBe('100');
  });

  it('runs the bulk actions', async () => {
    const jobs = [
      makeJob({ state: 'uploading' }),
      makeJob({ state: 'paused' }),
      makeJob({ state: 'failed' }),
      makeJob({ state: 'done' }),
    ];
    const fake = createFakeUploader({ jobs });
    await renderApp(fake);

    fireEvent.click(summary().getByRole('button', { name: 'Pause all' }));
    fireEvent.click(summary().getByRole('button', { name: 'Resume all' }));
    fireEvent.click(summary().getByRole('button', { name: 'Retry failed' }));
    fireEvent.click(summary().getByRole('button', { name: 'Clear finished' }));

    expect(fake.calls.map((c) => c.name).filter((n) => n.endsWith('All') || n === 'retryFailed' || n === 'clearFinished')).toEqual([
      'pauseAll',
      'resumeAll',
      'retryFailed',
      'clearFinished',
    ]);
  });

  it('disables bulk actions that have nothing to act on', async () => {
    const fake = createFakeUploader({ jobs: [makeJob({ state: 'uploading' })] });
    await renderApp(fake);

    expect(summary().getByRole('button', { name: 'Pause all' }).hasAttribute('disabled')).toBe(false);
    expect(summary().getByRole('button', { name: 'Resume all' }).hasAttribute('disabled')).toBe(true);
    expect(summary().getByRole('button', { name: 'Retry failed' }).hasAttribute('disabled')).toBe(true);
    expect(summary().getByRole('button', { name: 'Clear finished' }).hasAttribute('disabled')).toBe(true);
  });
});
