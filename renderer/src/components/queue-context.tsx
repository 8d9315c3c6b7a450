// What every row needs from the window, without threading it through the virtual list:
// the dialogs rows open, where files land (for server-path tooltips), and whether the
// account is signed out (then a paused row offers Sign in, not Resume).

import { createContext, useContext } from 'react';

/** A destructive action waits for this: the person says yes (true) or no. */
export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
}

export interface QueueContextValue {
  confirm: (request: ConfirmRequest) => Promise<boolean>;
  onDecide: (id: string) => void;
  onDetails: (id: string) => void;
  onSignIn: () => void;
  /** Opens the folder browser for the default destination. */
  onChooseFolder: () => void;
  /** The server folder files go to, e.g. "Incoming" (the start of every server path). */
  destinationRoot: string;
  signedOut: boolean;
}

export const QueueContext = createContext<QueueContextValue | null>(null);

export function useQueueContext(): QueueContextValue {
  const value = useContext(QueueContext);
  if (value === null) throw new Error('useQueueContext() outside <QueueContext>');
  return value;
}
