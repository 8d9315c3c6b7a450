// "Manage servers…": every saved server with where it is, whether it is signed in and how many
// uploads it has left; the shown one marked (aria-current). Show another, rename one in place,
// remove one (asked first, in the row: its sign-in ends, its unfinished uploads stay in the
// journal; removing the shown one shows the sandbox). "Add server…" opens the form.

import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ProfileView } from '../../../preload/contract';
import { useApp } from '../app-context';
import { useProfileCommands } from '../hooks/use-profiles';
import { useStore } from '../hooks/use-store';
import { useI18n } from '../i18n/use-i18n';
import { errorText } from '../model/failure-help';
import { nameError, profileDetails, profileName } from '../model/profiles';
import type { SessionState } from '../store/session-store';
import { Button } from './button';
import { Dialog } from './dialog';
import { Icon } from './icons';
import { TextField } from './text-field';

const selectProfiles = (s: SessionState) => s.account?.profiles ?? null;

export function ServersDialog(props: { onClose: () => void; onAddServer: () => void }) {
  const { stores } = useApp();
  const { t } = useI18n();
  const profiles = useStore(stores.session, selectProfiles);
  const listRef = useRef<HTMLUListElement>(null);

  return (
    <Dialog
      title={t('profiles.title')}
      description={t('profiles.description')}
      icon={
        <span className="dialog-icon tone-neutral">
          <Icon name="globe" size={22} />
        </span>
      }
      size="lg"
      onClose={props.onClose}
      footer={
        <>
          <Button variant="primary" icon="plus" onClick={props.onAddServer}>
            {t('profiles.add')}
          </Button>
          <span className="footer-spacer" />
          <Button onClick={props.onClose}>{t('common.close')}</Button>
        </>
      }
    >
      {/* A removed row takes its buttons with it, and a shown one its Show button: the focus stays in the list. */}
      <ul ref={listRef} tabIndex={-1} className="server-list" aria-label={t('profiles.list')}>
        {(profiles ?? []).map((profile) => (
          <ServerRow key={profile.id} profile={profile} onButtonGone={() => listRef.current?.focus()} />
        ))}
      </ul>
    </Dialog>
  );
}

type RowMode = { kind: 'view' } | { kind: 'rename' } | { kind: 'confirm-remove' };

function ServerRow(props: { profile: ProfileView; onButtonGone: () => void }) {
  const { profile } = props;
  const i18n = useI18n();
  const { t } = i18n;
  const commands = useProfileCommands();
  const [mode, setMode] = useState<RowMode>({ kind: 'view' });
  const name = profileName(profile, i18n);
  const renameRef = useRef<HTMLButtonElement>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const left = useRef<RowMode['kind'] | null>(null);

  // The question takes the focus when it appears; Keep, Cancel or Save give it back to the button that opened it.
  useEffect(() => {
    if (mode.kind === 'confirm-remove') confirmRef.current?.focus();
    else if (mode.kind === 'view' && left.current === 'rename') renameRef.current?.focus();
    else if (mode.kind === 'view' && left.current === 'confirm-remove') removeRef.current?.focus();
    left.current = mode.kind;
  }, [mode]);

  return (
    <li className={`server-item${profile.active ? ' server-shown' : ''}`} aria-current={profile.active ? 'true' : undefined}>
      <div className="server-head">
        <Icon name={profile.kind === 'sandbox' ? 'laptop' : 'globe'} size={16} />
        <bdi dir="auto" className="server-name">
          {name}
        </bdi>
        {profile.active && <span className="server-badge">{t('profiles.shown')}</span>}
      </div>
      <span className="server-meta">{profileDetails(profile, i18n).join(' · ')}</span>
      {mode.kind === 'rename' ? (
        <RenameForm profile={profile} name={name} onDone={() => setMode({ kind: 'view' })} />
      ) : mode.kind === 'confirm-remove' ? (
        <div className="server-actions" role="group" aria-label={t('profiles.remove.named', { name })}>
          <p className="server-question">
            {t('profiles.remove.question', { name })} {t('profiles.remove.journal', { count: profile.uploading })}
            {profile.active ? ` ${t('profiles.remove.then')}` : ''}
          </p>
          <Button ref={confirmRef} size="sm" variant="danger" icon="trash" onClick={() => void commands.remove(profile).then((removed) => removed && props.onButtonGone())}>
            {t('profiles.remove.confirm')}
          </Button>
          <Button size="sm" onClick={() => setMode({ kind: 'view' })}>
            {t('profiles.remove.keep')}
          </Button>
        </div>
      ) : (
        <div className="server-actions">
          {!profile.active && (
            <Button size="sm" icon="eye" aria-label={t('profiles.show.named', { name })} onClick={() => void commands.switchTo(profile).then((shown) => shown && props.onButtonGone())}>
              {t('profiles.show')}
            </Button>
          )}
          {profile.kind === 'server' && (
            <>
              <Button ref={renameRef} size="sm" icon="settings" aria-label={t('profiles.rename.named', { name })} onClick={() => setMode({ kind: 'rename' })}>
                {t('profiles.rename')}
              </Button>
              <Button ref={removeRef} size="sm" variant="ghost" icon="trash" aria-label={t('profiles.remove.named', { name })} onClick={() => setMode({ kind: 'confirm-remove' })}>
                {t('profiles.remove')}
              </Button>
            </>
          )}
        </div>
      )}
    </li>
  );
}

function RenameForm(props: { profile: ProfileView; name: string; onDone: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const commands = useProfileCommands();
  const [value, setValue] = useState(props.name);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.select();
  }, []);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const problem = nameError(value);
    if (problem) {
      setError(t(problem.id, problem.values));
      inputRef.current?.focus();
      return;
    }
    const result = await commands.rename(props.profile, value);
    if (result.ok) props.onDone();
    else {
      setError(errorText(i18n, result.error));
      inputRef.current?.focus();
    }
  };

  return (
    <form className="server-rename" noValidate onSubmit={(event) => void save(event)}>
      <TextField ref={inputRef} label={t('profiles.rename.label', { name: props.name })} value={value} onChange={setValue} error={error} autoComplete="off" spellCheck={false} />
      <div className="server-actions">
        <Button type="submit" size="sm" variant="primary" icon="check">
          {t('profiles.rename.save')}
        </Button>
        <Button size="sm" onClick={props.onDone}>
          {t('profiles.rename.cancel')}
        </Button>
      </div>
    </form>
  );
}
