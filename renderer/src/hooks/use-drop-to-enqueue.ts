// Turns dropped File objects into disk paths (via the preload's getPathForFile) and enqueues
// them. Items with no path (dragged from a browser, a zip viewer…) cannot be uploaded: they
// are skipped and the person is told.

import { useCallback } from 'react';
import { useApp } from '../app-context';
import { notify } from '../store/app-stores';
import { useCommand } from './use-command';

export function useDropToEnqueue(): (files: File[]) => void {
  const { api, stores } = useApp();
  const run = useCommand();
  return useCallback(
    (files: File[]) => {
      const { t } = stores.i18n.getState();
      const paths = files.map((file) => api.getPathForFile(file)).filter((path) => path !== '');
      const skipped = files.length - paths.length;
      if (paths.length === 0) {
        notify(stores, { level: 'warning', message: t('drop.not-files', { count: files.length }) });
        return;
      }
      if (skipped > 0) notify(stores, { level: 'warning', message: t('drop.skipped', { count: skipped }) });
      // Send the folder the overlay named, so what was promised is what happens.
      const parentId = stores.session.getState().settings?.defaultParentId;
      // Duplicates are reported by the main process as a notice; errors by useCommand.
      void run('enqueuePaths', parentId === undefined ? { paths } : { paths, parentId });
    },
    [api, stores, run],
  );
}
