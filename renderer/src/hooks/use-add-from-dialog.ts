// "Add files…" / "Add folder…": the native picker lives in main; it enqueues what was
// picked and tells us how many. A cancelled picker adds 0 and needs no message.

import { useCallback } from 'react';
import { useCommand } from './use-command';

export function useAddFromDialog(): (kind: 'files' | 'folder') => void {
  const run = useCommand();
  return useCallback(
    (kind) => {
      void run('addFromDialog', { kind });
    },
    [run],
  );
}
