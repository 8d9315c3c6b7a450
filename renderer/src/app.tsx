// The window: header, queue, and the dialogs, drop overlay, notifications strip and live
// region. At most one dialog is open; a pending "already exists" question waits until the
// person closes whatever dialog they opened themselves.

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { JobView, UploaderApi } from '../../preload/contract';
import { AppProvider, useApp } from './app-context';
import { AppHeader } from './components/app-header';
import { AddServerDialog } from './components/add-server-dialog';
import { ConfirmDialog } from './components/confirm-dialog';
import { ConflictDialog } from './components/conflict-dialog';
import { DropOverlay, isOnChooseFolder } from './components/drop-overlay';
import { FolderBrowserDialog, type ChosenFolder } from './components/folder-browser-dialog';
import { HistoryDialog } from './components/history-dialog';
import { FailureDetailsDialog } from './components/failure-details-dialog';
import { LeftoversBanner } from './components/leftovers-banner';
import { LeftoversDialog } from './components/leftovers-dialog';
import { LiveAnnouncer } from './components/live-announcer';
import { QueueContext, type ConfirmRequest, type QueueContextValue } from './components/queue-context';
import { QueuePanel } from './components/queue-panel';
import { ServersDialog } from './components/servers-dialog';
import { SettingsDialog } from './components/settings-dialog';
import { SignInDialog } from './components/sign-in-dialog';
import { SignedOutBanner } from './components/signed-out-banner';
import { Toasts } from './components/toasts';
import { WatchesDialog } from './components/watches-dialog';
import { useCommand } from './hooks/use-command';
import { useConflictQueue } from './hooks/use-conflict-queue';
import { useDropToEnqueue } from './hooks/use-drop-to-enqueue';
import { useLeftovers } from './hooks/use-leftovers';
import { useStore } from './hooks/use-store';
import { useWindowDrop } from './hooks/use-window-drop';
import { i18nFor } from './i18n/i18n';
import { resolveLocale } from './i18n/locales';
import { I18nProvider, useI18n } from './i18n/use-i18n';
import { failureHelp, type FixAction } from './model/failure-help';
import { unfinishedCount, type QueueFilter } from './model/job-state';
import { destinationLabel, folderName, hostOf } from './model/target';
import { revealJob, type AppStores } from './store/app-stores';
import { connectUploader } from './store/connect';
import { selectFailedIds } from './store/queue-selectors';
import type { QueueState } from './store/queue-store';
import type { SessionState } from './store/session-store';
import type { ToastAction } from './store/toast-store';

type OpenDialog =
  | { kind: 'none' }
  | { kind: 'settings'; focusFolder: boolean; retryIds: readonly string[] }
  /** Sign in; `serverUrl` fills the address (a server just added), else the shown server's. */
  | { kind: 'sign-in'; serverUrl?: string }
  /** Saved servers: the list, or the Add server… form (opened from the list, it goes back there on Cancel). */
  | { kind: 'servers'; adding: boolean; fromList: boolean }
  | { kind: 'leftovers' }
  | { kind: 'details'; jobId: string }
  /** The folder browser: for the default destination (retrying what failed for the old one), or for one drop. */
  | { kind: 'folders'; purpose: { kind: 'default'; retryIds: readonly string[] } | { kind: 'drop'; paths: string[] } }
  | { kind: 'history' }
  | { kind: 'watches' }
  | { kind: 'confirm'; request: ConfirmRequest; answer: (yes: boolean) => void };

const selectSession = (s: SessionState) => s;
const selectUnfinished = (s: QueueState) => unfinishedCount(s.totals.counts);

export function App(props: { api: UploaderApi; stores: AppStores }) {
  const { api, stores } = props;
  useEffect(() => connectUploader(api, stores), [api, stores]);
  return (
    <AppProvider api={api} stores={stores}>
      <Localized />
    </AppProvider>
  );
}

/** The language: Settings' choice, else the system's; everything below speaks it. */
function Localized() {
  const { stores } = useApp();
  const { settings } = useStore(stores.session, selectSession);
  const locale = resolveLocale(settings?.uiLocale ?? null, navigator.languages ?? [navigator.language]);
  const i18n = i18nFor(locale);
  useEffect(() => {
    stores.i18n.setState(i18n);
    document.documentElement.lang = locale;
  }, [stores, i18n, locale]);
  return (
    <I18nProvider i18n={i18n}>
      <Window />
    </I18nProvider>
  );
}

