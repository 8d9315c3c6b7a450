// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '../../../preload/contract';
import { createFakeUploader, defaultSettings, serverAccount, snapshotOf } from './fake-uploader';
import { renderApp, restoreQueueLayout } from './render-app';

afterEach(() => {
  cleanup();
  restoreQueueLayout();
});

describe('the window', () => {
  it('welcomes a new user with the destination and both ways to add files', async () => {
    const fake = createFakeUploader();
    await renderApp(fake);

    expect(screen.getByText('Local sandbox — files stay on this computer')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Drop files or folders to upload' })).toBeTruthy();
    expect(screen.getByText('Incoming on Local sandbox')).toBeTruthy();

    const main = within(screen.getByRole('main'));
    fireEvent.click(main.getByRole('button', { name: 'Add files…' }));
    fireEvent.click(main.getByRole('button', { name: 'Add folder…' }));
    fireEvent.click(within(screen.getByRole('banner')).getByRole('button', { name: 'Add folder…' }));

    expect(fake.callsTo('addFromDialog')).toEqual([{ kind: 'files' }, { kind: 'folder' }, { kind: 'folder' }]);
  });

  it('shows the server and user when uploading to a real server', async () => {
    const target = { kind: 'server' as const, url: 'https://media.example.com:8443' };
    const fake = createFakeUploader({
      account: { ...serverAccount(target.url, 'maria'), targetLabel: target.url },
      settings: defaultSettings({ target }),
    });
    await renderApp(fake);

    const header = within(screen.getByRole('banner'));
    expect(header.getByText('media.example.com:8443')).toBeTruthy();
    expect(header.getAllByText('maria').length).toBeGreaterThan(0);
  });

  it('follows account and settings changes pushed by the main process', async () => {
    const fake = createFakeUploader();
    await renderApp(fake);

    const target = { kind: 'server' as const, url: 'https://nomad.example.org' };
    act(() => {
      fake.emit('accountChanged', { ...serverAccount(target.url, 'ops'), targetLabel: target.url });
      fake.emit('settingsChanged', defaultSettings({ target, defaultParentId: 'f-9', defaultParentPath: 'Media/Projects' }));
    });

    expect(within(screen.getByRole('banner')).getByText('nomad.example.org')).toBeTruthy();
    expect(screen.getByText('Media/Projects on nomad.example.org')).toBeTruthy();
  });

  it('shows notices as toasts that can be dismissed', async () => {
    const fake = createFakeUploader();
    await renderApp(fake);

    act(() => fake.emit('notice', { level: 'warning', message: 'Uploads paused: the computer is offline.' }));
    const toasts = within(screen.getByRole('region', { name: 'Notifications' }));
    expect(toasts.getByText('Uploads paused: the computer is offline.')).toBeTruthy();

    fireEvent.click(toasts.getByRole('button', { name: 'Dismiss notification' }));
    expect(screen.queryByRole('region', { name: 'Notifications' })).toBeNull();
  });

  it('says so when the queue cannot be loaded, and can try again', async () => {
    const fake = createFakeUploader();
    fake.respond('getSnapshot', () => ({
      ok: false,
      error: { code: 'internal', message: 'The upload engine is not running.', retryable: true },
    }));
    await renderApp(fake);

    expect(screen.getByText(/The upload engine is not running\./)).toBeTruthy();
    fake.respond('getSnapshot', () => ({ ok: true, value: snapshotOf([]) }));
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByRole('heading', { name: 'Drop files or folders to upload' })).toBeTruthy();
  });

  it('lists uploads the server still has open by file name, and asks before discarding them all', async () => {
    const fake = createFakeUploader();
    fake.respond('listLeftovers', () => ({
      ok: true,
      value: [
        { uploadId: 'up-1', assetId: 'asset-1', displayName: 'A001_C003_interview.mov', contentLength: 4_200_000_000, startDate: null, partsTotal: 501, partsConfirmed: 188 },
        { uploadId: 'up-2', assetId: 'asset-2', displayName: null, contentLength: null, startDate: null, partsTotal: 12, partsConfirmed: 3 },
        { uploadId: 'up-3', assetId: 'asset-3', displayName: 'drone.mov', contentLength: 1000, startDate: null, partsTotal: 1, partsConfirmed: 0 },
      ],
    }));
    await renderApp(fake);

    fireEvent.click(await screen.findByRole('button', { name: 'Review…' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Unfinished uploads on the server' }));
    expect(dialog.getByText('4.2 GB · 188 of 501 parts uploaded')).toBeTruthy();
    // The file's name from its asset; the asset id only when the server could not say.
    expect(dialog.getByRole('button', { name: 'Discard A001_C003_interview.mov' })).toBeTruthy();
    expect(dialog.getByText('Asset asset-2', { selector: 'code' })).toBeTruthy();
    fireEvent.click(dialog.getByRole('button', { name: 'Discard A001_C003_interview.mov' }));

    await waitFor(() => expect(dialog.queryByRole('button', { name: 'Discard A001_C003_interview.mov' })).toBeNull());
    expect(fake.callsTo('discardLeftover')).toEqual([{ uploadId: 'up-1' }]);
    // Focus moves to the next item's button, not to the page.
    await waitFor(() => expect(document.activeElement).toBe(dialog.getByRole('button', { name: 'Discard Asset asset-2' })));

    // Discard all deletes parts on the server: it asks first, and "Keep them" changes nothing.
    fireEvent.click(dialog.getByRole('button', { name: 'Discard all…' }));
    expect(dialog.getByRole('alert').textContent).toBe('Delete the uploaded parts of all 2 uploads from the server?');
    fireEvent.click(dialog.getByRole('button', { name: 'Keep them' }));
    expect(fake.callsTo('discardLeftover')).toHaveLength(1);
    fireEvent.click(dialog.getByRole('button', { name: 'Discard all…' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Discard all 2' }));
    await waitFor(() => expect(dialog.getByText('Nothing left to clean up.')).toBeTruthy());
    expect(fake.callsTo('discardLeftover')).toEqual([{ uploadId: 'up-1' }, { uploadId: 'up-2' }, { uploadId: 'up-3' }]);
  });

  it('unsubscribes from every event when it goes away', async () => {
    const fake = createFakeUploader();
    const { unmount } = await renderApp(fake);
    // One listener per event of the contract: queue, account, settings, notices, updates, attachments, watches.
    expect(fake.listenerCount()).toBe(EVENT_NAMES.length);

    unmount();

    expect(fake.listenerCount()).toBe(0);
  });
});

