// The window's I18n for components. The value changes only when the language does, so
// switching language re-renders every component that uses it (memoized rows included).

import { createContext, useContext, type ReactNode } from 'react';
import { RawIntlProvider } from 'react-intl';
import type { I18n } from './i18n';

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider(props: { i18n: I18n; children: ReactNode }) {
  return (
    <I18nContext value={props.i18n}>
      <RawIntlProvider value={props.i18n.intl}>{props.children}</RawIntlProvider>
    </I18nContext>
  );
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (value === null) throw new Error('useI18n() outside <I18nProvider>');
  return value;
}
