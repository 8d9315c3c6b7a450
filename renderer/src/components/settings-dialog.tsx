// Every field of Settings. Saving sends only what changed (updateSettings with a patch) and
// shows the main process's validation message if it refuses. Choosing a server target goes
// through sign-in; choosing the sandbox calls useSandbox.

import { useId, useRef, useState, type FormEvent } from 'react';
import type { AccountView, Settings } from '../../../preload/contract';
import { useApp } from '../app-context';
import { invoke } from '../commands/invoke';
import { BANDWIDTH_UNITS, type BandwidthUnit } from '../model/bandwidth';
import { OVERWRITE_CHOICES, isOverwritePolicy } from '../model/overwrite-policy';
import {
  CONCURRENCY_MAX,
  CONCURRENCY_MIN,
  formFromSettings,
  patchFromForm,
  type SettingsForm,
  type SettingsFormErrors,
  type TargetChoice,
} from '../model/settings-form';
import { hostOf } from '../model/target';
import { notify } from '../store/app-stores';
import { Button } from './button';
import { Dialog } from './dialog';
import { FormAlert } from './form-alert';
import { Icon } from './icons';
import { ReplaceOptionsFieldset } from './replace-options-fieldset';
import { TextField } from './text-field';

interface SettingsDialogProps {
  settings: Settings;
  account: AccountView | null;
  onClose: () => void;
  /** The person chose a server: continue with sign-in. */
  onSignIn: () => void;
}

function unitLabel(unit: BandwidthUnit): string {
  switch (unit) {
    case 'unlimited':
      return 'Unlimited';
    case 'KB/s':
      return 'KB/s';
    case 'MB/s':
      return 'MB/s';
  }
}

function isBandwidthUnit(value: string): value is BandwidthUnit {
  return (BANDWIDTH_UNITS as readonly string[]).includes(value);
}

