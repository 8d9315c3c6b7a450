// What a done row shows after the upload: the server's processing (job-history, polled
// gently: 2 s, then twice as long each time up to 30 s, stopped when processing has ended)
// and the row's attachments. Timers and subscriptions belong to the row: when it unmounts
// (cleared, scrolled out of the virtual list) they stop with it.

import { useCallback, useEffect, useMemo, useState } from 'react';
import { useStore } from './use-store';
import type { AttachmentView, JobView, ProcessingStatus } from '../../../preload/contract';
import { useApp } from '../app-context';
import { invoke } from '../commands/invoke';

/** First poll soon after the upload; then back off so a long transcode costs a few requests a minute. */
const FIRST_POLL_MS = 2_000;
const MAX_POLL_MS = 30_000;
/** The server may list no processing at all; a few empty answers in a row end the polling. */
const EMPTY_ANSWERS_TO_STOP = 3;

export function useProcessing(assetId: string | null): ProcessingStatus | null {
  const { api } = useApp();
  const [status, setStatus] = useState<ProcessingStatus | null>(null);
  useEffect(() => {
    if (assetId === null) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    let delay = FIRST_POLL_MS;
    let empty = 0;
    const poll = async () => {
      const result = await invoke(api, 'processingStatus', { assetId });
      if (!live) return;
      if (result.ok) {
        setStatus(result.value);
        if (result.value.state === 'ended') return;
        if (result.value.state === 'none' && ++empty >= EMPTY_ANSWERS_TO_STOP) return;
      }
      timer = setTimeout(() => void poll(), delay);
      delay = Math.min(MAX_POLL_MS, delay * 2);
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, assetId]);
  return status;
}

const NONE: AttachmentView[] = [];

export function useAttachments(job: JobView): AttachmentView[] {
  const { stores } = useApp();
  const own = useStore(stores.attachments, useCallback((all: Readonly<Record<string, AttachmentView[]>>) => (job.assetId !== null ? all[job.assetId] : undefined) ?? NONE, [job.assetId]));
  const waiting = useStore(stores.attachments, useCallback((all: Readonly<Record<string, AttachmentView[]>>) => all[`job:${job.id}`] ?? NONE, [job.id]));
  return useMemo(() => [...waiting, ...own], [waiting, own]);
}
