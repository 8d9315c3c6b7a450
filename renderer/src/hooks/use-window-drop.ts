// Makes the whole window a drop target for files and folders. dragenter/dragleave fire for
// every child element crossed, so a counter (not a boolean) decides whether a drag is over
// the window; otherwise the overlay would flicker. dragover and drop are always cancelled so
// the browser never navigates to a dropped file.

import { useEffect, useRef, useState } from 'react';

/** Drops an element took for itself (a file dropped onto a done row is attached to it). */
const claimedDrops = new WeakSet<Event>();

export function claimDrop(event: Event): void {
  claimedDrops.add(event);
}

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/** `at`: where the drop landed (the overlay's bands mean different things). */
export function useWindowDrop(onDropFiles: (files: File[], at: { x: number; y: number }) => void): boolean {
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  // The latest callback, without re-binding window listeners on every render.
  const onDropRef = useRef(onDropFiles);
  useEffect(() => {
    onDropRef.current = onDropFiles;
  });

  useEffect(() => {
    const onDragEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current += 1;
      if (depth.current === 1) setDragging(true);
    };
    const onDragOver = (event: DragEvent) => {
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = carriesFiles(event) ? 'copy' : 'none';
    };
    const onDragLeave = (event: DragEvent) => {
      if (!carriesFiles(event) || depth.current === 0) return;
      depth.current -= 1;
      if (depth.current === 0) setDragging(false);
    };
    const reset = () => {
      depth.current = 0;
      setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      event.preventDefault();
      reset();
      if (claimedDrops.has(event)) return;
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length > 0) onDropRef.current(files, { x: event.clientX, y: event.clientY });
    };
    window.addEventListener('dragenter', onDragEnter);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
    window.addEventListener('dragend', reset);
    return () => {
      window.removeEventListener('dragenter', onDragEnter);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('dragend', reset);
    };
  }, []);

  return dragging;
}
