// A dropped folder as one line: its name, how many of its files are done, failed or
// waiting, one progress bar for all of them, and the actions that apply to the whole
// folder. Opening it lists its files under it. Subscribes to its own files only.

import { memo, useCallback, useEffect, useRef } from 'react';
import type { JobView } from '../../../preload/contract';
import { allows, phaseOf } from '../../../shared/job-states';
import { useApp } from '../app-context';
import { useCommand } from '../hooks/use-command';
import { useStore } from '../hooks/use-store';
import { useI18n } from '../i18n/use-i18n';
import { isUnfinished } from '../model/job-state';
import type { QueueState } from '../store/queue-store';
import { IconButton } from './button';
import { FileName } from './file-name';
import { Icon } from './icons';
import { ProgressBar } from './progress-bar';
import { useQueueContext } from './queue-context';

export interface GroupStats {
  files: number;
  bytesTotal: number;
  bytesDone: number;
  done: number;
  failed: number;
  paused: number;
  running: number;
  deciding: number;
  unfinished: number;
  /** Ids by what can be done to them, for the group's actions. */
  pausable: string[];
  resumable: string[];
  retryable: string[];
  cancellable: string[];
}


export function groupStats(jobs: readonly JobView[]): GroupStats {
  const stats: GroupStats = { files: jobs.length, bytesTotal: 0, bytesDone: 0, done: 0, failed: 0, paused: 0, running: 0, deciding: 0, unfinished: 0, pausable: [], resumable: [], retryable: [], cancellable: [] };
  for (const job of jobs) {
    if (job.state !== 'cancelled' && job.state !== 'skipped') {
      stats.bytesTotal += job.size;
      stats.bytesDone += job.bytesDone;
    }
    if (job.state === 'done' || job.state === 'skipped') stats.done += 1;
    if (job.state === 'failed') stats.failed += 1;
    if (job.state === 'paused') stats.paused += 1;
    if (job.state === 'awaiting-decision') stats.deciding += 1;
    if (phaseOf(job.state) === 'active') stats.running += 1;
    if (isUnfinished(job.state)) {
      stats.unfinished += 1;
      stats.cancellable.push(job.id);
    }
    if (allows(job.state, 'pause')) stats.pausable.push(job.id);
    if (allows(job.state, 'resume')) stats.resumable.push(job.id);
    if (job.state === 'failed') stats.retryable.push(job.id);
  }
  return stats;
}

// Per state of the store, per group: the numbers change with every progress tick, but a
// tick builds them once for each group on screen, not once per subscriber call.
const statsCache = new WeakMap<ReadonlyMap<string, JobView>, Map<readonly string[], GroupStats>>();

function selectStats(state: QueueState, ids: readonly string[]): GroupStats {
  let perGroup = statsCache.get(state.jobs);
  if (perGroup === undefined) statsCache.set(state.jobs, (perGroup = new Map()));
  let stats = perGroup.get(ids);
  if (stats === undefined) {
    stats = groupStats(ids.map((id) => state.jobs.get(id)).filter((j): j is JobView => j !== undefined));
    perGroup.set(ids, stats);
  }
  return stats;
}

interface GroupRowProps {
  groupKey: string;
  name: string;
  ids: readonly string[];
  expanded: boolean;
  onToggle: (key: string) => void;
  index: number;
  setSize: number;
  active: boolean;
  focusOnMount: boolean;
  onFocusRow: (key: string) => void;
  offset: number;
}

