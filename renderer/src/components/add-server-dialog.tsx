// "Add server…": a name and an address, checked here by the same rules main applies
// (shared/profile-rules.ts), so a mistake is named at its field in the window's language
// before anything is sent; what main still refuses (the list is full) is shown at the top.
// Once saved the server is shown, signed out: the sign-in comes next, with its address filled in.

import { useRef, useState, type FormEvent } from 'react';
import { useApp } from '../app-context';
import { invoke } from '../commands/invoke';
import { useI18n } from '../i18n/use-i18n';
import { errorText } from '../model/failure-help';
import { addServerErrors, type ProfileFormErrors } from '../model/profiles';
import { notify } from '../store/app-stores';
import { Button } from './button';
import { Dialog } from './dialog';
import { FormAlert } from './form-alert';
import { Icon } from './icons';
import { TextField } from './text-field';

export function AddServerDialog(props: { onClose: () => void; onAdded: (url: string) => void }) {
  const { api, stores } = useApp();
  const i18n = useI18n();
  const { t } = i18n;
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [errors, setErrors] = useState<ProfileFormErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const urlRef = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found = addServerErrors(name, url);
    setErrors(found);
    if (found.name) return nameRef.current?.focus();
    if (found.url) return urlRef.current?.focus();
    setError(null);
    setBusy(true);
    const result = await invoke(api, 'addProfile', { name: name.trim(), url: url.trim() });
    setBusy(false);
    if (!result.ok) {
      setError(errorText(i18n, result.error));
      nameRef.current?.focus();
      return;
    }
    stores.session.setAccount(result.value);
    notify(stores, { level: 'success', message: t('profiles.added', { name: name.trim() }) });
    props.onAdded(url.trim());
  };

  return (
    <Dialog
      title={t('profiles.add.title')}
      description={t('profiles.add.description')}
      icon={
        <span className="dialog-icon tone-neutral">
          <Icon name="globe" size={22} />
        </span>
      }
      size="sm"
      onClose={props.onClose}
      onSubmit={(event) => void submit(event)}
      footer={
        <>
          <span className="footer-spacer" />
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" icon="plus" disabled={busy}>
            {t('profiles.add.submit')}
          </Button>
        </>
      }
    >
      <FormAlert message={error} />
      <TextField
        ref={nameRef}
        data-autofocus
        label={t('profiles.add.name')}
        value={name}
        onChange={setName}
        placeholder={t('profiles.add.name.placeholder')}
        hint={t('profiles.add.name.hint')}
        error={errors.name ? t(errors.name.id, errors.name.values) : null}
        autoComplete="off"
        spellCheck={false}
      />
      <TextField
        ref={urlRef}
        label={t('profiles.add.url')}
        value={url}
        onChange={setUrl}
        placeholder={t('profiles.add.url.placeholder')}
        error={errors.url ? t(errors.url.id) : null}
        type="url"
        inputMode="url"
        autoComplete="url"
        spellCheck={false}
      />
    </Dialog>
  );
}
