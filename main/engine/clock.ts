// Time, as the engine may use it. Deadlines and durations come from a monotonic clock; the
// wall clock is only for what people read (created, finished). The one retry-timer hang this
// project shipped came from mixing the two: a retry armed with a `setTimeout(d)` and then
// gated on `Date.now() >= notBefore`, which a timer firing 1 ms early (or a wall clock that
// stepped back) never satisfied. Nothing in the engine gates work on a clock reading: a wait
// is a sleep that resolves, and the work continues after it.

export interface Clock {
  /** Monotonic milliseconds: rates, stall windows, how long something has waited. */
  now(): number;
  /** Epoch milliseconds: for people (createdAt, finishedAt) and the journal, never for deadlines. */
  wallNow(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it is aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * A sleep on the global `setTimeout` (not `node:timers/promises`, whose timers test fakes
 * cannot see), cleared the moment its signal aborts: timers die with their run.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const systemClock: Clock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  sleep,
};
