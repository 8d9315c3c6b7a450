import { describe, expect, it } from 'vitest';
import { UploadError, type UploadErrorCode } from '../../../main/engine/errors';
import { DEFAULT_RETRY_POLICY, backoffMs, decideRetry, type RetryPolicyOptions } from '../../../main/engine/retry-policy';

/** The default policy with a fixed dice roll. */
const policy = (random: number, overrides: Partial<RetryPolicyOptions> = {}): RetryPolicyOptions => ({
  ...DEFAULT_RETRY_POLICY,
  random: () => random,
  ...overrides,
});

const error = (code: UploadErrorCode, context: UploadError['context'] = {}) => new UploadError(code, code, context);

describe('full-jitter backoff', () => {
  it('a roll of 0 waits 0 ms whatever the attempt', () => {
    for (const attempt of [0, 1, 5, 30, 1000]) expect(backoffMs(attempt, policy(0))).toBe(0);
  });

  it('a roll just under 1 waits just under the cap, and the cap doubles with every attempt', () => {
    const roll = policy(0.999);
    expect(backoffMs(0, roll)).toBe(499); // cap 500
    expect(backoffMs(1, roll)).toBe(999); // cap 1000
    expect(backoffMs(2, roll)).toBe(1998); // cap 2000
    expect(backoffMs(5, roll)).toBe(15_984); // cap 16,000
  });

  it('the cap stops growing at maxDelayMs (30 s), even after very many attempts', () => {
    const roll = policy(0.999);
    expect(backoffMs(6, roll)).toBe(29_970); // 32 s would be the next step: capped at 30 s
    expect(backoffMs(60, roll)).toBe(29_970);
    expect(backoffMs(1_000_000, roll)).toBe(29_970);
  });

  it('is never negative and always below the cap for any roll in [0, 1)', () => {
    for (let attempt = 0; attempt < 40; attempt += 1) {
      for (const r of [0, 0.25, 0.5, 0.75, 0.9999999]) {
        const delay = backoffMs(attempt, policy(r));
        const cap = Math.min(30_000, 500 * 2 ** attempt);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(cap);
      }
    }
  });
});

describe('decideRetry', () => {
  it('an expired upload link means fetching fresh links, not a counted retry', () => {
    expect(decideRetry(error('url-expired'), 0, policy(0.5))).toMatchObject({ kind: 'refresh-urls' });
    expect(decideRetry(error('url-expired'), 100, policy(0.5))).toMatchObject({ kind: 'refresh-urls' });
  });

  it('a lost network waits for the network, at least baseDelayMs, and never gives up even at attempt 1000', () => {
    for (const code of ['network', 'timeout'] as const) {
      expect(decideRetry(error(code), 0, policy(0))).toEqual({
        kind: 'wait-online',
        delayMs: 500,
        reason: expect.stringContaining('network'),
      });
      const late = decideRetry(error(code), 1000, policy(0.999));
      expect(late).toMatchObject({ kind: 'wait-online', delayMs: 29_970 });
    }
  });

  it('rate limiting honours Retry-After as a minimum', () => {
    // The dice say 0 ms; the server said 12 s: wait 12 s.
    expect(decideRetry(error('rate-limited', { retryAfterMs: 12_000 }), 0, policy(0))).toMatchObject({
      kind: 'retry',
      delayMs: 12_000,
    });
    // The server said 1 s but our backoff is already longer: keep ours.
    expect(decideRetry(error('rate-limited', { retryAfterMs: 1000 }), 5, policy(0.999))).toMatchObject({
      kind: 'retry',
      delayMs: 15_984,
    });
    // No Retry-After: plain backoff.
    expect(decideRetry(error('rate-limited'), 1, policy(0.5))).toMatchObject({ kind: 'retry', delayMs: 500 });
  });

  it('rate limiting keeps retrying after many attempts', () => {
    expect(decideRetry(error('rate-limited'), 500, policy(0.5))).toMatchObject({ kind: 'retry' });
  });

  it.each(['server-error', 'storage-error', 'etag-mismatch', 'invalid-response', 'journal-error', 'disk-full'] as const)(
    '%s is retried with backoff until maxAttempts, then given up',
    (code) => {
      const p = policy(0.5, { maxAttempts: 8 });
      for (let attempt = 0; attempt < 7; attempt += 1) {
        expect(decideRetry(error(code), attempt, p)).toEqual({
          kind: 'retry',
          delayMs: backoffMs(attempt, p),
          reason: expect.any(String),
        });
      }
      // The 8th failure in a row (attempt index 7) is the last one.
      expect(decideRetry(error(code), 7, p)).toEqual({ kind: 'give-up' });
      expect(decideRetry(error(code), 8, p)).toEqual({ kind: 'give-up' });
    },
  );

  it('says why it retries in words a user understands', () => {
    expect(decideRetry(error('etag-mismatch'), 0, policy(0))).toMatchObject({ reason: expect.stringContaining('damaged') });
    expect(decideRetry(error('disk-full'), 0, policy(0))).toMatchObject({ reason: expect.stringContaining('disk is full') });
    expect(decideRetry(error('server-error'), 0, policy(0))).toMatchObject({ reason: expect.stringContaining('server') });
  });

  it.each([
    'auth-failed',
    'auth-required',
    'bad-request',
    'not-found',
    'asset-exists',
    'storage-refused',
    'urls-not-renewed',
    'etag-unverifiable',
    'file-missing',
    'file-changed',
    'file-unreadable',
    'not-a-file',
    'aborted',
    'plan-mismatch',
    'internal',
  ] as const)('%s gives up at once: retrying cannot fix it', (code) => {
    expect(decideRetry(error(code), 0, policy(0.5))).toEqual({ kind: 'give-up' });
  });
});
