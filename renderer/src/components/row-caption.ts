// The line under a job's progress bar: the error, the waiting reason, or the numbers.

import type { JobView } from '../../../preload/contract';
import type { I18n } from '../i18n/i18n';
import { errorText } from '../model/failure-help';
import { progressFraction } from '../model/job-state';

export interface Caption {
  text: string;
  tone: 'danger' | 'attention' | 'muted';
}

export function rowCaption(job: JobView, i18n: I18n, signedOut: boolean): Caption {
  const { t, f } = i18n;
  if (job.error !== null && (job.state === 'failed' || job.state === 'cancelled')) {
    return { text: errorText(i18n, job.error), tone: 'danger' };
  }
  if (signedOut && (job.state === 'paused' || job.state === 'queued')) {
    return { text: t('caption.signed-out'), tone: 'attention' };
  }
  // The engine's waiting reasons are English sentences about the network; say it in ours.
  if (job.waiting !== null) return { text: t('caption.waiting'), tone: 'attention' };
  const percent = f.percent(progressFraction(job));
  switch (job.state) {
    case 'queued':
      return { text: t('caption.queued'), tone: 'muted' };
    case 'starting':
      return { text: t('caption.starting'), tone: 'muted' };
    case 'awaiting-decision':
      return { text: t('caption.awaiting-decision'), tone: 'attention' };
    case 'uploading': {
      const eta = f.eta(job.etaSeconds);
      return {
        text: eta !== '' ? t('caption.uploading-eta', { percent, speed: f.speed(job.speed), eta }) : t('caption.uploading', { percent, speed: f.speed(job.speed) }),
        tone: 'muted',
      };
    }
    case 'paused':
      return { text: t(job.pauseReason === 'system' ? 'caption.paused-system' : 'caption.paused', { percent }), tone: 'muted' };
    case 'completing':
      return { text: t('caption.completing'), tone: 'muted' };
    case 'done':
      return { text: job.finishedAt !== null ? t('caption.done-at', { time: f.time(job.finishedAt) }) : t('caption.done'), tone: 'muted' };
    case 'skipped':
      return { text: t('caption.skipped'), tone: 'muted' };
    case 'failed':
      return { text: t('caption.failed', { size: f.bytes(job.bytesDone) }), tone: 'danger' };
    case 'cancelled':
      return { text: t('caption.cancelled'), tone: 'muted' };
  }
}
