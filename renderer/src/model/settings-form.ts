// Settings as edited in the form (strings, as typed) and the patch they turn into. Only
// fields that differ from the saved settings go into the patch, so saving one change never
// overwrites another window's or the tray's change to a different field.

import type { OverwritePolicy, Settings, UiLocale, UploadReplaceOption } from '../../../preload/contract';
import type { MessageId } from '../i18n/catalog-en';
import { CONCURRENCY_LIMITS } from '../../../shared/limits';
import { bandwidthToInput, inputToBandwidth, type BandwidthInput } from './bandwidth';

export type TargetChoice = 'sandbox' | 'server';

export interface SettingsForm {
  target: TargetChoice;
  languageId: string;
  attachSidecars: boolean;
  concurrency: string;
  bandwidth: BandwidthInput;
  overwrite: OverwritePolicy;
  replaceOptions: UploadReplaceOption[];
  /** '' = the system's language. */
  uiLocale: UiLocale | '';
}

/** Field errors as messages (with the values they need), worded by the form. */
export type SettingsFormErrors = Partial<Record<'concurrency' | 'bandwidth', { id: MessageId; values: Record<string, string | number> }>>;

/** The bounds main validates (shared/limits.ts), checked here first to word the error. */
export const CONCURRENCY_MIN = CONCURRENCY_LIMITS.min;
export const CONCURRENCY_MAX = CONCURRENCY_LIMITS.max;

export function formFromSettings(settings: Settings): SettingsForm {
  return {
    target: settings.target.kind,
    languageId: settings.languageId ?? '',
    attachSidecars: settings.attachSidecars,
    concurrency: String(settings.concurrency),
    bandwidth: bandwidthToInput(settings.bandwidthLimit),
    overwrite: settings.overwrite,
    replaceOptions: [...settings.replaceOptions],
    uiLocale: settings.uiLocale ?? '',
  };
}

export type FormToPatch =
  | { ok: true; patch: Partial<Settings> }
  | { ok: false; errors: SettingsFormErrors };

/**
 * The patch for everything except the target: switching target is an account action
 * (sign-in or useSandbox), not a plain setting.
 */
export function patchFromForm(form: SettingsForm, saved: Settings): FormToPatch {
  const errors: SettingsFormErrors = {};
  const concurrency = Number(form.concurrency.trim());
  if (
    form.concurrency.trim() === '' ||
    !Number.isInteger(concurrency) ||
    concurrency < CONCURRENCY_MIN ||
    concurrency > CONCURRENCY_MAX
  ) {
    errors.concurrency = { id: 'settings.concurrency.invalid', values: { min: CONCURRENCY_MIN, max: CONCURRENCY_MAX } };
  }
  const bandwidth = inputToBandwidth(form.bandwidth);
  if (!bandwidth.ok) errors.bandwidth = { id: bandwidth.message, values: { unit: bandwidth.unit } };
  if (!bandwidth.ok || errors.concurrency !== undefined) return { ok: false, errors };

  const patch: Partial<Settings> = {};
  const languageId = form.languageId.trim() === '' ? null : form.languageId.trim();
  if (languageId !== saved.languageId) patch.languageId = languageId;
  if (form.attachSidecars !== saved.attachSidecars) patch.attachSidecars = form.attachSidecars;
  if (concurrency !== saved.concurrency) patch.concurrency = concurrency;
  if (bandwidth.bytesPerSecond !== saved.bandwidthLimit) patch.bandwidthLimit = bandwidth.bytesPerSecond;
  if (form.overwrite !== saved.overwrite) patch.overwrite = form.overwrite;
  const sameOptions =
    form.replaceOptions.length === saved.replaceOptions.length &&
    form.replaceOptions.every((o) => saved.replaceOptions.includes(o));
  if (!sameOptions) patch.replaceOptions = [...form.replaceOptions];
  const uiLocale = form.uiLocale === '' ? null : form.uiLocale;
  if (uiLocale !== saved.uiLocale) patch.uiLocale = uiLocale;
  return { ok: true, patch };
}
