// @vitest-environment happy-dom
// Failures and many files at once, as a person meets them in the window: the details panel
// and the fix it offers, Remove failed and Clear finished, a selection and its bulk
// actions, a signed-out queue, and the window in German.

import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountView, JobView } from '../../../preload/contract';
import { createFakeUploader, defaultSettings, makeJob, serverAccount } from './fake-uploader';
import { renderApp, restoreQueueLayout } from './render-app';

afterEach(() => {
  cleanup();
  restoreQueueLayout();
});

const failed = (name: string, error: NonNullable<JobView['error']>, overrides: Partial<JobView> = {}) =>
  makeJob({ name, state: 'failed', error, finishedAt: Date.UTC(2026, 11, 1, 9, 10), ...overrides });

describe('failure details', () => {
  it('say why, what the server said, how often, and offer the fix that applies', async () => {
    const job = failed('gone.mov', { code: 'file-missing', message: 'gone.mov does not exist.', retryable: false, attempts: 2, detail: null, status: null, request: null });
    const fake = createFakeUploader({ jobs: [job] });
    await renderApp(fake);

    fireEvent.click(screen.getByRole('button', { name: 'Why gone.mov failed' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Why this file did not upload' }));
    expect(dialog.getByText('The file is no longer where it was when you added it.')).toBeTruthy();
    expect(dialog.getByText('failed 2 times')).toBeTruthy();
    fireEvent.click(dialog.getByRole('button', { name: 'Locate file…' }));
    await waitFor(() => expect(fake.callsTo('locateFile')).toEqual([{ id: job.id }]));
  });

  it('send a folder failure to the folder browser, and retry every upload it failed once a new folder is chosen', async () => {
    const error = { code: 'bad-request' as const, message: 'The server refused the request (400, POST /asset/upload/start): parentId: must be a UUID.', retryable: false, detail: 'parentId: must be a UUID', status: 400, request: 'POST /asset/upload/start', attempts: 1 };
    const [a, b] = [failed('a.mov', error), failed('b.mov', error)];
    const fake = createFakeUploader({ jobs: [a, b], settings: defaultSettings({ defaultParentId: 'not-a-folder' }) });
    await renderApp(fake);

    fireEvent.click(screen.getByRole('button', { name: 'Why a.mov failed' }));
    const details = within(screen.getByRole('dialog', { name: 'Why this file did not upload' }));
    expect(details.getByText('parentId: must be a UUID')).toBeTruthy();
    expect(details.getByText('POST /asset/upload/start → 400')).toBeTruthy();
    fake.respond('listFolders', () => ({ ok: true, value: { folders: [{ id: 'b-1', name: 'Media', kind: 'bucket' }], nextPageOffset: null, total: 1 } }));
    fireEvent.click(details.getByRole('button', { name: 'Choose another folder…' }));

    // The folder browser, not a field for an id: the person picks the folder by name.
    const browser = within(await screen.findByRole('dialog', { name: 'Choose a destination folder' }));
    fireEvent.click(await browser.findByRole('button', { name: /Media/ }));
    fireEvent.click(await browser.findByRole('button', { name: 'Upload to “Media”' }));
    await waitFor(() => expect(fake.callsTo('retryWithSettings')).toEqual([{ ids: [a.id, b.id] }]));
    expect(fake.callsTo('updateSettings')).toEqual([{ patch: { defaultParentId: 'b-1' } }]);
  });
});

describe('bulk actions', () => {
  it('Remove failed asks first; Keep them changes nothing', async () => {
    const fake = createFakeUploader({ jobs: [failed('x.mov', { code: 'server-error', message: 'The server failed.', retryable: true })] });
    await renderApp(fake);

    fireEvent.click(screen.getByRole('button', { name: 'Remove failed…' }));
    const confirm = within(screen.getByRole('alertdialog', { name: 'Remove the failed upload?' }));
    fireEvent.click(confirm.getByRole('button', { name: 'Keep them' }));
    expect(fake.callsTo('removeFailed')).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Remove failed…' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Remove it' }));
    await waitFor(() => expect(fake.callsTo('removeFailed')).toHaveLength(1));
  });

  it('Clear finished clears done and cancelled (not failed) and says what it cleared', async () => {
    const jobs = [makeJob({ state: 'done' }), makeJob({ state: 'done' }), makeJob({ state: 'cancelled' }), failed('f.mov', { code: 'network', message: 'x', retryable: true })];
    const fake = createFakeUploader({ jobs });
    fake.respond('clearFinished', () => ({ ok: true, value: { removed: 3 } }));
    await renderApp(fake);

    fireEvent.click(screen.getByRole('button', { name: 'Clear finished' }));
    const toasts = within(await screen.findByRole('region', { name: 'Notifications' }));
    expect(toasts.getByText('Cleared 3 uploads: 2 done, 1 cancelled.')).toBeTruthy();
  });

  it('act on the files a person selected; Cancel asks first', async () => {
    const jobs = [makeJob({ name: 'a.mov', state: 'uploading' }), makeJob({ name: 'b.mov', state: 'queued' }), makeJob({ name: 'c.mov', state: 'queued' })];
    const fake = createFakeUploader({ jobs });
    await renderApp(fake);

    fireEvent.click(screen.getByRole('checkbox', { name: 'Select a.mov' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select c.mov' }));
    const bar = within(screen.getByRole('region', { name: 'Selected files' }));
    expect(bar.getByText('2 files selected')).toBeTruthy();
    fireEvent.click(bar.getByRole('button', { name: 'Pause' }));
    await waitFor(() => expect(fake.callsTo('applyToJobs')).toEqual([{ action: 'pause', ids: [jobs[0]!.id, jobs[2]!.id] }]));

    fireEvent.click(bar.getByRole('button', { name: 'Cancel…' }));
    const confirm = within(screen.getByRole('alertdialog', { name: 'Cancel 2 uploads?' }));
    fireEvent.click(confirm.getByRole('button', { name: 'Cancel 2 uploads' }));
    await waitFor(() => expect(fake.callsTo('applyToJobs')).toHaveLength(2));
    expect(fake.callsTo('applyToJobs')[1]).toEqual({ action: 'cancel', ids: [jobs[0]!.id, jobs[2]!.id] });
  });
});

describe('signed out', () => {
  const signedOut: AccountView = { ...serverAccount('https://media.example.com', 'ana'), targetLabel: 'media.example.com', signedIn: false };

  it('shows the kept queue as waiting for a sign-in, with Sign in on the paused rows and in a banner', async () => {
    const job = makeJob({ name: 'interview.mov', state: 'paused', pauseReason: 'system', bytesConfirmed: 380_000, size: 1_000_000 });
    const fake = createFakeUploader({ jobs: [job], account: signedOut, settings: defaultSettings({ target: signedOut.target }) });
    await renderApp(fake);

    expect(screen.getByRole('button', { name: /^Account: Signed out, media\.example\.com/ })).toBeTruthy();
    expect(screen.getByRole('listitem', { name: /^interview\.mov, .*, Paused, Paused — sign in to continue$/ })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Resume interview.mov' })).toBeNull();
    expect(within(screen.getByRole('region', { name: 'Signed out' })).getByText(/1 upload waits, paused/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /^Sign in\s+interview\.mov$/ }));
    expect(await screen.findByRole('dialog', { name: 'Sign in to a Nomad server' })).toBeTruthy();
  });
});

describe('languages', () => {
  it('follow Settings: German words, German numbers, and the page’s lang', async () => {
    const job = makeJob({ name: 'a.mov', size: 1_234_567_890, state: 'uploading', bytesConfirmed: 617_283_945, speed: 34_500_000, etaSeconds: 200 });
    const fake = createFakeUploader({ jobs: [job], settings: defaultSettings({ uiLocale: 'de' }) });
    await renderApp(fake);

    await waitFor(() => expect(document.documentElement.lang).toBe('de'));
    expect(screen.getByRole('button', { name: 'Dateien hinzufügen…' })).toBeTruthy();
    // Intl separates number and unit with a no-break space in German.
    expect(screen.getByRole('listitem', { name: /^a\.mov, 1,2\u00a0GB, Lädt hoch, 50\u00a0% · 34,5 MB\/s · noch 3 Min\., 20 Sek\.$/ })).toBeTruthy();
    act(() => fake.emit('settingsChanged', defaultSettings({ uiLocale: 'en' })));
    expect(await screen.findByRole('button', { name: 'Add files…' })).toBeTruthy();
  });
});
