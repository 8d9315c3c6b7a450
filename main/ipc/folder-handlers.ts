// The handlers of the folder browser, languages, processing status, attachments and history
// commands (issue 13): spread into the handler map by createCommandHandlers.

import type { CommandHandlers, Result } from '../../preload/contract';
import { getJobHistory, processingStatus } from '../engine/api-job-history';
import { listLanguages } from '../engine/api-languages';
import { folderChain } from '../engine/api-folders';
import { formatHistory } from '../engine/history-export';
import { UploadError } from '../engine/errors';
import { assetPageUrl, browseFolders, newFolder } from '../app-core/destinations';
import type { UploaderService } from '../app-core/uploader-service';
import { openExternalSafely } from './external-url';
import type { ShellPorts } from './command-handlers';

type FolderCommands =
  | 'listFolders'
  | 'folderPath'
  | 'createFolder'
  | 'listLanguages'
  | 'processingStatus'
  | 'openInNomad'
  | 'attachFiles'
  | 'listHistory'
  | 'exportHistory'
  | 'clearHistory';

const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function folderHandlers(service: UploaderService, shell: ShellPorts): Pick<CommandHandlers, FolderCommands> {
  return {
    listFolders: async ({ parentId, nameContains, pageOffset }) => {
      const page = await browseFolders(service.api, parentId, nameContains, pageOffset);
      return ok({ folders: page.folders, nextPageOffset: page.nextPageOffset, total: page.totalItemCount });
    },
    folderPath: async ({ id }) => ok(await folderChain(service.api, id)),
    createFolder: async ({ parentId, name }) => ok(await newFolder(service.api, service.extras.paths, parentId, name)),
    listLanguages: async () => ok(await listLanguages(service.api)),
    processingStatus: async ({ assetId }) => ok(processingStatus(await getJobHistory(service.api, assetId))),
    openInNomad: async ({ assetId }) => {
      const opened = await openExternalSafely(assetPageUrl(service.api.baseUrl, assetId), (url) => shell.openExternal(url));
      if (opened === null) throw new UploadError('bad-request', 'This server has no web address to open.');
      return ok(null);
    },
    attachFiles: async ({ assetId, paths }) => {
      const attachments = service.extras.attachments;
      if (attachments === null) throw new UploadError('auth-required', 'Sign in to a server (or use the local sandbox) first.');
      const chosen = paths ?? (await shell.pickPaths('files'));
      return ok({ added: chosen.length > 0 ? await attachments.attach(assetId, chosen) : 0 });
    },
    listHistory: async ({ query }) => ok(service.extras.history.list(query)),
    exportHistory: async ({ format, query }) => {
      const entries = service.extras.history.list(query);
      const day = new Date().toISOString().slice(0, 10);
      return ok({ fileName: `nomad-uploads-${day}.${format}`, text: formatHistory(entries, format) });
    },
    clearHistory: async () => ok({ removed: service.extras.history.clear() }),
  };
}
