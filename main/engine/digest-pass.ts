// One in-order read of a run's file gives each part's MD5 before its PUT asks for it, and the
// whole file's SHA-256 from the same bytes. Before, every byte was read three times: a
// SHA-256 pass beside the upload, then an MD5 pass just before its PUT (which waited for it),
// then the PUT's own read as it was sent.
//
// The pass begins as soon as the run has its file open — for a new upload before the start
// request goes out, on the plan the client proposes (chunkSizeFor) — so the first parts are
// hashed during the start's round trip and the first PUTs leave together when its answer
// comes, instead of one hash apart (≈ 25 ms per 8 MiB part here), each connection's slow
// start that much later.
//
// A PUT gets no digest from the pass, and hashes its part itself (transfer.ts), when the
// server planned other ranges, when the part lies far ahead of the pass (a resume whose first
// missing part is deep in the file: waiting would cost more than hashing it), or when the
// part is sent again: a digest is handed out once, so a part storage refused (BadDigest, the
// bytes changed since the pass) is read afresh. Bytes that change between the pass and the
// send fail storage's Content-MD5 check, as they did between the two reads before.

import { createHash, type Hash } from 'node:crypto';
import { chunkSizeFor, partCount, rangeLength } from './plan';
import type { RangeReader } from './source';

export interface PartDigest {
  /** Bytes read: short of the part's length if the file shrank (the PUT then fails as file-changed). */
  bytes: number;
  md5: string;
}

/**
 * How far ahead of the pass a PUT waits for it: 256 MiB is ≈ 0.8 s of MD5 and SHA-256 on one
 * core here (≈ 330 MB/s), about what sixteen parts hashed by their own PUTs take. A part
 * further ahead is hashed by its PUT, and the pass only SHA-256s it.
 */
export const WAIT_AHEAD_BYTES = 256 * 1024 * 1024;

/** How long reading the whole file may take before it counts as stuck: 2 min, plus 20 s per GiB (a slow card reader). */
export function hashBoundMs(size: number): number {
  return 120_000 + (size / 2 ** 30) * 20_000;
}

interface Range {
  start: number;
  end: number;
}

type Waiter = (digest: PartDigest | null) => void;

export class DigestPass {
  readonly #size: number;
  /** The proposed plan's ranges, in file order: the pass's one read is split at their ends. */
  readonly #ranges: Range[];
  /** Part start → end, for the ranges whose MD5 is still wanted (not handed out, not confirmed). */
  readonly #wanted = new Map<number, number>();
  readonly #ready = new Map<number, PartDigest>();
  readonly #waiters = new Map<number, Waiter>();
  /** The pass has read [0, position). */
  #position = 0;
  #ended = false;

  constructor(size: number, chunkSize = chunkSizeFor(size)) {
    this.#size = size;
    this.#ranges = Array.from({ length: partCount(size, chunkSize) }, (_, i) => ({
      start: i * chunkSize,
      end: Math.min((i + 1) * chunkSize, size) - 1,
    }));
    for (const range of this.#ranges) this.#wanted.set(range.start, range.end);
  }

  /**
   * Only these parts need an MD5 (the server's plan is known: the others are confirmed or
   * sent already). The pass still reads every byte, for the SHA-256.
   */
  want(parts: readonly Range[]): void {
    const keep = new Map(parts.map((p) => [p.start, p.end]));
    for (const [start, end] of this.#wanted) {
      if (keep.get(start) !== end) this.#drop(start);
    }
  }

  /**
   * Reads [0, size) once, in order, through one buffer (a buffer per part was 24 MiB of
   * garbage in the first second of a 192 MiB file, on top of the first PUTs' own: peak RSS);
   * resolves with the SHA-256 hex. Parts still waiting when it ends hash themselves.
   */
  async run(file: RangeReader, signal: AbortSignal): Promise<string> {
    const sha256 = createHash('sha256');
    const ranges = this.#ranges;
    /** The part being read, how much of it is read, and its MD5 if wanted. */
    let index = 0;
    let read = 0;
    let md5 = this.#md5For(0);
    const endOfPart = (): void => {
      const range = ranges[index]!;
      this.#position = range.end + 1;
      // Still wanted: a PUT that gave up waiting (aborted) or took another way dropped it.
      if (md5 && this.#wanted.has(range.start)) this.#deliver(range.start, { bytes: read, md5: md5.digest('hex') });
      index += 1;
      read = 0;
      md5 = this.#md5For(index);
    };
    try {
      await file.scanRange(
        0,
        this.#size - 1,
        (chunk) => {
          sha256.update(chunk);
          // A chunk may end inside a part or span its end: split it there.
          for (let offset = 0; offset < chunk.length; ) {
            const length = Math.min(chunk.length - offset, rangeLength(ranges[index]!) - read);
            md5?.update(chunk.subarray(offset, offset + length));
            offset += length;
            read += length;
            if (read === rangeLength(ranges[index]!)) endOfPart();
          }
        },
        { signal },
      );
      // The file ended early (it shrank since it was opened): the parts left are short, and
      // their PUTs fail as file-changed. An empty file's one empty part ends here too.
      while (index < ranges.length) endOfPart();
      return sha256.digest('hex');
    } finally {
      this.#ended = true;
      for (const start of [...this.#waiters.keys()]) this.#drop(start);
    }
  }

  /**
   * The digest of [start, end] as the pass read it: at once, or when the pass gets there;
   * null: hash it yourself. Handed out once. Rejects with the signal's reason if it aborts
   * first.
   */
  take(start: number, end: number, signal: AbortSignal): Promise<PartDigest | null> {
    if (signal.aborted) return Promise.reject(signal.reason);
    // Not a part the pass reads (another plan), handed out already, or asked for twice.
    if (this.#wanted.get(start) !== end || this.#waiters.has(start)) return Promise.resolve(null);
    const ready = this.#ready.get(start);
    if (ready) {
      this.#drop(start);
      return Promise.resolve(ready);
    }
    // The pass is over (it failed), or far behind: the PUT hashes the part, the pass skips its MD5.
    if (this.#ended || start - this.#position > WAIT_AHEAD_BYTES) {
      this.#drop(start);
      return Promise.resolve(null);
    }
    return new Promise<PartDigest | null>((resolve, reject) => {
      const onAbort = (): void => {
        if (this.#waiters.get(start) === waiter) this.#waiters.delete(start);
        reject(signal.reason);
      };
      const waiter: Waiter = (digest) => {
        signal.removeEventListener('abort', onAbort);
        resolve(digest);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.set(start, waiter);
    });
  }

  #md5For(index: number): Hash | null {
    const range = this.#ranges[index];
    return range && this.#wanted.has(range.start) ? createHash('md5') : null;
  }

  #deliver(start: number, digest: PartDigest): void {
    const waiter = this.#waiters.get(start);
    if (!waiter) {
      this.#ready.set(start, digest);
      return;
    }
    this.#waiters.delete(start);
    this.#wanted.delete(start);
    waiter(digest);
  }

  /** No MD5 of this part from the pass any more: a PUT waiting for it hashes it itself. */
  #drop(start: number): void {
    this.#wanted.delete(start);
    this.#ready.delete(start);
    const waiter = this.#waiters.get(start);
    if (waiter) {
      this.#waiters.delete(start);
      waiter(null);
    }
  }
}
