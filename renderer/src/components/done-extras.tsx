// A done row's after-upload line and actions: processing status, attachments, "Open in
// Nomad" and "Attach file…" (a file dropped onto the row is attached too, see QueueRow).

import type { AttachmentView, JobView, ProcessingStatus } from '../../../preload/contract';
import { useAttachments, useProcessing } from '../hooks/use-done-extras';
import { useCommand } from '../hooks/use-command';
import type { I18n } from '../i18n/i18n';
import { useI18n } from '../i18n/use-i18n';
import { IconButton } from './button';

function processingText(status: ProcessingStatus | null, { t }: Pick<I18n, 't'>): string | null {
  if (status === null) return null;
  switch (status.state) {
    case 'none':
      return null;
    case 'running':
      return t('row.processing.running', { finished: status.finished, total: status.jobs.length });
    case 'ended':
      return status.failed > 0 ? t('row.processing.failed', { failed: status.failed }) : t('row.processing.ended');
  }
}

function attachmentState(state: AttachmentView['state']) {
  switch (state) {
    case 'waiting':
      return 'row.attachment.waiting' as const;
    case 'uploading':
      return 'row.attachment.uploading' as const;
    case 'done':
      return 'row.attachment.done' as const;
    case 'failed':
      return 'row.attachment.failed' as const;
  }
}

function attachmentText(attachments: readonly AttachmentView[], { t }: Pick<I18n, 't'>): string | null {
  if (attachments.length === 0) return null;
  const parts = attachments.map((a) => `${a.name} ${t(attachmentState(a.state))}${a.state === 'failed' || a.state === 'waiting' ? ` (${a.reason ?? ''})` : ''}`);
  return `${t('row.attachments')}: ${parts.join(', ')}`;
}

/** The caption under a done row's bar: processing and attachments, when there are any. */
export function useDoneCaption(job: JobView): string | null {
  const i18n = useI18n();
  const processing = useProcessing(job.state === 'done' ? job.assetId : null);
  const attachments = useAttachments(job);
  const texts = [processingText(processing, i18n), attachmentText(attachments, i18n)].filter((text): text is string => text !== null);
  return texts.length > 0 ? texts.join(' · ') : null;
}

export function DoneCaption(props: { job: JobView; fallback: string; className: string }) {
  const caption = useDoneCaption(props.job);
  return <span className={props.className}>{caption === null ? props.fallback : `${props.fallback} · ${caption}`}</span>;
}

export function DoneActions(props: { job: JobView; tabIndex: number }) {
  const { job } = props;
  const { t } = useI18n();
  const run = useCommand();
  if (job.state !== 'done' || job.assetId === null) return null;
  const assetId = job.assetId;
  return (
    <>
      <IconButton icon="globe" label={t('row.open-in-nomad.label', { name: job.name })} title={t('row.open-in-nomad')} tabIndex={props.tabIndex} onClick={() => void run('openInNomad', { assetId }, { jobId: job.id })} />
      <IconButton icon="file-plus" label={t('row.attach.label', { name: job.name })} title={t('row.attach')} tabIndex={props.tabIndex} onClick={() => void run('attachFiles', { assetId }, { jobId: job.id })} />
    </>
  );
}
