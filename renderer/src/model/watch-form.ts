// A watch folder as edited in the form (strings, as typed) and the draft it turns into. The
// limits and the default ignore list come from main (listWatches), so the form and main
// refuse the same things; main checks the folder and the destination again before saving.

import type { OverwritePolicy, Settings, WatchConfig, WatchDefaults, WatchDraft } from '../../../preload/contract';
import type { MessageId } from '../i18n/catalog-en';

export interface WatchForm {
  /** '' until the person picked one. */
  folder: string;
  parentId: string | null;
  /** The destination by its path, as the folder browser named it (null: Incoming). */
  parentPath: string | null;
  overwrite: OverwritePolicy;
  recursive: boolean;
  /** One pattern per line. */
  ignore: string;
  /** Seconds, as typed. */
  quietSeconds: string;
  moveUploaded: boolean;
}

export type WatchFormErrors = Partial<Record<'folder' | 'quietSeconds' | 'ignore', { id: MessageId; values: Record<string, string | number> }>>;

/** A new watch starts from the defaults: Settings' destination and conflict policy, main's ignore list and quiet period. */
export function newWatchForm(defaults: WatchDefaults, settings: Settings | null): WatchForm {
  return {
    folder: '',
    parentId: settings?.defaultParentId ?? null,
    parentPath: settings?.defaultParentPath ?? null,
    overwrite: settings?.overwrite ?? 'Ask',
    recursive: true,
    ignore: defaults.ignore.join('\n'),
    quietSeconds: String(defaults.quietPeriodMs.default / 1000),
    moveUploaded: false,
  };
}

export function formFromWatch(config: WatchConfig): WatchForm {
  return {
    folder: config.folder,
    parentId: config.parentId,
    parentPath: config.parentId === null ? null : config.parentPath,
    overwrite: config.overwrite,
    recursive: config.recursive,
    ignore: config.ignore.join('\n'),
    quietSeconds: String(config.quietPeriodMs / 1000),
    moveUploaded: config.moveUploaded,
  };
}

/** The patterns as the person typed them: one a line, blank lines and repeats left out. */
export function ignoreLines(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== ''))];
}

export type FormToDraft = { ok: true; draft: WatchDraft } | { ok: false; errors: WatchFormErrors };

export function draftFromForm(form: WatchForm, defaults: WatchDefaults): FormToDraft {
  const errors: WatchFormErrors = {};
  if (form.folder === '') errors.folder = { id: 'watches.form.folder.missing', values: {} };
  const { min, max } = defaults.quietPeriodMs;
  const seconds = Number(form.quietSeconds.trim().replace(',', '.'));
  const quietPeriodMs = Math.round(seconds * 1000);
  if (form.quietSeconds.trim() === '' || !Number.isFinite(seconds) || quietPeriodMs < min || quietPeriodMs > max) {
    errors.quietSeconds = { id: 'watches.form.quiet.range', values: { min: min / 1000, max: max / 1000 } };
  }
  const ignore = ignoreLines(form.ignore);
  const bad = ignore.find((pattern) => /[\\/]/.test(pattern) || pattern.length > 200);
  if (bad !== undefined) errors.ignore = { id: 'watches.form.ignore.invalid', values: { pattern: bad } };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    draft: { folder: form.folder, parentId: form.parentId, overwrite: form.overwrite, recursive: form.recursive, ignore, quietPeriodMs, moveUploaded: form.moveUploaded },
  };
}
