// `nomad-upload upload`: the engine driven from a terminal or a script. Same queue, same
// journal format as the app; output is either a progress bar with one line per file or
// newline-delimited JSON events whose last line is the summary.

import { resolve, sep } from 'node:path';
import { FileJournal, type JournalStore } from '../engine/journal';
import { createLogger, silentLogger } from '../engine/log';
import { UploadQueue } from '../engine/queue';
import { fingerprintFile } from '../engine/source';
import type { JobView, Totals } from '../engine/views';
import type { UploadArgs } from './args';
import { signIn, type SandboxHandle, type SandboxStarter } from './sign-in';
import { formatBytes, formatDuration } from './format';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Registers a handler for Ctrl-C; returns its remover. */
  onInterrupt(handler: () => void): () => void;
}


interface FileResult {
  path: string;
  relativePath: string;
  state: JobView['state'];
  bytes: number;
  assetId: string | null;
  uploadId: string | null;
  error: { code: string; message: string } | null;
}

const FINAL: ReadonlySet<JobView['state']> = new Set(['done', 'skipped', 'failed', 'cancelled']);

export async function runUpload(args: UploadArgs, io: CliIo, startSandbox: SandboxStarter): Promise<number> {
  const out = new Output(args.json, io);
  let sandbox: SandboxHandle | null = null;
  let queue: UploadQueue | null = null;
  let interrupted = false;
  const removeInterrupt = io.onInterrupt(() => {
    interrupted = true;
    out.note(
      args.journal
        ? 'Interrupted: uploads paused. Run the same command again to resume.'
        : 'Interrupted: uploads stopped. Without --journal they cannot be resumed from here.',
    );
    void queue?.close();
  });
  try {
    const log = args.log ? createLogger((line) => io.stderr.write(`${line}\n`), args.log) : silentLogger;
    const session = await signIn(args, (message) => out.note(message), startSandbox, log);
    sandbox = session.sandbox;
    if (!session.ok) {
      out.fatal(session.message);
      return 1;
    }
    const api = session.api;

    const journal: JournalStore | undefined = args.journal ? new FileJournal(resolve(args.journal)) : undefined;
    queue = new UploadQueue({
      api,
      journal,
      budget: args.concurrency,
      bandwidthLimit: args.limit,
      stallTimeoutMs: args.stallTimeoutMs,
      log,
      defaults: {
        parentId: args.parentId,
        languageId: args.languageId,
        relatedContentId: args.relatedContentId,
        existingAssetId: args.existingAssetId,
        overwrite: args.overwrite,
        replaceOptions: args.replaceOptions,
      },
    });
    const results = new Map<string, FileResult>();
    queue.onEvent((event) => {
      switch (event.type) {
        case 'transition':
          out.transition(event.job, event.from);
          if (FINAL.has(event.job.state)) results.set(event.job.id, toResult(event.job));
          return;
        case 'warning':
          out.warning(event.job, event.error.message);
          return;
      }
    });
    queue.onUpdate((update) => out.progress(update.totals));

    if (journal) {
      if (args.overwrite === 'Replace') await forgetChangedFiles(journal);
      const roots = args.paths.map((p) => resolve(p));
      const { restored } = await queue.restore({
        include: (record) => roots.some((root) => record.file.path === root || record.file.path.startsWith(root + sep)),
      });
      if (restored.length > 0) out.note(`Resuming ${restored.length} unfinished upload(s) from the journal.`);
    }
    const { added } = await queue.enqueue({ paths: args.paths });
    for (const job of added) {
      // Jobs that failed at enqueue (missing, unreadable) never transition: report them here.
      if (!FINAL.has(job.state)) continue;
      results.set(job.id, toResult(job));
      out.transition(job, 'new');
    }
    const initial = queue.snapshot();
    out.start(initial.jobs.length, initial.totals.bytesTotal);

    await queue.whenIdle();
    if (interrupted) return 130;
    const final = queue.snapshot();
    for (const job of final.jobs) results.set(job.id, toResult(job));
    const files = [...results.values()];
    // Uploads the server holds open that this run did not continue: say so, once.
    const mine = new Set(final.jobs.map((j) => j.uploadId));
    const others = (await api.listUploads().catch(() => [])).filter((u) => !mine.has(u.id)).length;
    if (others > 0) {
      out.note(`The server also holds ${others} unfinished upload(s) this run did not continue; see "nomad-upload leftovers".`);
    }
    out.summary(files, final.totals);
    return files.every((f) => f.state === 'done') ? 0 : 1;
  } finally {
    removeInterrupt();
    await queue?.close();
    await sandbox?.close();
  }
}

/**
 * With --overwrite replace the user asked for the new version: journal records of files that
 * changed since are dropped, so those files start over (Replace) instead of failing again.
 */
