// The default answer to "this asset already exists", as offered in Settings.

import type { OverwritePolicy } from '../../../preload/contract';

interface PolicyChoice {
  value: OverwritePolicy;
  label: string;
  hint: string;
}

export const OVERWRITE_CHOICES: readonly PolicyChoice[] = [
  { value: 'Ask', label: 'Ask me each time', hint: 'Uploads wait for your decision.' },
  {
    value: 'Continue',
    label: 'Continue',
    hint: 'Resume the upload already on the server; only missing parts are sent.',
  },
  { value: 'Replace', label: 'Replace', hint: 'Replace the existing file with the new one.' },
  {
    value: 'AssetReplace',
    label: 'Replace asset',
    hint: 'Replace the content of the existing asset, keeping the asset and its id.',
  },
  {
    value: 'Cancel',
    label: 'Skip (fail)',
    hint: 'Do not upload; the file is marked failed so you can retry it later.',
  },
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
