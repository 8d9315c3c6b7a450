// "Is the server there at all?", asked by every job whose part timed out, answered once for
// all of them: a storm of timeouts over twelve jobs costs one health check, not twelve.

/** An answer is good for this long: enough to cover a burst of failing parts, short enough to notice a recovery. */
const FRESH_MS = 5_000;

export class Reachability {
  readonly #probe: () => Promise<boolean>;
  readonly #now: () => number;
  #inFlight: Promise<boolean> | null = null;
  #last: { at: number; reachable: boolean } | null = null;

  constructor(probe: () => Promise<boolean>, now: () => number) {
    this.#probe = probe;
    this.#now = now;
  }

  check(): Promise<boolean> {
    const last = this.#last;
    if (last && this.#now() - last.at < FRESH_MS) return Promise.resolve(last.reachable);
    this.#inFlight ??= this.#probe()
      .catch(() => false)
      .then((reachable) => {
        this.#last = { at: this.#now(), reachable };
        return reachable;
      })
      .finally(() => {
        this.#inFlight = null;
      });
    return this.#inFlight;
  }
}
