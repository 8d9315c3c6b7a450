// @vitest-environment happy-dom
// Saved servers in the window: the account menu lists them (checked = shown) and switches;
// Add server… checks name and address before sending and shows what main refused; Manage
// servers… renames in place and removes after asking. Main is the fake uploader, answering
// as the service does (a switch sends the other queue as a queueUpdate).

import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountView, ProfileView } from '../../../preload/contract';
import { SANDBOX_PROFILE, createFakeUploader, defaultSettings, makeJob, totalsOf } from './fake-uploader';
import { renderApp, restoreQueueLayout } from './render-app';

afterEach(() => {
  cleanup();
  restoreQueueLayout();
});

const STAGING: ProfileView = { id: 'server-staging1', name: 'Staging', kind: 'server', url: 'https://staging.example.com', active: true, signedIn: true, uploading: 2 };

function accountShowing(id: string, profiles: ProfileView[] = [{ ...SANDBOX_PROFILE, uploading: 1 }, STAGING]): AccountView {
  const listed = profiles.map((p) => ({ ...p, active: p.id === id }));
  const shown = listed.find((p) => p.active)!;
  return {
    profileId: id,
    profiles: listed,
    target: shown.kind === 'sandbox' ? { kind: 'sandbox' } : { kind: 'server', url: shown.url! },
    targetLabel: shown.kind === 'sandbox' ? 'Local sandbox — files stay on this computer' : 'staging.example.com',
    userName: 'demo',
    signedIn: true,
  };
}

const stagingJobs = [makeJob({ name: 'S001_staging.mov', state: 'uploading' }), makeJob({ name: 'S002_staging.mov', state: 'queued' })];
const sandboxJobs = [makeJob({ name: 'L001_local.mov', state: 'uploading' })];

/** The queue's row of a file, by the accessible name it starts with (the file's name). */
const queueRow = (name: string) => screen.queryByRole('listitem', { name: new RegExp(`^${name.replaceAll('.', '\\.')},`) });

function openAccountMenu() {
  fireEvent.click(screen.getByRole('button', { name: /^Account/ }));
  return within(screen.getByRole('menu', { name: 'Account' }));
}

describe('the saved servers in the account menu', () => {
  it('lists each server with its host, sign-in and unfinished uploads, the shown one checked; choosing another shows its queue', async () => {
    const fake = createFakeUploader({ account: accountShowing(STAGING.id), jobs: stagingJobs, settings: defaultSettings({ target: { kind: 'server', url: STAGING.url! } }) });
    fake.respond('switchProfile', ({ id }) => {
      // As the service does: the window's list moves to the other queue, then the command answers.
      fake.pushUpdate({ changed: sandboxJobs, removed: stagingJobs.map((j) => j.id), all: sandboxJobs });
      return { ok: true, value: accountShowing(id) };
    });
    const { stores } = await renderApp(fake);
    await waitFor(() => expect(queueRow('S001_staging.mov')).not.toBeNull());

    const menu = openAccountMenu();
    const group = within(menu.getByRole('group', { name: 'Servers' }));
    const choices = group.getAllByRole('menuitemradio');
    expect(choices.map((c) => [c.getAttribute('aria-label'), c.getAttribute('aria-checked')])).toEqual([
      ['Local sandbox, This computer, 1 unfinished upload', 'false'],
      ['Staging, staging.example.com, Signed in, 2 unfinished uploads', 'true'],
    ]);
    expect(choices[1]!.textContent).toContain('staging.example.com · Signed in · 2 unfinished uploads');

    fireEvent.click(group.getByRole('menuitemradio', { name: /^Local sandbox/ }));

    await waitFor(() => expect(fake.callsTo('switchProfile')).toEqual([{ id: 'local-sandbox' }]));
    await waitFor(() => expect(queueRow('L001_local.mov')).not.toBeNull());
    expect(queueRow('S001_staging.mov')).toBeNull();
    expect(queueRow('S002_staging.mov')).toBeNull();
    expect(stores.session.getState().account?.profileId).toBe('local-sandbox');
    expect(stores.queue.getState().totals).toEqual(totalsOf(sandboxJobs));
    // Focus went back to the menu's button before the switch; the menu shows the new choice.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /^Account/ }));
    const again = openAccountMenu();
    expect(again.getByRole('menuitemradio', { name: /^Local sandbox/ }).getAttribute('aria-checked')).toBe('true');
  });
});

