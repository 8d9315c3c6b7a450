// The window: header, queue, and the dialogs, drop overlay, toasts and live region on top.
// At most one dialog is open; a pending "already exists" question waits until the person
// closes whatever dialog they opened themselves.

import { useCallback, useEffect, useState } from 'react';
import type { UploaderApi } from '../../preload/contract';
import { AppProvider, useApp } from './app-context';
import { AppHeader } from './components/app-header';
import { ConflictDialog } from './components/conflict-dialog';
import { DropOverlay } from './components/drop-overlay';
import { LeftoversBanner } from './components/leftovers-banner';
import { LeftoversDialog } from './components/leftovers-dialog';
import { LiveAnnouncer } from './components/live-announcer';
import { QueuePanel } from './components/queue-panel';
import { SettingsDialog } from './components/settings-dialog';
import { SignInDialog } from './components/sign-in-dialog';
import { Toasts } from './components/toasts';
import { useConflictQueue } from './hooks/use-conflict-queue';
import { useDropToEnqueue } from './hooks/use-drop-to-enqueue';
import { useLeftovers } from './hooks/use-leftovers';
import { useStore } from './hooks/use-store';
import { useWindowDrop } from './hooks/use-window-drop';
import { destinationLabel } from './model/target';
import type { AppStores } from './store/app-stores';
import { connectUploader } from './store/connect';
import type { QueueState } from './store/queue-store';
import type { SessionState } from './store/session-store';

type OpenDialog = { kind: 'none' } | { kind: 'settings' } | { kind: 'sign-in' } | { kind: 'leftovers' };

const selectSession = (s: SessionState) => s;

export function App(props: { api: UploaderApi; stores: AppStores }) {
  const { api, stores } = props;
  useEffect(() => connectUploader(api, stores), [api, stores]);
  return (
    <AppProvider api={api} stores={stores}>
      <Window />
    </AppProvider>
  );
}

function Window() {
  const { stores } = useApp();
  const { account, settings } = useStore(stores.session, selectSession);
  const [dialog, setDialog] = useState<OpenDialog>({ kind: 'none' });
  const leftovers = useLeftovers();
  const [leftoversHidden, setLeftoversHidden] = useState(false);
  const conflicts = useConflictQueue();
  // Only the job being asked about: subscribing to the whole map would re-render the window
  // on every progress tick.
  const conflictJob = useStore(
    stores.queue,
    useCallback(
      (s: QueueState) => (conflicts.currentId !== null ? s.jobs.get(conflicts.currentId) : undefined),
      [conflicts.currentId],
    ),
  );
  const destination = destinationLabel(account, settings);
  const dragging = useWindowDrop(useDropToEnqueue());

  const showConflict = dialog.kind === 'none' && conflictJob !== undefined;
  const modalOpen = dialog.kind !== 'none' || showConflict;

  const openSignIn = useCallback(() => setDialog({ kind: 'sign-in' }), []);
  const close = useCallback(() => setDialog({ kind: 'none' }), []);

  const answerIds = (applyToAll: boolean) =>
    applyToAll ? conflicts.awaitingIds : conflictJob !== undefined ? [conflictJob.id] : [];

  return (
    <>
      <div className="app" inert={modalOpen}>
        <AppHeader
          onOpenSettings={() => setDialog({ kind: 'settings' })}
          onSignIn={openSignIn}
          settingsReady={settings !== null}
        />
        <main className="app-main">
          {leftovers.items.length > 0 && !leftoversHidden && (
            <LeftoversBanner
              count={leftovers.items.length}
              onReview={() => setDialog({ kind: 'leftovers' })}
              onHide={() => setLeftoversHidden(true)}
            />
          )}
          <QueuePanel destination={destination} onDecide={conflicts.ask} onReviewDecisions={conflicts.askAll} />
        </main>
      </div>

      {dialog.kind === 'settings' && settings !== null && (
        <SettingsDialog settings={settings} account={account} onClose={close} onSignIn={openSignIn} />
      )}
      {dialog.kind === 'sign-in' && (
        <SignInDialog
          initialServerUrl={settings?.target.kind === 'server' ? settings.target.url : ''}
          initialUserName={account?.target.kind === 'server' ? (account.userName ?? '') : ''}
          onClose={close}
        />
      )}
      {dialog.kind === 'leftovers' && (
        <LeftoversDialog
          items={leftovers.items}
          onDiscard={leftovers.discard}
          onDiscardAll={leftovers.discardAll}
          onClose={close}
        />
      )}
      {showConflict && (
        <ConflictDialog
          key={conflictJob.id}
          job={conflictJob}
          moreWaiting={conflicts.moreWaiting}
          onDecideLater={conflicts.deferCurrent}
          onAnswer={(applyToAll) => conflicts.markAnswered(answerIds(applyToAll))}
          onAnswerFailed={(applyToAll) => conflicts.unmarkAnswered(answerIds(applyToAll))}
        />
      )}

      {dragging && <DropOverlay destination={destination} />}
      <Toasts />
      <LiveAnnouncer />
    </>
  );
}
