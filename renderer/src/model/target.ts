// How the upload destination is named in the header, the drop overlay and the empty state.

import type { AccountView, Settings, UploadTarget } from '../../../preload/contract';
import type { I18n } from '../i18n/i18n';

export function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    // A URL the main process accepted but URL() does not parse: show it as typed.
    return url;
  }
}

/** Short name of where files go: "Local sandbox" or "media.example.com". */
export function targetName(target: UploadTarget, { t }: Pick<I18n, 't'>): string {
  switch (target.kind) {
    case 'sandbox':
      return t('target.sandbox-short');
    case 'server':
      return hostOf(target.url);
  }
}

/** The server folder files go to, by its path: Incoming, or the folder chosen in the folder browser. */
export function folderName(settings: Settings | null, { t }: Pick<I18n, 't'>): string {
  if (!settings?.defaultParentId) return t('target.incoming');
  return settings.defaultParentPath ?? t('target.folder-unnamed');
}

/** "Incoming on Local sandbox" or "folder 7f3c… on media.example.com". */
export function destinationLabel(account: AccountView | null, settings: Settings | null, i18n: Pick<I18n, 't'>): string {
  const where = account ? targetName(account.target, i18n) : settings ? targetName(settings.target, i18n) : '';
  const folder = folderName(settings, i18n);
  return where ? i18n.t('target.destination', { folder, where }) : folder;
}
