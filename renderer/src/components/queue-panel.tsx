// The main area: loading / load error / first-run empty state / the queue with its summary,
// filters and list.

import { useCallback, useState } from 'react';
import { useApp } from '../app-context';
import { useStore } from '../hooks/use-store';
import { filterLabel, type QueueFilter } from '../model/job-state';
import { loadQueue } from '../store/connect';
import { selectFilteredIds } from '../store/queue-selectors';
import type { QueueState } from '../store/queue-store';
import { Button } from './button';
import { EmptyState } from './empty-state';
import { FilterBar } from './filter-bar';
import { Icon } from './icons';
import { QueueList } from './queue-list';
import { SummaryBar } from './summary-bar';

const selectStatus = (s: QueueState) => s.status;
const selectJobCount = (s: QueueState) => s.order.length;

function emptyFilterText(filter: QueueFilter): string {
  switch (filter) {
    case 'all':
      return 'The queue is empty.';
    case 'active':
      return 'Nothing is uploading or waiting right now.';
    case 'paused':
      return 'No paused uploads.';
    case 'failed':
      return 'No failed uploads.';
    case 'done':
      return 'No finished uploads yet.';
  }
}

interface QueuePanelProps {
  destination: string;
  onDecide: (id: string) => void;
  onReviewDecisions: () => void;
}

export function QueuePanel(props: QueuePanelProps) {
  const { api, stores } = useApp();
  const [filter, setFilter] = useState<QueueFilter>('all');
  const status = useStore(stores.queue, selectStatus);
  const jobCount = useStore(stores.queue, selectJobCount);
  const ids = useStore(
    stores.queue,
    useCallback((s: QueueState) => selectFilteredIds(s, filter), [filter]),
  );

  switch (status.kind) {
    case 'loading':
      return (
        <div className="panel-message" aria-busy="true">
          <Icon name="spinner" size={20} className="spin" />
          <span>Loading the queue…</span>
        </div>
      );
    case 'error':
      return (
        <div className="panel-message panel-error">
          <Icon name="alert" size={20} />
          <p>Couldn’t load the upload queue. {status.message}</p>
          <Button onClick={() => void loadQueue(api, stores)}>Try again</Button>
        </div>
      );
    case 'ready':
      break;
  }

  if (jobCount === 0) return <EmptyState destination={props.destination} />;

  return (
    <div className="queue-panel">
      <SummaryBar onReviewDecisions={props.onReviewDecisions} />
      <FilterBar filter={filter} onChange={setFilter} />
      <div className="queue-columns" aria-hidden="true">
        <span />
        <span>Name</span>
        <span className="col-size">Size</span>
        <span>Status</span>
        <span>Progress</span>
        <span />
      </div>
      {ids.length === 0 ? (
        <div className="panel-message filter-empty">
          <p>{emptyFilterText(filter)}</p>
          <Button size="sm" variant="ghost" onClick={() => setFilter('all')}>
            Show all
          </Button>
        </div>
      ) : (
        <QueueList ids={ids} label={`Upload queue, ${filterLabel(filter).toLowerCase()}`} onDecide={props.onDecide} />
      )}
    </div>
  );
}
