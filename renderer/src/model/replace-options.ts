// Human labels for Nomad's upload replace options, in the engine's order.

import { UPLOAD_REPLACE_OPTIONS } from '../../../shared/upload-options';
import type { UploadReplaceOption } from '../../../preload/contract';
import type { MessageId } from '../i18n/catalog-en';

export const REPLACE_OPTION_LABELS = {
  ReplaceDisplayName: 'replace.display-name',
  ReplaceDisplayDate: 'replace.display-date',
  ReplaceLanguage: 'replace.language',
  RecreateThumbnail: 'replace.thumbnail',
  RecreatePreview: 'replace.preview',
  RecreateSubtitles: 'replace.subtitles',
  RecreateTranscodes: 'replace.transcodes',
} as const satisfies Record<UploadReplaceOption, MessageId>;

export const REPLACE_OPTIONS: readonly UploadReplaceOption[] = UPLOAD_REPLACE_OPTIONS;

/** Toggles one option, keeping the engine's canonical order (stable payloads, stable tests). */
export function toggleReplaceOption(
  selected: readonly UploadReplaceOption[],
  option: UploadReplaceOption,
  on: boolean,
): UploadReplaceOption[] {
  const set = new Set(selected);
  if (on) set.add(option);
  else set.delete(option);
  return REPLACE_OPTIONS.filter((o) => set.has(o));
}
