// A token bucket on the byte stream, shared by every part in flight, so a limit of N bytes
// per second holds for the whole app however many parts run. Changeable while running.

import { sleep as defaultSleep } from './clock';

/** Burst allowance: a tenth of a second of the rate, so the limit holds over short windows. */
const BURST_SECONDS = 0.1;

export class BandwidthLimiter {
  #rate: number;
  #tokens = 0;
  #last: number;
  #now: () => number;
  #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(
    bytesPerSecond = 0,
    now: () => number = () => performance.now(),
    sleep: (ms: number, signal?: AbortSignal) => Promise<void> = defaultSleep,
  ) {
    this.#rate = Math.max(0, bytesPerSecond);
    this.#now = now;
    this.#sleep = sleep;
    this.#last = now();
  }

  get rate(): number {
    return this.#rate;
  }

  /** 0 = unlimited. Takes effect for every byte not yet taken. */
  setRate(bytesPerSecond: number): void {
    this.#refill();
    this.#rate = Math.max(0, bytesPerSecond);
    this.#tokens = Math.min(this.#tokens, this.#rate * BURST_SECONDS);
  }

  /** Read size that keeps progress smooth under the limit: about 1/10 s of the rate. */
  preferredChunk(max: number): number {
    if (this.#rate === 0) return max;
    return Math.max(16 * 1024, Math.min(max, Math.floor(this.#rate * BURST_SECONDS)));
  }

  /** Waits until `bytes` may be sent. Goes into debt for chunks larger than the burst. */
  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    if (this.#rate === 0) return;
    this.#refill();
    this.#tokens -= bytes;
    if (this.#tokens >= 0) return;
    const waitMs = (-this.#tokens / this.#rate) * 1000;
    await this.#sleep(waitMs, signal);
  }

  #refill(): void {
    const now = this.#now();
    const elapsed = (now - this.#last) / 1000;
    this.#last = now;
    if (this.#rate === 0) return;
    this.#tokens = Math.min(this.#rate * BURST_SECONDS, this.#tokens + elapsed * this.#rate);
  }
}
