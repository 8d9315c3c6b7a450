// Filter tabs with their counts, search by name, sort order, and the per-state counts.

import { useId } from 'react';
import { JOB_STATES } from '../../../shared/job-states';
import { useApp } from '../app-context';
import { useStore } from '../hooks/use-store';
import { useI18n } from '../i18n/use-i18n';
import { QUEUE_FILTERS, filterCount, filterLabel, stateInfo, type QueueFilter } from '../model/job-state';
import { QUEUE_SORTS, type QueueSort } from '../model/queue-lines';
import type { MessageId } from '../i18n/catalog-en';
import type { QueueState } from '../store/queue-store';
import { Icon } from './icons';

const selectTotals = (s: QueueState) => s.totals;

function sortLabel(sort: QueueSort): MessageId {
  switch (sort) {
    case 'queue':
      return 'sort.queue';
    case 'state':
      return 'sort.state';
    case 'name':
      return 'sort.name';
    case 'size':
      return 'sort.size';
  }
}

function isSort(value: string): value is QueueSort {
  return (QUEUE_SORTS as readonly string[]).includes(value);
}

interface FilterBarProps {
  filter: QueueFilter;
  onChange: (filter: QueueFilter) => void;
  search: string;
  onSearch: (text: string) => void;
  sort: QueueSort;
  onSort: (sort: QueueSort) => void;
}

export function FilterBar(props: FilterBarProps) {
  const { stores } = useApp();
  const { t, f } = useI18n();
  const totals = useStore(stores.queue, selectTotals);
  const sortId = useId();

  return (
    <div className="filter-bar">
      <div className="segmented" role="group" aria-label={t('filter.group')}>
        {QUEUE_FILTERS.map((filter) => {
          const count = filterCount(filter, totals.counts, totals.jobs);
          return (
            <button
              key={filter}
              type="button"
              className="segment"
              aria-pressed={props.filter === filter}
              onClick={() => props.onChange(filter)}
            >
              {/* Named by what it shows, "Failed 3": no hidden label that says something else. */}
              {t(filterLabel(filter))}{' '}
              <span className={`segment-count${filter === 'failed' && count > 0 ? ' count-danger' : ''}`}>
                {f.count(count)}
              </span>
            </button>
          );
        })}
      </div>
      <div className="queue-tools">
        <label className="search-field">
          <Icon name="search" size={14} />
          <input
            type="search"
            className="input input-search"
            placeholder={t('search.placeholder')}
            aria-label={t('search.label')}
            value={props.search}
            onChange={(event) => props.onSearch(event.target.value)}
          />
        </label>
        <label htmlFor={sortId} className="visually-hidden">
          {t('sort.label')}
        </label>
        <select
          id={sortId}
          className="select select-sort"
          value={props.sort}
          onChange={(event) => {
            const value = event.target.value;
            if (isSort(value)) props.onSort(value);
          }}
        >
          {QUEUE_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t(sortLabel(sort))}
            </option>
          ))}
        </select>
      </div>
      <ul className="state-counts" aria-label={t('filter.counts')}>
        {JOB_STATES.filter((state) => totals.counts[state] > 0).map((state) => {
          const info = stateInfo(state);
          return (
            <li key={state} className={`state-count tone-${info.tone}`}>
              <span className="state-dot" aria-hidden="true" />
              {t(info.countLabel, { count: totals.counts[state], n: f.count(totals.counts[state]) })}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
