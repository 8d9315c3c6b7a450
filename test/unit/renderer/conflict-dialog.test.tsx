// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobView } from '../../../preload/contract';
import { createFakeUploader, defaultSettings, makeJob } from './fake-uploader';
import { renderApp, restoreQueueLayout } from './render-app';

afterEach(() => {
  cleanup();
  restoreQueueLayout();
});

/** By default the server has an unfinished upload of the file, so Continue is offered first. */
const conflicted = (name: string, assetId: string | null = 'asset-7', uploadId: string | null = 'upload-7'): JobView =>
  makeJob({
    name,
    relativePath: `shoot/${name}`,
    state: 'awaiting-decision',
    conflict: {
      assetId,
      uploadId,
      detail: `An asset named ${name} already exists.`,
      choices: assetId ? ['continue', 'replace', 'asset-replace', 'skip'] : ['continue', 'replace', 'skip'],
      reason: null,
    },
  });

describe('the "already exists" dialog', () => {
  it('asks about one file at a time and says how many more are waiting', async () => {
    const fake = createFakeUploader({ jobs: [conflicted('a.mov'), conflicted('b.mov'), conflicted('c.mov')] });
    await renderApp(fake);

    const dialog = await screen.findByRole('dialog', { name: '“a.mov” already exists on the server' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(within(dialog).getByText('2 more files waiting')).toBeTruthy();
    expect(within(dialog).getByText('An asset named a.mov already exists.')).toBeTruthy();
    expect(within(dialog).getByText('asset-7')).toBeTruthy();
  });

  it('sends the chosen action, the replace options (pre-filled from settings) and apply-to-all', async () => {
    const job = conflicted('a.mov');
    const fake = createFakeUploader({
      jobs: [job, conflicted('b.mov')],
      settings: defaultSettings({ replaceOptions: ['RecreateThumbnail'] }),
    });
    await renderApp(fake);
    const dialog = within(await screen.findByRole('dialog'));

    fireEvent.click(dialog.getByRole('radio', { name: 'Replace' }));
    expect((dialog.getByRole('checkbox', { name: 'Recreate thumbnail' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(dialog.getByRole('checkbox', { name: 'Replace display name' }));
    fireEvent.click(dialog.getByRole('checkbox', { name: /Apply to all/ }));
    fireEvent.click(dialog.getByRole('button', { name: 'Replace' }));

    await waitFor(() =>
      expect(fake.callsTo('resolveConflict')).toEqual([
        {
          id: job.id,
          action: 'replace',
          replaceOptions: ['ReplaceDisplayName', 'RecreateThumbnail'],
          applyToAll: true,
        },
      ]),
    );
    // Applied to all: the next one is not asked while the engine catches up.
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('offers Continue, Replace asset and Skip, and only sends replace options when replacing', async () => {
    const job = conflicted('a.mov');
    const fake = createFakeUploader({ jobs: [job] });
    await renderApp(fake);
    const dialog = within(await screen.findByRole('dialog'));

    expect((dialog.getByRole('radio', { name: 'Continue' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(dialog.getByRole('radio', { name: 'Skip' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Skip file' }));

    await waitFor(() =>
      expect(fake.callsTo('resolveConflict')).toEqual([
        { id: job.id, action: 'skip', replaceOptions: [], applyToAll: false },
      ]),
    );
  });

  it('moves on to the next file once the engine has the answer', async () => {
    const [a, b] = [conflicted('a.mov'), conflicted('b.mov')];
    const fake = createFakeUploader({ jobs: [a, b] });
    await renderApp(fake);

    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Continue upload' }));
    await waitFor(() => expect(fake.callsTo('resolveConflict')).toHaveLength(1));
    const resumed = { ...a, state: 'uploading' as const, conflict: null };
    act(() => fake.pushUpdate({ changed: [resumed], all: [resumed, b] }));

    expect(await screen.findByRole('dialog', { name: '“b.mov” already exists on the server' })).toBeTruthy();
  });

  it('cannot replace an asset the server did not identify', async () => {
    const fake = createFakeUploader({ jobs: [conflicted('a.mov', null)] });
    await renderApp(fake);

    const radio = within(await screen.findByRole('dialog')).getByRole('radio', { name: 'Replace asset' });
    expect(radio.hasAttribute('disabled')).toBe(true);
  });

  it('offers what the engine can do, not what the server named: an upload given its asset may replace it, and says why it asks', async () => {
    const job = makeJob({
      name: 'a.mov',
      relativePath: 'a.mov',
      state: 'awaiting-decision',
      conflict: {
        assetId: null,
        uploadId: null,
        detail: 'A file with this name already exists.',
        choices: ['continue', 'replace', 'asset-replace', 'skip'],
        reason: 'The policy is Replace asset, but the server did not say which asset exists.',
      },
    });
    const fake = createFakeUploader({ jobs: [job] });
    await renderApp(fake);

    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.getByRole('radio', { name: 'Replace asset' }).hasAttribute('disabled')).toBe(false);
    expect(dialog.getByText('The policy is Replace asset, but the server did not say which asset exists.')).toBeTruthy();
    fireEvent.click(dialog.getByRole('radio', { name: 'Replace asset' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Replace asset' }));
    await waitFor(() => expect(fake.callsTo('resolveConflict')).toEqual([expect.objectContaining({ id: job.id, action: 'asset-replace' })]));
  });

  it('Escape closes without deciding, and the row’s Decide button brings the question back', async () => {
    const job = conflicted('a.mov');
    const fake = createFakeUploader({ jobs: [job] });
    await renderApp(fake);
    const dialog = await screen.findByRole('dialog');
    expect(dialog.contains(document.activeElement)).toBe(true);

    fireEvent.keyDown(dialog, { key: 'Escape' });

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.callsTo('resolveConflict')).toEqual([]);
    // The folder's line says a file needs a decision; opened, the file's Decide button asks again.
    expect(screen.getByRole('listitem', { name: /^shoot, folder, .*1 needs a decision/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show the files of shoot' }));
    fireEvent.click(screen.getByRole('button', { name: /^Decide…\s+a\.mov$/ }));
    expect(await screen.findByRole('dialog', { name: '“a.mov” already exists on the server' })).toBeTruthy();
  });

  it('the summary brings back every question set aside with "Decide later"', async () => {
    const fake = createFakeUploader({ jobs: [conflicted('a.mov'), conflicted('b.mov')] });
    await renderApp(fake);

    fireEvent.keyDown(await screen.findByRole('dialog', { name: '“a.mov” already exists on the server' }), { key: 'Escape' });
    fireEvent.keyDown(await screen.findByRole('dialog', { name: '“b.mov” already exists on the server' }), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: '2 need a decision' }));
    expect(await screen.findByRole('dialog', { name: '“a.mov” already exists on the server' })).toBeTruthy();
  });

  it('keeps Tab inside the dialog', async () => {
    const fake = createFakeUploader({ jobs: [conflicted('a.mov')] });
    await renderApp(fake);
    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Continue upload' });
    const close = within(dialog).getByRole('button', { name: 'Close and decide later' });

    act(() => confirm.focus());
    fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(close);

    fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(confirm);
  });

  it('asks again when the engine refuses the answer', async () => {
    const fake = createFakeUploader({ jobs: [conflicted('a.mov')] });
    fake.respond('resolveConflict', () => ({
      ok: false,
      error: { code: 'not-found', message: 'That upload is no longer waiting for a decision.', retryable: false },
    }));
    await renderApp(fake);

    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Continue upload' }));

    const toasts = await screen.findByRole('region', { name: 'Notifications' });
    expect(within(toasts).getByText('That upload is no longer waiting for a decision.')).toBeTruthy();
    expect(await screen.findByRole('dialog')).toBeTruthy();
  });

  it('proposes Replace when the server holds a finished asset (nothing to continue)', async () => {
    const fake = createFakeUploader({ jobs: [conflicted('done-before.mov', 'asset-9', null)] });
    await renderApp(fake);

    const dialog = await screen.findByRole('dialog', { name: '“done-before.mov” already exists on the server' });
    expect((within(dialog).getByRole('radio', { name: 'Replace' }) as HTMLInputElement).checked).toBe(true);
    expect(within(dialog).getByRole('button', { name: 'Replace' })).toBeTruthy();
  });
});
