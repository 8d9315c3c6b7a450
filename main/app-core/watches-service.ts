// The watch folders as the UploaderService runs them: where their saved list and indexes
// live, how a destination is checked and named (the signed-in server's folders), and what
// they tell the window (the list, a toast for a problem, the history's destination path).
// The service wires this in with a few lines and hands it each queue it attaches.

import type { NomadApi } from '../engine/api';
import type { Logger } from '../engine/log';
import type { UploadQueue } from '../engine/queue';
import { checkFolder } from './account-checks';
import { AppError } from './app-errors';
import type { UploadExtras } from './upload-extras';
import type { WatchView } from './watches-config';
import { WatchFolders, type WatchesPorts } from './watches';
import { WatchStore, watchesFileFor, watchIndexesDirFor } from './watches-store';
import type { NoticeKind } from '../../preload/contract';

export interface ServiceWatchesDeps {
  journalDir: string | null;
  log: Logger;
  /** The signed-in client, or null while signed out. */
  api(): NomadApi | null;
  queue(): UploadQueue | null;
  extras(): UploadExtras;
  changed(watches: WatchView[]): void;
  notice(level: 'warning', message: string, kind: NoticeKind): void;
}

export function openServiceWatches(deps: ServiceWatchesDeps): Promise<WatchFolders> {
  const ports: WatchesPorts = {
    async destinationPath(parentId) {
      const api = deps.api();
      if (api === null) throw new AppError('signed-out', 'Sign in first: the server has to confirm the destination folder before the watch is saved.');
      if (parentId !== null) await checkFolder(api, parentId);
      return deps.extras().paths.pathOf(api, parentId);
    },
    problem: (watch, code, message) => deps.notice('warning', message, { type: 'watch-problem', code, folder: watch.folder }),
    changed: (watches) => deps.changed(watches),
    queued(jobId, destinationPath) {
      const job = deps.queue()?.get(jobId);
      if (job) deps.extras().queuedTo([job], destinationPath);
    },
  };
  const store = new WatchStore(watchesFileFor(deps.journalDir), (error) => deps.log.warn('watch folders not saved', { error: error.message }));
  return WatchFolders.open({ store, indexDir: watchIndexesDirFor(deps.journalDir), ports, log: deps.log });
}
