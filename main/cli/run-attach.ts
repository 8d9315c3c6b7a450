// `nomad-upload attach --to-asset ID FILE…`: subtitles, captions, proxies and thumbnails sent
// with start-related-asset to the asset they belong to. The same queue, parts, retries and
// output as an upload; only the start goes to the related-asset route (engine/api-related.ts).

import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { getAsset } from '../engine/api-assets';
import { chainPath, folderChain } from '../engine/api-folders';
import { relatedUploadApi } from '../engine/api-related';
import { toUploadError } from '../engine/errors';
import { silentLogger } from '../engine/log';
import { UploadQueue } from '../engine/queue';
import { sidecarKindOf } from '../engine/sidecars';
import type { AttachArgs } from './args-folders';
import { resolveDestination } from './destination';
import { RunReport } from './report';
import type { CliIo } from './run-upload';
import { signIn, type SandboxStarter } from './sign-in';
import { UploadOutput, toResult } from './upload-output';

export async function runAttach(args: AttachArgs, io: CliIo, startSandbox: SandboxStarter): Promise<number> {
  const out = new UploadOutput(args.json, io);
  let queue: UploadQueue<ReturnType<typeof relatedUploadApi>> | null = null;
  let interrupted = false;
  const removeInterrupt = io.onInterrupt(() => {
    interrupted = true;
    out.note('Interrupted: attachments stopped.');
    void queue?.close();
  });
  // Only files: an attachment is one file beside its asset, a folder has no such place.
  for (const path of args.paths) {
    const info = await stat(path).catch((error: unknown) => toUploadError(error, { path }));
    if (!('isFile' in info) || !info.isFile()) {
      removeInterrupt();
      out.fatal('isFile' in info ? `${path} is not a file: attach takes files (subtitles, captions, proxies, thumbnails).` : info.message);
      return 1;
    }
  }
  const session = await signIn(args, (message) => out.note(message), startSandbox, silentLogger);
  try {
    if (!session.ok) {
      out.fatal(session.message);
      return 1;
    }
    const api = session.api;
    const target = await getAsset(api, args.assetId).catch((error: unknown) => toUploadError(error));
    if ('code' in target) {
      out.fatal(target.code === 'not-found' ? `The server has no asset ${args.assetId} to attach to.` : target.message);
      return 1;
    }
    if (target.assetType === 'Folder' || target.assetType === 'Bucket') {
      out.fatal(`${target.displayName ?? args.assetId} is a folder: attachments belong to a file asset.`);
      return 1;
    }
    const where = await resolveDestination(api, { language: args.languageId });
    if (!where.ok) {
      out.fatal(where.message);
      return 1;
    }
    for (const path of args.paths) {
      const kind = args.kind.by === 'name' ? args.kind.kind : args.kind.by === 'id' ? `type ${args.kind.metadataType}` : sidecarKindOf(basename(path));
      out.note(`Attaching ${basename(path)} (${kind}) to ${target.displayName ?? args.assetId}.`);
    }
    // The report names where the attachments went by the asset's path, like every destination.
    const targetPath = await folderChain(api, args.assetId).then(chainPath, () => target.displayName ?? args.assetId);
    const report = args.report ? new RunReport(args.report, targetPath, args.assetId) : null;
    const active = new UploadQueue({
      api: relatedUploadApi(api, { metadataType: args.kind.by === 'id' ? args.kind.metadataType : null }),
      log: silentLogger,
      defaults: { parentId: null, languageId: where.destination.languageId, relatedContentId: null, existingAssetId: args.assetId, overwrite: args.overwrite, replaceOptions: [] },
    });
    queue = active;
    active.onEvent((event) => {
      report?.observe(event);
      if (event.type === 'transition') out.transition(event.job, event.from);
      else out.warning(event.job, event.error.message);
    });
    active.onUpdate((update) => {
      for (const job of update.changed) out.waiting(job);
      out.progress(update.totals, performance.now());
    });
    const { added } = await active.enqueue({ paths: args.paths });
    for (const job of added) if (job.state === 'failed') out.transition(job, 'new');
    const initial = active.snapshot();
    out.start(initial.jobs.length, initial.totals.bytesTotal, []);
    await active.whenIdle();
    const final = active.snapshot();
    const files = final.jobs.map(toResult);
    const reported = report ? await report.writeAndSay(final.jobs, out) : true;
    out.summary(files, final.totals, { interrupted, skipped: [] });
    if (interrupted) return 130;
    return files.every((f) => f.state === 'done') && reported ? 0 : 1;
  } finally {
    removeInterrupt();
    await queue?.close();
    await session.sandbox?.close();
  }
}
