// What `upload` and `watch` set up alike once signed in: the destination a person named
// (resolved, and said in one line), and the queue built from their transfer flags. One place,
// so a flag added for one command cannot be forgotten by the other.

import type { NomadApi } from '../engine/api';
import type { JournalStore } from '../engine/journal';
import type { Logger } from '../engine/log';
import { UploadQueue } from '../engine/queue';
import type { WalkOptions } from '../engine/walk';
import type { UploadArgs } from './args';
import { destinationNote, resolveDestination, type Destination } from './destination';

type DestinationFlags = Pick<UploadArgs, 'to' | 'createFolders' | 'parentId' | 'languageId'>;
type TransferFlags = Pick<
  UploadArgs,
  'concurrency' | 'limit' | 'stallTimeoutMs' | 'verifyResume' | 'storageTimeoutMs' | 'relatedContentId' | 'overwrite' | 'replaceOptions'
>;

export interface RunOutput {
  note(message: string): void;
  fatal(message: string): void;
}

/** The destination of `--to`/`--parent`/`--language`, or null once the reason was said. */
export async function destinationForRun(api: NomadApi, args: DestinationFlags, out: RunOutput): Promise<Destination | null> {
  const where = await resolveDestination(api, { to: args.to, createFolders: args.createFolders, parentId: args.parentId, language: args.languageId });
  if (!where.ok) {
    out.fatal(where.message);
    return null;
  }
  const note = destinationNote(where.destination, args.to !== null);
  if (note) out.note(note);
  return where.destination;
}

export interface RunQueueParts {
  journal?: JournalStore;
  log: Logger;
  walk?: WalkOptions;
  /** `--existing-asset`: only `upload` of one file has it. */
  existingAssetId?: string | null;
}

export function queueForRun(api: NomadApi, args: TransferFlags, destination: Destination, parts: RunQueueParts): UploadQueue {
  return new UploadQueue({
    api,
    journal: parts.journal,
    budget: args.concurrency,
    bandwidthLimit: args.limit,
    stallTimeoutMs: args.stallTimeoutMs,
    resumeCheck: args.verifyResume,
    retryPolicy: { storageTimeoutMs: args.storageTimeoutMs },
    walk: parts.walk,
    log: parts.log,
    defaults: {
      parentId: destination.parentId,
      languageId: destination.languageId,
      relatedContentId: args.relatedContentId,
      existingAssetId: parts.existingAssetId ?? null,
      overwrite: args.overwrite,
      replaceOptions: args.replaceOptions,
    },
  });
}
