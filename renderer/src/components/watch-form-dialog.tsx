// Adding or editing a watch folder: the local folder (the native picker), the destination on
// the server (the folder browser), the conflict policy, sub-folders, the quiet period, moving
// into Uploaded/ and the ignore patterns (the defaults shown, editable). The form checks what
// it can; main checks the folder and the destination again and its refusal is shown here.

import { useId, useRef, useState, type FormEvent } from 'react';
import type { WatchConfig, WatchDefaults } from '../../../preload/contract';
import { useApp } from '../app-context';
import { invoke } from '../commands/invoke';
import { useI18n } from '../i18n/use-i18n';
import { errorText } from '../model/failure-help';
import { draftFromForm, type WatchForm, type WatchFormErrors } from '../model/watch-form';
import { Button } from './button';
import { Dialog } from './dialog';
import { FormAlert } from './form-alert';
import { Icon } from './icons';
import { OverwriteSelect } from './overwrite-select';
import { PathChoice } from './path-choice';
import { TextField } from './text-field';

interface WatchFormDialogProps {
  defaults: WatchDefaults;
  /** The watch being edited; null adds a new one. */
  editing: WatchConfig | null;
  form: WatchForm;
  onChange: (form: WatchForm) => void;
  /** "Choose…" for the destination: the folder browser takes over, then hands back. */
  onBrowse: () => void;
  /** Saved (or cancelled): back to the list. */
  onDone: (saved: string | null) => void;
}

export function WatchFormDialog(props: WatchFormDialogProps) {
  const { form, onChange, defaults, editing } = props;
  const { api } = useApp();
  const i18n = useI18n();
  const { t } = i18n;
  const [errors, setErrors] = useState<WatchFormErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const folderButton = useRef<HTMLButtonElement>(null);
  const quietRef = useRef<HTMLInputElement>(null);
  const ids = { ignore: useId(), ignoreHint: useId(), ignoreError: useId() };
  const set = <K extends keyof WatchForm>(key: K, value: WatchForm[K]) => onChange({ ...form, [key]: value });
  const fieldError = (e: WatchFormErrors[keyof WatchFormErrors]) => (e === undefined ? undefined : t(e.id, e.values));

  const pickFolder = async () => {
    const result = await invoke(api, 'pickWatchFolder', {});
    if (!result.ok) setError(errorText(i18n, result.error));
    else if (result.value.folder !== null) {
      set('folder', result.value.folder);
      setErrors((e) => ({ ...e, folder: undefined }));
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = draftFromForm(form, defaults);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      if (parsed.errors.folder !== undefined) folderButton.current?.focus();
      else if (parsed.errors.quietSeconds !== undefined) quietRef.current?.focus();
      return;
    }
    setErrors({});
    setError(null);
    setBusy(true);
    const result = editing === null ? await invoke(api, 'addWatch', { watch: parsed.draft }) : await invoke(api, 'updateWatch', { id: editing.id, watch: parsed.draft });
    setBusy(false);
    if (!result.ok) {
      setError(errorText(i18n, result.error));
      return;
    }
    props.onDone(result.value.config.folder);
  };

  return (
    <Dialog
      title={editing === null ? t('watches.form.add-title') : t('watches.form.edit-title')}
      description={t('watches.form.description')}
      icon={
        <span className="dialog-icon tone-neutral">
          <Icon name="eye" size={22} />
        </span>
      }
      size="lg"
      onClose={() => props.onDone(null)}
      onSubmit={(event) => void save(event)}
      footer={
        <>
          <span className="footer-spacer" />
          <Button onClick={() => props.onDone(null)}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" disabled={busy}>
            {editing === null ? t('watches.form.add') : t('watches.form.save')}
          </Button>
        </>
      }
    >
      <FormAlert message={error} />
      <div className="field-grid">
        <PathChoice
          label={t('watches.form.folder')}
          icon="laptop"
          path={form.folder === '' ? t('watches.form.folder.none') : <bdi dir="auto">{form.folder}</bdi>}
          chooseLabel={t('watches.form.folder.choose')}
          onChoose={() => void pickFolder()}
          error={fieldError(errors.folder)}
          buttonRef={folderButton}
          autoFocus={editing === null}
        />
        <PathChoice
          label={t('watches.form.destination')}
          icon="folder"
          path={form.parentPath ?? t('target.incoming')}
          chooseLabel={t('watches.form.destination.choose')}
          onChoose={props.onBrowse}
        />
        <OverwriteSelect label={t('watches.form.overwrite')} value={form.overwrite} onChange={(v) => set('overwrite', v)} />
        <TextField
          ref={quietRef}
          label={t('watches.form.quiet')}
          type="number"
          inputMode="decimal"
          min={defaults.quietPeriodMs.min / 1000}
          max={defaults.quietPeriodMs.max / 1000}
          step="any"
          value={form.quietSeconds}
          onChange={(v) => set('quietSeconds', v)}
          error={fieldError(errors.quietSeconds)}
          hint={t('watches.form.quiet.hint')}
        />
        <label className="choice choice-compact">
          <input type="checkbox" checked={form.recursive} onChange={(event) => set('recursive', event.target.checked)} />
          <span className="choice-text">
            <span className="choice-title">{t('watches.form.recursive')}</span>
            <span className="choice-description">{t('watches.form.recursive.hint')}</span>
          </span>
        </label>
        <label className="choice choice-compact">
          <input type="checkbox" checked={form.moveUploaded} onChange={(event) => set('moveUploaded', event.target.checked)} />
          <span className="choice-text">
            <span className="choice-title">{t('watches.form.move')}</span>
            <span className="choice-description">{t('watches.form.move.hint')}</span>
          </span>
        </label>
      </div>
      <div className="field">
        <label htmlFor={ids.ignore} className="field-label">
          {t('watches.form.ignore')}
        </label>
        <textarea
          id={ids.ignore}
          className={`input textarea${errors.ignore !== undefined ? ' input-invalid' : ''}`}
          rows={5}
          spellCheck={false}
          value={form.ignore}
          aria-invalid={errors.ignore !== undefined ? true : undefined}
          aria-describedby={[ids.ignoreHint, errors.ignore !== undefined ? ids.ignoreError : ''].filter(Boolean).join(' ')}
          onChange={(event) => set('ignore', event.target.value)}
        />
        {errors.ignore !== undefined && (
          <p id={ids.ignoreError} className="field-error" role="alert">
            {fieldError(errors.ignore)}
          </p>
        )}
        <p id={ids.ignoreHint} className="field-hint">
          {t('watches.form.ignore.hint')}
        </p>
        <Button size="sm" variant="ghost" icon="retry" onClick={() => set('ignore', defaults.ignore.join('\n'))}>
          {t('watches.form.ignore.defaults')}
        </Button>
      </div>
    </Dialog>
  );
}
