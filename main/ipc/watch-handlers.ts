// The handlers of the watch folder commands (issue 15): spread into the handler map by
// createCommandHandlers. The folder to watch comes from the native picker; the rest of a
// watch is checked by WatchFolders (the folder readable, the destination a server folder).

import type { CommandHandlers, Result } from '../../preload/contract';
import { WATCH_DEFAULTS } from '../app-core/watches-config';
import type { UploaderService } from '../app-core/uploader-service';
import type { ShellPorts } from './command-handlers';

type WatchCommands = 'listWatches' | 'pickWatchFolder' | 'addWatch' | 'updateWatch' | 'setWatchPaused' | 'removeWatch' | 'rescanWatch';

const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function watchHandlers(service: UploaderService, shell: ShellPorts): Pick<CommandHandlers, WatchCommands> {
  return {
    listWatches: async () => ok({ watches: service.watches.list(), defaults: structuredClone(WATCH_DEFAULTS) }),
    pickWatchFolder: async () => {
      const [folder] = await shell.pickPaths('folder');
      return ok({ folder: folder ?? null });
    },
    addWatch: async ({ watch }) => ok(await service.watches.add(watch)),
    updateWatch: async ({ id, watch }) => ok(await service.watches.update(id, watch)),
    setWatchPaused: async ({ id, paused }) => ok(await service.watches.setPaused(id, paused)),
    removeWatch: async ({ id }) => ok((await service.watches.remove(id), null)),
    rescanWatch: async ({ id }) => ok((await service.watches.rescan(id), null)),
  };
}
