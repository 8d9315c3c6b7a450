// Saved server profiles: a name and an address each ("Production", "Staging"), beside the
// built-in local sandbox. Plain data over the settings; the connections (one queue per profile)
// are connections.ts's business, the sign-ins profile-secrets.ts's.

import { randomUUID } from 'node:crypto';
import type { AccountView, ProfileView, Settings, UploadTarget } from '../../preload/contract';
import type { Connection } from './connection';
import { UploadError } from '../engine/errors';
import { AppError } from './app-errors';
import { MAX_PROFILES, SANDBOX_PROFILE_ID, httpUrlSchema, profileNameSchema, type ServerProfile } from './settings';

export const SANDBOX_LABEL = 'Local sandbox — files stay on this computer';

/** An address as the profile keeps it: trimmed, no trailing slash (the API client adds its own path). */
export function normalUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** Where a profile points: what `Settings.target` says for it. */
export function targetOf(profile: ServerProfile | null): UploadTarget {
  return profile === null ? { kind: 'sandbox' } : { kind: 'server', url: profile.url };
}

export function profileById(settings: Settings, id: string): ServerProfile | null {
  return settings.profiles.find((p) => p.id === id) ?? null;
}

/** The profile shown; null is the sandbox. */
export function shownProfile(settings: Settings): ServerProfile | null {
  return profileById(settings, settings.activeProfileId);
}

/**
 * Settings as read: the single saved server of an older version (target = a URL, no profiles)
 * becomes a profile named by its host, shown as before.
 */
export function migrated(settings: Settings): Settings {
  if (settings.target.kind !== 'server' || settings.profiles.length > 0) return withProfiles(settings);
  const profile = newProfile(hostOf(settings.target.url), settings.target.url);
  return withProfiles({ ...settings, profiles: [profile], activeProfileId: profile.id });
}

/** Settings made whole: an active id that names no profile falls back to the sandbox; `target` says where the active profile points. */
export function withProfiles(settings: Settings): Settings {
  const active = settings.profiles.find((p) => p.id === settings.activeProfileId) ?? null;
  return { ...settings, activeProfileId: active?.id ?? SANDBOX_PROFILE_ID, target: targetOf(active) };
}

export function newProfile(name: string, url: string): ServerProfile {
  return { id: `server-${randomUUID().slice(0, 8)}`, name: checkedName(name), url: checkedUrl(url) };
}

/** Settings with one more profile; refused past MAX_PROFILES. */
export function addProfile(settings: Settings, profile: ServerProfile): Settings {
  if (settings.profiles.length >= MAX_PROFILES) {
    throw new AppError('profile-limit', `At most ${MAX_PROFILES} servers can be saved: remove one first.`);
  }
  return { ...settings, profiles: [...settings.profiles, profile] };
}

export function renameProfile(settings: Settings, id: string, name: string): Settings {
  requireProfile(settings, id);
  return { ...settings, profiles: settings.profiles.map((p) => (p.id === id ? { ...p, name: checkedName(name) } : p)) };
}

export function withoutProfile(settings: Settings, id: string): Settings {
  requireProfile(settings, id);
  return withProfiles({ ...settings, profiles: settings.profiles.filter((p) => p.id !== id) });
}

export function activate(settings: Settings, id: string): Settings {
  if (id !== SANDBOX_PROFILE_ID) requireProfile(settings, id);
  return withProfiles({ ...settings, activeProfileId: id });
}

export function requireProfile(settings: Settings, id: string): ServerProfile {
  const profile = profileById(settings, id);
  if (profile === null) throw new UploadError('not-found', 'That server is no longer in the list.');
  return profile;
}

/** The account as the window and the tray show it: the shown profile, who is signed in there, and every profile. */
export function accountView(settings: Settings, connectionOf: (id: string) => Connection | null): AccountView {
  const shown = connectionOf(settings.activeProfileId);
  const profile = shownProfile(settings);
  return {
    profileId: settings.activeProfileId,
    profiles: profileViews(settings, (id) => {
      const c = connectionOf(id);
      return { signedIn: c !== null && c.signedOut === null, uploading: c?.unfinished ?? 0 };
    }),
    target: settings.target,
    targetLabel: profile === null ? SANDBOX_LABEL : hostOf(profile.url),
    userName: shown?.userName ?? null,
    signedIn: shown !== null && shown.signedOut === null,
  };
}

/** The list the account menu and the tray show: the sandbox first, then the saved servers as ordered. */
export function profileViews(settings: Settings, state: (id: string) => { signedIn: boolean; uploading: number }): ProfileView[] {
  const views: ProfileView[] = [{ id: SANDBOX_PROFILE_ID, name: SANDBOX_LABEL, kind: 'sandbox', url: null, active: false, ...state(SANDBOX_PROFILE_ID) }];
  for (const p of settings.profiles) views.push({ id: p.id, name: p.name, kind: 'server', url: p.url, active: false, ...state(p.id) });
  return views.map((v) => ({ ...v, active: v.id === settings.activeProfileId }));
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function checkedName(name: string): string {
  const parsed = profileNameSchema.safeParse(name);
  if (!parsed.success) throw new UploadError('bad-request', parsed.error.issues[0]?.message ?? 'Give the server a name.');
  return parsed.data;
}

function checkedUrl(url: string): string {
  const parsed = httpUrlSchema.safeParse(normalUrl(url));
  if (!parsed.success) throw new UploadError('bad-request', parsed.error.issues[0]?.message ?? 'Enter the server address.');
  return parsed.data;
}
