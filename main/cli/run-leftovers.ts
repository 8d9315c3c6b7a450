// `nomad-upload leftovers` and `nomad-upload discard`: the uploads the server holds open for
// this user. Nothing here cancels anything unless the user names it.

import { formatBytes } from './format';
import type { DiscardArgs, LeftoversArgs } from './args';
import type { CliIo } from './run-upload';
import { signIn, type SandboxStarter } from './sign-in';
import { toUploadError } from '../engine/errors';

export async function runLeftovers(args: LeftoversArgs | DiscardArgs, io: CliIo, startSandbox: SandboxStarter): Promise<number> {
  const session = await signIn(args, (message) => io.stderr.write(`${message}\n`), startSandbox);
  try {
    if (!session.ok) {
      io.stderr.write(`nomad-upload: ${session.message}\n`);
      return 1;
    }
    const api = session.api;
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
        io.stdout.write(`${JSON.stringify({ event: 'leftovers', uploads: rows })}\n`);
        return 0;
      }
      if (rows.length === 0) {
        io.stdout.write('No unfinished uploads on the server.\n');
        return 0;
      }
      for (const row of rows) {
        const size = row.size === null ? 'size unknown' : formatBytes(row.size);
        io.stdout.write(`${row.uploadId}  ${size}  ${row.partsConfirmed}/${row.partsTotal} parts  started ${row.started ?? '?'}\n`);
      }
      io.stdout.write('Resume one by uploading the same file again with --overwrite continue; discard with "nomad-upload discard ID".\n');
      return 0;
    }
    let failed = 0;
    for (const uploadId of args.uploadIds) {
      try {
        await api.cancelUpload(uploadId, 'Discarded from the command line');
        io.stdout.write(args.json ? `${JSON.stringify({ event: 'discarded', uploadId })}\n` : `Discarded ${uploadId}\n`);
      } catch (error) {
        failed += 1;
        io.stderr.write(`nomad-upload: ${uploadId}: ${toUploadError(error).message}\n`);
      }
    }
    return failed === 0 ? 0 : 1;
  } finally {
    await session.sandbox?.close();
  }
}
