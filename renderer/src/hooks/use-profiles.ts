// Switching, renaming and removing saved servers, for the account menu and the Saved servers
// dialog alike: each keeps the session store current with the account the command returned
// (the accountChanged event follows too) and says what happened through the one live region.

import { useCallback } from 'react';
import type { ProfileView, Result, AccountView } from '../../../preload/contract';
import { useApp } from '../app-context';
import { invoke } from '../commands/invoke';
import { useI18n } from '../i18n/use-i18n';
import { profileName } from '../model/profiles';
import { notify } from '../store/app-stores';
import { useCommand } from './use-command';

export interface ProfileCommands {
  /** Shows the profile's queue and sign-in; false when main refused (a toast says why). */
  switchTo(profile: ProfileView): Promise<boolean>;
  /** Errors belong in the rename form: the Result comes back as it is. */
  rename(profile: ProfileView, name: string): Promise<Result<AccountView>>;
  remove(profile: ProfileView): Promise<boolean>;
}

export function useProfileCommands(): ProfileCommands {
  const { api, stores } = useApp();
  const i18n = useI18n();
  const run = useCommand();
  const { t } = i18n;

  const switchTo = useCallback(
    async (profile: ProfileView) => {
      const result = await run('switchProfile', { id: profile.id });
      if (!result.ok) return false;
      stores.session.setAccount(result.value);
      notify(stores, { level: 'info', message: profile.kind === 'sandbox' ? t('account.sandbox-toast') : t('profiles.switched', { name: profile.name }) });
      return true;
    },
    [run, stores, t],
  );

  const rename = useCallback(
    async (profile: ProfileView, name: string) => {
      const result = await invoke(api, 'renameProfile', { id: profile.id, name: name.trim() });
      if (result.ok) {
        stores.session.setAccount(result.value);
        stores.announcer.announce(t('profiles.renamed', { name: name.trim() }));
      }
      return result;
    },
    [api, stores, t],
  );

  const remove = useCallback(
    async (profile: ProfileView) => {
      const result = await run('removeProfile', { id: profile.id });
      if (!result.ok) return false;
      stores.session.setAccount(result.value);
      notify(stores, { level: 'info', message: t('profiles.removed', { name: profileName(profile, i18n) }) });
      return true;
    },
    [run, stores, t, i18n],
  );

  return { switchTo, rename, remove };
}