async function forgetChangedFiles(journal: JournalStore): Promise<void> {
  const { records } = await journal.load();
  for (const record of records) {
    const now = await fingerprintFile(record.file.path).catch(() => null);
    if (now && (now.size !== record.file.size || now.mtimeMs !== record.file.mtimeMs)) await journal.remove(record.jobId);
  }
}

function toResult(job: JobView): FileResult {
  return {
    path: job.localPath,
    relativePath: job.relativePath,
    state: job.state,
    bytes: job.state === 'done' ? job.size : job.bytesConfirmed,
    assetId: job.assetId,
    uploadId: job.uploadId,
    error: job.error ? { code: job.error.code, message: job.error.message } : null,
  };
}

/** Everything the CLI prints goes through here: JSON events or human lines, never both. */
class Output {
  #json: boolean;
  #io: CliIo;
  #bar: boolean;
  #barVisible = false;
  #lastJsonProgress = 0;

  constructor(json: boolean, io: CliIo) {
    this.#json = json;
    this.#io = io;
    this.#bar = !json && Boolean(io.stderr.isTTY);
  }

  #event(event: Record<string, unknown>): void {
    this.#io.stdout.write(`${JSON.stringify(event)}\n`);
  }

  #line(stream: 'stdout' | 'stderr', text: string): void {
    this.#clearBar();
    this.#io[stream].write(`${text}\n`);
  }

  note(message: string): void {
    if (this.#json) this.#event({ event: 'note', message });
    else this.#line('stderr', message);
  }

  fatal(message: string): void {
    if (this.#json) this.#event({ event: 'error', message });
    this.#line('stderr', `nomad-upload: ${message}`);
  }

  start(files: number, bytes: number): void {
    if (this.#json) this.#event({ event: 'start', files, bytes });
    else this.#line('stderr', `Uploading ${files} file(s), ${formatBytes(bytes)}.`);
  }

  transition(job: JobView, from: string): void {
    if (this.#json) {
      this.#event({ event: 'job', id: job.id, path: job.localPath, relativePath: job.relativePath, state: job.state, from, ...(job.error ? { error: job.error } : {}) });
      return;
    }
    switch (job.state) {
      case 'done':
        this.#line('stdout', `✓ ${job.relativePath}  ${formatBytes(job.size)}`);
        return;
      case 'failed':
        this.#line('stdout', `✗ ${job.relativePath}: ${job.error?.message ?? 'failed'}`);
        return;
      case 'skipped':
        this.#line('stdout', `- ${job.relativePath}: skipped (already on the server)`);
        return;
      default:
        return;
    }
  }

  warning(job: JobView, message: string): void {
    if (this.#json) this.#event({ event: 'warning', id: job.id, path: job.localPath, message });
    else this.#line('stderr', `! ${job.relativePath}: ${message}`);
  }

  progress(totals: Totals): void {
    if (this.#json) {
      // One progress line per second is plenty for a machine reader.
      const now = Date.now();
      if (now - this.#lastJsonProgress < 1000) return;
      this.#lastJsonProgress = now;
      this.#event({ event: 'progress', bytesDone: totals.bytesDone, bytesTotal: totals.bytesTotal, speed: Math.round(totals.speed), etaSeconds: totals.etaSeconds });
      return;
    }
    if (!this.#bar) return;
    const width = Math.max(10, Math.min(40, (this.#io.stderr.columns ?? 80) - 60));
    const ratio = totals.bytesTotal > 0 ? totals.bytesDone / totals.bytesTotal : 1;
    const filled = Math.round(ratio * width);
    const done = totals.counts.done + totals.counts.skipped;
    const text =
      `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(1).padStart(5)}%  ` +
      `${formatBytes(totals.bytesDone)}/${formatBytes(totals.bytesTotal)}  ${formatBytes(totals.speed)}/s  ` +
      `ETA ${formatDuration(totals.etaSeconds)}  ${done}/${totals.jobs} files`;
    this.#io.stderr.write(`\r\x1b[2K${text}`);
    this.#barVisible = true;
  }

  #clearBar(): void {
    if (!this.#barVisible) return;
    this.#io.stderr.write('\r\x1b[2K');
    this.#barVisible = false;
  }

  summary(files: FileResult[], totals: Totals): void {
    const failed = files.filter((f) => f.state !== 'done');
    if (this.#json) {
      this.#event({ event: 'summary', ok: failed.length === 0, uploaded: files.length - failed.length, failed: failed.length, bytes: totals.bytesDone, files });
      return;
    }
    this.#clearBar();
    const uploaded = files.length - failed.length;
    this.#line('stderr', `${uploaded} of ${files.length} file(s) uploaded, ${formatBytes(totals.bytesDone)}.`);
    for (const file of failed) {
      this.#line('stderr', `nomad-upload: ${file.relativePath}: ${file.error?.message ?? file.state}`);
    }
  }
}
