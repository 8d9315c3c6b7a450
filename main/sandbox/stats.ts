export interface SandboxStats {
  /** PUT requests that reached the storage gateway. */
  partPuts: number;
  /** Part body bytes the gateway read from clients (stored, discarded, or drained for a fault). */
  partBytesReceived: number;
  /** Gateway answers by HTTP status ("200", "403", …); "reset" for connections the gateway cut, "aborted" for clients that went away mid-body. */
  partPutsByStatus: Record<string, number>;
  /** Successful (200) calls of each API operation. */
  partCompletes: number;
  completes: number;
  cancels: number;
  starts: number;
  logins: number;
  refreshes: number;
  /** Faults that fired (immediate faults count when added). */
  faultsFired: number;
}

type Counter = Exclude<keyof SandboxStats, 'partPutsByStatus'>;

/** Counters since start or the last reset; not persisted (a restarted sandbox counts afresh). */
export class StatsCounter {
  #stats: SandboxStats = emptyStats();

  increment(counter: Counter, by = 1): void {
    this.#stats[counter] += by;
  }

  countPartAnswer(outcome: number | 'reset' | 'aborted'): void {
    const key = String(outcome);
    this.#stats.partPutsByStatus[key] = (this.#stats.partPutsByStatus[key] ?? 0) + 1;
  }

  snapshot(): SandboxStats {
    return { ...this.#stats, partPutsByStatus: { ...this.#stats.partPutsByStatus } };
  }

  reset(): void {
    this.#stats = emptyStats();
  }
}

function emptyStats(): SandboxStats {
  return {
    partPuts: 0,
    partBytesReceived: 0,
    partPutsByStatus: {},
    partCompletes: 0,
    completes: 0,
    cancels: 0,
    starts: 0,
    logins: 0,
    refreshes: 0,
    faultsFired: 0,
  };
}
