// Lines of the queue are one row of cells in a wide window and two in a narrow one
// (below 640 CSS px, which is also a 1280 px window at 200 % zoom): the virtualizer must
// know which, since it places lines by their height. Kept in step with queue.css.

import { useSyncExternalStore } from 'react';

export const ROW_HEIGHT = 60;
export const COMPACT_ROW_HEIGHT = 96;
const COMPACT_QUERY = '(max-width: 640px)';

function subscribe(onChange: () => void): () => void {
  if (typeof window.matchMedia !== 'function') return () => undefined;
  const query = window.matchMedia(COMPACT_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

function current(): number {
  return typeof window.matchMedia === 'function' && window.matchMedia(COMPACT_QUERY).matches ? COMPACT_ROW_HEIGHT : ROW_HEIGHT;
}

export function useRowHeight(): number {
  return useSyncExternalStore(subscribe, current, current);
}