export function SettingsDialog(props: SettingsDialogProps) {
  const { settings, account } = props;
  const { api, stores } = useApp();
  // The patch is computed against the settings the form started from, so a change made
  // elsewhere (the tray, another window) while this dialog is open is not reverted.
  const [baseline] = useState(settings);
  const [form, setForm] = useState<SettingsForm>(() => formFromSettings(baseline));
  const [errors, setErrors] = useState<SettingsFormErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const concurrencyRef = useRef<HTMLInputElement>(null);
  const bandwidthRef = useRef<HTMLInputElement>(null);
  const ids = { target: useId(), unit: useId(), overwrite: useId(), overwriteHint: useId() };

  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const savedServer = settings.target.kind === 'server' ? settings.target.url : null;
  const overwriteHint = OVERWRITE_CHOICES.find((c) => c.value === form.overwrite)?.hint ?? '';

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
    setBusy(true);
    const changed = Object.keys(parsed.patch).length > 0;
    if (changed) {
      const result = await invoke(api, 'updateSettings', { patch: parsed.patch });
      if (!result.ok) {
        setBusy(false);
        setError(result.error.message);
        return;
      }
      stores.session.setSettings(result.value);
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
        setError(result.error.message);
        return;
      }
      stores.session.setAccount(result.value);
      notify(stores, 'info', 'Uploads now go to the local sandbox on this computer.');
    } else if (changed) {
      notify(stores, 'success', 'Settings saved');
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
        data-autofocus={form.target === value ? true : undefined}
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
      title="Settings"
      description="Where uploads go and how they run."
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
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={busy}>
            {form.target === 'server' && baseline.target.kind !== 'server' ? 'Save and sign in…' : 'Save'}
          </Button>
        </>
      }
    >
      <FormAlert message={error} />

      <section className="settings-section" aria-labelledby={`${ids.target}-heading`}>
        <h3 id={`${ids.target}-heading`} className="section-title">
          Destination
        </h3>
        <fieldset className="fieldset">
          <legend className="field-label">Upload to</legend>
          <div className="choice-row">
            {targetOption('sandbox', 'Local sandbox', 'Files stay on this computer. Good for trying things out.')}
            {targetOption(
              'server',
              'Nomad server',
              savedServer !== null
                ? `${hostOf(savedServer)}${account?.userName ? ` · ${account.userName}` : ''}`
                : 'You will sign in after saving.',
            )}
          </div>
          {savedServer !== null && form.target === 'server' && (
            <Button size="sm" variant="ghost" icon="log-in" onClick={() => {
              props.onClose();
              props.onSignIn();
            }}>
              Sign in to a different server…
            </Button>
          )}
        </fieldset>
        <div className="field-grid">
          <TextField
            label="Folder id"
            value={form.defaultParentId}
            onChange={(v) => set('defaultParentId', v)}
            placeholder="Incoming"
            spellCheck={false}
            hint="Asset id of the folder uploads go to. Empty = the server’s Incoming folder."
          />
          <TextField
            label="Language id"
            value={form.languageId}
            onChange={(v) => set('languageId', v)}
            placeholder="Server default"
            spellCheck={false}
            hint="Nomad language id given to new assets. Empty = the server default."
          />
        </div>
      </section>

      <section className="settings-section" aria-labelledby={`${ids.unit}-heading`}>
        <h3 id={`${ids.unit}-heading`} className="section-title">
          Transfers
        </h3>
        <div className="field-grid">
          <TextField
            ref={concurrencyRef}
            label="Parallel transfers"
            type="number"
            inputMode="numeric"
            min={CONCURRENCY_MIN}
            max={CONCURRENCY_MAX}
            step={1}
            value={form.concurrency}
            onChange={(v) => set('concurrency', v)}
            error={errors.concurrency}
            hint={`Parts sent at the same time, shared by all files (${CONCURRENCY_MIN}–${CONCURRENCY_MAX}).`}
          />
          <TextField
            ref={bandwidthRef}
            label="Bandwidth limit"
            type="number"
            inputMode="decimal"
            min={0}
            step="any"
            value={form.bandwidth.unit === 'unlimited' ? '' : form.bandwidth.amount}
            placeholder={form.bandwidth.unit === 'unlimited' ? 'No limit' : ''}
            disabled={form.bandwidth.unit === 'unlimited'}
            onChange={(amount) => set('bandwidth', { ...form.bandwidth, amount })}
            error={errors.bandwidth}
            hint="Applies while uploads run; other apps keep the rest of your connection."
            addon={
              <select
                aria-label="Bandwidth unit"
                className="select select-addon"
                value={form.bandwidth.unit}
                onChange={(event) => {
                  const unit = event.target.value;
                  if (isBandwidthUnit(unit)) set('bandwidth', { ...form.bandwidth, unit });
                }}
              >
                {BANDWIDTH_UNITS.map((unit) => (
                  <option key={unit} value={unit}>
                    {unitLabel(unit)}
                  </option>
                ))}
              </select>
            }
          />
        </div>
      </section>

      <section className="settings-section" aria-labelledby={`${ids.overwrite}-heading`}>
        <h3 id={`${ids.overwrite}-heading`} className="section-title">
          When a file already exists
        </h3>
        <div className="field">
          <label htmlFor={ids.overwrite} className="field-label">
            Default action
          </label>
          <select
            id={ids.overwrite}
            className="select"
            value={form.overwrite}
            aria-describedby={ids.overwriteHint}
            onChange={(event) => {
              const value = event.target.value;
              if (isOverwritePolicy(value)) set('overwrite', value);
            }}
          >
            {OVERWRITE_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
          <p id={ids.overwriteHint} className="field-hint">
            {overwriteHint}
          </p>
        </div>
        <ReplaceOptionsFieldset
          legend="Replace options"
          hint="Used when replacing, by default and in the “already exists” dialog."
          value={form.replaceOptions}
          onChange={(v) => set('replaceOptions', v)}
        />
      </section>
    </Dialog>
  );
}
