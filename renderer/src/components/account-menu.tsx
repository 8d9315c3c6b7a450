// The account menu: who is signed in where, sign in / sign out / use the local sandbox.

import type { AccountView } from '../../../preload/contract';
import { useApp } from '../app-context';
import { useCommand } from '../hooks/use-command';
import { hostOf } from '../model/target';
import { notify } from '../store/app-stores';
import { Icon } from './icons';
import { MenuButton, type MenuItem } from './menu-button';

function initials(name: string): string {
  const letters = name
    .split(/[\s._@-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '');
  return letters.join('') || '?';
}

export function AccountMenu(props: { account: AccountView | null; onSignIn: () => void }) {
  const { account, onSignIn } = props;
  const { stores } = useApp();
  const run = useCommand();

  const signOut = async () => {
    const result = await run('signOut', {});
    if (result.ok) {
      stores.session.setAccount(result.value);
      notify(stores, 'info', 'Signed out. Uploads to the server wait until you sign in again.');
    }
  };
  const useSandbox = async () => {
    const result = await run('useSandbox', {});
    if (result.ok) {
      stores.session.setAccount(result.value);
      notify(stores, 'info', 'Uploads now go to the local sandbox on this computer.');
    }
  };

  const onServer = account?.target.kind === 'server';
  const signedIn = account?.signedIn === true && onServer;
  const items: MenuItem[] = [];
  if (signedIn) {
    items.push({ id: 'switch', label: 'Sign in to another server…', icon: 'log-in', onSelect: onSignIn });
  } else {
    items.push({ id: 'sign-in', label: onServer ? 'Sign in…' : 'Sign in to a Nomad server…', icon: 'log-in', onSelect: onSignIn });
  }
  if (onServer) {
    items.push({ id: 'sandbox', label: 'Use local sandbox', icon: 'laptop', onSelect: () => void useSandbox() });
  }
  if (signedIn) {
    items.push({ id: 'sign-out', label: 'Sign out', icon: 'log-out', tone: 'danger', onSelect: () => void signOut() });
  }

  const name = signedIn ? (account.userName ?? 'Signed in') : onServer ? 'Signed out' : 'Sandbox';
  const where =
    account === null ? '' : account.target.kind === 'server' ? hostOf(account.target.url) : 'This computer';

  return (
    <MenuButton
      label="Account"
      className="account-menu"
      trigger={
        <>
          <span className={`avatar${signedIn ? '' : ' avatar-local'}`} aria-hidden="true">
            {signedIn ? initials(name) : <Icon name={onServer ? 'warning' : 'laptop'} size={14} />}
          </span>
          <span className="account-name">{name}</span>
        </>
      }
      header={
        <>
          <span className="menu-header-title">{signedIn ? `Signed in as ${name}` : onServer ? 'Not signed in' : 'Local sandbox'}</span>
          <span className="menu-header-sub">{where}</span>
        </>
      }
      items={items}
    />
  );
}
