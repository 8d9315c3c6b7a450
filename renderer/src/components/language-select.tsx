// The language of new assets, picked by name from the server's list (GET /lookup/Languages).
// A saved language the server no longer lists stays selected (named by what we know) rather
// than being dropped silently.

import { useEffect, useId, useState } from 'react';
import type { LanguageView } from '../../../preload/contract';
import { useApp } from '../app-context';
import { invoke } from '../commands/invoke';
import { useI18n } from '../i18n/use-i18n';
import { errorText } from '../model/failure-help';

export function LanguageSelect(props: { value: string; onChange: (id: string) => void }) {
  const { api } = useApp();
  const i18n = useI18n();
  const { t } = i18n;
  const id = useId();
  const [languages, setLanguages] = useState<LanguageView[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void invoke(api, 'listLanguages', {}).then((result) => {
      if (!live) return;
      if (result.ok) setLanguages(result.value);
      else setProblem(errorText(i18n, result.error));
    });
    return () => {
      live = false;
    };
  }, [api, i18n]);

  const known = languages?.some((language) => language.id === props.value) ?? false;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {t('settings.language')}
      </label>
      <select id={id} className="select" value={props.value} aria-describedby={`${id}-hint`} disabled={languages === null && problem === null} onChange={(event) => props.onChange(event.target.value)}>
        <option value="">{t('settings.language.default')}</option>
        {props.value !== '' && !known && <option value={props.value}>{t('settings.language.saved')}</option>}
        {(languages ?? []).map((language) => (
          <option key={language.id} value={language.id}>
            {language.name}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className={problem !== null ? 'field-error' : 'field-hint'}>
        {problem ?? t('settings.language.hint')}
      </p>
    </div>
  );
}
