// Settings → Test connection: the checks of `nomad-upload doctor` on the connection in use,
// shown as a list (what was checked, how it went, the engine's own sentence). The optional
// test upload writes one byte to the incoming folder and cancels it.

import { useId, useState } from 'react';
import type { CheckResult, CheckStatus, ConnectionReport } from '../../../preload/contract';
import { useApp } from '../app-context';
import { invoke } from '../commands/invoke';
import type { MessageId } from '../i18n/catalog-en';
import { useI18n } from '../i18n/use-i18n';
import { errorText } from '../model/failure-help';
import { Button } from './button';
import { FormAlert } from './form-alert';

const STATUS_WORDS: Record<CheckStatus, MessageId> = {
  pass: 'conn.status.pass',
  warn: 'conn.status.warn',
  fail: 'conn.status.fail',
  info: 'conn.status.info',
  skipped: 'conn.status.skipped',
};

const CHECK_WORDS: Record<CheckResult['id'], MessageId> = {
  reachable: 'conn.check.reachable',
  'admin-api': 'conn.check.admin-api',
  'sign-in': 'conn.check.sign-in',
  'token-lifetime': 'conn.check.token-lifetime',
  refresh: 'conn.check.refresh',
  session: 'conn.check.session',
  'error-style': 'conn.check.error-style',
  'write-test': 'conn.check.write-test',
  'zero-byte': 'conn.check.zero-byte',
  'expiry-answer': 'conn.check.expiry-answer',
};

export function ConnectionTest() {
  const { api } = useApp();
  const i18n = useI18n();
  const { t } = i18n;
  const writeId = useId();
  const [writeTest, setWriteTest] = useState(false);
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<ConnectionReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    if (running) return;
    setRunning(true);
    setError(null);
    const result = await invoke(api, 'testConnection', { writeTest });
    setRunning(false);
    if (result.ok) setReport(result.value);
    else setError(errorText(i18n, result.error));
  };

  return (
    <div className="connection-test">
      <p className="field-hint">{t('conn.description')}</p>
      <div className="connection-test-controls">
        <label className="checkbox" htmlFor={writeId}>
          <input id={writeId} type="checkbox" checked={writeTest} onChange={(event) => setWriteTest(event.target.checked)} />
          <span>{t('conn.write-test')}</span>
        </label>
        <Button size="sm" icon="check" onClick={() => void run()} disabled={running}>
          {running ? t('conn.running') : t('conn.title')}
        </Button>
      </div>
      <FormAlert message={error} />
      <div role="status" aria-live="polite">
        {report !== null && !running && (
          <section aria-label={t('conn.title')} className="connection-report">
            <p className={report.ok ? 'connection-verdict tone-success' : 'connection-verdict tone-danger'}>{report.ok ? t('conn.ok') : t('conn.not-ok')}</p>
            <ul className="connection-checks">
              {report.checks.map((check) => (
                <li key={check.id} className={`connection-check status-${check.status}`}>
                  <strong>{t(CHECK_WORDS[check.id])}</strong> <span className="connection-status">{t(STATUS_WORDS[check.status])}</span>
                  <span className="connection-summary">{check.summary}</span>
                </li>
              ))}
            </ul>
            <p className="connection-variants">{report.variants.length > 0 ? t('conn.variants', { list: report.variants.join(', ') }) : t('conn.no-variants')}</p>
          </section>
        )}
      </div>
    </div>
  );
}
