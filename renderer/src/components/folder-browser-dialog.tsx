// The server's folder tree, browsed by name: buckets and Incoming at the root, breadcrumbs
// back up, a search by name, "New folder", and the recent destinations. The chosen folder is
// handed back with its path; nobody ever types or sees a folder id.

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { FolderView, RecentDestination } from '../../../preload/contract';
import { useApp } from '../app-context';
import { invoke } from '../commands/invoke';
import { useI18n } from '../i18n/use-i18n';
import { errorText } from '../model/failure-help';
import { Button } from './button';
import { Dialog } from './dialog';
import { FormAlert } from './form-alert';
import { Icon } from './icons';
import { TextField } from './text-field';

export interface ChosenFolder {
  /** null = the server's Incoming folder (uploads without a parent). */
  id: string | null;
  path: string;
}

interface FolderBrowserProps {
  title: string;
  recent: readonly RecentDestination[];
  onChoose: (folder: ChosenFolder) => void;
  onClose: () => void;
}

export function FolderBrowserDialog(props: FolderBrowserProps) {
  const { api } = useApp();
  const i18n = useI18n();
  const { t } = i18n;
  const [chain, setChain] = useState<FolderView[]>([]);
  const [folders, setFolders] = useState<FolderView[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [query, setQuery] = useState('');
  const [newName, setNewName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = chain.at(-1) ?? null;
  const path = chain.map((f) => f.name).join('/');

  const load = useCallback(
    async (parent: FolderView | null, nameContains: string, pageOffset = 0) => {
      const result = await invoke(api, 'listFolders', { parentId: parent?.id ?? null, ...(nameContains.trim() ? { nameContains: nameContains.trim() } : {}), pageOffset });
      if (!result.ok) {
        setError(errorText(i18n, result.error));
        setFolders((f) => f ?? []);
        return;
      }
      setError(null);
      setFolders((f) => (pageOffset === 0 ? result.value.folders : [...(f ?? []), ...result.value.folders]));
      setNext(result.value.nextPageOffset);
    },
    [api, i18n],
  );

  useEffect(() => {
    void load(current, query);
    // The search runs as the person types; the listing follows the folder shown.
  }, [load, current, query]);

  const open = (folder: FolderView) => {
    setQuery('');
    setFolders(null);
    setChain((c) => [...c, folder]);
  };
  const goTo = (depth: number) => {
    setQuery('');
    setFolders(null);
    setChain((c) => c.slice(0, depth));
  };

  const create = async (event?: FormEvent) => {
    event?.preventDefault();
    if (current === null || newName === null) return;
    const result = await invoke(api, 'createFolder', { parentId: current.id, name: newName });
    if (!result.ok) {
      setError(errorText(i18n, result.error));
      return;
    }
    setNewName(null);
    open(result.value);
  };

  return (
    <Dialog
      title={props.title}
      description={t('folders.description')}
      icon={
        <span className="dialog-icon tone-neutral">
          <Icon name="folder-plus" size={22} />
        </span>
      }
      size="lg"
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={() => props.onChoose({ id: null, path: t('target.incoming') })}>{t('folders.use-incoming')}</Button>
          <span className="footer-spacer" />
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" disabled={current === null} onClick={() => current !== null && props.onChoose({ id: current.id, path })}>
            {current === null ? t('folders.choose') : t('folders.choose-this', { name: current.name })}
          </Button>
        </>
      }
    >
      <FormAlert message={error} />
      <nav aria-label={t('folders.breadcrumbs')}>
        <ol className="breadcrumbs">
          <li>
            <Button size="sm" variant="ghost" aria-current={chain.length === 0 ? 'location' : undefined} onClick={() => goTo(0)}>
              {t('folders.root')}
            </Button>
          </li>
          {chain.map((folder, index) => (
            <li key={folder.id}>
              <span aria-hidden="true" className="breadcrumb-separator">
                /
              </span>
              <Button size="sm" variant="ghost" aria-current={index === chain.length - 1 ? 'location' : undefined} onClick={() => goTo(index + 1)}>
                {folder.name}
              </Button>
            </li>
          ))}
        </ol>
      </nav>
      <div className="field-grid">
        <TextField label={t('folders.search')} type="search" value={query} onChange={setQuery} placeholder={t('folders.search.placeholder')} spellCheck={false} />
        {current !== null &&
          (newName === null ? (
            <div className="field field-end">
              <Button icon="folder-plus" onClick={() => setNewName('')}>
                {t('folders.new')}
              </Button>
            </div>
          ) : (
            <form className="field new-folder" onSubmit={(e) => void create(e)}>
              <TextField label={t('folders.new.name')} value={newName} onChange={setNewName} data-autofocus spellCheck={false} />
              <div className="new-folder-actions">
                <Button size="sm" type="submit" variant="primary" disabled={newName.trim() === ''}>
                  {t('folders.new.create')}
                </Button>
                <Button size="sm" onClick={() => setNewName(null)}>
                  {t('common.cancel')}
                </Button>
              </div>
            </form>
          ))}
      </div>
      {folders === null ? (
        <p className="field-hint" role="status">
          {t('folders.loading')}
        </p>
      ) : folders.length === 0 ? (
        <p className="field-hint" role="status">
          {query.trim() ? t('folders.none-matching', { query: query.trim() }) : t('folders.empty')}
        </p>
      ) : (
        <ul className="folder-list" aria-label={t('folders.list', { path: path || t('folders.root') })}>
          {folders.map((folder) => (
            <li key={folder.id}>
              <button type="button" className="folder-item" onClick={() => open(folder)}>
                <Icon name={folder.kind === 'bucket' ? 'globe' : 'folder-plus'} size={16} />
                <span className="folder-name">{folder.name}</span>
                {folder.kind === 'bucket' && <span className="folder-kind">{t('folders.bucket')}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      {next !== null && (
        <Button size="sm" variant="ghost" onClick={() => void load(current, query, next)}>
          {t('folders.more')}
        </Button>
      )}
      {chain.length === 0 && props.recent.length > 0 && (
        <section aria-labelledby="recent-destinations">
          <h3 id="recent-destinations" className="section-title">
            {t('folders.recent')}
          </h3>
          <ul className="folder-list">
            {props.recent.map((recent) => (
              <li key={recent.id}>
                <button type="button" className="folder-item" onClick={() => props.onChoose(recent)}>
                  <Icon name="retry" size={16} />
                  <span className="folder-name">{recent.path}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Dialog>
  );
}
