// Uploads that are reliably mid-flight in a launched app: the embedded sandbox stalls every
// part on the wire after its first MiB until the test lets go (releaseStall).

import { join } from 'node:path';
import type { UploaderApi } from '../../../../preload/contract';
import { FileJournal, type JournalRecord } from '../../../../main/engine/journal';
import type { JobView } from '../../../../main/engine/views';
import { MiB, writeRandomFile } from '../../../support/files';
import type { Launched } from './desktop';
import { jobUntil } from './until';

export interface MovieFile {
  path: string;
  name: string;
  sha256: string;
}

/** Two-part (16 MiB) files under `dir`. */
export async function writeMovies(dir: string, names: string[]): Promise<MovieFile[]> {
  return Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      return { path, name, sha256: await writeRandomFile(path, 16 * MiB) };
    }),
  );
}

/** Drops the files on the window (through the preload) and returns once each is sending bytes. */
export async function startStalledUploads(
  launched: Launched,
  api: UploaderApi,
  files: MovieFile[],
  options: { firstStalledPut?: number } = {},
): Promise<JobView[]> {
  // Progress counts what storage took, not what is on the wire: to show some, let the first
  // parts through (firstStalledPut: 2 lets one part be stored before the rest stall).
  launched.sandboxes.latest.faults.add({ kind: 'part-stall', nth: options.firstStalledPut ?? 1, times: 10_000, afterBytes: MiB, stallMs: 600_000 });
  const partsIn = files.map((file) => jobUntil(launched.desktop.service, (j) => j.name === file.name && j.state === 'uploading'));
  const result = await api.enqueuePaths({ paths: files.map((f) => f.path) });
  if (!result.ok) throw new Error(result.error.message);
  return Promise.all(partsIn);
}

/** The sandbox stops stalling: uploads held up go on. */
export function releaseStall(launched: Launched): void {
  launched.sandboxes.latest.faults.clear();
}

/** What the app's journal holds on disk now: what the engine would read on the next start. */
export async function journalRecords(userData: string): Promise<JournalRecord[]> {
  const { records, unreadable } = await new FileJournal(join(userData, 'journal')).load();
  if (unreadable.length > 0) throw new Error(`unreadable journal files: ${unreadable.join(', ')}`);
  return records;
}
