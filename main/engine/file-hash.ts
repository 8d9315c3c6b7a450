// The whole file's SHA-256, computed beside the upload so that what was sent can be checked
// later against the source (the summary, the history and the journal keep it). Parts go out
// in parallel and out of order, so it reads the file once more, in order, from the run's own
// descriptor: ~0.6 s of CPU per GiB here (SHA-NI), and the pages are usually still cached.

import { createHash } from 'node:crypto';
import { UploadError } from './errors';
import type { RangeReader } from './source';

/** Hashes [0, size) of the file; stops (rejecting `aborted`) when the signal aborts. */
export async function sha256Of(file: RangeReader, size: number, signal: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  if (size > 0) {
    const stream = file.openRange(0, size - 1);
    const stop = (): void => {
      stream.destroy(new UploadError('aborted', 'Stopped.'));
    };
    signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) hash.update(chunk);
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }
  return hash.digest('hex');
}

/** How long hashing may take before it counts as stuck: 2 min, plus 20 s per GiB (a slow card reader). */
export function hashBoundMs(size: number): number {
  return 120_000 + (size / 2 ** 30) * 20_000;
}
