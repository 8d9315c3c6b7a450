import type { UrlCutoff } from './state-model';

/** Signatures are remembered just long enough to settle which side of a same-second cut-off they fall on. */
const RECENT_WINDOW_MS = 2000;

/**
 * The `expire-urls` fault: every URL signed before the fault is expired at once while URLs
 * signed afterwards work, even within the same second.
 */
export class UrlExpiry {
  /** Signature → X-Amz-Date (epoch ms) of recently signed URLs, oldest first. */
  readonly #recent = new Map<string, number>();
  #cutoff: UrlCutoff | null;
  #cutoffSignatures: ReadonlySet<string>;

  constructor(cutoff: UrlCutoff | null) {
    this.#cutoff = cutoff;
    this.#cutoffSignatures = new Set(cutoff?.signatures ?? []);
  }

  recordSigned(signature: string, amzDateMs: number, now = Date.now()): void {
    for (const [old, date] of this.#recent) {
      if (date >= now - RECENT_WINDOW_MS) break;
      this.#recent.delete(old);
    }
    this.#recent.set(signature, amzDateMs);
  }

  /** Returns the new cut-off, which the caller persists. */
  expireAllSigned(now = Date.now()): UrlCutoff {
    const second = Math.floor(now / 1000) * 1000;
    const signatures = [...this.#recent].filter(([, date]) => date === second).map(([signature]) => signature);
    const generation = this.#cutoff?.second === second ? (this.#cutoff.generation ?? 1) + 1 : 1;
    this.#cutoff = { second, signatures, generation };
    this.#cutoffSignatures = new Set(signatures);
    return this.#cutoff;
  }

  /**
   * The X-Amz-Expires to sign with. SigV4 is deterministic: a URL for the same part signed in
   * the same second with the same lifetime IS the URL that was just expired. Within a cut-off's
   * own second the lifetime is therefore shortened by the cut-off's generation (or lengthened
   * when that would reach 0), which changes the signature and nothing else that matters.
   */
  lifetimeFor(signingDate: Date, ttlSeconds: number): number {
    const cutoff = this.#cutoff;
    if (!cutoff || Math.floor(signingDate.getTime() / 1000) * 1000 !== cutoff.second) return ttlSeconds;
    const generation = cutoff.generation ?? 1;
    return ttlSeconds - generation >= 1 ? ttlSeconds - generation : ttlSeconds + generation;
  }

  /** Whether the `expire-urls` fault expired a URL signed at `signedAt` (its natural expiry is SigV4's: sigv4-verifier.ts). */
  isCutOff(signedAt: number, signature: string): boolean {
    if (!this.#cutoff) return false;
    return signedAt < this.#cutoff.second || (signedAt === this.#cutoff.second && this.#cutoffSignatures.has(signature));
  }
}

/** `20240131T235959Z` → epoch ms. */
export function parseAmzDate(value: string): number | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isFinite(ms) ? ms : null;
}
