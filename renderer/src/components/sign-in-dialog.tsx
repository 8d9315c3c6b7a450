// Sign in to a Nomad server, or go back to the local sandbox. A password sign-in may take a
// step the server asks for (a two-factor code, a two-factor setup, a new password); an API
// key or single sign-on in the person's browser are the other ways in. A refused sign-in
// keeps what was typed except the secret and puts focus where the fix is needed.

import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AccountView, ResultError } from '../../../preload/contract';
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
import { CodeField, NewPasswordFields, SetupPanel } from './sign-in-steps';
import { TextField } from './text-field';

interface SignInDialogProps {
  initialServerUrl: string;
  initialUserName: string;
  onClose: () => void;
}

type Field = 'serverUrl' | 'userName' | 'password';
type FieldErrors = Partial<Record<Field, MessageId>>;

/** Where the sign-in is: the password form, a step the server asked for, or another method. */
type Stage =
  | { kind: 'password' }
  | { kind: 'code' }
  | { kind: 'setup'; qrImage: string | null; manualCode: string | null }
  | { kind: 'new-password' }
  | { kind: 'api-key' }
  | { kind: 'sso' };

function validate(stage: Stage, serverUrl: string, userName: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  if (serverUrl.trim() === '') errors.serverUrl = 'signin.address.missing';
  else if (!/^https?:\/\//i.test(serverUrl.trim())) errors.serverUrl = 'signin.address.scheme';
  if (stage.kind !== 'password') return errors;
  if (userName.trim() === '') errors.userName = 'signin.user.missing';
  if (password === '') errors.password = 'signin.password.missing';
  return errors;
}

export function SignInDialog(props: SignInDialogProps) {
  const { api, stores } = useApp();
  const i18n = useI18n();
  const { t } = i18n;
  const [stage, setStage] = useState<Stage>({ kind: 'password' });
  const [serverUrl, setServerUrl] = useState(props.initialServerUrl);
  const [userName, setUserName] = useState(props.initialUserName);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [newPassword, setNewPassword] = useState({ first: '', again: '' });
  const [secret, setSecret] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [stepError, setStepError] = useState<{ code?: string; first?: string; again?: string; secret?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [addressError, setAddressError] = useState<{ text: string; server: string | null } | null>(null);
  const [busy, setBusy] = useState<'sign-in' | 'sandbox' | 'sso' | null>(null);
  const refs = {
    serverUrl: useRef<HTMLInputElement>(null),
    userName: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
    step: useRef<HTMLInputElement>(null),
    again: useRef<HTMLInputElement>(null),
  };

  const go = (next: Stage) => {
    setStage(next);
    setError(null);
    setStepError({});
    setSecret('');
    setCode('');
  };

  const signedIn = (account: AccountView) => {
    stores.session.setAccount(account);
    notify(stores, { level: 'success', message: t('signin.done', { host: hostOf(serverUrl.trim()), user: account.userName ?? userName.trim() }) });
    props.onClose();
  };

  const refused = (failure: ResultError) => {
    if (failure.code === 'not-nomad-api') {
      // The address is the problem: say so on the address field, with what it answered.
      const answered = [failure.request, failure.status, failure.detail].filter(Boolean).join(' → ');
      setAddressError({ text: i18n.locale === 'en' ? failure.message : t('signin.not-nomad', { host: hostOf(serverUrl.trim()) }), server: answered || null });
      refs.serverUrl.current?.focus();
      return;
    }
    const english = i18n.locale === 'en';
    if (failure.code === 'auth-failed' && (stage.kind === 'code' || stage.kind === 'setup')) {
      setStepError({ code: english ? failure.message : t('signin.code.wrong') });
      setCode('');
      refs.step.current?.focus();
      return;
    }
    if (stage.kind === 'new-password' && failure.code === 'auth-failed') {
      setStepError({ first: failure.detail ?? errorText(i18n, failure) });
      refs.step.current?.focus();
      return;
    }
    if ((stage.kind === 'api-key' || stage.kind === 'sso') && failure.code !== 'unreachable') {
      setStepError({ secret: errorText(i18n, failure) });
      refs.step.current?.focus();
      return;
    }
    // Main's English sentence is the specific one; another language gets ours for this form.
    setError(failure.code === 'auth-failed' && !english ? t('signin.wrong-password') : errorText(i18n, failure));
    setPassword('');
    if (stage.kind !== 'password') go({ kind: 'password' });
    // Wrong credentials: retype the password. Anything else (unreachable, bad address): check the address.
    (failure.code === 'auth-failed' ? refs.password : refs.serverUrl).current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy !== null) return;
    const errors = validate(stage, serverUrl, userName, password);
    setFieldErrors(errors);
    const firstInvalid = (['serverUrl', 'userName', 'password'] as const).find((f) => errors[f]);
    if (firstInvalid !== undefined) {
      refs[firstInvalid].current?.focus();
      return;
    }
    const stepProblem = checkStep(stage, { code, newPassword, secret });
    setStepError(stepProblem === null ? {} : { [stepProblem.field]: t(stepProblem.message) });
    if (stepProblem !== null) {
      (stepProblem.field === 'again' ? refs.again : refs.step).current?.focus();
      return;
    }
    setError(null);
    setAddressError(null);
    const address = serverUrl.trim();
    if (stage.kind === 'api-key') {
      setBusy('sign-in');
      const result = await invoke(api, 'signInWithApiKey', { serverUrl: address, apiKey: secret.trim() });
      setBusy(null);
      if (result.ok) signedIn(result.value);
      else refused(result.error);
      return;
    }
    if (stage.kind === 'sso') {
      setBusy('sso');
      const result = await invoke(api, 'signInWithSso', { serverUrl: address, provider: secret.trim() });
      setBusy(null);
      if (result.ok) signedIn(result.value);
      else if (result.error.code !== 'aborted') refused(result.error);
      return;
    }
    setBusy('sign-in');
    const result = await invoke(api, 'signInStep', {
      serverUrl: address,
      userName: userName.trim(),
      password,
      ...(stage.kind === 'code' || stage.kind === 'setup' ? { code } : {}),
      ...(stage.kind === 'new-password' ? { newPassword: newPassword.first } : {}),
    });
    setBusy(null);
    if (!result.ok) {
      refused(result.error);
      return;
    }
    const step = result.value;
    switch (step.kind) {
      case 'signed-in':
        signedIn(step.account);
        return;
      case 'needs-code':
        go({ kind: 'code' });
        return;
      case 'needs-setup':
        go({ kind: 'setup', qrImage: step.qrImage, manualCode: step.manualCode });
        return;
      case 'needs-new-password':
        go({ kind: 'new-password' });
        return;
    }
  };

  const switchToSandbox = async () => {
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

  const close = () => {
    // Closing while the browser sign-in runs stops waiting for it.
    if (busy === 'sso') void invoke(api, 'cancelSso', {});
    props.onClose();
  };

  // A new step's field gets the focus (data-autofocus acts only when the dialog opens).
  useEffect(() => {
    if (stage.kind !== 'password') refs.step.current?.focus();
  }, [stage.kind, refs.step]);

  const inPasswordFlow = stage.kind === 'password' || stage.kind === 'code' || stage.kind === 'setup' || stage.kind === 'new-password';
  return (
    <Dialog
      title={t('signin.title')}
      description={t(DESCRIPTIONS[stage.kind])}
      icon={
        <span className="dialog-icon tone-accent">
          <Icon name="globe" size={22} />
        </span>
      }
      size="sm"
      onClose={close}
      onSubmit={(event) => void submit(event)}
      footer={
        <>
          {stage.kind === 'password' ? (
            <Button variant="ghost" icon="laptop" onClick={() => void switchToSandbox()} disabled={busy !== null}>
              {t('signin.use-sandbox')}
            </Button>
          ) : (
            <Button variant="ghost" onClick={() => go({ kind: 'password' })} disabled={busy === 'sign-in'}>
              {t('signin.password.switch')}
            </Button>
          )}
          <span className="footer-spacer" />
          <Button onClick={close}>{busy === 'sso' ? t('signin.sso.cancel') : t('common.cancel')}</Button>
          <Button type="submit" variant="primary" disabled={busy !== null}>
            {busy === 'sign-in' ? t('signin.busy') : busy === 'sso' ? t('signin.sso.busy') : t(SUBMITS[stage.kind])}
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
        // The steps after the password belong to this server: changing it means starting again.
        readOnly={inPasswordFlow && stage.kind !== 'password'}
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
      {stage.kind === 'password' && (
        <>
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
          <p className="signin-alternatives">
            <button type="button" className="link-button" onClick={() => go({ kind: 'api-key' })}>
              {t('signin.api-key.switch')}
            </button>
            <button type="button" className="link-button" onClick={() => go({ kind: 'sso' })}>
              {t('signin.sso.switch')}
            </button>
          </p>
        </>
      )}
      {stage.kind === 'setup' && <SetupPanel qrImage={stage.qrImage} manualCode={stage.manualCode} />}
      {(stage.kind === 'code' || stage.kind === 'setup') && <CodeField ref={refs.step} code={code} onCode={setCode} error={stepError.code} />}
      {stage.kind === 'new-password' && (
        <NewPasswordFields
          first={newPassword.first}
          again={newPassword.again}
          onFirst={(first) => setNewPassword((p) => ({ ...p, first }))}
          onAgain={(again) => setNewPassword((p) => ({ ...p, again }))}
          errors={{ first: stepError.first, again: stepError.again }}
          firstRef={refs.step}
          againRef={refs.again}
        />
      )}
      {stage.kind === 'api-key' && (
        <TextField
          ref={refs.step}
          label={t('signin.api-key.label')}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={secret}
          onChange={setSecret}
          hint={t('signin.api-key.hint')}
          error={stepError.secret}
          data-autofocus
        />
      )}
      {stage.kind === 'sso' && (
        <>
          <TextField
            ref={refs.step}
            label={t('signin.sso.provider')}
            spellCheck={false}
            autoCapitalize="off"
            value={secret}
            onChange={setSecret}
            readOnly={busy === 'sso'}
            hint={t('signin.sso.hint')}
            error={stepError.secret}
            data-autofocus
          />
          {busy === 'sso' && (
            <p className="signin-waiting" role="status">
              {t('signin.sso.waiting')}
            </p>
          )}
        </>
      )}
    </Dialog>
  );
}

const DESCRIPTIONS: Record<Stage['kind'], MessageId> = {
  password: 'signin.description',
  code: 'signin.code.description',
  setup: 'signin.setup.description',
  'new-password': 'signin.newpass.description',
  'api-key': 'signin.api-key.description',
  sso: 'signin.sso.description',
};

const SUBMITS: Record<Stage['kind'], MessageId> = {
  password: 'signin.submit',
  code: 'signin.submit',
  setup: 'signin.submit',
  'new-password': 'signin.newpass.submit',
  'api-key': 'signin.submit',
  sso: 'signin.sso.submit',
};

/** The step's own fields, checked before anything is sent. */
function checkStep(
  stage: Stage,
  values: { code: string; newPassword: { first: string; again: string }; secret: string },
): { field: 'code' | 'first' | 'again' | 'secret'; message: MessageId } | null {
  switch (stage.kind) {
    case 'password':
      return null;
    case 'code':
    case 'setup':
      return /^\d{4,10}$/.test(values.code) ? null : { field: 'code', message: 'signin.code.missing' };
    case 'new-password':
      if (values.newPassword.first === '') return { field: 'first', message: 'signin.newpass.missing' };
      return values.newPassword.first === values.newPassword.again ? null : { field: 'again', message: 'signin.newpass.mismatch' };
    case 'api-key':
      return values.secret.trim() === '' ? { field: 'secret', message: 'signin.api-key.missing' } : null;
    case 'sso':
      return /^[A-Za-z0-9_-]{1,64}$/.test(values.secret.trim()) ? null : { field: 'secret', message: 'signin.sso.missing' };
  }
}
