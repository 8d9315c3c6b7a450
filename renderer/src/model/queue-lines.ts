// The queue as the lines of the list: a dropped folder is one expandable line (its files
// indented under it when open), other files are lines of their own. Search, filter and
// sort are applied here, purely, so the list component only renders what it is given.

import type { JobStateKind, JobView } from '../../../preload/contract';
import { inFilter, type QueueFilter } from './job-state';

export const QUEUE_SORTS = ['queue', 'state', 'name', 'size'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export interface LineOptions {
  filter: QueueFilter;
  search: string;
  sort: QueueSort;
  /** Keys of the groups the person opened. */
  expanded: ReadonlySet<string>;
}

export type QueueLine =
  | { kind: 'job'; id: string; depth: 0 | 1 }
  | { kind: 'group'; key: string; name: string; ids: readonly string[]; expanded: boolean };

/**
 * Files of one dropped folder share the drop's id and the folder's name (the first
 * segment of their relative path); a file dropped on its own has no group.
 */
export function groupKeyOf(job: Pick<JobView, 'dropId' | 'relativePath'>): string | null {
  const slash = job.relativePath.indexOf('/');
  return slash > 0 ? `${job.dropId}/${job.relativePath.slice(0, slash)}` : null;
}

export function groupName(key: string): string {
  return key.slice(key.indexOf('/') + 1);
}

/** Case- and width-insensitive text for matching what a person types against names. */
export function searchable(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase();
}

/** Most urgent first: what needs the person, then what moves, then what is over. */
const STATE_RANK: Record<JobStateKind, number> = {
  failed: 0,
  'awaiting-decision': 1,
  uploading: 2,
  starting: 3,
  completing: 4,
  paused: 5,
  queued: 6,
  cancelled: 7,
  skipped: 8,
  done: 9,
};

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

interface Item {
  line: QueueLine;
  children: string[];
  name: string;
  size: number;
  rank: number;
  position: number;
}

export function buildLines(order: readonly string[], jobs: ReadonlyMap<string, JobView>, options: LineOptions): QueueLine[] {
  const query = searchable(options.search.trim());
  const items: Item[] = [];
  const groups = new Map<string, Item>();
  order.forEach((id, position) => {
    const job = jobs.get(id);
    if (job === undefined || !inFilter(options.filter, job.state)) return;
    if (query !== '' && !searchable(job.relativePath).includes(query)) return;
    const key = groupKeyOf(job);
    if (key === null) {
      items.push({ line: { kind: 'job', id, depth: 0 }, children: [], name: job.name, size: job.size, rank: STATE_RANK[job.state], position });
      return;
    }
    let group = groups.get(key);
    if (group === undefined) {
      const name = groupName(key);
      group = { line: { kind: 'group', key, name, ids: [], expanded: false }, children: [], name, size: 0, rank: 99, position };
      groups.set(key, group);
      items.push(group);
    }
    group.children.push(id);
    group.size += job.size;
    group.rank = Math.min(group.rank, STATE_RANK[job.state]);
  });

  const compare = comparator(options.sort);
  items.sort(compare);
  const lines: QueueLine[] = [];
  for (const item of items) {
    if (item.line.kind === 'job') {
      lines.push(item.line);
      continue;
    }
    // A search shows the matching files of every folder without a click.
    const expanded = query !== '' || options.expanded.has(item.line.key);
    lines.push({ ...item.line, ids: item.children, expanded });
    if (!expanded) continue;
    const children = item.children.map((id) => jobs.get(id)).filter((j): j is JobView => j !== undefined);
    if (options.sort !== 'queue') children.sort((a, b) => compare(asItem(a), asItem(b)));
    for (const child of children) lines.push({ kind: 'job', id: child.id, depth: 1 });
  }
  return lines;
}

function asItem(job: JobView): Item {
  return { line: { kind: 'job', id: job.id, depth: 1 }, children: [], name: job.name, size: job.size, rank: STATE_RANK[job.state], position: 0 };
}

function comparator(sort: QueueSort): (a: Item, b: Item) => number {
  switch (sort) {
    case 'queue':
      return (a, b) => a.position - b.position;
    case 'state':
      return (a, b) => a.rank - b.rank || a.position - b.position;
    case 'name':
      return (a, b) => collator.compare(a.name, b.name) || a.position - b.position;
    case 'size':
      return (a, b) => b.size - a.size || a.position - b.position;
  }
}

/** A stable id for a line, for React keys and the list's tab stop. */
export function lineKey(line: QueueLine): string {
  return line.kind === 'group' ? `group:${line.key}` : line.id;
}
