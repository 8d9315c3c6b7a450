// Settings → Updates: the version running, whether the app looks for updates by itself (on by
// default), "Check now", what the update is doing, its release notes, and "Restart now" once
// it is downloaded. An update never installs while an upload runs (main decides that:
// main/app-core/update-policy.ts); Restart now pauses and journals every upload first.

import { useId } from 'react';
import type { UpdateView } from '../../../preload/contract';
import { useApp } from '../app-context';
import { invoke } from '../commands/invoke';
import { useI18n } from '../i18n/use-i18n';
import type { I18n } from '../i18n/i18n';
import { useStore } from '../hooks/use-store';
import { notify } from '../store/app-stores';
import { Button } from './button';

/** GitHub gives release notes as HTML: shown as text, never as markup. */
function plainText(notes: string): string {
  return notes
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|li|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function stateText(view: UpdateView, { t, f }: I18n): string {
  const state = view.state;
  switch (state.kind) {
    case 'idle':
      return t('updates.idle');
    case 'checking':
      return t('updates.checking');
    case 'up-to-date':
      return t('updates.up-to-date', { when: f.dateTime(state.checkedAt) });
    case 'downloading':
      return t('updates.downloading', { version: state.update.version, percent: state.percent });
    case 'ready':
      return state.waitingForUploads ? t('updates.ready-waiting', { version: state.update.version }) : t('updates.ready', { version: state.update.version });
    case 'installing':
      return t('updates.installing', { version: state.update.version });
    case 'error':
      return state.message;
  }
}

export function UpdatesSection() {
  const { api, stores } = useApp();
  const i18n = useI18n();
  const { t } = i18n;
  const view = useStore(stores.session, (s) => s.updates);
  const ids = { heading: useId(), auto: useId(), status: useId() };

  const run = async (name: 'checkForUpdates' | 'restartToUpdate'): Promise<void> => {
    const result = await invoke(api, name, {});
    if (!result.ok) notify(stores, { level: 'error', message: result.error.message });
    else if (name === 'checkForUpdates' && result.value !== null) stores.session.setUpdates(result.value);
  };
  const setAuto = async (on: boolean): Promise<void> => {
    const result = await invoke(api, 'setAutoUpdate', { on });
    if (result.ok) stores.session.setUpdates(result.value);
    else notify(stores, { level: 'error', message: result.error.message });
  };

  const state = view?.state;
  const update = state && (state.kind === 'downloading' || state.kind === 'ready' || state.kind === 'installing') ? state.update : null;
  return (
    <section className="settings-section" aria-labelledby={ids.heading}>
      <h3 id={ids.heading} className="section-title">
        {t('updates.title')}
      </h3>
      {view === null ? (
        <p className="field-hint">{t('updates.unavailable')}</p>
      ) : (
        <>
          <p className="field-hint">{t('updates.version', { version: view.currentVersion })}</p>
          <div className="field field-control">
            <input id={ids.auto} type="checkbox" checked={view.autoCheck} onChange={(event) => void setAuto(event.target.checked)} />
            <label htmlFor={ids.auto}>{t('updates.auto')}</label>
          </div>
          <p id={ids.status} className="field-hint" role="status">
            {stateText(view, i18n)}
          </p>
          <div className="field field-control">
            <Button type="button" onClick={() => void run('checkForUpdates')} disabled={state?.kind === 'checking' || state?.kind === 'downloading' || state?.kind === 'installing'}>
              {t('updates.check-now')}
            </Button>
            {state?.kind === 'ready' && (
              <Button type="button" variant="primary" aria-describedby={ids.status} onClick={() => void run('restartToUpdate')}>
                {t('updates.restart-now')}
              </Button>
            )}
          </div>
          {update?.notes && (
            <details>
              <summary>{t('updates.notes', { version: update.version })}</summary>
              <p className="field-hint update-notes">
                {plainText(update.notes)}
              </p>
            </details>
          )}
        </>
      )}
    </section>
  );
}
