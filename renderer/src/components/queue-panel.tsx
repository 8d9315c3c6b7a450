// The main area: loading / load error / first-run empty state / the queue with its summary,
// filters, search, sort, selection bar and list.

import { useCallback, useMemo, useState } from 'react';
import { useApp } from '../app-context';
import { useStore } from '../hooks/use-store';
import { useI18n } from '../i18n/use-i18n';
import type { MessageId } from '../i18n/catalog-en';
import { filterLabel, type QueueFilter } from '../model/job-state';
import { groupKeyOf, type LineOptions, type QueueSort } from '../model/queue-lines';
import { loadQueue } from '../store/connect';
import { selectLines } from '../store/queue-selectors';
import type { QueueState } from '../store/queue-store';
import { Button } from './button';
import { EmptyState } from './empty-state';
import { FilterBar } from './filter-bar';
import { Icon } from './icons';
import { QueueList } from './queue-list';
import { SelectionBar } from './selection-bar';
import { SummaryBar } from './summary-bar';

const selectStatus = (s: QueueState) => s.status;
const selectJobCount = (s: QueueState) => s.order.length;

function emptyFilterText(filter: QueueFilter): MessageId {
  switch (filter) {
    case 'all':
      return 'queue.empty.all';
    case 'active':
      return 'queue.empty.active';
    case 'paused':
      return 'queue.empty.paused';
    case 'failed':
      return 'queue.empty.failed';
    case 'done':
      return 'queue.empty.done';
  }
}

interface QueuePanelProps {
  destination: string;
  onReviewDecisions: () => void;
  /** A toast asked to show the failed files. */
  filterRequest: { filter: QueueFilter; seq: number } | null;
}

export function QueuePanel(props: QueuePanelProps) {
  const { api, stores } = useApp();
  const { t } = useI18n();
  const [filter, setFilter] = useState<QueueFilter>('all');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<QueueSort>('queue');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [seenRequest, setSeenRequest] = useState(0);
  if (props.filterRequest !== null && props.filterRequest.seq !== seenRequest) {
    setSeenRequest(props.filterRequest.seq);
    setFilter(props.filterRequest.filter);
  }
  const status = useStore(stores.queue, selectStatus);
  const jobCount = useStore(stores.queue, selectJobCount);
  const options: LineOptions = useMemo(() => ({ filter, search, sort, expanded }), [filter, search, sort, expanded]);
  const lines = useStore(stores.queue, useCallback((s: QueueState) => selectLines(s, options), [options]));

  const toggleGroup = useCallback((key: string) => {
    setExpanded((set) => {
      const next = new Set(set);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);

  const expandFor = useCallback(
    (jobId: string) => {
      const job = stores.queue.getState().jobs.get(jobId);
      if (job === undefined) {
        stores.reveal.setState(null);
        return;
      }
      const key = groupKeyOf(job);
      setFilter('all');
      setSearch('');
      if (key !== null) setExpanded((set) => (set.has(key) ? set : new Set(set).add(key)));
    },
    [stores],
  );

  switch (status.kind) {
    case 'loading':
      return (
        <div className="panel-message" aria-busy="true">
          <Icon name="spinner" size={20} className="spin" />
          <span>{t('queue.loading')}</span>
        </div>
      );
    case 'error':
      return (
        <div className="panel-message panel-error">
          <Icon name="alert" size={20} />
          <p>{t('queue.load-failed', { message: status.message })}</p>
          <Button onClick={() => void loadQueue(api, stores)}>{t('common.try-again')}</Button>
        </div>
      );
    case 'ready':
      break;
  }

  if (jobCount === 0) return <EmptyState destination={props.destination} />;

  return (
    <div className="queue-panel">
      <SummaryBar onReviewDecisions={props.onReviewDecisions} />
      <FilterBar filter={filter} onChange={setFilter} search={search} onSearch={setSearch} sort={sort} onSort={setSort} />
      <SelectionBar />
      <div className="queue-columns" aria-hidden="true">
        <span />
        <span />
        <span>{t('column.name')}</span>
        <span className="col-size">{t('column.size')}</span>
        <span>{t('column.status')}</span>
        <span>{t('column.progress')}</span>
        <span />
      </div>
      {lines.length === 0 ? (
        <div className="panel-message filter-empty">
          <p>{search.trim() !== '' ? t('queue.empty.search', { search: search.trim() }) : t(emptyFilterText(filter))}</p>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setFilter('all');
              setSearch('');
            }}
          >
            {t('queue.show-all')}
          </Button>
        </div>
      ) : (
        <QueueList lines={lines} label={t('queue.label', { filter: t(filterLabel(filter)) })} onToggleGroup={toggleGroup} onExpandFor={expandFor} />
      )}
    </div>
  );
}
