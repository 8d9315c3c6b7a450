// One global budget of in-flight part PUTs shared by every job (AWS lib-storage's N workers
// over one part source, generalised to many files). Memory stays bounded by
// budget × read buffer whatever the number or size of files, and round-robin over the jobs
// means a small file gets a slot next to a 200 GB one instead of waiting behind it.

export type SlotTask = () => Promise<void>;

export interface WorkSource {
  /** A task for one slot, or null when this source has nothing ready right now. */
  takeTask(): SlotTask | null;
}

/** After congestion, one slot comes back per this many successful parts. */
const RECOVERY_SUCCESSES = 4;

export class PartScheduler {
  #budget: number;
  #effective: number;
  #running = 0;
  #sources: WorkSource[] = [];
  #cursor = 0;
  #pumpQueued = false;
  #successesSinceCongestion = 0;

  constructor(budget = 6) {
    this.#budget = clampBudget(budget);
    this.#effective = this.#budget;
  }

  get budget(): number {
    return this.#budget;
  }

  /** The budget after congestion (429/503) cut it; recovers towards `budget`. */
  get effectiveBudget(): number {
    return this.#effective;
  }

  /** Jobs currently registered for slots. */
  get sourceCount(): number {
    return this.#sources.length;
  }

  get running(): number {
    return this.#running;
  }

  setBudget(budget: number): void {
    this.#budget = clampBudget(budget);
    this.#effective = Math.min(this.#effective, this.#budget);
    if (this.#successesSinceCongestion === 0 && this.#effective < this.#budget) {
      // Raising the budget while not congested takes effect at once.
      this.#effective = this.#budget;
    }
    this.wake();
  }

  add(source: WorkSource): void {
    if (!this.#sources.includes(source)) this.#sources.push(source);
    this.wake();
  }

  remove(source: WorkSource): void {
    const index = this.#sources.indexOf(source);
    if (index < 0) return;
    this.#sources.splice(index, 1);
    if (this.#cursor > index) this.#cursor -= 1;
  }

  /** The server or storage said 429/503: halve the in-flight budget (never below 1). */
  congestion(): void {
    this.#effective = Math.max(1, Math.floor(this.#effective / 2));
    this.#successesSinceCongestion = 1;
  }

  /** A part went through: after a congestion cut, give slots back gradually. */
  success(): void {
    if (this.#effective >= this.#budget) {
      this.#successesSinceCongestion = 0;
      return;
    }
    this.#successesSinceCongestion += 1;
    if (this.#successesSinceCongestion > RECOVERY_SUCCESSES) {
      this.#effective += 1;
      this.#successesSinceCongestion = this.#effective >= this.#budget ? 0 : 1;
      this.wake();
    }
  }

  /** Fill free slots soon. Batched into one microtask so bursts of wake-ups cost one pass. */
  wake(): void {
    if (this.#pumpQueued) return;
    this.#pumpQueued = true;
    queueMicrotask(() => {
      this.#pumpQueued = false;
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#running < this.#effective) {
      const task = this.#next();
      if (!task) return;
      this.#running += 1;
      // Tasks own their errors; a rejection here is a bug we must not let stop the pump.
      task()
        .catch(() => undefined)
        .finally(() => {
          this.#running -= 1;
          this.wake();
        });
    }
  }

  #next(): SlotTask | null {
    const count = this.#sources.length;
    for (let i = 0; i < count; i += 1) {
      const index = (this.#cursor + i) % count;
      const task = this.#sources[index]?.takeTask() ?? null;
      if (task) {
        this.#cursor = (index + 1) % count;
        return task;
      }
    }
    return null;
  }
}

function clampBudget(budget: number): number {
  if (!Number.isFinite(budget)) return 6;
  return Math.min(64, Math.max(1, Math.floor(budget)));
}
