// The fields of each step a sign-in can take after the password: the two-factor code, the
// two-factor setup (the server's QR code and the same secret to type), and a new password
// typed twice. The dialog owns the state; these only show it.

import type { Ref } from 'react';
import { useI18n } from '../i18n/use-i18n';
import { TextField } from './text-field';

interface CodeFieldProps {
  code: string;
  onCode: (value: string) => void;
  error: string | undefined;
  ref?: Ref<HTMLInputElement>;
}

export function CodeField(props: CodeFieldProps) {
  const { t } = useI18n();
  return (
    <TextField
      ref={props.ref}
      label={t('signin.code.label')}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]*"
      maxLength={10}
      spellCheck={false}
      value={props.code}
      onChange={(value) => props.onCode(value.replace(/\s+/g, ''))}
      hint={t('signin.code.hint')}
      error={props.error}
      data-autofocus
    />
  );
}

interface SetupPanelProps {
  qrImage: string | null;
  manualCode: string | null;
}

/** The QR code comes from the server as a base64 PNG: shown as a data: image, never fetched. */
export function SetupPanel(props: SetupPanelProps) {
  const { t } = useI18n();
  return (
    <div className="signin-setup">
      <p>{t('signin.setup.intro')}</p>
      {props.qrImage !== null && /^[A-Za-z0-9+/=\s]+$/.test(props.qrImage) && (
        <img className="signin-qr" src={`data:image/png;base64,${props.qrImage.replace(/\s+/g, '')}`} alt={t('signin.setup.qr-alt')} width={176} height={176} />
      )}
      {props.manualCode !== null && (
        <p className="signin-manual">
          <span>{t('signin.setup.manual')}</span> <code aria-label={t('signin.setup.manual')}>{props.manualCode}</code>
        </p>
      )}
    </div>
  );
}

interface NewPasswordFieldsProps {
  first: string;
  again: string;
  onFirst: (value: string) => void;
  onAgain: (value: string) => void;
  errors: { first?: string | undefined; again?: string | undefined };
  firstRef?: Ref<HTMLInputElement>;
  againRef?: Ref<HTMLInputElement>;
}

export function NewPasswordFields(props: NewPasswordFieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <p>{t('signin.newpass.intro')}</p>
      <TextField
        ref={props.firstRef}
        label={t('signin.newpass.label')}
        type="password"
        autoComplete="new-password"
        value={props.first}
        onChange={props.onFirst}
        error={props.errors.first}
        data-autofocus
      />
      <TextField
        ref={props.againRef}
        label={t('signin.newpass.again')}
        type="password"
        autoComplete="new-password"
        value={props.again}
        onChange={props.onAgain}
        error={props.errors.again}
      />
    </>
  );
}