function GroupRowImpl(props: GroupRowProps) {
  const { groupKey, name, ids, expanded, onToggle, index, setSize, active, focusOnMount, onFocusRow, offset } = props;
  const { stores } = useApp();
  const { t, f } = useI18n();
  const queue = useQueueContext();
  const run = useCommand();
  const stats = useStore(stores.queue, useCallback((s: QueueState) => selectStats(s, ids), [ids]));
  const allSelected = useStore(stores.selection, useCallback((s: ReadonlySet<string>) => ids.every((id) => s.has(id)), [ids]));
  const rowRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (focusOnMount) rowRef.current?.focus();
  }, [focusOnMount]);

  const fraction = stats.bytesTotal > 0 ? stats.bytesDone / stats.bytesTotal : stats.unfinished === 0 ? 1 : 0;
  const counts = t('group.counts', { done: stats.done, files: stats.files, failed: stats.failed });
  const status =
    stats.deciding > 0
      ? t('summary.need-decision', { count: stats.deciding })
      : stats.running > 0
      ? t('group.uploading', { percent: f.percent(fraction) })
      : stats.unfinished > 0 && stats.paused === stats.unfinished
        ? queue.signedOut
          ? t('caption.signed-out')
          : t('group.paused', { percent: f.percent(fraction) })
        : stats.unfinished > 0
          ? t('group.waiting')
          : stats.failed > 0
            ? t('group.finished-failures', { failed: stats.failed })
            : t('group.finished');

  const bulk = async (action: 'pause' | 'resume' | 'retry' | 'cancel', targets: string[]) => {
    if (targets.length === 0) return;
    const result = await run('applyToJobs', { action, ids: targets });
    if (result.ok) stores.announcer.announce(t('announce.group-action', { action, name, count: result.value.affected }));
    // The pressed button may be gone now (Pause became Resume): keep focus on the line.
    if (!rowRef.current?.contains(document.activeElement)) rowRef.current?.focus();
  };

  return (
    <div
      ref={rowRef}
      role="listitem"
      aria-posinset={index + 1}
      aria-setsize={setSize}
      aria-label={`${name}, ${t('group.kind')}, ${f.bytes(stats.bytesTotal)}, ${counts}, ${status}`}
      aria-expanded={expanded}
      tabIndex={active ? 0 : -1}
      className="queue-row group-row"
      data-group-key={groupKey}
      style={{ transform: `translateY(${offset}px)` }}
      onFocus={() => onFocusRow(`group:${groupKey}`)}
      onKeyDown={(event) => {
        if (event.target !== event.currentTarget) return;
        if ((event.key === 'ArrowRight' && !expanded) || (event.key === 'ArrowLeft' && expanded) || event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onToggle(groupKey);
        }
      }}
    >
      <span className="cell-select">
        <input
          type="checkbox"
          className="row-check"
          checked={allSelected}
          aria-label={t('group.select', { name, count: ids.length })}
          tabIndex={active ? 0 : -1}
          onChange={(event) => stores.selection.toggle(ids, event.target.checked)}
        />
      </span>
      <button
        type="button"
        className="group-toggle"
        aria-expanded={expanded}
        aria-label={t(expanded ? 'group.collapse' : 'group.expand', { name })}
        tabIndex={active ? 0 : -1}
        onClick={() => onToggle(groupKey)}
      >
        <Icon name={expanded ? 'chevron-down' : 'chevron-right'} size={16} />
        <Icon name="folder" size={18} />
      </button>
      <div className="cell-name">
        <FileName name={name} className="job-name" title={`${queue.destinationRoot}/${name}`} />
        <span className="job-folder">{counts}</span>
      </div>
      <span className="cell-size">{f.bytes(stats.bytesTotal)}</span>
      <span className="cell-state">
        {stats.failed > 0 ? (
          <span className="badge tone-danger">
            <Icon name="alert" size={13} />
            {t('group.failed-badge', { count: stats.failed })}
          </span>
        ) : (
          <span className={`badge ${stats.unfinished === 0 ? 'tone-success' : 'tone-accent'}`}>
            <Icon name={stats.unfinished === 0 ? 'check' : 'folder'} size={13} />
            {t('group.files-badge', { count: stats.files })}
          </span>
        )}
      </span>
      <div className="cell-progress">
        <ProgressBar fraction={fraction} label={t('row.progress', { name })} valueText={status} tone={stats.unfinished > 0 ? 'accent' : stats.failed > 0 ? 'danger' : 'success'} />
        <span className={`job-caption ${stats.failed > 0 ? 'caption-danger' : stats.deciding > 0 ? 'caption-attention' : 'caption-muted'}`}>{status}</span>
      </div>
      <div className="cell-actions">
        {stats.pausable.length > 0 && (
          <IconButton icon="pause" label={t('group.pause', { name })} title={t('row.pause')} tabIndex={active ? 0 : -1} onClick={() => void bulk('pause', stats.pausable)} />
        )}
        {stats.resumable.length > 0 && !queue.signedOut && (
          <IconButton icon="play" label={t('group.resume', { name })} title={t('row.resume')} tabIndex={active ? 0 : -1} onClick={() => void bulk('resume', stats.resumable)} />
        )}
        {stats.retryable.length > 0 && !queue.signedOut && (
          <IconButton icon="retry" label={t('group.retry', { name })} title={t('row.retry')} tabIndex={active ? 0 : -1} onClick={() => void bulk('retry', stats.retryable)} />
        )}
        {stats.cancellable.length > 0 && (
          <IconButton icon="x" tone="danger" label={t('group.cancel', { name })} title={t('row.cancel')} tabIndex={active ? 0 : -1} onClick={() => void bulk('cancel', stats.cancellable)} />
        )}
      </div>
    </div>
  );
}

export const GroupRow = memo(GroupRowImpl);
