// Finished uploads, kept across restarts: file, destination path, size, duration, average
// speed, asset id and SHA-256; searchable; exported as CSV or JSON for a spreadsheet or a
// script (main writes the text; the window saves it as a download).

import { useEffect, useState } from 'react';
import type { HistoryEntry } from '../../../preload/contract';
import { useApp } from '../app-context';
import { invoke } from '../commands/invoke';
import { useI18n } from '../i18n/use-i18n';
import { errorText } from '../model/failure-help';
import { Button } from './button';
import { Dialog } from './dialog';
import { FileName } from './file-name';
import { FormAlert } from './form-alert';
import { Icon } from './icons';
import { TextField } from './text-field';

function stateLabel(state: HistoryEntry['state']) {
  switch (state) {
    case 'done':
      return 'history.state.done' as const;
    case 'failed':
      return 'history.state.failed' as const;
    case 'cancelled':
      return 'history.state.cancelled' as const;
  }
}

/** Hands text to the person as a file: in Electron and in a browser alike, an <a download>. */
function saveText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once click() returned.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function HistoryDialog(props: { onClose: () => void }) {
  const { api } = useApp();
  const i18n = useI18n();
  const { t, f } = i18n;
  const [query, setQuery] = useState('');
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void invoke(api, 'listHistory', query.trim() ? { query: query.trim() } : {}).then((result) => {
      if (!live) return;
      if (result.ok) setEntries(result.value);
      else setError(errorText(i18n, result.error));
    });
    return () => {
      live = false;
    };
  }, [api, i18n, query]);

  const exportAs = async (format: 'csv' | 'json') => {
    const result = await invoke(api, 'exportHistory', { format, ...(query.trim() ? { query: query.trim() } : {}) });
    if (!result.ok) {
      setError(errorText(i18n, result.error));
      return;
    }
    saveText(result.value.fileName, result.value.text, format === 'csv' ? 'text/csv' : 'application/json');
  };

  return (
    <Dialog
      title={t('history.title')}
      description={t('history.description')}
      icon={
        <span className="dialog-icon tone-neutral">
          <Icon name="retry" size={22} />
        </span>
      }
      size="lg"
      onClose={props.onClose}
      footer={
        <>
          <Button disabled={!entries?.length} onClick={() => void exportAs('csv')}>
            {t('history.export-csv')}
          </Button>
          <Button disabled={!entries?.length} onClick={() => void exportAs('json')}>
            {t('history.export-json')}
          </Button>
          <span className="footer-spacer" />
          <Button onClick={props.onClose}>{t('common.close')}</Button>
        </>
      }
    >
      <FormAlert message={error} />
      <TextField label={t('history.search')} type="search" value={query} onChange={setQuery} placeholder={t('history.search.placeholder')} spellCheck={false} data-autofocus />
      {entries === null ? null : entries.length === 0 ? (
        <p className="field-hint" role="status">
          {query.trim() ? t('history.none-matching', { query: query.trim() }) : t('history.none')}
        </p>
      ) : (
        <ul className="history-list" aria-label={t('history.list')}>
          {entries.map((entry) => (
            <li key={entry.id} className={`history-entry history-${entry.state}`}>
              <div className="history-head">
                <span className="history-file">
                  <FileName name={entry.file} />
                </span>
                <span className="history-state">{t(stateLabel(entry.state))}</span>
                <span className="history-when">{f.dateTime(entry.finishedAt)}</span>
              </div>
              <span className="history-meta">{t('history.to', { destination: entry.destination })}</span>
              <span className="history-meta">
                {t('history.stats', {
                  size: f.bytes(entry.size),
                  duration: f.eta(Math.max(1, Math.round((entry.finishedAt - entry.startedAt) / 1000))),
                  speed: entry.averageSpeed === null ? '–' : f.speed(entry.averageSpeed),
                })}
              </span>
              {entry.assetId !== null && <span className="history-meta history-id">{t('history.asset', { id: entry.assetId })}</span>}
              {entry.sha256 !== null && <code className="history-meta history-id">{t('history.sha256', { hash: entry.sha256 })}</code>}
              {entry.error !== null && <span className="history-meta history-error">{entry.error}</span>}
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
