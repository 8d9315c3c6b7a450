// Watch folders: each watch with where it sends, its state (and why, when its folder is
// gone), what it found and sent; pause, resume, scan now, edit and remove. Adding or editing
// opens the form in place of the list, and the form's "Choose…" the folder browser in place
// of the form, so what the person typed is kept while they choose.

import { useEffect, useRef, useState } from 'react';
import type { WatchConfig, WatchDefaults, WatchStateView, WatchView } from '../../../preload/contract';
import { useApp } from '../app-context';
import { invoke } from '../commands/invoke';
import { useCommand } from '../hooks/use-command';
import { useStore } from '../hooks/use-store';
import type { MessageId } from '../i18n/catalog-en';
import { useI18n } from '../i18n/use-i18n';
import { errorText } from '../model/failure-help';
import { formFromWatch, newWatchForm, type WatchForm } from '../model/watch-form';
import type { AppStores } from '../store/app-stores';
import type { SessionState } from '../store/session-store';
import { Button } from './button';
import { Dialog } from './dialog';
import { FolderBrowserDialog } from './folder-browser-dialog';
import { FormAlert } from './form-alert';
import { Icon } from './icons';
import { WatchFormDialog } from './watch-form-dialog';

type Mode =
  | { kind: 'list' }
  | { kind: 'form'; editing: WatchConfig | null; form: WatchForm }
  | { kind: 'browse'; editing: WatchConfig | null; form: WatchForm };

const selectWatches = (s: readonly WatchView[] | null) => s;
const selectSettings = (s: SessionState) => s.settings;

function stateLabel(state: WatchStateView): MessageId {
  switch (state.kind) {
    case 'starting':
      return 'watches.state.starting';
    case 'watching':
      return state.liveEvents ? 'watches.state.watching' : 'watches.state.rescans-only';
    case 'paused':
      return 'watches.state.paused';
    case 'waiting-for-sign-in':
      return 'watches.state.waiting';
    case 'folder-missing':
      return 'watches.state.folder-missing';
    case 'failed':
      return 'watches.state.failed';
  }
}

/** The folder's own name: what a screen reader hears on each row's buttons. */
function folderName(folder: string): string {
  return folder.split(/[\\/]/).filter(Boolean).at(-1) ?? folder;
}

/** Keeps the list in the store current with what a command returned (the event follows too). */
function stored(stores: AppStores, view: WatchView): void {
  const list = stores.watches.getState() ?? [];
  const known = list.some((w) => w.config.id === view.config.id);
  stores.watches.setState(known ? list.map((w) => (w.config.id === view.config.id ? view : w)) : [...list, view]);
}

export function WatchesDialog(props: { onClose: () => void }) {
  const { api, stores } = useApp();
  const i18n = useI18n();
  const { t } = i18n;
  const watches = useStore(stores.watches, selectWatches);
  const settings = useStore(stores.session, selectSettings);
  const [defaults, setDefaults] = useState<WatchDefaults | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>({ kind: 'list' });

  useEffect(() => {
    let live = true;
    void invoke(api, 'listWatches', {}).then((result) => {
      if (!live) return;
      if (!result.ok) {
        setError(errorText(i18n, result.error));
        return;
      }
      stores.watches.setState(result.value.watches);
      setDefaults(result.value.defaults);
    });
    return () => {
      live = false;
    };
  }, [api, i18n, stores]);

  if (mode.kind === 'browse') {
    return (
      <FolderBrowserDialog
        title={t('folders.title')}
        recent={settings?.recentDestinations ?? []}
        onClose={() => setMode({ ...mode, kind: 'form' })}
        onChoose={(folder) => setMode({ kind: 'form', editing: mode.editing, form: { ...mode.form, parentId: folder.id, parentPath: folder.id === null ? null : folder.path } })}
      />
    );
  }
  if (mode.kind === 'form' && defaults !== null) {
    return (
      <WatchFormDialog
        defaults={defaults}
        editing={mode.editing}
        form={mode.form}
        onChange={(form) => setMode({ ...mode, form })}
        onBrowse={() => setMode({ ...mode, kind: 'browse' })}
        onDone={(saved) => {
          setMode({ kind: 'list' });
          if (saved !== null) stores.announcer.announce(t(mode.editing === null ? 'watches.added' : 'watches.saved', { folder: saved }));
        }}
      />
    );
  }

  return (
    <Dialog
      title={t('watches.title')}
      description={t('watches.description')}
      icon={
        <span className="dialog-icon tone-neutral">
          <Icon name="eye" size={22} />
        </span>
      }
      size="lg"
      onClose={props.onClose}
      footer={
        <>
          <Button
            variant="primary"
            icon="plus"
            disabled={defaults === null}
            onClick={() => defaults !== null && setMode({ kind: 'form', editing: null, form: newWatchForm(defaults, settings) })}
          >
            {t('watches.add')}
          </Button>
          <span className="footer-spacer" />
          <Button onClick={props.onClose}>{t('common.close')}</Button>
        </>
      }
    >
      <FormAlert message={error} />
      {watches === null ? (
        <p className="field-hint" role="status">
          {t('watches.loading')}
        </p>
      ) : watches.length === 0 ? (
        <p className="field-hint" role="status">
          {t('watches.none')}
        </p>
      ) : (
        <ul className="watch-list" aria-label={t('watches.list')}>
          {watches.map((watch) => (
            <WatchRow key={watch.config.id} watch={watch} onEdit={() => setMode({ kind: 'form', editing: watch.config, form: formFromWatch(watch.config) })} />
          ))}
        </ul>
      )}
    </Dialog>
  );
}

