// Sign in to a Nomad server, or go back to the local sandbox. A refused sign-in keeps what
// was typed except the password and puts focus where the fix is needed: the password for
// a wrong password, the address for an address that is not a Nomad admin API.

import { useRef, useState, type FormEvent } from 'react';
import { useApp } from '../app-context';
import { invoke } from '../commands/invoke';
import type { MessageId } from '../i18n/catalog-en';
import { useI18n } from '../i18n/use-i18n';
import { errorText } from '../model/failure-help';
import { hostOf } from '../model/target';
import { notify } from '../store/app-stores';
import { Button } from './button';
import { Dialog } from './dialog';
import { FormAlert } from './form-alert';
import { Icon } from './icons';
import { TextField } from './text-field';

interface SignInDialogProps {
  initialServerUrl: string;
  initialUserName: string;
  onClose: () => void;
}

type Field = 'serverUrl' | 'userName' | 'password';
type FieldErrors = Partial<Record<Field, MessageId>>;

function validate(serverUrl: string, userName: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  if (serverUrl.trim() === '') errors.serverUrl = 'signin.address.missing';
  else if (!/^https?:\/\//i.test(serverUrl.trim())) errors.serverUrl = 'signin.address.scheme';
  if (userName.trim() === '') errors.userName = 'signin.user.missing';
  if (password === '') errors.password = 'signin.password.missing';
  return errors;
}

export function SignInDialog(props: SignInDialogProps) {
  const { api, stores } = useApp();
  const i18n = useI18n();
  const { t } = i18n;
  const [serverUrl, setServerUrl] = useState(props.initialServerUrl);
  const [userName, setUserName] = useState(props.initialUserName);
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [addressError, setAddressError] = useState<{ text: string; server: string | null } | null>(null);
  const [busy, setBusy] = useState<'sign-in' | 'sandbox' | null>(null);
  const refs = {
    serverUrl: useRef<HTMLInputElement>(null),
    userName: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy !== null) return;
    const errors = validate(serverUrl, userName, password);
    setFieldErrors(errors);
    const firstInvalid = (['serverUrl', 'userName', 'password'] as const).find((f) => errors[f]);
    if (firstInvalid !== undefined) {
      refs[firstInvalid].current?.focus();
      return;
    }
    setBusy('sign-in');
    setError(null);
    setAddressError(null);
    const result = await invoke(api, 'signIn', {
      serverUrl: serverUrl.trim(),
      userName: userName.trim(),
      password,
    });
    setBusy(null);
    if (result.ok) {
      stores.session.setAccount(result.value);
      notify(stores, { level: 'success', message: t('signin.done', { host: hostOf(serverUrl.trim()), user: result.value.userName ?? userName.trim() }) });
      props.onClose();
      return;
    }
    setPassword('');
    if (result.error.code === 'not-nomad-api') {
      // The address is the problem: say so on the address field, with what it answered.
      const answered = [result.error.request, result.error.status, result.error.detail].filter(Boolean).join(' → ');
      setAddressError({ text: t('signin.not-nomad', { host: hostOf(serverUrl.trim()) }), server: answered || null });
      refs.serverUrl.current?.focus();
      return;
    }
    // Main's English sentence is the specific one; another language gets ours for this form.
    setError(result.error.code === 'auth-failed' && i18n.locale !== 'en' ? t('signin.wrong-password') : errorText(i18n, result.error));
    // Wrong credentials: retype the password. Anything else (unreachable, bad address): check the address.
    (result.error.code === 'auth-failed' ? refs.password : refs.serverUrl).current?.focus();
  };

  const useSandbox = async () => {
    if (busy !== null) return;
    setBusy('sandbox');
    const result = await invoke(api, 'useSandbox', {});
    setBusy(null);
    if (result.ok) {
      stores.session.setAccount(result.value);
      notify(stores, { level: 'info', message: t('account.sandbox-toast') });
      props.onClose();
    } else {
      setError(errorText(i18n, result.error));
    }
  };

  return (
    <Dialog
      title={t('signin.title')}
      description={t('signin.description')}
      icon={
        <span className="dialog-icon tone-accent">
          <Icon name="globe" size={22} />
        </span>
      }
      size="sm"
      onClose={props.onClose}
      onSubmit={(event) => void submit(event)}
      footer={
        <>
          <Button variant="ghost" icon="laptop" onClick={() => void useSandbox()} disabled={busy !== null}>
            {t('signin.use-sandbox')}
          </Button>
          <span className="footer-spacer" />
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" disabled={busy !== null}>
            {busy === 'sign-in' ? t('signin.busy') : t('signin.submit')}
          </Button>
        </>
      }
    >
      <FormAlert message={error} />
      <TextField
        ref={refs.serverUrl}
        label={t('signin.address')}
        type="url"
        placeholder={t('signin.address.placeholder')}
        autoComplete="url"
        spellCheck={false}
        value={serverUrl}
        onChange={(value) => {
          setServerUrl(value);
          setAddressError(null);
        }}
        error={addressError?.text ?? (fieldErrors.serverUrl !== undefined ? t(fieldErrors.serverUrl) : undefined)}
        errorDetail={addressError?.server ?? undefined}
        errorDetailLabel={t('signin.answered')}
        hint={t('signin.address.hint')}
        data-autofocus={props.initialServerUrl === '' ? true : undefined}
      />
      <TextField
        ref={refs.userName}
        label={t('signin.user')}
        autoComplete="username"
        spellCheck={false}
        value={userName}
        onChange={setUserName}
        error={fieldErrors.userName !== undefined ? t(fieldErrors.userName) : undefined}
        data-autofocus={props.initialServerUrl !== '' && props.initialUserName === '' ? true : undefined}
      />
      <TextField
        ref={refs.password}
        label={t('signin.password')}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
        error={fieldErrors.password !== undefined ? t(fieldErrors.password) : undefined}
        data-autofocus={props.initialServerUrl !== '' && props.initialUserName !== '' ? true : undefined}
      />
    </Dialog>
  );
}
