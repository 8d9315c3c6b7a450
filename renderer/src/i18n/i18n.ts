// The window's words and numbers in one object per language: `t` for messages (ICU
// MessageFormat through FormatJS, so plurals and selects follow each language's rules),
// `rich` for messages with markup, and `f` for sizes, speeds, durations, percentages, times
// and counts formatted with Intl for that language.

import { createIntl, createIntlCache, type IntlShape } from 'react-intl';
import type { ReactNode } from 'react';
import type { UiLocale } from '../../../preload/contract';
import type { MessageId } from './catalog-en';
import { CATALOGS } from './locales';
import { createFormatters, type Formatters } from './formatters';

export type MessageValues = Record<string, string | number | Date>;
export type RichValues = Record<string, string | number | ReactNode | ((chunks: ReactNode[]) => ReactNode)>;

export interface I18n {
  locale: UiLocale;
  intl: IntlShape;
  t(id: MessageId, values?: MessageValues): string;
  rich(id: MessageId, values: RichValues): ReactNode;
  f: Formatters;
}

const cache = createIntlCache();
const made = new Map<UiLocale, I18n>();

/**
 * One I18n per language, made once: formatters are costly to build and every row uses them.
 * A message missing from a catalogue is an error (the catalogue test keeps them complete).
 */
export function i18nFor(locale: UiLocale, onError: (error: Error) => void = reportToConsole): I18n {
  const existing = made.get(locale);
  if (existing !== undefined) return existing;
  const intl = createIntl({ locale, messages: CATALOGS[locale], defaultLocale: 'en', onError }, cache);
  const i18n: I18n = {
    locale,
    intl,
    t: (id, values) => intl.formatMessage({ id }, values),
    rich: (id, values) => intl.formatMessage({ id }, values as never) as ReactNode,
    f: createFormatters(intl),
  };
  made.set(locale, i18n);
  return i18n;
}

function reportToConsole(error: Error): void {
  console.error(error);
}
