// Every field of Settings. Saving sends only what changed (updateSettings with a patch);
// main checks a new folder id with the server first, and a refusal is shown on the field
// with the server's own answer, so a bad folder is never saved. Opened from a failure that
// needs another folder, saving one retries those uploads with it. Choosing a server target
// goes through sign-in; choosing the sandbox calls useSandbox.

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { UI_LOCALES, type AccountView, type ResultError, type Settings } from '../../../preload/contract';
import { useApp } from '../app-context';
import { invoke } from '../commands/invoke';
import type { MessageId } from '../i18n/catalog-en';
import { LOCALE_NAMES, isUiLocale } from '../i18n/locales';
import { useI18n } from '../i18n/use-i18n';
import { BANDWIDTH_UNITS, type BandwidthUnit } from '../model/bandwidth';
import { errorText } from '../model/failure-help';
import {
  CONCURRENCY_MAX,
  CONCURRENCY_MIN,
  formFromSettings,
  patchFromForm,
  type SettingsForm,
  type SettingsFormErrors,
  type TargetChoice,
} from '../model/settings-form';
import { folderName, hostOf } from '../model/target';
import { notify } from '../store/app-stores';
import { Button } from './button';
import { ConnectionTest } from './connection-test';
import { Dialog } from './dialog';
import { FormAlert } from './form-alert';
import { Icon } from './icons';
import { OverwriteSelect } from './overwrite-select';
import { PathChoice } from './path-choice';
import { ReplaceOptionsFieldset } from './replace-options-fieldset';
import { LanguageSelect } from './language-select';
import { TextField } from './text-field';
import { UpdatesSection } from './updates-section';

interface SettingsDialogProps {
  settings: Settings;
  account: AccountView | null;
  onClose: () => void;
  /** The person chose a server: continue with sign-in. */
  onSignIn: () => void;
  /** Opened to fix a failure's folder: focus the folder field. */
  focusFolder?: boolean;
  /** Failed jobs to retry with the new settings once a new folder is saved. */
  retryIds?: readonly string[];
  /** "Choose folder…": the folder browser takes over from Settings. */
  onChooseFolder: () => void;
}

function unitLabel(unit: BandwidthUnit): MessageId {
  switch (unit) {
    case 'unlimited':
      return 'settings.bandwidth.unlimited';
    case 'KB/s':
      return 'settings.bandwidth.kbps';
    case 'MB/s':
      return 'settings.bandwidth.mbps';
  }
}

function isBandwidthUnit(value: string): value is BandwidthUnit {
  return (BANDWIDTH_UNITS as readonly string[]).includes(value);
}

/** A refusal about the folder belongs on the folder field; others at the top of the form. */
function isFolderError(error: ResultError): boolean {
  return error.code === 'folder-not-found' || error.code === 'not-a-folder';
}

