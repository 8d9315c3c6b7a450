// One job in the queue. Subscribes to its own job only, so a progress update re-renders
// the rows that moved and nothing else. After one of its actions the row keeps the
// keyboard: the button pressed is replaced (Pause becomes Resume), so focus moves to the
// row's new first action instead of falling back to the page.

import { memo, useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { useApp } from '../app-context';
import { useCommand } from '../hooks/use-command';
import { useStore } from '../hooks/use-store';
import { useI18n } from '../i18n/use-i18n';
import { actionDoneMessage, actionLabel, actionTitle, actionsFor, folderOf, progressFraction, stateInfo, type RowAction } from '../model/job-state';
import { Button, IconButton } from './button';
import { FileIcon } from './file-icon';
import { FileName } from './file-name';
import { Icon, type IconName } from './icons';
import { ProgressBar } from './progress-bar';
import { useQueueContext } from './queue-context';
import { DoneActions, DoneCaption } from './done-extras';
import { claimDrop } from '../hooks/use-window-drop';
import { rowCaption } from './row-caption';
import { StateBadge } from './state-badge';

interface QueueRowProps {
  id: string;
  depth: 0 | 1;
  index: number;
  setSize: number;
  /** The row that holds the list's single tab stop. */
  active: boolean;
  /** Take focus once mounted (keyboard navigation scrolled this row into view). */
  focusOnMount: boolean;
  onFocusRow: (key: string) => void;
  /** Distance from the top of the list, from the virtualizer. */
  offset: number;
}

function actionIcon(action: RowAction): IconName {
  switch (action) {
    case 'decide':
      return 'question';
    case 'details':
      return 'info';
    case 'sign-in':
      return 'log-in';
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

function QueueRowImpl(props: QueueRowProps) {
  const { id, depth, index, setSize, active, focusOnMount, onFocusRow, offset } = props;
  const { api, stores } = useApp();
  const i18n = useI18n();
  const { t, f } = i18n;
  const queue = useQueueContext();
  const run = useCommand();
  const job = useStore(stores.queue, useCallback((s) => s.jobs.get(id), [id]));
  const selected = useStore(stores.selection, useCallback((s: ReadonlySet<string>) => s.has(id), [id]));
  const rowRef = useRef<HTMLDivElement>(null);
  /** Set when this row's own action ran: the next render puts focus back inside it. */
  const keepFocus = useRef(false);

  useEffect(() => {
    if (focusOnMount) rowRef.current?.focus();
  }, [focusOnMount]);

  useLayoutEffect(() => {
    if (!keepFocus.current) return;
    const row = rowRef.current;
    if (row === null || row.contains(document.activeElement)) return;
    const active = document.activeElement;
    if (active !== null && active !== document.body) return;
    keepFocus.current = false;
    (row.querySelector<HTMLElement>('.cell-actions button') ?? row).focus();
  });

  if (job === undefined) return null;

  const info = stateInfo(job.state);
  const folder = folderOf(job.relativePath);
  const line = rowCaption(job, i18n, queue.signedOut);
  const fraction = progressFraction(job);
  const serverPath = `${queue.destinationRoot}/${job.relativePath}`;
  const stateLabel = t(info.label);

  const act = async (action: RowAction) => {
    keepFocus.current = true;
    const about = { jobId: job.id };
    let result;
    switch (action) {
      case 'decide':
        queue.onDecide(job.id);
        return;
      case 'details':
        queue.onDetails(job.id);
        return;
      case 'sign-in':
        queue.onSignIn();
        return;
      case 'pause':
        result = await run('pauseJob', { id: job.id }, about);
        break;
      case 'resume':
        result = await run('resumeJob', { id: job.id }, about);
        break;
      case 'retry':
        result = await run('retryJob', { id: job.id }, about);
        break;
      case 'cancel':
        result = await run('cancelJob', { id: job.id }, about);
        break;
      case 'remove':
        result = await run('removeJob', { id: job.id }, about);
        break;
    }
    const done = actionDoneMessage(action);
    if (result.ok && done !== null) stores.announcer.announce(t(done, { name: job.name }));
  };

  return (
    <div
      ref={rowRef}
      role="listitem"
      aria-posinset={index + 1}
      aria-setsize={setSize}
      aria-label={`${job.name}, ${f.bytes(job.size)}, ${stateLabel}, ${line.text}`}
      tabIndex={active ? 0 : -1}
      className={`queue-row state-${job.state}${depth === 1 ? ' row-child' : ''}${selected ? ' row-selected' : ''}`}
      data-row-id={job.id}
      onDrop={
        job.state === 'done' && job.assetId !== null
          ? (event) => {
              // Files dropped onto a done row are attached to its asset, not uploaded on their own.
              const assetId = job.assetId;
              const paths = [...event.dataTransfer.files].map((file) => api.getPathForFile(file)).filter((p) => p !== '');
              if (assetId === null || paths.length === 0) return;
              claimDrop(event.nativeEvent);
              void run('attachFiles', { assetId, paths }, { jobId: job.id });
            }
          : undefined
      }
      style={{ transform: `translateY(${offset}px)` }}
      // Focus anywhere in the row (its buttons too) makes it the list's current line.
      onFocus={() => onFocusRow(job.id)}
    >
      <span className="cell-select">
        <input
          type="checkbox"
          className="row-check"
          checked={selected}
          aria-label={t('row.select', { name: job.name })}
          tabIndex={active ? 0 : -1}
          onChange={(event) => stores.selection.toggle([job.id], event.target.checked)}
        />
      </span>
      <FileIcon name={job.name} />
      <div className="cell-name">
        <FileName name={job.name} className="job-name" title={serverPath} />
        <span className="job-folder" title={folder !== '' ? `${queue.destinationRoot}/${folder}` : queue.destinationRoot}>
          {folder !== '' ? (
            <>
              <Icon name="folder" size={12} />
              <bdi dir="auto" className="job-folder-path">
                {folder}
              </bdi>
            </>
          ) : (
            t('row.top-level')
          )}
        </span>
      </div>
      <span className="cell-size">{f.bytes(job.size)}</span>
      <span className="cell-state">
        <StateBadge state={job.state} />
      </span>
      <div className="cell-progress">
        <ProgressBar
          fraction={fraction}
          label={t('row.progress', { name: job.name })}
          valueText={line.text}
          tone={job.state === 'uploading' || job.state === 'starting' ? 'accent' : info.tone}
          indeterminate={job.state === 'completing'}
        />
        {job.state === 'done' ? (
          <DoneCaption job={job} fallback={line.text} className={`job-caption caption-${line.tone}`} />
        ) : (
          <span className={`job-caption caption-${line.tone}`}>{line.text}</span>
        )}
      </div>
      <div className="cell-actions">
        <DoneActions job={job} tabIndex={active ? 0 : -1} />
        {actionsFor(job.state, queue.signedOut).map((action) =>
          action === 'decide' || action === 'sign-in' ? (
            <Button
              key={action}
              size="sm"
              className={action === 'decide' ? 'decide-button' : undefined}
              tabIndex={active ? 0 : -1}
              onClick={() => void act(action)}
            >
              {t(actionTitle(action))}
              {/* The accessible name says which file, and starts with what is visible. */}
              <span className="visually-hidden"> {job.name}</span>
            </Button>
          ) : (
            <IconButton
              key={action}
              icon={actionIcon(action)}
              label={t(actionLabel(action), { name: job.name })}
              title={t(actionTitle(action))}
              tone={action === 'cancel' || action === 'remove' ? 'danger' : 'default'}
              tabIndex={active ? 0 : -1}
              onClick={() => void act(action)}
            />
          ),
        )}
      </div>
    </div>
  );
}

export const QueueRow = memo(QueueRowImpl);
