// The default answer to "this asset already exists", as offered in Settings.

import type { OverwritePolicy } from '../../../preload/contract';
import type { MessageId } from '../i18n/catalog-en';

interface PolicyChoice {
  value: OverwritePolicy;
  label: MessageId;
  hint: MessageId;
}

export const OVERWRITE_CHOICES: readonly PolicyChoice[] = [
  { value: 'Ask', label: 'policy.ask', hint: 'policy.ask.hint' },
  { value: 'Continue', label: 'policy.continue', hint: 'policy.continue.hint' },
  { value: 'Replace', label: 'policy.replace', hint: 'policy.replace.hint' },
  { value: 'AssetReplace', label: 'policy.asset-replace', hint: 'policy.asset-replace.hint' },
  { value: 'Cancel', label: 'policy.cancel', hint: 'policy.cancel.hint' },
];

// Compile-time check that every policy has a choice above.
const everyPolicy = {
  Ask: true,
  Continue: true,
  Replace: true,
  AssetReplace: true,
  Cancel: true,
} as const satisfies Record<OverwritePolicy, true>;
void everyPolicy;

export function isOverwritePolicy(value: string): value is OverwritePolicy {
  return OVERWRITE_CHOICES.some((c) => c.value === value);
}