function WatchRow(props: { watch: WatchView; onEdit: () => void }) {
  const { watch } = props;
  const { config, state } = watch;
  const { stores } = useApp();
  const { t } = useI18n();
  const run = useCommand();
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // The question takes the focus when it appears, and gives it back to Remove when kept.
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (asked.current) removeRef.current?.focus();
    asked.current = confirming;
  }, [confirming]);
  const name = folderName(config.folder);
  const paused = state.kind === 'paused';
  const problem = state.kind === 'folder-missing' || state.kind === 'failed' ? state.message : null;

  const setPaused = async (next: boolean) => {
    const result = await run('setWatchPaused', { id: config.id, paused: next });
    if (!result.ok) return;
    stored(stores, result.value);
    stores.announcer.announce(t(next ? 'watches.announce.paused' : 'watches.announce.resumed', { folder: config.folder }));
  };
  const remove = async () => {
    const result = await run('removeWatch', { id: config.id });
    if (!result.ok) return;
    stores.watches.setState((stores.watches.getState() ?? []).filter((w) => w.config.id !== config.id));
    stores.announcer.announce(t('watches.announce.removed', { folder: config.folder }));
  };

  return (
    <li className={`watch-item watch-${state.kind}`}>
      <div className="watch-head">
        <Icon name={problem !== null ? 'warning' : 'eye'} size={16} />
        <bdi dir="auto" className="watch-folder">
          {config.folder}
        </bdi>
        <span className="watch-state">{t(stateLabel(state))}</span>
      </div>
      <span className="watch-meta">{t('watches.to', { destination: config.parentPath })}</span>
      <span className="watch-meta">
        {t('watches.counts', { settling: watch.settling, uploading: watch.uploading, uploaded: watch.uploaded })}
      </span>
      {problem !== null && (
        <p className="watch-problem">
          <bdi dir="auto">{problem}</bdi>
        </p>
      )}
      {confirming ? (
        <div className="watch-actions">
          <span className="watch-meta">{t('watches.remove.question', { folder: name })}</span>
          <Button ref={confirmRef} size="sm" variant="danger" icon="trash" onClick={() => void remove()}>
            {t('watches.remove.confirm')}
          </Button>
          <Button size="sm" onClick={() => setConfirming(false)}>
            {t('watches.remove.keep')}
          </Button>
        </div>
      ) : (
        <div className="watch-actions">
          <Button size="sm" icon={paused ? 'play' : 'pause'} aria-label={t(paused ? 'watches.resume.named' : 'watches.pause.named', { folder: name })} onClick={() => void setPaused(!paused)}>
            {t(paused ? 'watches.resume' : 'watches.pause')}
          </Button>
          <Button size="sm" icon="search" disabled={state.kind !== 'watching' && state.kind !== 'folder-missing'} aria-label={t('watches.rescan.named', { folder: name })} onClick={() => void run('rescanWatch', { id: config.id })}>
            {t('watches.rescan')}
          </Button>
          <Button size="sm" icon="settings" aria-label={t('watches.edit.named', { folder: name })} onClick={props.onEdit}>
            {t('watches.edit')}
          </Button>
          <Button ref={removeRef} size="sm" variant="ghost" icon="trash" aria-label={t('watches.remove.named', { folder: name })} onClick={() => setConfirming(true)}>
            {t('watches.remove')}
          </Button>
        </div>
      )}
    </li>
  );
}
