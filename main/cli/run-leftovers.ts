// `nomad-upload leftovers` and `nomad-upload discard`: the uploads the server holds open for
// this user. Nothing here cancels anything unless the user names it.

import { formatBytes } from './format';
import type { DiscardArgs, LeftoversArgs } from './args';
import type { CliIo } from './run-upload';
import { withSignedIn, type SandboxStarter } from './sign-in';
import { toUploadError } from '../engine/errors';
import { forTerminal, jsonLine } from '../../shared/visible-text';

export async function runLeftovers(args: LeftoversArgs | DiscardArgs, io: CliIo, startSandbox: SandboxStarter): Promise<number> {
  // What the server says (ids, messages) is escaped like everything else shown in a terminal.
  const say = (stream: 'stdout' | 'stderr', text: string): void => void io[stream].write(`${forTerminal(text)}\n`);
  const out = { note: (message: string) => say('stderr', message), fatal: (message: string) => say('stderr', `nomad-upload: ${message}`) };
  return withSignedIn(args, startSandbox, out, async (api) => {
    if (args.command === 'leftovers') {
      const uploads = await api.listUploads();
      const rows = uploads.map((u) => ({
        uploadId: u.id,
        assetId: u.assetId,
        size: u.contentLength ?? null,
        started: u.startDate ?? null,
        partsConfirmed: u.parts?.filter((p) => p.isCompleted).length ?? 0,
        partsTotal: u.parts?.length ?? 0,
      }));
      if (args.json) {
        io.stdout.write(`${jsonLine({ event: 'leftovers', uploads: rows })}\n`);
        return 0;
      }
      if (rows.length === 0) {
        say('stdout', 'No unfinished uploads on the server.');
        return 0;
      }
      for (const row of rows) {
        const size = row.size === null ? 'size unknown' : formatBytes(row.size);
        say('stdout', `${row.uploadId}  ${size}  ${row.partsConfirmed}/${row.partsTotal} parts  started ${row.started ?? '?'}`);
      }
      say('stdout', 'Resume one by uploading the same file again with --overwrite continue; discard with "nomad-upload discard ID".');
      return 0;
    }
    let failed = 0;
    for (const uploadId of args.uploadIds) {
      try {
        await api.cancelUpload(uploadId, 'Discarded from the command line');
        if (args.json) io.stdout.write(`${jsonLine({ event: 'discarded', uploadId })}\n`);
        else say('stdout', `Discarded ${uploadId}`);
      } catch (error) {
        failed += 1;
        say('stderr', `nomad-upload: ${uploadId}: ${toUploadError(error).message}`);
      }
    }
    return failed === 0 ? 0 : 1;
  });
}
