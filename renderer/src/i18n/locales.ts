// Which catalogue the window uses: the person's choice in Settings, else the first of the
// operating system's languages we have, else English.

import { UI_LOCALES, type UiLocale } from '../../../preload/contract';
import { de } from './catalog-de';
import { en, type MessageId } from './catalog-en';

export const CATALOGS: Record<UiLocale, Record<MessageId, string>> = { en, de };

/** Each language in its own name, as a language picker shows them. */
export const LOCALE_NAMES: Record<UiLocale, string> = { en: 'English', de: 'Deutsch' };

export function isUiLocale(value: string): value is UiLocale {
  return (UI_LOCALES as readonly string[]).includes(value);
}

export function resolveLocale(choice: UiLocale | null, systemLanguages: readonly string[]): UiLocale {
  if (choice !== null) return choice;
  for (const tag of systemLanguages) {
    const language = tag.toLowerCase().split('-')[0] ?? '';
    if (isUiLocale(language)) return language;
  }
  return 'en';
}
