// The virtualized queue. Only the lines in view (plus a few) are in the DOM, so 10,000 jobs
// cost the same as 20. The list is one tab stop: arrow keys, Home/End and Page keys move
// between lines (scrolling as needed), Right/Left open and close a folder, Tab moves into
// the focused line's controls. When the focused line goes away (Remove, Clear finished),
// focus moves to the line that took its place, never to the page.

import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useApp } from '../app-context';
import { useStore } from '../hooks/use-store';
import { useI18n } from '../i18n/use-i18n';
import { lineKey, type QueueLine } from '../model/queue-lines';
import type { RevealRequest } from '../store/app-stores';
import { GroupRow } from './group-row';
import { QueueRow as JobRow } from './queue-row';
import { useRowHeight } from './row-height';

interface QueueListProps {
  lines: readonly QueueLine[];
  label: string;
  onToggleGroup: (key: string) => void;
  /** Opens the folder holding a job (for a reveal request). */
  onExpandFor: (jobId: string) => void;
}


const selectReveal = (s: RevealRequest | null) => s;

export function QueueList(props: QueueListProps) {
  const { lines, label, onToggleGroup, onExpandFor } = props;
  const { stores } = useApp();
  const { t } = useI18n();
  const hintId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState<string | null>(null);
  /** Where the focused line was, to hand focus to its neighbour when it disappears. */
  const focusedIndex = useRef<number | null>(null);
  const reveal = useStore(stores.reveal, selectReveal);
  const rowHeight = useRowHeight();

  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 6,
    getItemKey: (index) => {
      const line = lines[index];
      return line !== undefined ? lineKey(line) : index;
    },
  });

  // The window crossed the narrow-layout width: every line changed height.
  useLayoutEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);

  const keys = useMemo(() => lines.map(lineKey), [lines]);
  const activeIndex = activeKey !== null ? keys.indexOf(activeKey) : -1;
  const tabStopIndex = activeIndex >= 0 ? activeIndex : Math.min(focusedIndex.current ?? 0, Math.max(0, lines.length - 1));
  const tabStopKey = keys[tabStopIndex];
  const items = virtualizer.getVirtualItems();
  const tabStopRendered = items.some((item) => item.index === tabStopIndex);

  const moveTo = useCallback(
    (index: number) => {
      const clamped = Math.max(0, Math.min(lines.length - 1, index));
      const line = lines[clamped];
      if (line === undefined) return;
      setActiveKey(lineKey(line));
      setFocusRequest(lineKey(line));
      virtualizer.scrollToIndex(clamped, { align: 'auto' });
    },
    [lines, virtualizer],
  );

  // The focused line left the list (removed, cleared, filtered out): focus its neighbour.
  // After every render on purpose (no deps): the guard's first line makes it a no-op unless the
  // active line just vanished, and then setActiveKey(null) makes the next run a no-op too.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    if (activeKey === null || keys.includes(activeKey) || focusedIndex.current === null) return;
    const lost = document.activeElement === null || document.activeElement === document.body;
    setActiveKey(null);
    if (lost && lines.length > 0) moveTo(Math.min(focusedIndex.current, lines.length - 1));
  });

  // A toast's "Show" or the details panel asked for a job: open its folder, scroll, focus.
  useEffect(() => {
    if (reveal === null) return;
    const index = keys.indexOf(reveal.id);
    if (index < 0) {
      onExpandFor(reveal.id);
      return;
    }
    moveTo(index);
    stores.reveal.setState(null);
    // Only a new request (or the lines it waited for) runs this again: keys/moveTo change with
    // lines, and onExpandFor/stores are new each render but do the same thing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reveal, lines]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Keys typed on a line's controls are the controls' business.
    if (!(event.target instanceof HTMLElement) || event.target.getAttribute('role') !== 'listitem') return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight) / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: tabStopIndex + 1,
      ArrowUp: tabStopIndex - 1,
      PageDown: tabStopIndex + page,
      PageUp: tabStopIndex - page,
      Home: 0,
      End: lines.length - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    moveTo(next);
  };

  const onFocusRow = useCallback(
    (key: string) => {
      setActiveKey(key);
      setFocusRequest((request) => (request === key ? null : request));
      focusedIndex.current = keys.indexOf(key);
    },
    [keys],
  );

  return (
    <div
      ref={scrollRef}
      className="queue-scroll"
      // When the tab-stop line is scrolled out of the DOM, the scroller itself takes the tab
      // stop and hands focus back to that line.
      tabIndex={tabStopRendered ? -1 : 0}
      aria-label={tabStopRendered ? undefined : label}
      onFocus={(event) => {
        if (event.target === event.currentTarget && !tabStopRendered) moveTo(tabStopIndex);
      }}
      onKeyDown={onKeyDown}
    >
      <p id={hintId} className="visually-hidden">
        {t('queue.keyboard-hint')}
      </p>
      <div role="list" aria-label={label} aria-describedby={hintId} className="queue-list" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const line = lines[item.index];
          if (line === undefined) return null;
          const key = lineKey(line);
          const common = {
            index: item.index,
            setSize: lines.length,
            active: key === tabStopKey,
            focusOnMount: key === focusRequest,
            onFocusRow,
            offset: item.start,
          };
          return line.kind === 'group' ? (
            <GroupRow key={key} groupKey={line.key} name={line.name} ids={line.ids} expanded={line.expanded} onToggle={onToggleGroup} {...common} />
          ) : (
            <JobRow key={key} id={line.id} depth={line.depth} {...common} />
          );
        })}
      </div>
    </div>
  );
}
