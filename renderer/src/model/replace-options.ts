// Human labels for Nomad's upload replace options, in the engine's order.

import { UPLOAD_REPLACE_OPTIONS } from '../../../main/engine/protocol';
import type { UploadReplaceOption } from '../../../preload/contract';

export const REPLACE_OPTION_LABELS = {
  ReplaceDisplayName: 'Replace display name',
  ReplaceDisplayDate: 'Replace display date',
  ReplaceLanguage: 'Replace language',
  RecreateThumbnail: 'Recreate thumbnail',
  RecreatePreview: 'Recreate preview',
  RecreateSubtitles: 'Recreate subtitles',
  RecreateTranscodes: 'Recreate transcodes',
} as const satisfies Record<UploadReplaceOption, string>;

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
