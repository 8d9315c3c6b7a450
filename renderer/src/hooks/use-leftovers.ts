// Uploads the server still has open for this user that no job in the queue continues
// (started on another computer, or before the local journal was lost). They hold storage on
// the server until discarded. Checked at start and whenever the account changes.

import { useCallback, useEffect, useState } from 'react';
import type { AccountView, LeftoverUpload } from '../../../preload/contract';
import { useApp } from '../app-context';
import { useCommand } from './use-command';
import { useStore } from './use-store';
import type { SessionState } from '../store/session-store';

const selectAccount = (s: SessionState) => s.account;

/** Changes when the shown server, or as whom we upload there, changes; the leftovers belong to that. */
function accountKey(account: AccountView | null): string | null {
  if (account === null) return null;
  const where = account.target.kind === 'server' ? account.target.url : 'sandbox';
  // Two saved servers at one address have a queue each, so each its own leftovers.
  return `${account.profileId}|${where}|${account.userName ?? ''}|${account.signedIn}`;
}

export interface Leftovers {
  items: readonly LeftoverUpload[];
  discard(uploadId: string): Promise<void>;
  discardAll(): Promise<void>;
}

export function useLeftovers(): Leftovers {
  const { stores } = useApp();
  const run = useCommand();
  const account = useStore(stores.session, selectAccount);
  const key = accountKey(account);
  const [items, setItems] = useState<readonly LeftoverUpload[]>([]);

  const signedIn = account?.signedIn === true;
  useEffect(() => {
    // Signed out there is no server to ask (the command would only answer "sign in first").
    if (key === null || !signedIn) {
      setItems([]);
      return;
    }
    let current = true;
    void run('listLeftovers', {}).then((result) => {
      if (current) setItems(result.ok ? result.value : []);
    });
    return () => {
      current = false;
    };
  }, [key, signedIn, run]);

  const discard = useCallback(
    async (uploadId: string) => {
      const result = await run('discardLeftover', { uploadId });
      if (result.ok) setItems((list) => list.filter((item) => item.uploadId !== uploadId));
    },
    [run],
  );

  const discardAll = useCallback(async () => {
    // One at a time: each is a server call that deletes stored parts; stop on the first refusal.
    for (const item of items) {
      const result = await run('discardLeftover', { uploadId: item.uploadId });
      if (!result.ok) return;
      setItems((list) => list.filter((i) => i.uploadId !== item.uploadId));
    }
  }, [items, run]);

  return { items, discard, discardAll };
}
