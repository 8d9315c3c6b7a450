// Sign in to a Nomad server, or go back to the local sandbox. A refused sign-in keeps what
// was typed except the password and puts focus where the fix is needed.

import { useRef, useState, type FormEvent } from 'react';
import { useApp } from '../app-context';
import { invoke } from '../commands/invoke';
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
type FieldErrors = Partial<Record<Field, string>>;

function validate(serverUrl: string, userName: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  if (serverUrl.trim() === '') errors.serverUrl = 'Enter the address of your Nomad server.';
  else if (!/^https?:\/\//i.test(serverUrl.trim())) {
    errors.serverUrl = 'Start the address with https:// (or http:// for a local server).';
  }
  if (userName.trim() === '') errors.userName = 'Enter your user name.';
  if (password === '') errors.password = 'Enter your password.';
  return errors;
}

export function SignInDialog(props: SignInDialogProps) {
  const { api, stores } = useApp();
  const [serverUrl, setServerUrl] = useState(props.initialServerUrl);
  const [userName, setUserName] = useState(props.initialUserName);
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
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
    const result = await invoke(api, 'signIn', {
      serverUrl: serverUrl.trim(),
      userName: userName.trim(),
      password,
    });
    setBusy(null);
    if (result.ok) {
      stores.session.setAccount(result.value);
      notify(stores, 'success', `Signed in to ${hostOf(serverUrl.trim())} as ${result.value.userName ?? userName.trim()}`);
      props.onClose();
      return;
    }
    setError(result.error.message);
    setPassword('');
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
      notify(stores, 'info', 'Uploads now go to the local sandbox on this computer.');
      props.onClose();
    } else {
      setError(result.error.message);
    }
  };

  return (
    <Dialog
      title="Sign in to a Nomad server"
      description="Uploads go to this server once you are signed in. Your password is used to sign in and is not saved."
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
            Use local sandbox instead
          </Button>
          <span className="footer-spacer" />
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={busy !== null}>
            {busy === 'sign-in' ? 'Signing in…' : 'Sign in'}
          </Button>
        </>
      }
    >
      <FormAlert message={error} />
      <TextField
        ref={refs.serverUrl}
        label="Server address"
        type="url"
        placeholder="https://media.example.com"
        autoComplete="url"
        spellCheck={false}
        value={serverUrl}
        onChange={setServerUrl}
        error={fieldErrors.serverUrl}
        data-autofocus={props.initialServerUrl === '' ? true : undefined}
      />
      <TextField
        ref={refs.userName}
        label="User name"
        autoComplete="username"
        spellCheck={false}
        value={userName}
        onChange={setUserName}
        error={fieldErrors.userName}
        data-autofocus={props.initialServerUrl !== '' && props.initialUserName === '' ? true : undefined}
      />
      <TextField
        ref={refs.password}
        label="Password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
        error={fieldErrors.password}
        data-autofocus={props.initialServerUrl !== '' && props.initialUserName !== '' ? true : undefined}
      />
    </Dialog>
  );
}
