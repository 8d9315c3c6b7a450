// `nomad-upload folders [PATH]`: the folders the server has, by name, so a person can find
// the `--to` path they want. Without PATH: the root (buckets and Incoming). Names come from
// the server and are escaped for the terminal like every other text from outside.

import { forTerminal, jsonLine } from '../../shared/visible-text';
import { chainPath, listAllFolders, ROOT_FOLDER_ID } from '../engine/api-folders';
import { toUploadError } from '../engine/errors';
import { resolveFolderPath } from '../engine/folder-paths';
import type { FoldersArgs } from './args-folders';
import type { CliIo } from './run-upload';
import { withSignedIn, type SandboxStarter } from './sign-in';

export async function runFolders(args: FoldersArgs, io: CliIo, startSandbox: SandboxStarter): Promise<number> {
  const say = (stream: 'stdout' | 'stderr', text: string): void => void io[stream].write(`${forTerminal(text)}\n`);
  const out = { note: (message: string) => say('stderr', message), fatal: (message: string) => say('stderr', `nomad-upload: ${message}`) };
  return withSignedIn(args, startSandbox, out, async (api) => {
    try {
      const parent = args.path === null ? { id: ROOT_FOLDER_ID, path: '/' } : await resolveFolderPath(api, args.path).then((f) => ({ id: f.id, path: `/${chainPath(f.chain)}` }));
      const folders = await listAllFolders(api, parent.id);
      const below = parent.path === '/' ? '/' : `${parent.path}/`;
      if (args.json) {
        io.stdout.write(`${jsonLine({ event: 'folders', path: parent.path, id: parent.id, folders: folders.map((f) => ({ ...f, path: `${below}${f.name}` })) })}\n`);
        return 0;
      }
      say('stderr', folders.length === 0 ? `${parent.path} holds no folders.` : `${parent.path} holds ${folders.length} folder(s):`);
      for (const folder of folders) say('stdout', `${below}${folder.name}${folder.kind === 'bucket' ? '  (bucket)' : ''}`);
      return 0;
    } catch (error) {
      const message = toUploadError(error).message;
      if (args.json) io.stdout.write(`${jsonLine({ event: 'error', message })}\n`);
      say('stderr', `nomad-upload: ${message}`);
      return 1;
    }
  });
}
