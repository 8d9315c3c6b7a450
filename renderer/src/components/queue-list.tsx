// The virtualized queue. Only the rows in view (plus a few) are in the DOM, so 10,000 jobs
// cost the same as 20. The list is one tab stop: arrow keys, Home/End and Page keys move
// between rows (scrolling as needed), Tab moves into the focused row's buttons.

import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import { QueueRow, ROW_HEIGHT } from './queue-row';

interface QueueListProps {
  ids: readonly string[];
  label: string;
  onDecide: (id: string) => void;
}

export function QueueList(props: QueueListProps) {
  const { ids, label, onDecide } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState<string | null>(null);

  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (index) => ids[index] ?? index,
  });

  // The tab stop stays on the last focused row while it is listed; otherwise the first row.
  const activeIndex = activeId !== null ? ids.indexOf(activeId) : -1;
  const tabStopIndex = activeIndex >= 0 ? activeIndex : 0;
  const tabStopId = ids[tabStopIndex];
  const items = virtualizer.getVirtualItems();
  const tabStopRendered = items.some((item) => item.index === tabStopIndex);

  const moveTo = (index: number) => {
    const clamped = Math.max(0, Math.min(ids.length - 1, index));
    const id = ids[clamped];
    if (id === undefined) return;
    setActiveId(id);
    setFocusRequest(id);
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Keys typed on a row's buttons are the buttons' business.
    if (!(event.target instanceof HTMLElement) || event.target.getAttribute('role') !== 'listitem') return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const keys: Record<string, number> = {
      ArrowDown: tabStopIndex + 1,
      ArrowUp: tabStopIndex - 1,
      PageDown: tabStopIndex + page,
      PageUp: tabStopIndex - page,
      Home: 0,
      End: ids.length - 1,
    };
    const next = keys[event.key];
    if (next === undefined) return;
    event.preventDefault();
    moveTo(next);
  };

  const onFocusRow = useCallback((id: string) => {
    setActiveId(id);
    setFocusRequest(null);
  }, []);

  return (
    <div
      ref={scrollRef}
      className="queue-scroll"
      // When the tab-stop row is scrolled out of the DOM, the scroller itself takes the tab
      // stop and hands focus back to that row.
      tabIndex={tabStopRendered ? -1 : 0}
      onFocus={(event) => {
        if (event.target === event.currentTarget && !tabStopRendered) moveTo(tabStopIndex);
      }}
      onKeyDown={onKeyDown}
    >
      <div role="list" aria-label={label} className="queue-list" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const id = ids[item.index];
          if (id === undefined) return null;
          return (
            <QueueRow
              key={id}
              id={id}
              index={item.index}
              setSize={ids.length}
              active={id === tabStopId}
              focusOnMount={id === focusRequest}
              onFocusRow={onFocusRow}
              onDecide={onDecide}
              offset={item.start}
            />
          );
        })}
      </div>
    </div>
  );
}