export function SettingsDialog(props: SettingsDialogProps) {
  const { settings, account, retryIds = [] } = props;
  const { api, stores } = useApp();
  const i18n = useI18n();
  const { t } = i18n;
  // The patch is computed against the settings the form started from, so a change made
  // elsewhere (the tray, another window) while this dialog is open is not reverted.
  const [baseline] = useState(settings);
  const [form, setForm] = useState<SettingsForm>(() => formFromSettings(baseline));
  const [errors, setErrors] = useState<SettingsFormErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [folderError, setFolderError] = useState<{ text: string; server: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const concurrencyRef = useRef<HTMLInputElement>(null);
  const bandwidthRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLButtonElement>(null);
  const ids = { target: useId(), unit: useId(), overwrite: useId(), language: useId() };

  useEffect(() => {
    if (props.focusFolder) folderRef.current?.focus();
  }, [props.focusFolder]);

  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => setForm((f) => ({ ...f, [key]: value }));

  const savedServer = settings.target.kind === 'server' ? settings.target.url : null;
  const fieldError = (e: SettingsFormErrors[keyof SettingsFormErrors]) => (e === undefined ? undefined : t(e.id, e.values));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = patchFromForm(form, baseline);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      (parsed.errors.concurrency !== undefined ? concurrencyRef : bandwidthRef).current?.focus();
      return;
    }
    setErrors({});
    setError(null);
    setFolderError(null);
    setBusy(true);
    const changed = Object.keys(parsed.patch).length > 0;
    if (changed) {
      const result = await invoke(api, 'updateSettings', { patch: parsed.patch });
      if (!result.ok) {
        setBusy(false);
        if (isFolderError(result.error)) {
          setFolderError({ text: errorText(i18n, result.error), server: result.error.detail ?? null });
          folderRef.current?.focus();
        } else {
          setError(errorText(i18n, result.error));
        }
        return;
      }
      stores.session.setSettings(result.value);
      if (parsed.patch.defaultParentId !== undefined && retryIds.length > 0) {
        const retried = await invoke(api, 'retryWithSettings', { ids: [...retryIds] });
        if (retried.ok) notify(stores, { level: 'success', message: t('settings.retried', { count: retried.value.retried }) });
      }
    }
    if (form.target !== baseline.target.kind) {
      if (form.target === 'server') {
        props.onClose();
        props.onSignIn();
        return;
      }
      const result = await invoke(api, 'useSandbox', {});
      if (!result.ok) {
        setBusy(false);
        setError(errorText(i18n, result.error));
        return;
      }
      stores.session.setAccount(result.value);
      notify(stores, { level: 'info', message: t('account.sandbox-toast') });
    } else if (changed) {
      notify(stores, { level: 'success', message: t('settings.saved') });
    }
    props.onClose();
  };

  const targetOption = (value: TargetChoice, title: string, description: string) => (
    <label className="choice choice-compact">
      <input
        type="radio"
        name={ids.target}
        value={value}
        checked={form.target === value}
        data-autofocus={form.target === value && !props.focusFolder ? true : undefined}
        onChange={() => set('target', value)}
      />
      <span className="choice-text">
        <span className="choice-title">{title}</span>
        <span className="choice-description">{description}</span>
      </span>
    </label>
  );

  return (
    <Dialog
      title={t('settings.title')}
      description={t('settings.description')}
      icon={
        <span className="dialog-icon tone-neutral">
          <Icon name="settings" size={22} />
        </span>
      }
      size="lg"
      onClose={props.onClose}
      onSubmit={(event) => void save(event)}
      footer={
        <>
          <span className="footer-spacer" />
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" disabled={busy}>
            {form.target === 'server' && baseline.target.kind !== 'server' ? t('settings.save-sign-in') : t('settings.save')}
          </Button>
        </>
      }
    >
      <FormAlert message={error} />

      <section className="settings-section" aria-labelledby={`${ids.target}-heading`}>
        <h3 id={`${ids.target}-heading`} className="section-title">
          {t('settings.destination')}
        </h3>
        <fieldset className="fieldset">
          <legend className="field-label">{t('settings.upload-to')}</legend>
          <div className="choice-row">
            {targetOption('sandbox', t('settings.sandbox'), t('settings.sandbox.hint'))}
            {targetOption(
              'server',
              t('settings.server'),
              savedServer !== null ? `${hostOf(savedServer)}${account?.userName ? ` · ${account.userName}` : ''}` : t('settings.server.hint'),
            )}
          </div>
          {savedServer !== null && form.target === 'server' && (
            <Button
              size="sm"
              variant="ghost"
              icon="log-in"
              onClick={() => {
                props.onClose();
                props.onSignIn();
              }}
            >
              {t('settings.other-server')}
            </Button>
          )}
        </fieldset>
        {account?.signedIn === true && <ConnectionTest />}
        <div className="field-grid">
          <PathChoice
            label={t('settings.destination-folder')}
            icon="folder"
            path={folderName(settings, i18n)}
            chooseLabel={t('settings.choose-folder')}
            onChoose={props.onChooseFolder}
            error={folderError?.text}
            buttonRef={folderRef}
          />
          <LanguageSelect value={form.languageId} onChange={(v) => set('languageId', v)} />
          <label className="choice choice-compact">
            <input type="checkbox" checked={form.attachSidecars} onChange={(event) => set('attachSidecars', event.target.checked)} />
            <span className="choice-text">
              <span className="choice-title">{t('settings.attach-sidecars')}</span>
              <span className="choice-description">{t('settings.attach-sidecars.hint')}</span>
            </span>
          </label>
        </div>
      </section>

      <section className="settings-section" aria-labelledby={`${ids.unit}-heading`}>
        <h3 id={`${ids.unit}-heading`} className="section-title">
          {t('settings.transfers')}
        </h3>
        <div className="field-grid">
          <TextField
            ref={concurrencyRef}
            label={t('settings.concurrency')}
            type="number"
            inputMode="numeric"
            min={CONCURRENCY_MIN}
            max={CONCURRENCY_MAX}
            step={1}
            value={form.concurrency}
            onChange={(v) => set('concurrency', v)}
            error={fieldError(errors.concurrency)}
            hint={t('settings.concurrency.hint', { min: CONCURRENCY_MIN, max: CONCURRENCY_MAX })}
          />
          <TextField
            ref={bandwidthRef}
            label={t('settings.bandwidth')}
            type="number"
            inputMode="decimal"
            min={0}
            step="any"
            value={form.bandwidth.unit === 'unlimited' ? '' : form.bandwidth.amount}
            placeholder={form.bandwidth.unit === 'unlimited' ? t('settings.bandwidth.none') : ''}
            disabled={form.bandwidth.unit === 'unlimited'}
            onChange={(amount) => set('bandwidth', { ...form.bandwidth, amount })}
            error={fieldError(errors.bandwidth)}
            hint={t('settings.bandwidth.hint')}
            addon={
              <select
                aria-label={t('settings.bandwidth.unit')}
                className="select select-addon"
                value={form.bandwidth.unit}
                onChange={(event) => {
                  const unit = event.target.value;
                  if (isBandwidthUnit(unit)) set('bandwidth', { ...form.bandwidth, unit });
                }}
              >
                {BANDWIDTH_UNITS.map((unit) => (
                  <option key={unit} value={unit}>
                    {t(unitLabel(unit))}
                  </option>
                ))}
              </select>
            }
          />
        </div>
      </section>

      <section className="settings-section" aria-labelledby={`${ids.overwrite}-heading`}>
        <h3 id={`${ids.overwrite}-heading`} className="section-title">
          {t('settings.exists')}
        </h3>
        <OverwriteSelect label={t('settings.exists.default')} value={form.overwrite} onChange={(v) => set('overwrite', v)} />
        <ReplaceOptionsFieldset
          legend={t('settings.replace-options')}
          hint={t('settings.replace-options.hint')}
          value={form.replaceOptions}
          onChange={(v) => set('replaceOptions', v)}
        />
      </section>

      <section className="settings-section" aria-labelledby={`${ids.language}-heading`}>
        <h3 id={`${ids.language}-heading`} className="section-title">
          {t('settings.appearance')}
        </h3>
        <div className="field">
          <label htmlFor={ids.language} className="field-label">
            {t('settings.ui-language')}
          </label>
          <select
            id={ids.language}
            className="select"
            value={form.uiLocale}
            onChange={(event) => {
              const value = event.target.value;
              if (value === '' || isUiLocale(value)) set('uiLocale', value);
            }}
          >
            <option value="">{t('settings.ui-language.system')}</option>
            {UI_LOCALES.map((locale) => (
              <option key={locale} value={locale} lang={locale}>
                {LOCALE_NAMES[locale]}
              </option>
            ))}
          </select>
        </div>
      </section>

      <UpdatesSection />
    </Dialog>
  );
}