describe('Add server…', () => {
  it('names each mistake at its field, shows what main refused, and leads to the sign-in with the address filled in', async () => {
    const fake = createFakeUploader();
    let full = true;
    fake.respond('addProfile', ({ name, url }) =>
      full
        ? { ok: false, error: { code: 'profile-limit', message: 'At most 20 servers can be saved: remove one first.', retryable: false } }
        : { ok: true, value: accountShowing('server-new00001', [SANDBOX_PROFILE, { ...STAGING, id: 'server-new00001', name, url, signedIn: false, uploading: 0 }]) },
    );
    await renderApp(fake);
    openAccountMenu().getByRole('menuitem', { name: 'Add server…' }).click();
    const dialog = within(await screen.findByRole('dialog', { name: 'Add a server' }));
    expect(document.activeElement).toBe(dialog.getByLabelText('Name'));

    fireEvent.click(dialog.getByRole('button', { name: 'Add server' }));
    expect(dialog.getByText('Give the server a name.')).toBeTruthy();
    expect(dialog.getByText('Enter the address of the server.')).toBeTruthy();
    expect(dialog.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(dialog.getByLabelText('Name'));

    fireEvent.change(dialog.getByLabelText('Name'), { target: { value: 'Production' } });
    fireEvent.change(dialog.getByLabelText('Server address'), { target: { value: 'ftp://media.example.com' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Add server' }));
    expect(dialog.getByText(/^Enter a web address that starts with https:\/\//)).toBeTruthy();
    expect(document.activeElement).toBe(dialog.getByLabelText('Server address'));
    expect(fake.callsTo('addProfile')).toEqual([]);

    fireEvent.change(dialog.getByLabelText('Server address'), { target: { value: 'https://media.example.com' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Add server' }));
    expect(await dialog.findByRole('alert')).toHaveProperty('textContent', 'At most 20 servers can be saved: remove one first.');
    // What was typed stays.
    expect(dialog.getByLabelText('Server address')).toHaveProperty('value', 'https://media.example.com');
    expect(dialog.getByLabelText('Name')).toHaveProperty('value', 'Production');

    full = false;
    fireEvent.click(dialog.getByRole('button', { name: 'Add server' }));
    const signIn = within(await screen.findByRole('dialog', { name: 'Sign in to a Nomad server' }));
    expect(signIn.getByLabelText('Server address')).toHaveProperty('value', 'https://media.example.com');
    expect(fake.callsTo('addProfile')).toEqual([
      { name: 'Production', url: 'https://media.example.com' },
      { name: 'Production', url: 'https://media.example.com' },
    ]);
  });

  it('speaks German: the checks and what main refused', async () => {
    const fake = createFakeUploader({ settings: defaultSettings({ uiLocale: 'de' }) });
    fake.respond('addProfile', () => ({ ok: false, error: { code: 'profile-limit', message: 'At most 20 servers can be saved: remove one first.', retryable: false } }));
    await renderApp(fake);
    fireEvent.click(screen.getByRole('button', { name: /^Konto/ }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Server hinzufügen…' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Server hinzufügen' }));

    fireEvent.change(dialog.getByLabelText('Name'), { target: { value: 'x'.repeat(81) } });
    fireEvent.click(dialog.getByRole('button', { name: 'Server hinzufügen' }));
    expect(dialog.getByText('Ein Servername hat höchstens 80 Zeichen.')).toBeTruthy();
    expect(dialog.getByText('Geben Sie die Adresse des Servers ein.')).toBeTruthy();

    fireEvent.change(dialog.getByLabelText('Name'), { target: { value: 'Produktion' } });
    fireEvent.change(dialog.getByLabelText('Serveradresse'), { target: { value: 'https://media.example.com' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Server hinzufügen' }));
    expect(await dialog.findByRole('alert')).toHaveProperty('textContent', 'Die Liste der gespeicherten Server ist voll.');
  });
});

describe('Manage servers…', () => {
  it('marks the shown server, renames one in place, and removes one after saying its uploads stay in the journal', async () => {
    const fake = createFakeUploader({ account: accountShowing(STAGING.id), settings: defaultSettings({ target: { kind: 'server', url: STAGING.url! } }) });
    fake.respond('renameProfile', ({ name }) => ({ ok: true, value: accountShowing(STAGING.id, [{ ...SANDBOX_PROFILE, uploading: 1 }, { ...STAGING, name }]) }));
    fake.respond('removeProfile', () => ({ ok: true, value: accountShowing('local-sandbox', [{ ...SANDBOX_PROFILE, uploading: 1 }]) }));
    await renderApp(fake);
    openAccountMenu().getByRole('menuitem', { name: 'Manage servers…' }).click();
    const dialog = within(await screen.findByRole('dialog', { name: 'Saved servers' }));
    const rows = within(dialog.getByRole('list', { name: 'Saved servers' })).getAllByRole('listitem');
    expect(rows.map((r) => r.getAttribute('aria-current'))).toEqual([null, 'true']);
    expect(rows[1]!.textContent).toContain('Shown');
    // The sandbox is always there: it can be shown, never renamed or removed.
    expect(within(rows[0]!).queryByRole('button', { name: /^Rename/ })).toBeNull();
    expect(within(rows[0]!).getByRole('button', { name: 'Show Local sandbox' })).toBeTruthy();

    fireEvent.click(dialog.getByRole('button', { name: 'Rename Staging' }));
    const field = dialog.getByLabelText('New name for Staging');
    fireEvent.change(field, { target: { value: '   ' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Save name' }));
    expect(dialog.getByText('Give the server a name.')).toBeTruthy();
    fireEvent.change(field, { target: { value: 'Staging (EU) ' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Save name' }));
    await waitFor(() => expect(fake.callsTo('renameProfile')).toEqual([{ id: STAGING.id, name: 'Staging (EU)' }]));
    const renamed = await dialog.findByRole('button', { name: 'Rename Staging (EU)' });
    expect(document.activeElement).toBe(renamed);

    fireEvent.click(dialog.getByRole('button', { name: 'Remove Staging (EU)' }));
    const question = within(dialog.getByRole('group', { name: 'Remove Staging (EU)' }));
    expect(question.getByText(/Its 2 unfinished uploads stay in the journal/)).toBeTruthy();
    expect(question.getByText(/The window then shows the local sandbox\./)).toBeTruthy();
    expect(document.activeElement).toBe(question.getByRole('button', { name: 'Remove server' }));
    fireEvent.click(question.getByRole('button', { name: 'Keep it' }));
    expect(fake.callsTo('removeProfile')).toEqual([]);
    expect(document.activeElement).toBe(dialog.getByRole('button', { name: 'Remove Staging (EU)' }));

    fireEvent.click(dialog.getByRole('button', { name: 'Remove Staging (EU)' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Remove server' }));
    await waitFor(() => expect(fake.callsTo('removeProfile')).toEqual([{ id: STAGING.id }]));
    await waitFor(() => expect(within(dialog.getByRole('list', { name: 'Saved servers' })).getAllByRole('listitem')).toHaveLength(1));
    expect(document.activeElement).toBe(dialog.getByRole('list', { name: 'Saved servers' }));
    expect(screen.getByRole('region', { name: 'Notifications' }).textContent).toContain('Staging (EU) removed. Its unfinished uploads stay in the journal.');
  });

  it('Show moves the window to that server and keeps the focus in the list', async () => {
    const fake = createFakeUploader({ account: accountShowing(STAGING.id), settings: defaultSettings({ target: { kind: 'server', url: STAGING.url! } }) });
    fake.respond('switchProfile', ({ id }) => ({ ok: true, value: accountShowing(id) }));
    await renderApp(fake);
    openAccountMenu().getByRole('menuitem', { name: 'Manage servers…' }).click();
    const dialog = within(await screen.findByRole('dialog', { name: 'Saved servers' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Show Local sandbox' }));
    await waitFor(() => expect(fake.callsTo('switchProfile')).toEqual([{ id: 'local-sandbox' }]));
    await waitFor(() => expect(within(dialog.getByRole('list', { name: 'Saved servers' })).getAllByRole('listitem').map((r) => r.getAttribute('aria-current'))).toEqual(['true', null]));
    expect(document.activeElement).toBe(dialog.getByRole('list', { name: 'Saved servers' }));
    expect(dialog.getByRole('button', { name: 'Show Staging' })).toBeTruthy();
  });
});
