// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeUploader, defaultSettings } from './fake-uploader';
import { renderApp, restoreQueueLayout } from './render-app';

afterEach(() => {
  cleanup();
  restoreQueueLayout();
});

async function openSettings() {
  fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
  return within(await screen.findByRole('dialog', { name: 'Settings' }));
}

const input = (dialog: ReturnType<typeof within>, label: string) => dialog.getByLabelText(label) as HTMLInputElement;

describe('settings', () => {
  it('shows the saved settings in human units', async () => {
    const fake = createFakeUploader({
      settings: defaultSettings({ concurrency: 8, bandwidthLimit: 2_500_000, defaultParentId: 'folder-1', defaultParentPath: 'Media/Projects', overwrite: 'AssetReplace' }),
    });
    await renderApp(fake);
    const dialog = await openSettings();

    expect(input(dialog, 'Parallel transfers').value).toBe('8');
    expect(input(dialog, 'Bandwidth limit').value).toBe('2.5');
    expect((dialog.getByLabelText('Bandwidth unit') as HTMLSelectElement).value).toBe('MB/s');
    // The folder by its path; its id is nowhere to be seen or typed.
    expect(dialog.getByText('Media/Projects')).toBeTruthy();
    expect(dialog.queryByDisplayValue('folder-1')).toBeNull();
    const overwrite = dialog.getByLabelText('Default action') as HTMLSelectElement;
    expect(overwrite.selectedOptions[0]?.textContent).toBe('Replace asset');
  });

  it('saves only what changed', async () => {
    const fake = createFakeUploader({ settings: defaultSettings({ replaceOptions: ['RecreateThumbnail'] }) });
    fake.respond('listLanguages', () => ({ ok: true, value: [{ id: 'lang-de', name: 'German', code: 'de' }, { id: 'lang-en', name: 'English', code: 'en' }] }));
    await renderApp(fake);
    const dialog = await openSettings();
    await dialog.findByRole('option', { name: 'German' });

    fireEvent.change(input(dialog, 'Parallel transfers'), { target: { value: '12' } });
    fireEvent.change(dialog.getByLabelText('Bandwidth unit'), { target: { value: 'KB/s' } });
    fireEvent.change(input(dialog, 'Bandwidth limit'), { target: { value: '750' } });
    fireEvent.change(dialog.getByLabelText('Language of new assets'), { target: { value: 'lang-de' } });
    fireEvent.change(dialog.getByLabelText('Default action'), { target: { value: 'Cancel' } });
    fireEvent.click(dialog.getByRole('checkbox', { name: 'Recreate preview' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.callsTo('updateSettings')).toEqual([
      {
        patch: {
          languageId: 'lang-de',
          concurrency: 12,
          bandwidthLimit: 750_000,
          overwrite: 'Cancel',
          replaceOptions: ['RecreateThumbnail', 'RecreatePreview'],
        },
      },
    ]);
  });

  it('shows the validation error the main process returns and stays open', async () => {
    const fake = createFakeUploader();
    fake.respond('updateSettings', () => ({
      ok: false,
      error: { code: 'invalid-payload', message: 'The folder id must be a UUID.', retryable: false },
    }));
    await renderApp(fake);
    const dialog = await openSettings();

    fireEvent.change(input(dialog, 'Parallel transfers'), { target: { value: '3' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    expect((await dialog.findByRole('alert')).textContent).toContain('The folder id must be a UUID.');
    expect(screen.getByRole('dialog', { name: 'Settings' })).toBeTruthy();
  });

  it('refuses a concurrency outside 1–32 before saving', async () => {
    const fake = createFakeUploader();
    await renderApp(fake);
    const dialog = await openSettings();

    fireEvent.change(input(dialog, 'Parallel transfers'), { target: { value: '64' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    expect(dialog.getByText('Enter a whole number from 1 to 32.')).toBeTruthy();
    expect(input(dialog, 'Parallel transfers').getAttribute('aria-invalid')).toBe('true');
    expect(fake.callsTo('updateSettings')).toEqual([]);
  });

  it('choosing a server target continues with sign-in', async () => {
    const fake = createFakeUploader();
    await renderApp(fake);
    const dialog = await openSettings();

    fireEvent.click(dialog.getByRole('radio', { name: /Nomad server/ }));
    fireEvent.click(dialog.getByRole('button', { name: 'Save and sign in…' }));

    expect(await screen.findByRole('dialog', { name: 'Sign in to a Nomad server' })).toBeTruthy();
    expect(fake.callsTo('updateSettings')).toEqual([]);
  });

  it('Escape closes without saving and gives focus back to the Settings button', async () => {
    const fake = createFakeUploader();
    await renderApp(fake);
    const button = screen.getByRole('button', { name: 'Settings' });
    button.focus();
    const dialog = await openSettings();
    expect(dialog.getByRole('radio', { name: /Local sandbox/ })).toBe(document.activeElement);

    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(fake.callsTo('updateSettings')).toEqual([]);
  });

  it('Choose folder… opens the folder browser: buckets and Incoming at the root, a folder by name, saved by id and shown by path', async () => {
    const fake = createFakeUploader();
    fake.respond('listFolders', ({ parentId }) => ({
      ok: true,
      value:
        parentId === null
          ? { folders: [{ id: 'in-1', name: 'Incoming', kind: 'folder' }, { id: 'b-1', name: 'Media', kind: 'bucket' }], nextPageOffset: null, total: 2 }
          : { folders: [{ id: 'p-1', name: 'Projects', kind: 'folder' }], nextPageOffset: null, total: 1 },
    }));
    fake.respond('updateSettings', ({ patch }) => ({ ok: true, value: defaultSettings({ ...patch, defaultParentPath: 'Media/Projects' }) }));
    await renderApp(fake);
    const settings = await openSettings();

    fireEvent.click(settings.getByRole('button', { name: 'Choose folder…' }));
    const browser = within(await screen.findByRole('dialog', { name: 'Choose a destination folder' }));
    fireEvent.click(await browser.findByRole('button', { name: /Media/ }));
    fireEvent.click(await browser.findByRole('button', { name: 'Projects' }));
    fireEvent.click(await browser.findByRole('button', { name: 'Upload to “Projects”' }));

    await waitFor(() => expect(fake.callsTo('updateSettings')).toEqual([{ patch: { defaultParentId: 'p-1' } }]));
    expect(fake.callsTo('listFolders')).toEqual([{ parentId: null, pageOffset: 0 }, { parentId: 'b-1', pageOffset: 0 }, { parentId: 'p-1', pageOffset: 0 }]);
    expect(await screen.findByText('Media/Projects on Local sandbox')).toBeTruthy();
  });
});
