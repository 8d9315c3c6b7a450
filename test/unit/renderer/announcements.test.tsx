// @vitest-environment happy-dom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobView } from '../../../preload/contract';
import { createFakeUploader, makeJob } from './fake-uploader';
import { renderApp, restoreQueueLayout } from './render-app';

afterEach(() => {
  cleanup();
  restoreQueueLayout();
});

function liveRegion(): HTMLElement {
  const regions = document.querySelectorAll('[aria-live]');
  expect(regions).toHaveLength(1);
  return regions[0] as HTMLElement;
}

const said = () => [...liveRegion().querySelectorAll('p')].map((p) => p.textContent);

describe('screen reader announcements', () => {
  it('announces milestones once through the single polite live region, never progress ticks', async () => {
    const job = makeJob({ name: 'a.mov', size: 1000, state: 'uploading' });
    const fake = createFakeUploader({ jobs: [job] });
    await renderApp(fake);
    expect(liveRegion().getAttribute('aria-live')).toBe('polite');

    let current: JobView = job;
    for (const bytes of [100, 300, 600, 900]) {
      current = { ...current, bytesConfirmed: bytes, speed: 1000 };
      act(() => fake.pushUpdate({ changed: [current], all: [current] }));
    }
    expect(said()).toEqual([]);

    const done = { ...current, state: 'done' as const, bytesConfirmed: 1000 };
    act(() => fake.pushUpdate({ changed: [done], all: [done] }));
    // Later updates that leave the job done (totals ticks, re-sent views) say nothing new.
    act(() => fake.pushUpdate({ changed: [done], all: [done] }));
    act(() => fake.pushUpdate({ all: [done] }));

    expect(said()).toEqual(['a.mov uploaded', 'All uploads finished: 1 file uploaded']);
  });

  it('announces new uploads, conflicts and failures in batches', async () => {
    const [a, b] = [makeJob({ name: 'a.mov' }), makeJob({ name: 'b.mov' })];
    const fake = createFakeUploader({ jobs: [a, b] });
    await renderApp(fake);

    const added = [makeJob({ name: 'c.mov' }), makeJob({ name: 'd.mov' }), makeJob({ name: 'e.mov' })];
    act(() => fake.pushUpdate({ changed: added, all: [a, b, ...added] }));

    const error = { code: 'server-error' as const, message: 'The server answered 500.', retryable: true };
    const failedA = { ...a, state: 'failed' as const, error };
    const failedB = { ...b, state: 'failed' as const, error };
    act(() => fake.pushUpdate({ changed: [failedA, failedB], all: [failedA, failedB, ...added] }));

    expect(said()).toEqual(['Upload started: 3 files', '2 uploads failed']);
  });

  it('stays quiet about finished jobs that arrive when a queue is attached after sign-in', async () => {
    const fake = createFakeUploader();
    await renderApp(fake);

    const restored = [
      makeJob({ name: 'old.mov', state: 'done' }),
      makeJob({ name: 'older.mov', state: 'failed' }),
      makeJob({ name: 'half.mov', state: 'queued' }),
    ];
    act(() => fake.pushUpdate({ changed: restored, all: restored }));

    expect(said()).toEqual(['Upload started: 1 file']);
  });

  it('says nothing of the uploads of another saved server when it is shown (a switch)', async () => {
    const fake = createFakeUploader({ jobs: [makeJob({ name: 'local.mov', state: 'uploading' })] });
    await renderApp(fake);

    const staging = [makeJob({ name: 'interview.mov', state: 'uploading' }), makeJob({ name: 'broll.mov', state: 'queued' })];
    act(() => fake.pushUpdate({ changed: staging, removed: [], all: staging, switched: true }));

    expect(screen.getByText('interview.mov')).toBeTruthy();
    expect(said()).toEqual([]);
  });

  it('reads error toasts through the same region', async () => {
    const fake = createFakeUploader();
    await renderApp(fake);

    act(() => fake.emit('notice', { level: 'error', message: 'The disk is full.' }));

    expect(said()).toEqual(['Error: The disk is full.']);
    expect(screen.getByRole('region', { name: 'Notifications' }).getAttribute('aria-live')).toBeNull();
  });
});
