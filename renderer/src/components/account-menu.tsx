// The account menu: who is signed in where, the saved servers (one radio item each: name,
// host, signed in or not, unfinished uploads; the shown one checked; choosing one shows its
// queue), Add server… / Manage servers…, sign in / sign out. The button's accessible name
// says the state ("Account: Signed out, media.example.com"), starting with the words it
// shows, so a screen reader hears what a sighted person sees.

import type { AccountView } from '../../../preload/contract';
import { useApp } from '../app-context';
import { useCommand } from '../hooks/use-command';
import { useProfileCommands } from '../hooks/use-profiles';
import { useI18n } from '../i18n/use-i18n';
import { profileDetails, profileLabel, profileName } from '../model/profiles';
import { hostOf } from '../model/target';
import { notify } from '../store/app-stores';
import { Icon } from './icons';
import { MenuButton, type MenuChoice, type MenuItem } from './menu-button';

function initials(name: string): string {
  const letters = name
    .split(/[\s._@-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '');
  return letters.join('') || '?';
}

interface AccountMenuProps {
  account: AccountView | null;
  onSignIn: () => void;
  onAddServer: () => void;
  onManageServers: () => void;
}

export function AccountMenu(props: AccountMenuProps) {
  const { account, onSignIn } = props;
  const { stores } = useApp();
  const i18n = useI18n();
  const { t } = i18n;
  const run = useCommand();
  const profileCommands = useProfileCommands();

  const signOut = async () => {
    const result = await run('signOut', {});
    if (result.ok) {
      stores.session.setAccount(result.value);
      notify(stores, { level: 'info', message: t('account.signed-out-toast'), action: { kind: 'sign-in' } });
    }
  };

  const onServer = account?.target.kind === 'server';
  const signedIn = account?.signedIn === true && onServer;
  const items: MenuItem[] = [];
  if (signedIn) {
    items.push({ id: 'switch', label: t('account.switch'), icon: 'log-in', onSelect: onSignIn });
  } else {
    items.push({ id: 'sign-in', label: t(onServer ? 'account.sign-in' : 'account.sign-in-server'), icon: 'log-in', onSelect: onSignIn });
  }
  items.push({ id: 'add-server', label: t('profiles.add'), icon: 'plus', onSelect: props.onAddServer });
  items.push({ id: 'manage-servers', label: t('profiles.manage'), icon: 'settings', onSelect: props.onManageServers });
  if (signedIn) items.push({ id: 'sign-out', label: t('account.sign-out'), icon: 'log-out', tone: 'danger', onSelect: () => void signOut() });

  const name = signedIn ? (account.userName ?? t('account.signed-in')) : onServer ? t('account.signed-out') : t('account.sandbox');
  const where = account === null ? '' : account.target.kind === 'server' ? hostOf(account.target.url) : t('account.this-computer');

  const choices: MenuChoice[] = (account?.profiles ?? []).map((profile) => ({
    id: profile.id,
    label: profileName(profile, i18n),
    detail: profileDetails(profile, i18n).join(' · '),
    accessibleName: profileLabel(profile, i18n),
    checked: profile.active,
    onSelect: () => void profileCommands.switchTo(profile),
  }));

  return (
    <MenuButton
      label={t('account.label', { state: name, where })}
      menuLabel={t('account.menu')}
      className="account-menu"
      trigger={
        <>
          <span className={`avatar${signedIn ? '' : onServer ? ' avatar-signed-out' : ' avatar-local'}`} aria-hidden="true">
            {signedIn ? initials(name) : <Icon name={onServer ? 'warning' : 'laptop'} size={14} />}
          </span>
          <span className="account-name">{name}</span>
        </>
      }
      header={
        <>
          <span className="menu-header-title">{signedIn ? t('account.signed-in-as', { name }) : onServer ? t('account.not-signed-in') : t('account.local')}</span>
          <span className="menu-header-sub">{where}</span>
        </>
      }
      choices={{ label: t('profiles.group'), items: choices }}
      items={items}
    />
  );
}
