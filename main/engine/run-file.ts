// A run's file, opened once and read only through that descriptor (source.ts says why), and
// the run's in-order hash pass over it (digest-pass.ts), begun the moment the file is open.
// On the way out (done, a conflict to decide, a failure, a pause) the pass is stopped rather
// than left to read the rest of the file for nothing, and its last read settles before the
// descriptor closes.

import { DigestPass, hashBoundMs } from './digest-pass';
import { UploadError } from './errors';
import type { RunHost } from './job-run';
import type { Run } from './run';
import type { OpenFile } from './source';

/** The run's file as opened, its hash pass, and the whole file's SHA-256 the pass will give. */
export interface OpenedRunFile {
  file: OpenFile;
  pass: DigestPass;
  sha256: Promise<string>;
}

export class RunFile {
  readonly #host: Pick<RunHost, 'source' | 'fingerprint'>;
  readonly #run: Run;
  readonly #stop = new AbortController();
  #opened: Promise<OpenedRunFile> | null = null;

  constructor(host: Pick<RunHost, 'source' | 'fingerprint'>, run: Run) {
    this.#host = host;
    this.#run = run;
  }

  /**
   * Opens the file and begins its pass on parts of `chunkSize` (the plan the start asks for),
   * the first time; the same afterwards.
   */
  open(chunkSize: number): Promise<OpenedRunFile> {
    this.#opened ??= this.#run.track('io', 'open file', () => this.#host.source.open(this.#host.fingerprint)).then((file) => {
      const size = this.#host.fingerprint.size;
      const pass = new DigestPass(size, chunkSize);
      const sha256 = this.#run.track('io', 'whole-file SHA-256', (signal) => pass.run(file, AbortSignal.any([signal, this.#stop.signal])), hashBoundMs(size));
      sha256.catch(() => undefined); // awaited before complete; a pause or a conflict must not leave it unhandled
      return { file, pass, sha256 };
    });
    return this.#opened;
  }

  async close(): Promise<void> {
    const opened = await this.#opened?.catch(() => null);
    if (!opened) return;
    this.#stop.abort(new UploadError('aborted', 'The run ended.'));
    // The pass's last read settles first; then the descriptor closes after any read still
    // pending on it (aborted parts).
    await opened.sha256.catch(() => undefined);
    await this.#run.settle('io', 'close file', () => opened.file.close());
  }
}
