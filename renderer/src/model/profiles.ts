// Saved servers as the account menu and the Saved servers dialog word them, and the checks of
// the Add server… and Rename forms (shared/profile-rules.ts: the same rules main applies).

import type { ProfileView } from '../../../preload/contract';
import { PROFILE_NAME_MAX, profileNameProblem, serverAddressProblem } from '../../../shared/profile-rules';
import type { MessageId } from '../i18n/catalog-en';
import type { I18n } from '../i18n/i18n';
import { hostOf } from './target';

/** The person's name for a server; the sandbox's short name in the window's language. */
export function profileName(profile: ProfileView, { t }: Pick<I18n, 't'>): string {
  return profile.kind === 'sandbox' ? t('profiles.sandbox') : profile.name;
}

/** "media.example.com · Signed in · 2 unfinished uploads": where it is, whether signed in, what is left. */
export function profileDetails(profile: ProfileView, { t }: Pick<I18n, 't'>): string[] {
  const parts = profile.kind === 'sandbox' ? [t('account.this-computer')] : [hostOf(profile.url ?? ''), t(profile.signedIn ? 'profiles.signed-in' : 'profiles.signed-out')];
  if (profile.uploading > 0) parts.push(t('profiles.unfinished', { count: profile.uploading }));
  return parts;
}

/** What a screen reader hears for a profile: its name, then the same details a sighted person sees. */
export function profileLabel(profile: ProfileView, i18n: Pick<I18n, 't'>): string {
  return i18n.t('profiles.item', { name: profileName(profile, i18n), details: profileDetails(profile, i18n).join(', ') });
}

export interface ProfileFormErrors {
  name?: { id: MessageId; values?: Record<string, number> };
  url?: { id: MessageId };
}

export function nameError(name: string): ProfileFormErrors['name'] {
  switch (profileNameProblem(name)) {
    case null:
      return undefined;
    case 'missing':
      return { id: 'profiles.name.missing' };
    case 'too-long':
      return { id: 'profiles.name.too-long', values: { max: PROFILE_NAME_MAX } };
  }
}

export function addressError(url: string): ProfileFormErrors['url'] {
  switch (serverAddressProblem(url)) {
    case null:
      return undefined;
    case 'missing':
      return { id: 'profiles.url.missing' };
    case 'too-long':
      return { id: 'profiles.url.too-long' };
    case 'not-web-address':
      return { id: 'profiles.url.not-web-address' };
  }
}

/** The Add server… form's errors; empty when it can be sent. */
export function addServerErrors(name: string, url: string): ProfileFormErrors {
  const errors: ProfileFormErrors = {};
  const n = nameError(name);
  const u = addressError(url);
  if (n) errors.name = n;
  if (u) errors.url = u;
  return errors;
}
