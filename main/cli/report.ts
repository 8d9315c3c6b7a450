// `--report FILE.csv|FILE.json`: the record of what a run did, in the same shape as the
// app's history (main/engine/history-record.ts). Written atomically at the end of the run —
// also an interrupted one — so a script never reads half a report.

import { resolve } from 'node:path';
import { formatHistory, type HistoryFormat } from '../engine/history-export';
import { historyEntry, type HistoryEntry } from '../engine/history-record';
import type { QueueEvent } from '../engine/queue-options';
import type { JobView } from '../engine/views';
import { replaceAtomically } from '../engine/atomic-file';

export class RunReport {
  readonly #path: string;
  readonly #format: HistoryFormat;
  readonly #destination: string;
  readonly #attachedTo: string | null;
  /** Epoch ms each job first left the queue: its duration counts from there. */
  readonly #startedAt = new Map<string, number>();

  constructor(report: { path: string; format: HistoryFormat }, destination: string, attachedTo: string | null = null) {
    this.#path = resolve(report.path);
    this.#format = report.format;
    this.#destination = destination;
    this.#attachedTo = attachedTo;
  }

  get path(): string {
    return this.#path;
  }

  observe(event: QueueEvent): void {
    if (event.type === 'transition' && event.job.state === 'starting' && !this.#startedAt.has(event.job.id)) {
      this.#startedAt.set(event.job.id, Date.now());
    }
  }

  entries(jobs: readonly JobView[]): HistoryEntry[] {
    return jobs.flatMap((job) => {
      const entry = historyEntry({ job, destination: this.#destination, startedAt: this.#startedAt.get(job.id) ?? null, attachedTo: this.#attachedTo });
      return entry ? [entry] : [];
    });
  }

  /** Writes the report and says where, or why it could not: false then (the run exits 1). */
  async writeAndSay(jobs: readonly JobView[], out: { note(message: string): void }): Promise<boolean> {
    try {
      const count = await this.write(jobs);
      out.note(`Report of ${count} file(s) written to ${this.#path}.`);
      return true;
    } catch (error) {
      out.note(`The report could not be written to ${this.#path}: ${(error as Error).message}`);
      return false;
    }
  }

  /** Writes the report; the error, if the file cannot be written, is the caller's to say. */
  async write(jobs: readonly JobView[]): Promise<number> {
    const entries = this.entries(jobs);
    await replaceAtomically(this.#path, formatHistory(entries, this.#format));
    return entries.length;
  }
}
