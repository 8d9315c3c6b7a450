// The one retry loop. Every retried call of a run — part PUTs, part-complete, start, complete,
// the URL listing — goes through it, so backoff, Retry-After, URL refreshes, congestion and
// the user-visible waiting reason behave the same everywhere. The wait is a sleep of the run
// (cleared when the run ends), and the call is tried again right after it: nothing polls.

import { UploadError, toUploadError } from './errors';
import type { Logger } from './log';
import { decideRetry, type RetryFacts, type RetryPolicyOptions } from './retry-policy';
import type { Run } from './run';

export interface RetryContext {
  readonly run: Run;
  readonly policy: RetryPolicyOptions;
  /** Which job, for the log. */
  readonly job: string;
  readonly log: Logger;
  /** The reason the user sees while we wait; null once a retried call went through. */
  onWaiting(reason: string | null): void;
  /** 429 / 503: fewer parts in flight for a while. */
  onCongestion(): void;
}

export interface RetryOptions {
  /** For the log: `PUT part 3`, `POST /asset/upload/start`. */
  what: string;
  /** Set for part uploads: logged as `part failed` with the part number. */
  partNumber?: number;
  /**
   * A 403 on a pre-signed URL: fetch fresh URLs, then try again without counting it as a
   * failure. Without this hook the expiry is passed on to the caller.
   */
  refreshUrls?: (error: UploadError) => Promise<void>;
  /** Give up after this many failures whatever the policy says (a cancel after the run ended). */
  maxFailures?: number;
  /** Looks again at an error before the policy decides (a part's timeout: is it storage, or us?). */
  reclassify?: (error: UploadError) => Promise<UploadError>;
  /** What the policy should know besides the error (how long storage has been silent). */
  facts?: () => RetryFacts;
}

export async function retrying<T>(ctx: RetryContext, options: RetryOptions, attempt: () => Promise<T>): Promise<T> {
  let failures = 0;
  for (;;) {
    try {
      const result = await attempt();
      if (failures > 0) ctx.onWaiting(null);
      return result;
    } catch (error) {
      const raw = toUploadError(error, options.partNumber !== undefined ? { partNumber: options.partNumber } : {});
      // Paused, cancelled or failed meanwhile: the error is the run ending, not the call's.
      if (ctx.run.ended) throw new UploadError('aborted', 'Stopped.', raw.context);
      const uploadError = options.reclassify ? await options.reclassify(raw) : raw;
      if (ctx.run.ended) throw new UploadError('aborted', 'Stopped.', raw.context);
      const policyDecision = decideRetry(uploadError, failures, ctx.policy, options.facts?.());
      const decision =
        options.maxFailures !== undefined && failures + 1 >= options.maxFailures ? ({ kind: 'give-up' } as const) : policyDecision;
      logFailure(ctx, options, uploadError, failures, decision.kind, 'delayMs' in decision ? decision.delayMs : undefined);
      switch (decision.kind) {
        case 'give-up':
          throw uploadError;
        case 'refresh-urls':
          if (!options.refreshUrls) throw uploadError;
          await options.refreshUrls(uploadError);
          continue;
        case 'retry':
        case 'wait-online':
          if (uploadError.code === 'rate-limited') ctx.onCongestion();
          ctx.onWaiting(decision.reason);
          await ctx.run.sleep(decision.delayMs, `backoff ${options.what}`);
          failures += 1;
          continue;
      }
    }
  }
}

function logFailure(
  ctx: RetryContext,
  options: RetryOptions,
  error: UploadError,
  attempt: number,
  decision: string,
  delayMs: number | undefined,
): void {
  const fields = {
    job: ctx.job,
    code: error.code,
    status: error.context.status,
    request: error.context.request ?? options.what,
    attempt,
    decision,
    delayMs: delayMs === undefined ? undefined : Math.round(delayMs),
    message: error.message,
  };
  if (options.partNumber !== undefined) ctx.log.info('part failed', { ...fields, part: options.partNumber });
  else ctx.log.info(decision === 'give-up' ? 'request failed' : 'request retried', fields);
}
