// What one activation of a job does, start to end: find or start the server upload, send what
// is missing, complete it. A plain async procedure whose outcome the job turns into its next
// state; it changes the job only through the host it is given, and only while its run lives.

import type { ParsedAssetUpload, ParsedPart } from './api';
import type { BandwidthLimiter } from './bandwidth';
import type { Clock } from './clock';
import { UploadError, toUploadError } from './errors';
import type { FileAccess } from './file-access';
import { recordedChunkSize, type JobJournal } from './job-journal';
import type { Logger } from './log';
import { PartLedger } from './part-ledger';
import type { PartSizeAdvisor } from './part-size';
import { uploadParts } from './part-pipeline';
import { retrying, type RetryContext } from './retrying';
import type { Run } from './run';
import type { SlotPool } from './slot-pool';
import { hashBoundMs } from './digest-pass';
import { chunkSizeFor } from './plan';
import { RunFile } from './run-file';
import { checkSentParts, partsToCheck, type ResumeCheck } from './resume-check';
import type { ByteSource, FileFingerprint } from './source';
import type { JobApi } from './job-api';
import type { StartNegotiation, StartOutcome, UploadProof } from './start-negotiation';
import type { PartTransport } from './transfer';
import type { ConflictView } from './views';
import type { Dispatcher } from 'undici';

export type RunOutcome =
  /** Complete answered; the whole file's SHA-256 as it was read for the upload. */
  | { kind: 'uploaded'; sha256: string }
  | { kind: 'conflict'; conflict: ConflictView }
  | { kind: 'failed'; error: UploadError }
  /** The run was ended from outside (pause, cancel, shutdown): whoever ended it set the state. */
  | { kind: 'stopped' };

export interface UploadIdentity {
  id: string;
  assetId: string;
  proof: UploadProof | 'legacy';
}

/** The job as the run sees it. */
export interface RunHost {
  readonly localPath: string;
  readonly relativePath: string;
  readonly displayName: string;
  readonly fingerprint: FileFingerprint;
  readonly upload: UploadIdentity | null;
  readonly negotiation: StartNegotiation;
  readonly journal: JobJournal;
  readonly source: ByteSource;
  /** Nothing was sent yet: the file as it is now is what gets uploaded. */
  refingerprint(fingerprint: FileFingerprint): void;
  /** The server answered our start: the upload is ours (persisted even if the run has ended). */
  adopt(upload: ParsedAssetUpload, proof: UploadProof): Promise<void>;
  /** The server no longer knows the upload: begin again. */
  forgetUpload(): void;
  plan(ledger: PartLedger): void;
  enter(phase: 'uploading' | 'completing'): void;
  onBytes(delta: number): void;
  changed(): void;
}

export interface RunServices {
  readonly api: JobApi;
  readonly pool: SlotPool;
  /** The part size a new upload asks for, from how fast parts have gone (shared by the queue's jobs). */
  readonly partSizes: PartSizeAdvisor;
  readonly transport: PartTransport;
  readonly files: FileAccess;
  readonly limiter: BandwidthLimiter;
  readonly stallTimeoutMs: number;
  readonly dispatcher?: Dispatcher | undefined;
  readonly log: Logger;
  readonly clock: Clock;
  /** How much of what was sent a resume reads again to check (a sample, or all). */
  readonly resumeCheck: ResumeCheck;
  /** Whether the API answers at all (shared by the queue's jobs, cached a few seconds). */
  reachable(): Promise<boolean>;
}

export async function executeRun(host: RunHost, run: Run, retry: RetryContext, services: RunServices, owner: object): Promise<RunOutcome> {
  const runFile = new RunFile(host, run);
  try {
    // Something was sent before: the same file must still be on disk — checked before the
    // server is asked anything — or two versions would be spliced into one asset.
    if (host.upload) await runFile.open(recordedChunkSize(host.journal.record, host.fingerprint.size));
    // A new upload: opened (and its hash pass begun) once the file is fingerprinted, before the start goes out.
    const found = await findOrStart(host, run, retry, services, (chunkSize) => runFile.open(chunkSize));
    if (found.kind === 'conflict') return found;
    const { file: opened, pass, sha256: hashing } = await runFile.open(found.chunkSize);
    const size = host.fingerprint.size;
    const ledger = PartLedger.fromServer(found.parts, size, host.journal.record.parts, {
      omittedAreCompleted: found.resumed,
      chunkSize: found.chunkSize,
    });
    host.plan(ledger);
    pass.want(ledger.parts().filter((p) => p.status === 'pending'));
    const check = partsToCheck(ledger, opened.metadataChanged ? 'full' : services.resumeCheck);
    await run.track('io', 'resume check', () => checkSentParts(opened, check), hashBoundMs(size));
    if (opened.metadataChanged) host.refingerprint(opened.identity); // every byte sent checked out
    await run.track('io', 'journal', () => host.journal.update({ file: host.fingerprint }));
    await run.track('io', 'journal', () => host.journal.resetParts(ledger.known()));
    if (!ledger.allConfirmed) {
      host.enter('uploading');
      await uploadParts({
        retry,
        ledger,
        pool: services.pool,
        partSizes: services.partSizes,
        owner,
        api: services.api,
        uploadId: found.uploadId,
        continueStart: (signal) =>
          services.api.startUpload(
            host.negotiation.continueRequest({ displayName: host.displayName, relativePath: host.relativePath, size, chunkSize: found.chunkSize }),
            signal,
          ),
        transport: services.transport,
        file: opened,
        digests: pass,
        limiter: services.limiter,
        stallTimeoutMs: services.stallTimeoutMs,
        dispatcher: services.dispatcher,
        journal: host.journal,
        log: services.log,
        now: () => services.clock.now(),
        reachable: () => services.reachable(),
        onBytes: (delta) => host.onBytes(delta),
        onProgress: () => host.changed(),
      });
    }
    run.assertLive();
    host.enter('completing');
    if (!ledger.allConfirmed) {
      throw new UploadError('plan-mismatch', `Only ${ledger.partsConfirmed} of ${ledger.partsTotal} parts are confirmed.`);
    }
    await run.track('io', 'file check', () => opened.checkUnchanged());
    const sha256 = await hashing;
    await retrying(retry, { what: 'POST /asset/upload/{id}/complete' }, () =>
      run.track('request', 'POST /asset/upload/{id}/complete', (signal) => services.api.completeUpload(found.uploadId, signal), 120_000),
    );
    run.assertLive();
    return { kind: 'uploaded', sha256 };
  } catch (error) {
    if (run.ended) return { kind: 'stopped' };
    return { kind: 'failed', error: toUploadError(error) };
  } finally {
    await runFile.close();
  }
}

