// How the upload destination is named in the header, the drop overlay and the empty state.

import type { AccountView, Settings, UploadTarget } from '../../../preload/contract';

export function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    // A URL the main process accepted but URL() does not parse: show it as typed.
    return url;
  }
}

/** Short name of where files go: "Local sandbox" or "media.example.com". */
export function targetName(target: UploadTarget): string {
  switch (target.kind) {
    case 'sandbox':
      return 'Local sandbox';
    case 'server':
      return hostOf(target.url);
  }
}

/** "Incoming on Local sandbox" or "folder 7f3c… on media.example.com". */
export function destinationLabel(account: AccountView | null, settings: Settings | null): string {
  const where = account ? targetName(account.target) : settings ? targetName(settings.target) : '';
  const folder = settings?.defaultParentId ? `folder ${settings.defaultParentId}` : 'Incoming';
  return where ? `${folder} on ${where}` : folder;
}
