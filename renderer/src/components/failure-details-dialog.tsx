// Why a file did not upload: the reason in plain words, what the server itself said, when,
// after how many tries, and what to do — with the button that does it, "Copy details" for
// whoever looks after the server, and Remove.

import { useCallback, useState } from 'react';
import type { JobView } from '../../../preload/contract';
import { useApp } from '../app-context';
import { useStore } from '../hooks/use-store';
import type { I18n } from '../i18n/i18n';
import { useI18n } from '../i18n/use-i18n';
import { failureHelp, fixLabel, type FixAction } from '../model/failure-help';
import { Button } from './button';
import { Dialog } from './dialog';
import { FileName } from './file-name';
import { Icon } from './icons';

interface FailureDetailsDialogProps {
  jobId: string;
  /** The server folder the file was going to, e.g. "Incoming". */
  destinationRoot: string;
  onFix: (fix: FixAction, job: JobView) => void;
  onRemove: (job: JobView) => void;
  onClose: () => void;
}

/** The details as plain text, in the window's language, for a support ticket or a chat. */
export function detailsText(job: JobView, destinationRoot: string, { t, f }: I18n): string {
  const error = job.error;
  const help = failureHelp(error?.code ?? 'unknown', error ?? {});
  const lines = [
    t('details.copy.heading', { name: job.name }),
    `${t('details.reason')}: ${t(help.reason)}`,
    `${t('details.advice')}: ${t(help.advice)}`,
    `${t('details.message')}: ${error?.message ?? ''}`,
  ];
  if (error?.detail) lines.push(`${t('details.server-said')}: ${error.detail}`);
  if (error?.request || error?.status) lines.push(`${t('details.request')}: ${[error.request, error.status].filter(Boolean).join(' → ')}`);
  lines.push(`${t('details.code')}: ${error?.code ?? ''}`);
  if (job.finishedAt !== null) lines.push(`${t('details.when')}: ${f.dateTime(job.finishedAt)}`);
  if (error?.attempts !== undefined) lines.push(`${t('details.attempts')}: ${f.count(error.attempts)}`);
  lines.push(`${t('details.file')}: ${job.localPath}`, `${t('details.destination')}: ${destinationRoot}/${job.relativePath}`);
  if (job.uploadId !== null) lines.push(`${t('details.upload-id')}: ${job.uploadId}`);
  return lines.join('\n');
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function FailureDetailsDialog(props: FailureDetailsDialogProps) {
  const { jobId, destinationRoot, onFix, onRemove, onClose } = props;
  const { stores } = useApp();
  const i18n = useI18n();
  const { t, f } = i18n;
  const job = useStore(stores.queue, useCallback((s) => s.jobs.get(jobId), [jobId]));
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  if (job === undefined) return null;
  const error = job.error;
  const help = failureHelp(error?.code ?? 'unknown', error ?? {});
  const stillFailed = job.state === 'failed';

  const copy = async () => {
    const ok = await copyText(detailsText(job, destinationRoot, i18n));
    setCopied(ok ? 'yes' : 'no');
    stores.announcer.announce(t(ok ? 'details.copied' : 'details.copy-failed'));
  };

  const facts: Array<[string, string]> = [];
  if (job.finishedAt !== null) facts.push([t('details.when'), f.dateTime(job.finishedAt)]);
  if (error?.attempts !== undefined) facts.push([t('details.attempts'), t('details.attempts-value', { count: error.attempts })]);
  if (error?.request || error?.status) facts.push([t('details.request'), [error.request, error.status].filter(Boolean).join(' → ')]);
  facts.push([t('details.code'), error?.code ?? '—']);

  return (
    <Dialog
      title={t('details.title')}
      description={<FileName name={job.name} className="details-name" />}
      icon={
        <span className="dialog-icon tone-danger">
          <Icon name="alert" size={22} />
        </span>
      }
      size="md"
      closeLabel={t('common.close')}
      onClose={onClose}
      footer={
        <>
          <Button icon="copy" variant="ghost" onClick={() => void copy()}>
            {t('details.copy')}
          </Button>
          <span className="footer-spacer" />
          <Button icon="trash" onClick={() => onRemove(job)}>
            {t('details.remove')}
          </Button>
          <Button variant="primary" data-autofocus disabled={!stillFailed} onClick={() => onFix(help.fix, job)}>
            {t(fixLabel(help.fix))}
          </Button>
        </>
      }
    >
      {!stillFailed && (
        <p className="form-note" role="status">
          {t('details.no-longer-failed')}
        </p>
      )}
      <section className="details-section" aria-labelledby={`${jobId}-reason`}>
        <h3 id={`${jobId}-reason`} className="section-title">
          {t('details.reason')}
        </h3>
        <p className="details-reason">{t(help.reason)}</p>
        <p className="details-message selectable">{error?.message}</p>
      </section>
      {error?.detail && (
        <section className="details-section" aria-labelledby={`${jobId}-server`}>
          <h3 id={`${jobId}-server`} className="section-title">
            {t('details.server-said')}
          </h3>
          <blockquote className="server-words selectable">
            <bdi dir="auto">{error.detail}</bdi>
          </blockquote>
        </section>
      )}
      <section className="details-section" aria-labelledby={`${jobId}-advice`}>
        <h3 id={`${jobId}-advice`} className="section-title">
          {t('details.advice')}
        </h3>
        <p>{t(help.advice)}</p>
      </section>
      <dl className="details-facts">
        {facts.map(([term, value]) => (
          <div key={term} className="details-fact">
            <dt>{term}</dt>
            <dd className="selectable">{value}</dd>
          </div>
        ))}
        <div className="details-fact">
          <dt>{t('details.file')}</dt>
          <dd className="selectable">
            <bdi dir="auto">{job.localPath}</bdi>
          </dd>
        </div>
        <div className="details-fact">
          <dt>{t('details.destination')}</dt>
          <dd className="selectable">
            <bdi dir="auto">{`${destinationRoot}/${job.relativePath}`}</bdi>
          </dd>
        </div>
      </dl>
      {copied === 'no' && (
        <p className="field-error" role="alert">
          {t('details.copy-failed')}
        </p>
      )}
    </Dialog>
  );
}
