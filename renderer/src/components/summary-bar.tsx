// The whole queue at a glance: overall progress, bytes, speed, ETA, and the bulk actions.
// "Clear finished" removes done, skipped and cancelled jobs and says what it removed;
// "Remove failed" (which deletes their parts on the server) asks first.

import { useLayoutEffect, useRef } from 'react';
import type { Totals } from '../../../preload/contract';
import { useApp } from '../app-context';
import { useCommand } from '../hooks/use-command';
import { useStore } from '../hooks/use-store';
import type { I18n } from '../i18n/i18n';
import { useI18n } from '../i18n/use-i18n';
import { clearableCount, unfinishedCount } from '../model/job-state';
import { notify } from '../store/app-stores';
import type { QueueState } from '../store/queue-store';
import { Button } from './button';
import { Icon } from './icons';
import { ProgressBar } from './progress-bar';
import { useQueueContext } from './queue-context';

const selectTotals = (s: QueueState) => s.totals;

/** One sentence for the headline: what the queue is doing as a whole. */
function headline(totals: Totals, signedOut: boolean, { t }: I18n): string {
  const { counts } = totals;
  const unfinished = unfinishedCount(counts);
  const running = counts.uploading + counts.starting + counts.completing;
  if (signedOut && unfinished > 0) return t('summary.signed-out', { count: unfinished });
  if (counts['awaiting-decision'] > 0 && running === 0) return t('summary.decisions', { count: counts['awaiting-decision'] });
  if (running > 0) return t('summary.uploading', { count: running + counts.queued });
  if (counts.queued > 0) return t('summary.waiting', { count: counts.queued });
  if (unfinished > 0 && counts.paused === unfinished) return t('summary.paused', { count: counts.paused });
  if (counts.failed > 0) return t('summary.failures', { count: counts.failed });
  return t('summary.finished');
}

export function SummaryBar(props: { onReviewDecisions: () => void }) {
  const { stores } = useApp();
  const i18n = useI18n();
  const { t, f } = i18n;
  const queue = useQueueContext();
  const run = useCommand();
  const totals = useStore(stores.queue, selectTotals);
  const actionsRef = useRef<HTMLDivElement>(null);
  const { counts } = totals;
  const fraction = totals.bytesTotal > 0 ? totals.bytesDone / totals.bytesTotal : unfinishedCount(counts) === 0 ? 1 : 0;
  const pausable = counts.queued + counts.starting + counts.uploading;
  const clearable = clearableCount(counts);
  const eta = f.eta(totals.etaSeconds);
  const title = headline(totals, queue.signedOut, i18n);
  const stats = [
    t('summary.bytes', { done: f.bytes(totals.bytesDone), total: f.bytes(totals.bytesTotal) }),
    ...(totals.active ? [f.speed(totals.speed)] : []),
    ...(totals.active && eta !== '' ? [t('summary.eta', { eta })] : []),
    t('summary.files', { count: totals.jobs }),
  ];

  /**
   * After a bulk action the pressed button may become disabled when the queue catches up
   * (nothing left to pause, nothing left to clear), which drops focus to the page: then
   * focus the first button still enabled, or the queue.
   */
  const keepFocus = useRef(false);
  useLayoutEffect(() => {
    if (!keepFocus.current) return;
    const active = document.activeElement;
    // A focused button that became disabled still is activeElement until the browser's focus
    // fix-up moves focus to the page, with no render after it: act on it now.
    const lost = active === null || active === document.body || (active instanceof HTMLButtonElement && active.disabled);
    if (!lost) return;
    keepFocus.current = false;
    (actionsRef.current?.querySelector<HTMLElement>('button:not(:disabled)') ?? document.querySelector<HTMLElement>('.queue-scroll [tabindex="0"], .queue-scroll'))?.focus();
  });
  const ranAction = () => {
    keepFocus.current = true;
  };

  const clearFinished = async () => {
    ranAction();
    const result = await run('clearFinished', {});
    if (!result.ok) return;
    notify(stores, {
      level: 'success',
      message: t('toast.cleared', { count: result.value.removed, done: counts.done + counts.skipped, cancelled: counts.cancelled }),
    });
  };

  const removeFailed = async () => {
    const yes = await queue.confirm({
      title: t('confirm.remove-failed.title', { count: counts.failed }),
      body: t('confirm.remove-failed.body', { count: counts.failed }),
      confirmLabel: t('confirm.remove-failed.confirm', { count: counts.failed }),
    });
    if (!yes) return;
    ranAction();
    const result = await run('removeFailed', {});
    if (result.ok) notify(stores, { level: 'success', message: t('toast.removed-failed', { count: result.value.removed }) });
  };

  return (
    <section className="summary" aria-label={t('summary.region')}>
      <div className="summary-main">
        <div className="summary-percent" aria-hidden="true">
          {f.percent(fraction)}
        </div>
        <div className="summary-detail">
          <div className="summary-headline">
            <div className="summary-title-row">
              <h2 className="summary-title">{title}</h2>
              {counts['awaiting-decision'] > 0 && (
                <button type="button" className="pill pill-button tone-attention" onClick={props.onReviewDecisions}>
                  <Icon name="question" size={13} />
                  {t('summary.need-decision', { count: counts['awaiting-decision'] })}
                </button>
              )}
            </div>
            <p className="summary-stats">
              {stats.map((text, i) => (
                <span key={i} className="summary-stat">
                  {text}
                </span>
              ))}
            </p>
          </div>
          <ProgressBar
            fraction={fraction}
            label={t('summary.progress')}
            valueText={`${f.percent(fraction)} · ${stats.join(' · ')}`}
            size="lg"
            tone={counts.failed > 0 && unfinishedCount(counts) === 0 ? 'danger' : 'accent'}
          />
        </div>
      </div>
      <div className="summary-actions" role="group" aria-label={t('summary.bulk')} ref={actionsRef}>
        <Button size="sm" icon="pause" disabled={pausable === 0} onClick={() => (ranAction(), void run('pauseAll', {}))}>
          {t('summary.pause-all')}
        </Button>
        <Button size="sm" icon="play" disabled={counts.paused === 0 || queue.signedOut} onClick={() => (ranAction(), void run('resumeAll', {}))}>
          {t('summary.resume-all')}
        </Button>
        <Button size="sm" icon="retry" disabled={counts.failed === 0 || queue.signedOut} onClick={() => (ranAction(), void run('retryFailed', {}))}>
          {t('summary.retry-failed')}
        </Button>
        <Button size="sm" icon="trash" disabled={counts.failed === 0} onClick={() => void removeFailed()}>
          {t('summary.remove-failed')}
        </Button>
        <Button size="sm" icon="broom" disabled={clearable === 0} onClick={() => void clearFinished()}>
          {t('summary.clear-finished')}
        </Button>
      </div>
    </section>
  );
}
