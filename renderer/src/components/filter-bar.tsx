// Filter tabs with their counts, and the per-state counts of the whole queue.

import { useApp } from '../app-context';
import { formatCount } from '../format/format';
import { useStore } from '../hooks/use-store';
import {
  QUEUE_FILTERS,
  countLabel,
  filterCount,
  filterLabel,
  stateInfo,
  type QueueFilter,
} from '../model/job-state';
import type { QueueState } from '../store/queue-store';
import { JOB_STATES } from '../../../main/engine/views';

const selectTotals = (s: QueueState) => s.totals;

interface FilterBarProps {
  filter: QueueFilter;
  onChange: (filter: QueueFilter) => void;
}

export function FilterBar(props: FilterBarProps) {
  const { stores } = useApp();
  const totals = useStore(stores.queue, selectTotals);

  return (
    <div className="filter-bar">
      <div className="segmented" role="group" aria-label="Show">
        {QUEUE_FILTERS.map((filter) => {
          const count = filterCount(filter, totals.counts, totals.jobs);
          return (
            <button
              key={filter}
              type="button"
              className="segment"
              aria-pressed={props.filter === filter}
              aria-label={`${filterLabel(filter)} (${formatCount(count)})`}
              onClick={() => props.onChange(filter)}
            >
              {filterLabel(filter)}
              <span aria-hidden="true" className={`segment-count${filter === 'failed' && count > 0 ? ' count-danger' : ''}`}>
                {formatCount(count)}
              </span>
            </button>
          );
        })}
      </div>
      <ul className="state-counts" aria-label="Files by state">
        {JOB_STATES.filter((state) => totals.counts[state] > 0).map((state) => {
          const info = stateInfo(state);
          return (
            <li key={state} className={`state-count tone-${info.tone}`}>
              <span className="state-dot" aria-hidden="true" />
              {formatCount(totals.counts[state])} {countLabel(state)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
