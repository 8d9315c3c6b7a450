// One job in the queue. Subscribes to its own job only, so a progress update re-renders
// the rows that moved and nothing else.

import { memo, useCallback, useEffect, useRef } from 'react';
import type { JobView } from '../../../preload/contract';
import { useApp } from '../app-context';
import { formatBytes, formatClock, formatEta, formatPercent, formatSpeed } from '../format/format';
import { useCommand } from '../hooks/use-command';
import { useStore } from '../hooks/use-store';
import {
  actionLabel,
  actionsFor,
  folderOf,
  progressFraction,
  stateInfo,
  type RowAction,
} from '../model/job-state';
import type { IconName } from './icons';
import { Button, IconButton } from './button';
import { FileIcon } from './file-icon';
import { Icon } from './icons';
import { ProgressBar } from './progress-bar';
import { StateBadge } from './state-badge';

export const ROW_HEIGHT = 60;

interface QueueRowProps {
  id: string;
  index: number;
  setSize: number;
  /** The row that holds the list's single tab stop. */
  active: boolean;
  /** Take focus once mounted (keyboard navigation scrolled this row into view). */
  focusOnMount: boolean;
  onFocusRow: (id: string) => void;
  onDecide: (id: string) => void;
  /** Distance from the top of the list, from the virtualizer. */
  offset: number;
}

function actionIcon(action: RowAction): IconName {
  switch (action) {
    case 'decide':
      return 'question';
    case 'pause':
      return 'pause';
    case 'resume':
      return 'play';
    case 'retry':
      return 'retry';
    case 'cancel':
      return 'x';
    case 'remove':
      return 'trash';
  }
}

/** The line under the progress bar: the error, the waiting reason, or the numbers. */
function caption(job: JobView): { text: string; tone: 'danger' | 'attention' | 'muted' } {
  if (job.error !== null && (job.state === 'failed' || job.state === 'cancelled')) {
    return { text: job.error.message, tone: 'danger' };
  }
  if (job.waiting !== null) return { text: job.waiting, tone: 'attention' };
  const done = job.bytesConfirmed + job.bytesInFlight;
  switch (job.state) {
    case 'queued':
      return { text: 'Waiting to start', tone: 'muted' };
    case 'starting':
      return { text: 'Preparing upload…', tone: 'muted' };
    case 'awaiting-decision':
      return { text: 'Already on the server — choose what to do', tone: 'attention' };
    case 'uploading': {
      const parts = [`${formatPercent(progressFraction(job))}`, formatSpeed(job.speed)];
      const eta = formatEta(job.etaSeconds);
      if (eta !== '') parts.push(`${eta} left`);
      return { text: parts.join(' · '), tone: 'muted' };
    }
    case 'paused':
      return { text: `Paused at ${formatPercent(progressFraction(job))}`, tone: 'muted' };
    case 'completing':
      return { text: 'Finishing on the server…', tone: 'muted' };
    case 'done':
      return {
        text: job.finishedAt !== null ? `Uploaded at ${formatClock(job.finishedAt)}` : 'Uploaded',
        tone: 'muted',
      };
    case 'skipped':
      return { text: 'Skipped — the server copy was kept', tone: 'muted' };
    case 'failed':
      return { text: `Failed at ${formatBytes(done)}`, tone: 'danger' };
    case 'cancelled':
      return { text: 'Cancelled', tone: 'muted' };
  }
}

function QueueRowImpl(props: QueueRowProps) {
  const { id, index, setSize, active, focusOnMount, onFocusRow, onDecide, offset } = props;
  const { stores } = useApp();
  const run = useCommand();
  const job = useStore(
    stores.queue,
    useCallback((s) => s.jobs.get(id), [id]),
  );
  const rowRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (focusOnMount) rowRef.current?.focus();
  }, [focusOnMount]);

  if (job === undefined) return null;

  const info = stateInfo(job.state);
  const folder = folderOf(job.relativePath);
  const line = caption(job);
  const fraction = progressFraction(job);

  const act = (action: RowAction) => {
    switch (action) {
      case 'decide':
        onDecide(job.id);
        return;
      case 'pause':
        void run('pauseJob', { id: job.id });
        return;
      case 'resume':
        void run('resumeJob', { id: job.id });
        return;
      case 'retry':
        void run('retryJob', { id: job.id });
        return;
      case 'cancel':
        void run('cancelJob', { id: job.id });
        return;
      case 'remove':
        void run('removeJob', { id: job.id });
        return;
    }
  };

  return (
    <div
      ref={rowRef}
      role="listitem"
      aria-posinset={index + 1}
      aria-setsize={setSize}
      aria-label={`${job.name}, ${formatBytes(job.size)}, ${info.label}, ${line.text}`}
      tabIndex={active ? 0 : -1}
      className={`queue-row state-${job.state}`}
      data-row-id={job.id}
      style={{ transform: `translateY(${offset}px)` }}
      onFocus={(event) => {
        if (event.target === event.currentTarget) onFocusRow(job.id);
      }}
    >
      <FileIcon name={job.name} />
      <div className="cell-name">
        <span className="job-name" title={job.relativePath}>
          {job.name}
        </span>
        <span className="job-folder" title={job.localPath}>
          {folder !== '' ? (
            <>
              <Icon name="folder" size={12} />
              {folder}
            </>
          ) : (
            'Top level'
          )}
        </span>
      </div>
      <span className="cell-size">{formatBytes(job.size)}</span>
      <span className="cell-state">
        <StateBadge state={job.state} />
      </span>
      <div className="cell-progress">
        <ProgressBar
          fraction={fraction}
          label={`${job.name} progress`}
          tone={job.state === 'uploading' || job.state === 'starting' ? 'accent' : info.tone}
          indeterminate={job.state === 'completing'}
        />
        <span className={`job-caption caption-${line.tone}`} title={line.text}>
          {line.text}
        </span>
      </div>
      <div className="cell-actions">
        {actionsFor(job.state).map((action) =>
          action === 'decide' ? (
            <Button
              key={action}
              size="sm"
              className="decide-button"
              aria-label={`Decide ${job.name}`}
              tabIndex={active ? 0 : -1}
              onClick={() => act(action)}
            >
              Decide…
            </Button>
          ) : (
            <IconButton
              key={action}
              icon={actionIcon(action)}
              label={`${actionLabel(action)} ${job.name}`}
              title={actionLabel(action)}
              tone={action === 'cancel' || action === 'remove' ? 'danger' : 'default'}
              tabIndex={active ? 0 : -1}
              onClick={() => act(action)}
            />
          ),
        )}
      </div>
    </div>
  );
}

export const QueueRow = memo(QueueRowImpl);
