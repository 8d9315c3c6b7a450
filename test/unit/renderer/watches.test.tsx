// @vitest-environment happy-dom
// The Watch folders screen as a person uses it: add a watch (folder from the picker, the
// destination from the folder browser, the defaults shown and editable), a quiet period out
// of range caught on its field, a refusal from main shown in the form, the state of each
// watch and why a folder is missing, and pause and remove acting on the right watch.

import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchView } from '../../../preload/contract';
import { createFakeUploader, defaultSettings } from './fake-uploader';
import { renderApp, restoreQueueLayout } from './render-app';

afterEach(() => {
  cleanup();
  restoreQueueLayout();
});

const DEFAULTS = { ignore: ['.DS_Store', '*.tmp', '.*'], quietPeriodMs: { default: 10_000, min: 1_000, max: 3_600_000 } };

const view = (overrides: Partial<WatchView> & { id?: string; folder?: string } = {}): WatchView => ({
  config: {
    id: overrides.id ?? 'watch-1',
    folder: overrides.folder ?? '/Volumes/Exports/Day 2',
    parentId: 'shoot-1',
    parentPath: 'Media/Shoot 1',
    overwrite: 'Replace',
    recursive: true,
    ignore: DEFAULTS.ignore,
    quietPeriodMs: 10_000,
    moveUploaded: false,
    paused: overrides.state?.kind === 'paused',
  },
  state: { kind: 'watching', liveEvents: true },
  files: 12,
  settling: 1,
  uploading: 2,
  uploaded: 9,
  failed: 0,
  ...overrides,
});

async function openWatches() {
  fireEvent.click(screen.getByRole('button', { name: 'Watch folders' }));
  return within(await screen.findByRole('dialog', { name: 'Watch folders' }));
}

