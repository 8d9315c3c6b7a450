// `nomad-upload watch FOLDER`: the folder's new and changed files go up once they stop
// changing, until Ctrl-C or SIGTERM. The same queue and journal as `upload` (an upload cut
// by a kill -9 resumes on the next run), plus the watch's index under --journal DIR/watch,
// which tells the next run what went up already. Interrupted, it stops the uploads (kept
// resumable), prints the summary and exits 130 (SIGINT) or 143 (SIGTERM), as upload does.

import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { FileJournal } from '../engine/journal';
import { createLogger, silentLogger } from '../engine/log';
import type { UploadQueue } from '../engine/queue';
import { FINISHED_STATES } from '../engine/views';
import type { FolderWatch } from '../engine/watch/folder-watch';
import { openFolderWatch } from '../app-core/watches-open';
import type { WatchArgs } from './watch-args';
import { destinationForRun, queueForRun } from './run-queue';
import { prepareJournalDir } from './journal-dir';
import { SIGNAL_EXIT, type CliIo, type InterruptSignal } from './run-upload';
import { signIn, type SandboxStarter } from './sign-in';
import { UploadOutput, toResult, type FileResult } from './upload-output';
import { WatchOutput } from './watch-output';

/** The folder under --journal DIR that holds the watch indexes. */
export const WATCH_INDEX_DIR = 'watch';

export async function runWatch(args: WatchArgs, io: CliIo, startSandbox: SandboxStarter): Promise<number> {
  const out = new UploadOutput(args.json, io);
  const folder = resolve(args.folder);
  const journalDir = resolve(args.journal!);
  let stop: (signal: InterruptSignal) => void = () => undefined;
  const stopped = new Promise<InterruptSignal>((resolveStop) => (stop = resolveStop));
  const removeInterrupt = io.onInterrupt((signal) => stop(signal));
  const log = args.log ? createLogger((line) => io.stderr.write(`${line}\n`), args.log) : silentLogger;

  const info = await stat(folder).catch(() => null);
  const problem = !info?.isDirectory() ? `${folder} is not a folder: give the folder to watch.` : await prepareJournalDir(journalDir);
  if (problem) {
    removeInterrupt();
    out.fatal(problem);
    return 1;
  }
  const session = await signIn(args, (message) => out.note(message), startSandbox, log);
  let queue: UploadQueue | null = null;
  let watch: FolderWatch | null = null;
  try {
    if (!session.ok) {
      out.fatal(session.message);
      return 1;
    }
    const api = session.api;
    // --to, --create-folders, --language by name, as for upload (destination.ts).
    const destination = await destinationForRun(api, args, out);
    if (!destination) return 1;
    const active = queueForRun(api, args, destination, { journal: new FileJournal(journalDir), log });
    queue = active;
    const results = new Map<string, FileResult>();
    active.onEvent((event) => {
      switch (event.type) {
        case 'transition':
          out.transition(event.job, event.from);
          if (FINISHED_STATES.includes(event.job.state)) results.set(event.job.id, toResult(event.job));
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

    // Uploads a kill -9 cut short continue first; the watch then knows them as its own.
    const { restored } = await active.restore({ include: (record) => record.file.path.startsWith(folder + sep) });
    if (restored.length > 0) out.note(`Resuming ${restored.length} unfinished upload(s) from the journal.`);
    const watchOut = new WatchOutput(args.json, io, folder);
    watch = await openFolderWatch({
      root: folder,
      indexDir: join(journalDir, WATCH_INDEX_DIR),
      server: api.baseUrl,
      settings: {
        quietPeriodMs: args.quietPeriodMs,
        recursive: args.recursive,
        ignore: args.ignore,
        moveUploaded: args.moveUploaded,
        rescanIntervalMs: args.rescanIntervalMs,
      },
      destination: { parentId: destination.parentId, overwrite: args.overwrite },
      queue: active,
      onEvent: (event) => watchOut.event(event),
    });
    await watch.start();

    // The watch's own timers and file events do not hold the process open (the app must be
    // able to quit with watches running): this does, until Ctrl-C or SIGTERM.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const signal = await stopped;
    clearInterval(keepAlive);
    out.note(`Stopped watching ${folder}. Uploads not finished continue when the same command runs again.`);
    await watch.close();
    await active.close();
    const final = active.snapshot();
    for (const job of final.jobs) results.set(job.id, toResult(job));
    out.summary([...results.values()], final.totals, { interrupted: true, skipped: [] });
    return SIGNAL_EXIT[signal];
  } finally {
    removeInterrupt();
    await watch?.close();
    await queue?.close();
    await session.sandbox?.close();
  }
}