function Window() {
  const { api, stores } = useApp();
  const i18n = useI18n();
  const run = useCommand();
  const { account, settings } = useStore(stores.session, selectSession);
  const unfinished = useStore(stores.queue, selectUnfinished);
  const failedIds = useStore(stores.queue, selectFailedIds);
  const [dialog, setDialog] = useState<OpenDialog>({ kind: 'none' });
  const [filterRequest, setFilterRequest] = useState<{ filter: QueueFilter; seq: number } | null>(null);
  const leftovers = useLeftovers();
  const [leftoversHidden, setLeftoversHidden] = useState(false);
  const conflicts = useConflictQueue();
  // Only the job being asked about: subscribing to the whole map would re-render the window
  // on every progress tick.
  const conflictJob = useStore(
    stores.queue,
    useCallback((s: QueueState) => (conflicts.currentId !== null ? s.jobs.get(conflicts.currentId) : undefined), [conflicts.currentId]),
  );
  const destination = destinationLabel(account, settings, i18n);
  const enqueueDropped = useDropToEnqueue();
  const dragging = useWindowDrop((files, at) => {
    if (!isOnChooseFolder(at.x, at.y)) {
      enqueueDropped(files);
      return;
    }
    const paths = files.map((file) => api.getPathForFile(file)).filter((path) => path !== '');
    if (paths.length > 0) setDialog({ kind: 'folders', purpose: { kind: 'drop', paths } });
    else enqueueDropped(files);
  });
  const signedOut = account !== null && account.target.kind === 'server' && !account.signedIn;

  const showConflict = dialog.kind === 'none' && conflictJob !== undefined;
  const modalOpen = dialog.kind !== 'none' || showConflict;

  const openSignIn = useCallback(() => setDialog({ kind: 'sign-in' }), []);
  const openSettings = useCallback((focusFolder = false, retryIds: readonly string[] = []) => setDialog({ kind: 'settings', focusFolder, retryIds }), []);
  const close = useCallback(() => setDialog({ kind: 'none' }), []);
  const confirm = useCallback(
    (request: ConfirmRequest) =>
      new Promise<boolean>((resolve) =>
        setDialog({
          kind: 'confirm',
          request,
          answer: (yes) => {
            setDialog({ kind: 'none' });
            resolve(yes);
          },
        }),
      ),
    [],
  );

  const answerIds = (applyToAll: boolean) => (applyToAll ? conflicts.awaitingIds : conflictJob !== undefined ? [conflictJob.id] : []);

  /** The fix a failure's details offer, carried out. */
  const fix = (action: FixAction, job: JobView) => {
    switch (action) {
      case 'sign-in':
        setDialog({ kind: 'sign-in' });
        return;
      case 'open-settings':
        openSettings();
        return;
      case 'choose-folder': {
        // Every failure caused by the folder is retried once a new one is chosen.
        const jobs = stores.queue.getState().jobs;
        const sameCause = failedIds.filter((id) => {
          const error = jobs.get(id)?.error;
          return error != null && failureHelp(error.code, error).fix === 'choose-folder';
        });
        setDialog({ kind: 'folders', purpose: { kind: 'default', retryIds: sameCause.length > 0 ? sameCause : [job.id] } });
        return;
      }
      case 'locate-file':
        close();
        void run('locateFile', { id: job.id }, { jobId: job.id });
        return;
      case 'retry':
        close();
        void run('retryJob', { id: job.id }, { jobId: job.id }).then((result) => {
          if (result.ok) stores.announcer.announce(i18n.t('announce.retrying', { name: job.name }));
        });
        return;
    }
  };

  /** A folder was chosen in the browser: the default destination (then retry what failed for the old one), or this drop's. */
  const chooseFolder = async (folder: ChosenFolder, purpose: Extract<OpenDialog, { kind: 'folders' }>['purpose']) => {
    if (purpose.kind === 'drop') {
      await run('enqueuePaths', { paths: purpose.paths, parentId: folder.id });
      return;
    }
    const result = await run('updateSettings', { patch: { defaultParentId: folder.id } });
    if (!result.ok) return;
    stores.session.setSettings(result.value);
    stores.announcer.announce(i18n.t('folders.chosen', { path: result.value.defaultParentPath ?? folder.path }));
    if (purpose.retryIds.length > 0) await run('retryWithSettings', { ids: [...purpose.retryIds] });
  };

  const onToastAction = (action: ToastAction) => {
    switch (action.kind) {
      case 'sign-in':
        setDialog({ kind: 'sign-in' });
        return;
      case 'open-settings':
        openSettings();
        return;
      case 'show-job':
        revealJob(stores, action.id);
        return;
      case 'details':
        revealJob(stores, action.id);
        setDialog({ kind: 'details', jobId: action.id });
        return;
      case 'show-failed':
        setFilterRequest((r) => ({ filter: 'failed', seq: (r?.seq ?? 0) + 1 }));
        return;
      case 'upload-again':
        void run('enqueuePaths', { paths: [...action.paths], again: true });
        return;
    }
  };

  const queueContext: QueueContextValue = useMemo(
    () => ({
      onDecide: conflicts.ask,
      onDetails: (jobId: string) => setDialog({ kind: 'details', jobId }),
      onSignIn: openSignIn,
      onChooseFolder: () => setDialog({ kind: 'folders', purpose: { kind: 'default', retryIds: [] } }),
      confirm,
      destinationRoot: folderName(settings, i18n),
      signedOut,
    }),
    [conflicts.ask, openSignIn, confirm, settings, i18n, signedOut],
  );

  return (
    <QueueContext value={queueContext}>
      <div className="app" inert={modalOpen}>
        <AppHeader
          onOpenSettings={() => openSettings()}
          onOpenHistory={() => setDialog({ kind: 'history' })}
          onOpenWatches={() => setDialog({ kind: 'watches' })}
          onSignIn={openSignIn}
          onAddServer={() => setDialog({ kind: 'servers', adding: true, fromList: false })}
          onManageServers={() => setDialog({ kind: 'servers', adding: false, fromList: true })}
          settingsReady={settings !== null}
        />
        <main className="app-main">
          {signedOut && account.target.kind === 'server' && (
            <SignedOutBanner host={hostOf(account.target.url)} waiting={unfinished} onSignIn={openSignIn} />
          )}
          {leftovers.items.length > 0 && !leftoversHidden && (
            <LeftoversBanner count={leftovers.items.length} onReview={() => setDialog({ kind: 'leftovers' })} onHide={() => setLeftoversHidden(true)} />
          )}
          <QueuePanel destination={destination} onReviewDecisions={conflicts.askAll} filterRequest={filterRequest} />
        </main>
        <Toasts onAction={onToastAction} />
      </div>

      {dialog.kind === 'settings' && settings !== null && (
        <SettingsDialog
          settings={settings}
          account={account}
          onClose={close}
          onSignIn={openSignIn}
          focusFolder={dialog.focusFolder}
          retryIds={dialog.retryIds}
          onChooseFolder={() => setDialog({ kind: 'folders', purpose: { kind: 'default', retryIds: dialog.retryIds } })}
        />
      )}
      {dialog.kind === 'folders' && (
        <FolderBrowserDialog
          title={dialog.purpose.kind === 'drop' ? i18n.t('folders.title-drop') : i18n.t('folders.title')}
          recent={settings?.recentDestinations ?? []}
          onClose={close}
          onChoose={(folder) => {
            const purpose = dialog.purpose;
            close();
            void chooseFolder(folder, purpose);
          }}
        />
      )}
      {dialog.kind === 'history' && <HistoryDialog onClose={close} />}
      {dialog.kind === 'watches' && <WatchesDialog onClose={close} />}
      {dialog.kind === 'servers' && !dialog.adding && <ServersDialog onClose={close} onAddServer={() => setDialog({ ...dialog, adding: true })} />}
      {dialog.kind === 'servers' && dialog.adding && (
        <AddServerDialog onClose={() => setDialog(dialog.fromList ? { ...dialog, adding: false } : { kind: 'none' })} onAdded={(serverUrl) => setDialog({ kind: 'sign-in', serverUrl })} />
      )}
      {dialog.kind === 'sign-in' && (
        <SignInDialog
          initialServerUrl={dialog.serverUrl ?? (settings?.target.kind === 'server' ? settings.target.url : '')}
          initialUserName={account?.target.kind === 'server' ? (account.userName ?? '') : ''}
          onClose={close}
        />
      )}
      {dialog.kind === 'leftovers' && (
        <LeftoversDialog items={leftovers.items} onDiscard={leftovers.discard} onDiscardAll={leftovers.discardAll} onClose={close} />
      )}
      {dialog.kind === 'details' && (
        <FailureDetailsDialog
          jobId={dialog.jobId}
          destinationRoot={queueContext.destinationRoot}
          onFix={fix}
          onRemove={(job) => {
            close();
            void run('removeJob', { id: job.id }, { jobId: job.id }).then((result) => {
              if (result.ok) stores.announcer.announce(i18n.t('announce.removed', { name: job.name }));
            });
          }}
          onClose={close}
        />
      )}
      {dialog.kind === 'confirm' && <ConfirmDialog request={dialog.request} onAnswer={dialog.answer} />}
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
      <LiveAnnouncer />
    </QueueContext>
  );
}
