// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountView } from '../../../preload/contract';
import { createFakeUploader, defaultSettings, serverAccount } from './fake-uploader';
import { renderApp, restoreQueueLayout } from './render-app';

afterEach(() => {
  cleanup();
  restoreQueueLayout();
});

const SERVER_ACCOUNT: AccountView = serverAccount('https://media.example.com', 'maria');

async function openSignIn() {
  fireEvent.click(screen.getByRole('button', { name: /^Account/ }));
  fireEvent.click(screen.getByRole('menuitem', { name: /Sign in/ }));
  return within(await screen.findByRole('dialog', { name: 'Sign in to a Nomad server' }));
}

function fill(dialog: ReturnType<typeof within>, url: string, user: string, password: string) {
  fireEvent.change(dialog.getByLabelText('Server address'), { target: { value: url } });
  fireEvent.change(dialog.getByLabelText('User name'), { target: { value: user } });
  fireEvent.change(dialog.getByLabelText('Password'), { target: { value: password } });
}

describe('signing in', () => {
  it('signs in and shows the server and user in the header', async () => {
    const fake = createFakeUploader();
    await renderApp(fake);
    const dialog = await openSignIn();

    fill(dialog, 'https://media.example.com', 'maria', 's3cret');
    fireEvent.click(dialog.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.callsTo('signInStep')).toEqual([{ serverUrl: 'https://media.example.com', userName: 'maria', password: 's3cret' }]);
    expect(screen.getByText('media.example.com')).toBeTruthy();
    expect(screen.getAllByText('maria').length).toBeGreaterThan(0);
  });

  it('shows a wrong password clearly, keeps the other fields and clears the password', async () => {
    const fake = createFakeUploader();
    fake.respond('signInStep', () => ({
      ok: false,
      error: { code: 'auth-failed', message: 'The user name or password is not correct.', retryable: false },
    }));
    await renderApp(fake);
    const dialog = await openSignIn();

    fill(dialog, 'https://media.example.com', 'maria', 'wrong');
    fireEvent.click(dialog.getByRole('button', { name: 'Sign in' }));

    expect((await dialog.findByRole('alert')).textContent).toContain('The user name or password is not correct.');
    expect((dialog.getByLabelText('Server address') as HTMLInputElement).value).toBe('https://media.example.com');
    expect((dialog.getByLabelText('User name') as HTMLInputElement).value).toBe('maria');
    expect((dialog.getByLabelText('Password') as HTMLInputElement).value).toBe('');
    expect(document.activeElement).toBe(dialog.getByLabelText('Password'));
  });

  it('shows an unreachable server and puts focus on the address', async () => {
    const fake = createFakeUploader();
    fake.respond('signInStep', () => ({
      ok: false,
      error: { code: 'network', message: 'Could not reach https://nomad.invalid.', retryable: true },
    }));
    await renderApp(fake);
    const dialog = await openSignIn();

    fill(dialog, 'https://nomad.invalid', 'maria', 'pw');
    fireEvent.click(dialog.getByRole('button', { name: 'Sign in' }));

    expect((await dialog.findByRole('alert')).textContent).toContain('Could not reach https://nomad.invalid.');
    expect(document.activeElement).toBe(dialog.getByLabelText('Server address'));
  });

  it('checks the form before calling the server', async () => {
    const fake = createFakeUploader();
    await renderApp(fake);
    const dialog = await openSignIn();

    fill(dialog, 'media.example.com', 'maria', '');
    fireEvent.click(dialog.getByRole('button', { name: 'Sign in' }));

    expect(dialog.getByText(/Start the address with https:\/\//)).toBeTruthy();
    expect(dialog.getByText('Enter your password.')).toBeTruthy();
    expect(fake.callsTo('signInStep')).toEqual([]);
  });

  it('can switch to the local sandbox instead', async () => {
    const fake = createFakeUploader();
    await renderApp(fake);
    const dialog = await openSignIn();

    fireEvent.click(dialog.getByRole('button', { name: 'Use local sandbox instead' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.callsTo('useSandbox')).toEqual([{}]);
  });

  it('signs out from the account menu', async () => {
    const fake = createFakeUploader({
      account: SERVER_ACCOUNT,
      settings: defaultSettings({ target: SERVER_ACCOUNT.target }),
    });
    await renderApp(fake);

    fireEvent.click(screen.getByRole('button', { name: /^Account/ }));
    expect(screen.getByText('Signed in as maria')).toBeTruthy();
    fireEvent.click(screen.getByRole('menuitem', { name: 'Sign out' }));

    await waitFor(() => expect(fake.callsTo('signOut')).toEqual([{}]));
    expect(await screen.findByText('signed out')).toBeTruthy();
  });

  it('the account menu works from the keyboard and gives focus back to its button', async () => {
    const fake = createFakeUploader({
      account: SERVER_ACCOUNT,
      settings: defaultSettings({ target: SERVER_ACCOUNT.target }),
    });
    await renderApp(fake);
    const trigger = screen.getByRole('button', { name: /^Account/ });

    fireEvent.keyDown(trigger, { key: 'ArrowDown' });
    // The saved servers come first (menuitemradio), then the menu's commands.
    const menu = await screen.findByRole('menu');
    const items = [...menu.querySelectorAll<HTMLElement>('[role="menuitemradio"], [role="menuitem"]')];
    expect(items.map((item) => item.getAttribute('role'))).toEqual(['menuitemradio', 'menuitemradio', 'menuitem', 'menuitem', 'menuitem', 'menuitem']);
    expect(document.activeElement).toBe(items[0]);
    fireEvent.keyDown(items[0]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[1]);
    fireEvent.keyDown(items[1]!, { key: 'Escape' });

    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(trigger);
  });
});