describe('watch folders', () => {
  it('adds a watch: folder from the picker, destination from the folder browser, defaults shown, the quiet period checked', async () => {
    const fake = createFakeUploader({ settings: defaultSettings({ overwrite: 'Continue' }) });
    fake.respond('listWatches', () => ({ ok: true, value: { watches: [], defaults: DEFAULTS } }));
    fake.respond('pickWatchFolder', () => ({ ok: true, value: { folder: '/Volumes/Exports/Day 2' } }));
    fake.respond('listFolders', () => ({ ok: true, value: { folders: [{ id: 'media', name: 'Media', kind: 'bucket' }], nextPageOffset: null, total: 1 } }));
    await renderApp(fake);
    const list = await openWatches();
    expect(await list.findByText(/No folder is watched yet/)).toBeTruthy();
    fireEvent.click(list.getByRole('button', { name: 'Add watch folder…' }));

    const form = within(await screen.findByRole('dialog', { name: 'Add a watch folder' }));
    expect((form.getByLabelText('Quiet period (seconds)') as HTMLInputElement).value).toBe('10');
    expect((form.getByLabelText('Never upload these names') as HTMLTextAreaElement).value).toBe('.DS_Store\n*.tmp\n.*');
    expect((form.getByLabelText('When a file already exists') as HTMLSelectElement).value).toBe('Continue');
    fireEvent.click(form.getByRole('button', { name: 'Start watching' }));
    expect(await form.findByText('Choose the folder to watch.')).toBeTruthy();

    fireEvent.click(form.getByRole('button', { name: 'Choose folder to watch…' }));
    expect(await form.findByText('/Volumes/Exports/Day 2')).toBeTruthy();
    fireEvent.click(form.getByRole('button', { name: 'Choose destination…' }));
    const browser = within(await screen.findByRole('dialog', { name: 'Choose a destination folder' }));
    fireEvent.click(await browser.findByRole('button', { name: /^Media/ }));
    fireEvent.click(await browser.findByRole('button', { name: 'Upload to “Media”' }));

    // Back in the form, with what was typed before kept.
    const again = within(await screen.findByRole('dialog', { name: 'Add a watch folder' }));
    expect(again.getByText('Media')).toBeTruthy();
    expect(again.getByText('/Volumes/Exports/Day 2')).toBeTruthy();
    fireEvent.change(again.getByLabelText('Quiet period (seconds)'), { target: { value: '0.2' } });
    fireEvent.change(again.getByLabelText('Never upload these names'), { target: { value: '.DS_Store\n\n*.xml\n*.xml' } });
    fireEvent.click(again.getByRole('checkbox', { name: /Include sub-folders/ }));
    fireEvent.click(again.getByRole('checkbox', { name: /Move uploaded files into Uploaded/ }));
    fireEvent.click(again.getByRole('button', { name: 'Start watching' }));
    expect(await again.findByText('Enter a number of seconds from 1 to 3600.')).toBeTruthy();
    expect(fake.callsTo('addWatch')).toEqual([]);

    fireEvent.change(again.getByLabelText('Quiet period (seconds)'), { target: { value: '30' } });
    fireEvent.click(again.getByRole('button', { name: 'Start watching' }));
    await screen.findByRole('dialog', { name: 'Watch folders' });
    expect(fake.callsTo('addWatch')).toEqual([
      { watch: { folder: '/Volumes/Exports/Day 2', parentId: 'media', overwrite: 'Continue', recursive: false, ignore: ['.DS_Store', '*.xml'], quietPeriodMs: 30_000, moveUploaded: true } },
    ]);
  });

  it('shows main’s refusal in the form, and keeps what was typed', async () => {
    const fake = createFakeUploader();
    fake.respond('listWatches', () => ({ ok: true, value: { watches: [], defaults: DEFAULTS } }));
    fake.respond('pickWatchFolder', () => ({ ok: true, value: { folder: '/mnt/share/gone' } }));
    fake.respond('addWatch', () => ({ ok: false, error: { code: 'watch-folder-unreadable', message: '/mnt/share/gone cannot be read (EACCES).', retryable: false } }));
    await renderApp(fake);
    fireEvent.click((await openWatches()).getByRole('button', { name: 'Add watch folder…' }));
    const form = within(await screen.findByRole('dialog', { name: 'Add a watch folder' }));
    fireEvent.click(form.getByRole('button', { name: 'Choose folder to watch…' }));
    await form.findByText('/mnt/share/gone');
    fireEvent.click(form.getByRole('button', { name: 'Start watching' }));
    expect((await form.findByRole('alert')).textContent).toContain('/mnt/share/gone cannot be read (EACCES).');
    expect(form.getByText('/mnt/share/gone')).toBeTruthy();
  });

  it('lists each watch with its state, counts and why a folder is missing; follows the watchesChanged event', async () => {
    const fake = createFakeUploader();
    const missing = view({ id: 'watch-2', folder: '/Volumes/CARD_A', state: { kind: 'folder-missing', message: '/Volumes/CARD_A cannot be read (ENOENT); it is looked for again every 60 s.' }, files: 0, settling: 0, uploading: 0, uploaded: 0 });
    fake.respond('listWatches', () => ({ ok: true, value: { watches: [view(), missing], defaults: DEFAULTS } }));
    await renderApp(fake);
    const dialog = await openWatches();
    const rows = await dialog.findAllByRole('listitem');
    expect(rows.map((row) => row.querySelector('.watch-state')?.textContent)).toEqual(['Watching', 'Folder missing']);
    expect(within(rows[0]!).getByText('To Media/Shoot 1')).toBeTruthy();
    expect(within(rows[0]!).getByText('9 files uploaded since the app started · 1 settling · 2 uploading')).toBeTruthy();
    expect(within(rows[1]!).getByText(/CARD_A cannot be read \(ENOENT\)/)).toBeTruthy();

    act(() => fake.emit('watchesChanged', [view({ state: { kind: 'paused' } }), missing]));
    expect(within(dialog.getAllByRole('listitem')[0]!).getByRole('button', { name: 'Resume watching Day 2' })).toBeTruthy();
  });

  it('pauses and removes the watch whose button was pressed, asking before it removes', async () => {
    const fake = createFakeUploader();
    fake.respond('listWatches', () => ({ ok: true, value: { watches: [view(), view({ id: 'watch-2', folder: '/Volumes/Renders' })], defaults: DEFAULTS } }));
    fake.respond('setWatchPaused', ({ id }) => ({ ok: true, value: view({ id, folder: '/Volumes/Renders', state: { kind: 'paused' } }) }));
    await renderApp(fake);
    const dialog = await openWatches();
    fireEvent.click(await dialog.findByRole('button', { name: 'Pause watching Renders' }));
    await dialog.findByRole('button', { name: 'Resume watching Renders' });
    expect(fake.callsTo('setWatchPaused')).toEqual([{ id: 'watch-2', paused: true }]);

    fireEvent.click(dialog.getByRole('button', { name: 'Remove the watch of Day 2' }));
    const confirm = dialog.getByRole('button', { name: 'Remove watch' });
    await waitFor(() => expect(document.activeElement).toBe(confirm));
    expect(fake.callsTo('removeWatch')).toEqual([]);
    fireEvent.click(confirm);
    await waitFor(() => expect(dialog.getAllByRole('listitem')).toHaveLength(1));
    expect(fake.callsTo('removeWatch')).toEqual([{ id: 'watch-1' }]);
  });
});
