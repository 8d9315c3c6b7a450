// `nomad-upload upload`: the engine driven from a terminal or a script. Same queue, same
// journal format as the app; output is either a progress bar with one line per file or
// newline-delimited JSON events whose last line is the summary — also when interrupted.

import { resolve, sep } from 'node:path';
import { SYSTEM_LITTER } from '../../shared/ignore-patterns';
import { isFinishedState } from '../../shared/job-states';
import { FileJournal, type JournalStore } from '../engine/journal';
import { createLogger, silentLogger } from '../engine/log';
import type { UploadQueue } from '../engine/queue';
import { contentChanged, fingerprintFile } from '../engine/source';
import type { SkippedEntry } from '../engine/walk';
import type { UploadArgs } from './args';
import { prepareJournalDir } from './journal-dir';
import { destinationForRun, queueForRun } from './run-queue';
import { RunReport } from './report';
import { signIn, type SandboxStarter } from './sign-in';
import { UploadOutput, toResult, type FileResult, type OutputStreams } from './upload-output';

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

export interface CliIo extends OutputStreams {
  /** Registers a handler for Ctrl-C and SIGTERM; returns its remover. */
  onInterrupt(handler: (signal: InterruptSignal) => void): () => void;
}

/** Exit status of a run stopped by a signal: 128 + its number, as shells report it. */
export const SIGNAL_EXIT: Record<InterruptSignal, number> = { SIGINT: 130, SIGTERM: 143 };

export async function runUpload(args: UploadArgs, io: CliIo, startSandbox: SandboxStarter): Promise<number> {
  const out = new UploadOutput(args.json, io);
  let queue: UploadQueue | null = null;
  let interrupted: InterruptSignal | null = null;
  const removeInterrupt = io.onInterrupt((signal) => {
    interrupted = signal;
    out.note(
      args.journal
        ? 'Interrupted: uploads paused. Run the same command again to resume.'
        : 'Interrupted: uploads stopped. Without --journal they cannot be resumed from here.',
    );
    void queue?.close();
  });
  const log = args.log ? createLogger((line) => io.stderr.write(`${line}\n`), args.log) : silentLogger;
  // A journal that cannot be written is said before anything is sent, in one line.
  if (args.journal) {
    const problem = await prepareJournalDir(resolve(args.journal));
    if (problem) {
      removeInterrupt();
      out.fatal(problem);
      return 1;
    }
  }
  const session = await signIn(args, (message) => out.note(message), startSandbox, log);
  try {
    if (!session.ok) {
      out.fatal(session.message);
      return 1;
    }
    const api = session.api;
    // --to, --create-folders, --language by name: resolved before anything is sent (destination.ts).
    const destination = await destinationForRun(api, args, out);
    if (!destination) return 1;
    const report = args.report ? new RunReport(args.report, destination.path) : null;
    const journal: JournalStore | undefined = args.journal ? new FileJournal(resolve(args.journal)) : undefined;
    const active = queueForRun(api, args, destination, {
      journal,
      log,
      walk: { ignore: [...SYSTEM_LITTER, ...args.ignore], followLinks: args.followLinks },
      existingAssetId: args.existingAssetId,
    });
    queue = active;
    // Ctrl-C while signing in: nothing starts.
    if (interrupted) void active.close();
    const results = new Map<string, FileResult>();
    // The uploads the server holds open, for the closing note: asked once the first file is
    // sending, beside its parts. Asked after the last file it was one more round trip at the
    // end (0.5 s on a VPN); asked at once it took the connection the first start then had to
    // open anew (a handshake more before any byte left, the WAN bench's timeline).
    let openUploads: Promise<readonly { id: string }[]> | null = null;
    const askOpenUploads = () => (openUploads ??= api.listUploads().catch(() => []));
    active.onEvent((event) => {
      report?.observe(event);
      switch (event.type) {
        case 'transition':
          if (event.job.state === 'uploading') void askOpenUploads();
          out.transition(event.job, event.from);
          if (isFinishedState(event.job.state)) results.set(event.job.id, toResult(event.job));
          return;
        case 'warning':
          out.warning(event.job, event.error.message);
          return;
      }
    });
    active.onUpdate((update) => {
      for (const job of update.changed) out.waiting(job);
      out.progress(update.totals, performance.now());
    });

    if (journal && !interrupted) {
      if (args.overwrite === 'Replace') await forgetChangedFiles(journal);
      const roots = args.paths.map((p) => resolve(p));
      const { restored } = await active.restore({
        include: (record) => roots.some((root) => record.file.path === root || record.file.path.startsWith(root + sep)),
      });
      if (restored.length > 0) out.note(`Resuming ${restored.length} unfinished upload(s) from the journal.`);
    }
    const { added, skipped } = interrupted ? { added: [], skipped: [] } : await active.enqueue({ paths: args.paths });
    logSkipped(log, skipped);
    for (const job of added) {
      // Jobs that failed at enqueue (missing, unreadable) never transition: report them here.
      if (!isFinishedState(job.state)) continue;
      results.set(job.id, toResult(job));
      out.transition(job, 'new');
    }
    const initial = active.snapshot();
    out.start(initial.jobs.length, initial.totals.bytesTotal, skipped);

    await active.whenIdle();
    const final = active.snapshot();
    for (const job of final.jobs) results.set(job.id, toResult(job));
    const files = [...results.values()];
    if (!interrupted) {
      // Uploads the server holds open that this run did not continue: say so, once.
      const mine = new Set(final.jobs.map((j) => j.uploadId));
      const others = (await askOpenUploads()).filter((u) => !mine.has(u.id)).length;
      if (others > 0) out.note(`The server also holds ${others} unfinished upload(s) this run did not continue; see "nomad-upload leftovers".`);
    }
    const reported = report ? await report.writeAndSay(final.jobs, out) : true;
    out.summary(files, final.totals, { interrupted: interrupted !== null, skipped });
    if (interrupted) return SIGNAL_EXIT[interrupted];
    return files.every((f) => f.state === 'done') && reported ? 0 : 1;
  } finally {
    removeInterrupt();
    await queue?.close();
    await session.sandbox?.close();
  }
}

function logSkipped(log: ReturnType<typeof createLogger>, skipped: readonly SkippedEntry[]): void {
  for (const item of skipped) log.info('left out', { path: item.localPath, why: item.detail });
}

/**
 * With --overwrite replace the user asked for the new version: journal records of files that
 * changed since are dropped, so those files start over (Replace) instead of failing again.
 */
async function forgetChangedFiles(journal: JournalStore): Promise<void> {
  const { records } = await journal.load();
  for (const record of records) {
    const now = await fingerprintFile(record.file.path).catch(() => null);
    if (now && contentChanged(record.file, now)) await journal.remove(record.jobId);
  }
}