/**
 * resumed: the parts come from a resume (listing or Continue), where a part left out is one the server has.
 * chunkSize: the part size the upload's start asked for.
 */
type Found =
  | { kind: 'plan'; uploadId: string; parts: ParsedPart[]; resumed: boolean; chunkSize: number }
  | { kind: 'conflict'; conflict: ConflictView };

async function findOrStart(
  host: RunHost,
  run: Run,
  retry: RetryContext,
  services: RunServices,
  openFile: (chunkSize: number) => Promise<unknown>,
): Promise<Found> {
  const known = host.upload;
  if (known) {
    try {
      const parts = await retrying(retry, { what: 'GET /admin/asset/upload/{id}' }, () =>
        run.track('request', 'GET /admin/asset/upload/{id}', (signal) => services.api.getUploadParts(known.id, signal), 120_000),
      );
      return { kind: 'plan', uploadId: known.id, parts, resumed: true, chunkSize: recordedChunkSize(host.journal.record, host.fingerprint.size) };
    } catch (error) {
      // The server no longer knows the upload (finished or purged): start over and let
      // Continue find whatever it still has.
      if (!(error instanceof UploadError && error.code === 'not-found')) throw error;
      host.forgetUpload();
      host.negotiation.continueAfterLoss();
    }
  }
  host.refingerprint(await run.track('io', 'file check', () => services.files.fingerprint(host.localPath)));
  const journal = host.journal;
  const size = host.fingerprint.size;
  // A start that went out unanswered may have made an upload planned with the size it asked
  // for: ask for that again. Otherwise the size follows the link as it is now.
  const earlierStart = journal.record.startSentAt !== null;
  let chunkSize = earlierStart ? recordedChunkSize(journal.record, size) : services.partSizes.chunkSizeFor(size, services.pool.level);
  if (!earlierStart && chunkSize !== chunkSizeFor(size)) {
    const rate = services.partSizes.partRate;
    services.log.info('part size', { job: retry.job, chunkSize, partMBps: rate === null ? null : Math.round(rate / 100) / 10 });
  }
  await openFile(chunkSize);
  let outcome: StartOutcome;
  try {
    outcome = await sendStart(host, run, retry, services, chunkSize);
  } catch (error) {
    const documented = chunkSizeFor(size);
    // Not after a start of an earlier run whose answer was lost: that one may have made an
    // upload, and forgetting it was sent would make ours look like someone else's.
    if (!(error instanceof UploadError) || error.code !== 'bad-request' || chunkSize === documented || earlierStart || run.ended) throw error;
    // A server that bounds chunkSize refused the size the link chose, and made nothing for
    // it: ask once more with the documented size, which every server takes. (The hash pass
    // keeps the first plan; PUTs of other ranges hash their own parts.)
    services.log.info('part size refused', { job: retry.job, chunkSize, fallback: documented, message: error.message });
    await run.track('io', 'journal', () => journal.update({ startSentAt: null, chunkSize: null }));
    chunkSize = documented;
    outcome = await sendStart(host, run, retry, services, chunkSize);
  }
  if (outcome.kind === 'conflict') return outcome;
  await run.settle('io', 'journal', () => host.adopt(outcome.upload, outcome.proof));
  run.assertLive();
  const resumed = outcome.proof === 'adopted' || host.negotiation.option === 'Continue';
  return { kind: 'plan', uploadId: outcome.upload.id, parts: outcome.upload.parts ?? [], resumed, chunkSize };
}

/** The start of a new upload (or Continue), asking for parts of `chunkSize`. */
function sendStart(host: RunHost, run: Run, retry: RetryContext, services: RunServices, chunkSize: number): Promise<StartOutcome> {
  const journal = host.journal;
  const size = host.fingerprint.size;
  return host.negotiation.start(
    services.api,
    retry,
    { displayName: host.displayName, relativePath: host.relativePath, size, chunkSize },
    () => journal.record,
    async () => {
      // Written before the start goes out, so an answer lost on the way back (a crash, a cut
      // connection) can be recognised as our own upload the next time — with the part size
      // it asked for, which a resume plans the parts the server leaves out with.
      if (journal.record.startSentAt === null) {
        const recorded = chunkSize === chunkSizeFor(size) ? null : chunkSize;
        await run.track('io', 'journal', () => journal.update({ startSentAt: services.clock.wallNow(), file: host.fingerprint, chunkSize: recorded }));
      }
    },
    async (uploadId) => {
      // The server refused our start: it made nothing for it, and the upload it names is not
      // ours — not now, and not on the next run either.
      await run.track('io', 'journal', () => journal.update({ startSentAt: null, notOurs: [...new Set([...journal.record.notOurs, uploadId])] }));
    },
  );
}
