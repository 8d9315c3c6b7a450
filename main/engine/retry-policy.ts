// What to do after an error: pure, so every branch is a unit test, not a network scenario.

import { UploadError, type UploadErrorCode } from './errors';

export type RetryDecision =
  /** Try the same request again after a pause. */
  | { kind: 'retry'; delayMs: number; reason: string }
  /** The network is gone: wait and try again, never give up on our own. */
  | { kind: 'wait-online'; delayMs: number; reason: string }
  /** The pre-signed URL expired: fetch fresh URLs; not a failure, not counted. */
  | { kind: 'refresh-urls'; reason: string }
  /** Stop this job; the error is what the user sees. */
  | { kind: 'give-up' };

export interface RetryPolicyOptions {
  /** First backoff step; 500 ms keeps a blip invisible and a storm polite. */
  baseDelayMs: number;
  /** Cap: 30 s, so a job notices a recovered network within half a minute. */
  maxDelayMs: number;
  /** Attempts for errors that may be permanent (5xx, bad ETags) before the job fails. */
  maxAttempts: number;
  /**
   * Storage that has not taken one part in this long while the API answers fails the file
   * (kept resumable on the server): 10 minutes, long enough for a storage hiccup or a slow
   * proxy to pass, short enough that nobody waits an afternoon on a dead endpoint.
   */
  storageTimeoutMs: number;
  random: () => number;
}

/** What the caller knows beyond the error itself. */
export interface RetryFacts {
  /** How long storage has taken no part of this job (no 2xx), in ms. */
  storageSilentMs?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicyOptions = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxAttempts: 8,
  storageTimeoutMs: 10 * 60_000,
  random: Math.random,
};

/** Full jitter (AWS architecture blog, "Exponential Backoff and Jitter"): uniform in [0, cap). */
export function backoffMs(attempt: number, options: RetryPolicyOptions): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(attempt, 30));
  return Math.floor(options.random() * cap);
}

/**
 * @param attempt 0 for the first failure of this request since the last success; callers
 *   reset it whenever a part is confirmed, so a long upload over a flaky link is judged by
 *   its recent luck, not its total.
 */
export function decideRetry(
  error: UploadError,
  attempt: number,
  options: RetryPolicyOptions = DEFAULT_RETRY_POLICY,
  facts: RetryFacts = {},
): RetryDecision {
  switch (error.code) {
    case 'storage-unresponsive':
      // Not "offline": the API answers. Back off and say so; give up only after a long silence.
      if ((facts.storageSilentMs ?? 0) >= options.storageTimeoutMs) return { kind: 'give-up' };
      return {
        kind: 'retry',
        delayMs: Math.max(options.baseDelayMs, backoffMs(attempt, options)),
        reason: `Storage is not responding — retrying (${attempt + 1})`,
      };
    case 'url-expired':
      return { kind: 'refresh-urls', reason: 'Upload links expired; fetching fresh ones.' };
    case 'network':
    case 'timeout':
      return {
        kind: 'wait-online',
        delayMs: Math.max(options.baseDelayMs, backoffMs(attempt, options)),
        reason: 'Waiting for the network…',
      };
    case 'rate-limited': {
      // Honour Retry-After when the server sent one, never less than our own backoff.
      const delayMs = Math.max(error.context.retryAfterMs ?? 0, backoffMs(attempt, options));
      return { kind: 'retry', delayMs, reason: 'The server asked to slow down.' };
    }
    case 'server-error':
    case 'storage-error':
    case 'etag-mismatch':
    case 'invalid-response':
    case 'journal-error':
    case 'disk-full':
      if (attempt + 1 >= options.maxAttempts) return { kind: 'give-up' };
      return { kind: 'retry', delayMs: backoffMs(attempt, options), reason: retryReason(error.code) };
    case 'auth-failed':
    case 'auth-required':
    case 'account-refused':
    case 'sign-in-incomplete':
    case 'bad-request':
    case 'not-found':
    case 'asset-exists':
    case 'folder-missing':
    case 'name-ambiguous':
    case 'language-unknown':
    case 'parent-failed':
    case 'storage-refused':
    case 'urls-not-renewed':
    case 'etag-unverifiable':
    case 'file-missing':
    case 'file-changed':
    case 'file-unreadable':
    case 'not-a-file':
    case 'aborted':
    case 'plan-mismatch':
    case 'internal':
      return { kind: 'give-up' };
  }
}

function retryReason(code: UploadError['code']): string {
  switch (code) {
    case 'etag-mismatch':
      return 'A part arrived damaged; sending it again.';
    case 'disk-full':
      return 'The disk is full; retrying when there is space.';
    default:
      return 'The server had a problem; retrying.';
  }
}

/**
 * Whether an error of this code is worth trying again without the user changing anything:
 * derived from the policy itself, so what the UI calls retryable is what the engine retries.
 */
export function isRetryableCode(code: UploadErrorCode): boolean {
  return decideRetry(new UploadError(code, ''), 0).kind !== 'give-up';
}
