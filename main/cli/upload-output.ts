// Everything `nomad-upload upload` prints goes through here: JSON events or human lines,
// never both. Text from outside (file names, server messages) is escaped for the terminal —
// a name can clear a screen, retitle a window or overwrite a line with a fake "✓" — and JSON
// lines carry no raw control or reordering character either.

import { forTerminal, jsonLine } from '../../shared/visible-text';
import type { SkippedEntry } from '../engine/walk';
import type { JobView, Totals } from '../engine/views';
import { formatBytes, formatDuration } from './format';

export interface OutputStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

export interface FileResult {
  path: string;
  relativePath: string;
  state: JobView['state'];
  bytes: number;
  assetId: string | null;
  uploadId: string | null;
  /** The whole file's SHA-256 as it was read for the upload (done files). */
  sha256: string | null;
  error: { code: string; message: string } | null;
}

export function toResult(job: JobView): FileResult {
  return {
    path: job.localPath,
    relativePath: job.relativePath,
    state: job.state,
    bytes: job.state === 'done' ? job.size : job.bytesDone,
    assetId: job.assetId,
    uploadId: job.uploadId,
    sha256: job.sha256,
    error: job.error ? { code: job.error.code, message: job.error.message } : null,
  };
}

/** What a person can do about a failure from the command line, added to the engine's words. */
function cliHint(code: string): string {
  switch (code) {
    case 'asset-exists':
      return ' To resume the upload on the server: --overwrite continue; to upload this file over it: --overwrite replace.';
    case 'file-changed':
      return ' To upload the file as it is now: --overwrite replace.';
    case 'storage-unresponsive':
      return ' Run the same command again later to continue (the upload is kept on the server).';
    default:
      return '';
  }
}

export class UploadOutput {
  readonly #json: boolean;
  readonly #io: OutputStreams;
  readonly #bar: boolean;
  #barVisible = false;
  #lastJsonProgress = Number.NEGATIVE_INFINITY;
  /** Per job, the waiting reason last told: each new one is said once. */
  #waiting = new Map<string, string | null>();

  constructor(json: boolean, io: OutputStreams) {
    this.#json = json;
    this.#io = io;
    this.#bar = !json && Boolean(io.stderr.isTTY);
  }

  #event(event: Record<string, unknown>): void {
    this.#io.stdout.write(`${jsonLine(event)}\n`);
  }

  #line(stream: 'stdout' | 'stderr', text: string): void {
    this.#clearBar();
    this.#io[stream].write(`${forTerminal(text)}\n`);
  }

  note(message: string): void {
    if (this.#json) this.#event({ event: 'note', message });
    else this.#line('stderr', message);
  }

  fatal(message: string): void {
    if (this.#json) this.#event({ event: 'error', message });
    this.#line('stderr', `nomad-upload: ${message}`);
  }

  start(files: number, bytes: number, skipped: readonly SkippedEntry[]): void {
    if (this.#json) {
      this.#event({ event: 'start', files, bytes, skipped: skipped.map((s) => ({ path: s.localPath, reason: s.reason, detail: s.detail })) });
      return;
    }
    this.#line('stderr', `Uploading ${files} file(s), ${formatBytes(bytes)}.`);
    if (skipped.length > 0) {
      this.#line('stderr', `Left out ${skipped.length} item(s): ${describeSkipped(skipped)} (names with --log info).`);
    }
  }

  transition(job: JobView, from: string): void {
    this.#waiting.delete(job.id);
    if (this.#json) {
      this.#event({ event: 'job', id: job.id, path: job.localPath, relativePath: job.relativePath, state: job.state, from, ...(job.error ? { error: job.error } : {}) });
      return;
    }
    switch (job.state) {
      case 'done':
        this.#line('stdout', `✓ ${job.relativePath}  ${formatBytes(job.size)}`);
        return;
      case 'failed':
        this.#line('stdout', `✗ ${job.relativePath}: ${job.error?.message ?? 'failed'}${cliHint(job.error?.code ?? '')}`);
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

  /** A job's reason for not moving, said once each time it changes ("Storage is not responding — retrying (3)"). */
  waiting(job: JobView): void {
    const previous = this.#waiting.get(job.id) ?? null;
    if (job.waiting === previous) return;
    this.#waiting.set(job.id, job.waiting);
    if (job.waiting === null) return;
    if (this.#json) this.#event({ event: 'waiting', id: job.id, path: job.localPath, reason: job.waiting });
    else this.#line('stderr', `… ${job.relativePath}: ${job.waiting}`);
  }

  progress(totals: Totals, now: number): void {
    if (this.#json) {
      // One progress line per second is plenty for a machine reader.
      if (now - this.#lastJsonProgress < 1000) return;
      this.#lastJsonProgress = now;
      this.#event({
        event: 'progress',
        bytesDone: totals.bytesDone,
        bytesSending: totals.bytesSending,
        bytesTotal: totals.bytesTotal,
        speed: Math.round(totals.speed),
        etaSeconds: totals.etaSeconds,
      });
      return;
    }
    if (!this.#bar) return;
    const width = Math.max(10, Math.min(40, (this.#io.stderr.columns ?? 80) - 60));
    // Stored bytes only: what storage has taken, never what is merely on the wire.
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

  summary(files: FileResult[], totals: Totals, extra: { interrupted: boolean; skipped: readonly SkippedEntry[] }): void {
    const failed = files.filter((f) => f.state !== 'done');
    if (this.#json) {
      this.#event({
        event: 'summary',
        ok: failed.length === 0 && !extra.interrupted,
        interrupted: extra.interrupted,
        uploaded: files.length - failed.length,
        failed: failed.length,
        skipped: extra.skipped.length,
        bytes: totals.bytesDone,
        files,
      });
      return;
    }
    this.#clearBar();
    const uploaded = files.length - failed.length;
    const left = extra.skipped.length > 0 ? `; ${extra.skipped.length} item(s) left out` : '';
    this.#line('stderr', `${uploaded} of ${files.length} file(s) uploaded, ${formatBytes(totals.bytesDone)}${left}.`);
    if (extra.interrupted) return;
    for (const file of failed) {
      this.#line('stderr', `nomad-upload: ${file.relativePath}: ${file.error?.message ?? file.state}${cliHint(file.error?.code ?? '')}`);
    }
  }
}

function describeSkipped(skipped: readonly SkippedEntry[]): string {
  const ignored = skipped.filter((s) => s.reason === 'ignored').length;
  const links = skipped.length - ignored;
  return [ignored > 0 ? `${ignored} on the ignore list` : '', links > 0 ? `${links} link(s) to folders outside (--follow-links to include)` : '']
    .filter(Boolean)
    .join(', ');
}
