// Which part is where, and the counters the views show: pure bookkeeping, no I/O, no timers.
//
// A part is `pending` (bytes still to send), `acked` (storage answered 2xx and its ETag
// checked out, but the server has not yet confirmed it) or `confirmed` (part-complete
// answered). Independently, a worker may have `claimed` it: it is being sent, is waiting
// out a backoff, or is being confirmed. A claimed part stays with its worker through every
// retry, so there is no retry list to poll and nothing due can be forgotten.

import type { ParsedPart } from './api';
import { chunkSizeFor, mergeServerPlan, rangeLength } from './plan';

export type PartStatus = 'pending' | 'acked' | 'confirmed';

export interface LedgerPart {
  readonly partNumber: number;
  readonly id: string;
  readonly start: number;
  /** Inclusive, as in the Nomad protocol. */
  readonly end: number;
  readonly length: number;
  url: string | null;
  status: PartStatus;
  claimed: boolean;
  /** The verified ETag once acked (lower-case MD5 hex, or storage's own for KMS buckets). */
  etag: string | null;
  /** The MD5 of the bytes sent, once acked (or as the journal remembers it). */
  md5: string | null;
  /** Bytes of the current attempt handed to the socket: shown apart, never as progress. */
  sending: number;
}

/** What the journal remembers of a part from an earlier run. */
export interface KnownPart {
  partNumber: number;
  etag: string;
  md5: string | null;
  confirmed: boolean;
}

export class PartLedger {
  readonly size: number;
  readonly #parts: LedgerPart[];
  /** Parts before this index are all claimed or confirmed. */
  #cursor = 0;
  #confirmed = 0;
  #bytesConfirmed = 0;
  #bytesAcked = 0;
  #bytesSending = 0;

  /**
   * The server's ranges always win; we only check they tile the file (or, for a resume
   * listing, that the parts it leaves out fit the gaps: those it has). What the server says is
   * completed is confirmed; a part the journal saw acked (storage has its bytes, the server was
   * never told) keeps its ETag so it can be confirmed without sending it again.
   */
  static fromServer(
    serverParts: readonly ParsedPart[],
    size: number,
    known: readonly KnownPart[] = [],
    options: { omittedAreCompleted?: boolean; chunkSize?: number } = {},
  ): PartLedger {
    const merged = mergeServerPlan(
      serverParts.map((p) => ({ partNumber: p.partNumber, start: p.startingPosition, end: p.endingPosition, part: p })),
      size,
      options.chunkSize ?? chunkSizeFor(size),
      options.omittedAreCompleted ?? false,
    );
    const knownByNumber = new Map(known.map((k) => [k.partNumber, k]));
    const parts = merged.parts.map(({ range, listed, exact }): LedgerPart => {
      const remembered = knownByNumber.get(range.partNumber);
      // A part the listing left out is one the server has: completed, nothing to send.
      const status: PartStatus = !listed || listed.part.isCompleted ? 'confirmed' : remembered ? 'acked' : 'pending';
      return {
        partNumber: range.partNumber,
        id: listed?.part.id ?? '',
        start: range.start,
        end: range.end,
        length: Math.max(0, rangeLength(range)),
        url: listed?.part.url ?? null,
        status,
        claimed: false,
        etag: remembered?.etag ?? null,
        // A guessed range is never read back against the MD5 the journal kept for the real one.
        md5: exact ? (remembered?.md5 ?? null) : null,
        sending: 0,
      };
    });
    return new PartLedger(size, parts);
  }

  private constructor(size: number, parts: LedgerPart[]) {
    this.size = size;
    this.#parts = parts;
    for (const part of parts) {
      if (part.status === 'confirmed') {
        this.#confirmed += 1;
        this.#bytesConfirmed += part.length;
      } else if (part.status === 'acked') {
        this.#bytesAcked += part.length;
      }
    }
  }

  get partsTotal(): number {
    return this.#parts.length;
  }

  get partsConfirmed(): number {
    return this.#confirmed;
  }

  get bytesConfirmed(): number {
    return this.#bytesConfirmed;
  }

  /** Storage holds these bytes (2xx, ETag checked); the server has not confirmed them yet. */
  get bytesAcked(): number {
    return this.#bytesAcked;
  }

  /** Handed to sockets in attempts that have not been answered: may still be sent again. */
  get bytesSending(): number {
    return this.#bytesSending;
  }

  get allConfirmed(): boolean {
    return this.#confirmed === this.#parts.length;
  }

  /** Parts not confirmed and not claimed: the work a new worker could start on. */
  get unclaimed(): number {
    let count = 0;
    for (const part of this.#parts) if (!part.claimed && part.status !== 'confirmed') count += 1;
    return count;
  }

  /** The next part needing work, in part order, claimed for the caller; null when none is left. */
  take(): LedgerPart | null {
    for (; this.#cursor < this.#parts.length; this.#cursor += 1) {
      const part = this.#parts[this.#cursor]!;
      if (part.claimed || part.status === 'confirmed') continue;
      part.claimed = true;
      this.#cursor += 1;
      return part;
    }
    return null;
  }

  addSending(part: LedgerPart, bytes: number): void {
    part.sending += bytes;
    this.#bytesSending += bytes;
  }

  /** The attempt ended without an answer that counts (error, abort): its bytes are not progress. */
  resetSending(part: LedgerPart): void {
    this.#bytesSending -= part.sending;
    part.sending = 0;
  }

  acked(part: LedgerPart, etag: string, md5: string): void {
    this.resetSending(part);
    if (part.status !== 'pending') return;
    part.status = 'acked';
    part.etag = etag;
    part.md5 = md5;
    this.#bytesAcked += part.length;
  }

  /** The server refused the ETag it was told: the bytes must be sent again. */
  unacked(part: LedgerPart): void {
    if (part.status !== 'acked') return;
    part.status = 'pending';
    part.etag = null;
    part.md5 = null;
    this.#bytesAcked -= part.length;
  }

  confirmed(part: LedgerPart): void {
    if (part.status !== 'acked') return;
    part.status = 'confirmed';
    part.claimed = false;
    this.#bytesAcked -= part.length;
    this.#confirmed += 1;
    this.#bytesConfirmed += part.length;
  }

  /** Every claim is given up (the run ended): what was being sent will be sent again. */
  releaseAll(): void {
    for (const part of this.#parts) {
      part.claimed = false;
      this.resetSending(part);
    }
    this.#cursor = 0;
  }

  /** Fresh pre-signed URLs from the server, matched by part number. */
  updateUrls(fresh: readonly ParsedPart[]): number {
    const byNumber = new Map(fresh.map((p) => [p.partNumber, p.url]));
    let updated = 0;
    for (const part of this.#parts) {
      const url = byNumber.get(part.partNumber);
      if (url && url !== part.url) {
        part.url = url;
        updated += 1;
      }
    }
    return updated;
  }

  /** Acked and confirmed parts with their ETags: what the journal keeps. */
  known(): KnownPart[] {
    return this.#parts
      .filter((p) => p.status !== 'pending' && p.etag !== null)
      .map((p) => ({ partNumber: p.partNumber, etag: p.etag!, md5: p.md5, confirmed: p.status === 'confirmed' }));
  }

  parts(): readonly LedgerPart[] {
    return this.#parts;
  }
}
