// When a file has stopped changing: its size, mtime and ctime stayed the same for the quiet
// period. Renders, card offloads and copies write in bursts; a file taken mid-write goes up
// truncated. A file is looked at when something says it may have changed (an event, a
// rescan) and again once the quiet period after its last seen change is over; it settles
// only when that second look finds it as it was. ctime is part of it because nobody can set
// it back: `cp -p` and rsync restore an old mtime at the end of a copy, which would otherwise
// look like a file untouched for years.
//
// A file found by the first scan whose last change (ctime) is already a quiet period old
// settles at once: it was complete before the watch began. Files are never polled while
// nothing happens: one timer per file in its quiet period, none for the rest.

import type { EntryStat } from './watch-fs';

export interface SettleClock {
  /** Epoch ms: compared with the file system's own times. */
  wallNow(): number;
  /** Runs `fn` after `ms`; returns its canceller. */
  setTimer(ms: number, fn: () => void): () => void;
}

export const realTimers: Pick<SettleClock, 'setTimer'> = {
  setTimer(ms, fn) {
    const timer = setTimeout(fn, ms);
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

export interface SettleDetectorOptions {
  quietPeriodMs: number;
  clock: SettleClock;
  /** What the file looks like now; null when it is gone. */
  stat(path: string): Promise<EntryStat | null>;
  /** The path is still open for writing by some process (Linux can tell; see open-writers.ts). */
  openForWriting?(path: string): Promise<boolean>;
  onSettled(path: string, stat: EntryStat): void;
  onGone?(path: string): void;
}

interface Watched {
  stat: EntryStat;
  /** Wall time of the last change this detector saw (or the file's ctime, if later). */
  changedAt: number;
  cancel: () => void;
  /** A look in progress: another hint during it is folded into one more look after it. */
  looking: boolean;
  lookAgain: boolean;
}

export class SettleDetector {
  readonly #options: SettleDetectorOptions;
  readonly #files = new Map<string, Watched>();
  #closed = false;

  constructor(options: SettleDetectorOptions) {
    this.#options = options;
  }

  /** Files in their quiet period. */
  get pending(): number {
    return this.#files.size;
  }

  has(path: string): boolean {
    return this.#files.has(path);
  }

  /**
   * Something may have changed at `path`. `seen` is a stat the caller already has (a scan);
   * `trustOldFiles` lets a file whose ctime is a quiet period old settle at once.
   */
  observe(path: string, seen?: EntryStat, trustOldFiles = false): void {
    if (this.#closed) return;
    const watched = this.#files.get(path);
    if (watched) {
      if (seen && !sameStat(seen, watched.stat)) this.#changed(path, watched, seen);
      else this.#lookSoon(path, watched);
      return;
    }
    void this.#first(path, seen, trustOldFiles);
  }

  forget(path: string): void {
    const watched = this.#files.get(path);
    if (!watched) return;
    watched.cancel();
    this.#files.delete(path);
  }

  /** Forgets every file (a paused watch); observing again starts afresh. */
  clear(): void {
    for (const watched of this.#files.values()) watched.cancel();
    this.#files.clear();
  }

  close(): void {
    this.#closed = true;
    this.clear();
  }

  async #first(path: string, seen: EntryStat | undefined, trustOldFiles: boolean): Promise<void> {
    const stat = seen ?? (await this.#stat(path));
    if (this.#closed || this.#files.has(path)) return;
    if (!stat || stat.kind !== 'file') {
      if (!stat) this.#options.onGone?.(path);
      return;
    }
    const now = this.#options.clock.wallNow();
    const quiet = this.#options.quietPeriodMs;
    const lastChange = Math.max(stat.mtimeMs, stat.ctimeMs);
    if (trustOldFiles && now - lastChange >= quiet && !(await this.#openForWriting(path))) {
      this.#options.onSettled(path, stat);
      return;
    }
    const watched: Watched = { stat, changedAt: Math.max(now, lastChange), cancel: () => undefined, looking: false, lookAgain: false };
    this.#files.set(path, watched);
    this.#schedule(path, watched, quiet);
  }

  #changed(path: string, watched: Watched, stat: EntryStat): void {
    watched.stat = stat;
    watched.changedAt = Math.max(this.#options.clock.wallNow(), stat.ctimeMs);
    this.#schedule(path, watched, this.#options.quietPeriodMs);
  }

  #schedule(path: string, watched: Watched, ms: number): void {
    watched.cancel();
    watched.cancel = this.#options.clock.setTimer(ms, () => void this.#look(path, watched));
  }

  /** A hint about a file in its quiet period: look at once (a write resets the period). */
  #lookSoon(path: string, watched: Watched): void {
    if (watched.looking) {
      watched.lookAgain = true;
      return;
    }
    void this.#look(path, watched, false);
  }

  async #look(path: string, watched: Watched, dueNow = true): Promise<void> {
    if (watched.looking) {
      watched.lookAgain = true;
      return;
    }
    watched.looking = true;
    const stat = await this.#stat(path);
    watched.looking = false;
    if (this.#closed || this.#files.get(path) !== watched) return;
    if (!stat || stat.kind !== 'file') {
      this.forget(path);
      this.#options.onGone?.(path);
      return;
    }
    const again = watched.lookAgain;
    watched.lookAgain = false;
    if (!sameStat(stat, watched.stat)) {
      this.#changed(path, watched, stat);
      return;
    }
    if (again) {
      void this.#look(path, watched, dueNow);
      return;
    }
    const quietFor = this.#options.clock.wallNow() - watched.changedAt;
    const left = this.#options.quietPeriodMs - quietFor;
    if (!dueNow || left > 0) {
      // An early hint with nothing new, or a clock that moved less than the timer said.
      this.#schedule(path, watched, Math.max(left, 1));
      return;
    }
    if (await this.#openForWriting(path)) {
      // Still held open for writing: a writer paused longer than the quiet period.
      this.#schedule(path, watched, this.#options.quietPeriodMs);
      return;
    }
    if (this.#files.get(path) !== watched) return;
    this.#files.delete(path);
    this.#options.onSettled(path, stat);
  }

  async #stat(path: string): Promise<EntryStat | null> {
    return this.#options.stat(path).catch(() => null);
  }

  async #openForWriting(path: string): Promise<boolean> {
    return (await this.#options.openForWriting?.(path).catch(() => false)) ?? false;
  }
}

export function sameStat(a: EntryStat, b: EntryStat): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino && a.dev === b.dev;
}
