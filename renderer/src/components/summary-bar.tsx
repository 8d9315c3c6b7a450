// The whole queue at a glance: overall progress, bytes, speed, ETA, and the bulk actions.

import type { Totals } from '../../../preload/contract';
import { useApp } from '../app-context';
import { formatBytes, formatCount, formatEta, formatPercent, formatSpeed, plural } from '../format/format';
import { useCommand } from '../hooks/use-command';
import { useStore } from '../hooks/use-store';
import { unfinishedCount } from '../model/job-state';
import type { QueueState } from '../store/queue-store';
import { Button } from './button';
import { Icon } from './icons';
import { ProgressBar } from './progress-bar';

const selectTotals = (s: QueueState) => s.totals;

/** One sentence for the headline: what the queue is doing as a whole. */
function headline(totals: Totals): string {
  const { counts } = totals;
  const unfinished = unfinishedCount(counts);
  const running = counts.uploading + counts.starting + counts.completing;
  if (counts['awaiting-decision'] > 0 && running === 0) {
    return `${plural(counts['awaiting-decision'], 'file needs', 'files need')} your decision`;
  }
  if (running > 0) return `Uploading ${plural(running + counts.queued, 'file', 'files')}`;
  if (counts.queued > 0) return `${plural(counts.queued, 'file', 'files')} waiting to start`;
  if (unfinished > 0 && counts.paused === unfinished) return `Paused — ${plural(counts.paused, 'file', 'files')}`;
  if (counts.failed > 0) return `Finished with ${plural(counts.failed, 'failure', 'failures')}`;
  return 'All uploads finished';
}

export function SummaryBar(props: { onReviewDecisions: () => void }) {
  const { stores } = useApp();
  const run = useCommand();
  const totals = useStore(stores.queue, selectTotals);
  const { counts } = totals;
  const fraction = totals.bytesTotal > 0 ? totals.bytesDone / totals.bytesTotal : unfinishedCount(counts) === 0 ? 1 : 0;
  const pausable = counts.queued + counts.starting + counts.uploading;
  const finished = counts.done + counts.skipped + counts.failed + counts.cancelled;
  const eta = formatEta(totals.etaSeconds);

  return (
    <section className="summary" aria-label="Queue summary">
      <div className="summary-main">
        <div className="summary-percent" aria-hidden="true">
          {formatPercent(fraction)}
        </div>
        <div className="summary-detail">
          <div className="summary-headline">
            <div className="summary-title-row">
              <h2 className="summary-title">{headline(totals)}</h2>
              {counts['awaiting-decision'] > 0 && (
                <button type="button" className="pill pill-button tone-attention" onClick={props.onReviewDecisions}>
                  <Icon name="question" size={13} />
                  {plural(counts['awaiting-decision'], 'needs', 'need')} a decision
                </button>
              )}
            </div>
            <p className="summary-stats">
              <span>
                <strong>{formatBytes(totals.bytesDone)}</strong> of {formatBytes(totals.bytesTotal)}
              </span>
              {totals.active && (
                <>
                  <span className="dot-sep" aria-hidden="true" />
                  <span>{formatSpeed(totals.speed)}</span>
                </>
              )}
              {totals.active && eta !== '' && (
                <>
                  <span className="dot-sep" aria-hidden="true" />
                  <span>{eta} left</span>
                </>
              )}
              <span className="dot-sep" aria-hidden="true" />
              <span>{plural(totals.jobs, 'file', 'files')}</span>
            </p>
          </div>
          <ProgressBar
            fraction={fraction}
            label="Overall progress"
            size="lg"
            tone={counts.failed > 0 && unfinishedCount(counts) === 0 ? 'danger' : 'accent'}
          />
        </div>
      </div>
      <div className="summary-actions" role="group" aria-label="Bulk actions">
        <Button size="sm" icon="pause" disabled={pausable === 0} onClick={() => void run('pauseAll', {})}>
          Pause all
        </Button>
        <Button size="sm" icon="play" disabled={counts.paused === 0} onClick={() => void run('resumeAll', {})}>
          Resume all
        </Button>
        <Button
          size="sm"
          icon="retry"
          disabled={counts.failed === 0}
          onClick={() => void run('retryFailed', {})}
          title={counts.failed > 0 ? `Retry ${formatCount(counts.failed)} failed` : undefined}
        >
          Retry failed
        </Button>
        <Button
          size="sm"
          icon="broom"
          disabled={finished === 0}
          onClick={() => void run('clearFinished', {})}
        >
          Clear finished
        </Button>
      </div>
    </section>
  );
}
