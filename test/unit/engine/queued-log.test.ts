// Jobs that are queued and have not begun are journalled too (engine/queued-log.ts): a quit
// with a camera card queued brings every file back, not only the few that had begun; and a
// job that finished can never come back from the queued file to be uploaded twice.

import { createServer, type Server } from 'node:http';
import { appendFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NomadApi } from '../../../main/engine/api';
import { FileJournal, type JournalRecord, type JournalStore } from '../../../main/engine/journal';
import { queuedLogName } from '../../../main/engine/queued-log';
import { UploadQueue } from '../../../main/engine/queue';
import { useTempDir } from './support/temp-dir';

const temp = useTempDir('nomad-queued-');
const QUEUED_FILE = queuedLogName('https://nomad.test/api');

function queuedRecord(jobId: string, overrides: Partial<JournalRecord> = {}): JournalRecord {
  return {
    version: 2,
    jobId,
    createdAt: 1_700_000_000_000,
    apiUrl: 'https://nomad.test/api',
    userName: 'demo',
    file: { path: `/media/card/${jobId}.mov`, size: 1000, mtimeMs: 1_700_000_000_123, dev: 2049, ino: 1, ctimeMs: 1_700_000_000_456 },
    relativePath: `card/${jobId}.mov`,
    displayName: `${jobId}.mov`,
    options: { parentId: null, languageId: null, relatedContentId: null, existingAssetId: null, overwrite: 'Ask', replaceOptions: [] },
    upload: null,
    startSentAt: null,
    notOurs: [],
    pausedByUser: false,
    chunkSize: null,
    parts: [],
    ...overrides,
  };
}

/** A journal whose every write the test can wait for (as the app's SettlingJournal does). */
function settling(inner: JournalStore): JournalStore & { settled(): Promise<void> } {
  const writes: Array<Promise<unknown>> = [];
  const track = <T,>(p: Promise<T>): Promise<T> => (writes.push(p.catch(() => undefined)), p);
  return {
    load: () => inner.load(),
    save: (r) => track(inner.save(r)),
    append: (id, e) => track(inner.append(id, e)),
    remove: (id) => track(inner.remove(id)),
    settled: async () => {
      while (writes.length > 0) await Promise.all(writes.splice(0));
    },
  };
}

let silent: Server | null = null;
afterEach(async () => {
  silent?.closeAllConnections();
  await new Promise((resolve) => silent?.close(resolve) ?? resolve(undefined));
  silent = null;
});

/** A server that takes every request and never answers: each started job waits in its start. */
async function serverThatNeverAnswers(): Promise<string> {
  silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent!.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
}

describe('queued jobs in the journal', () => {
  it('a quit with 300 files queued brings all 300 back, not only those that had begun', async () => {
    const files = join(temp.dir(), 'card');
    const journalDir = join(temp.dir(), 'journal');
    await mkdir(files);
    const paths = await Promise.all(
      Array.from({ length: 300 }, async (_, i) => {
        const path = join(files, `A${String(i).padStart(3, '0')}.mov`);
        await writeFile(path, `clip ${i}`);
        return path;
      }),
    );
    const api = new NomadApi({ serverUrl: await serverThatNeverAnswers(), apiKey: 'key' });
    const journal = settling(new FileJournal(journalDir));
    const first = new UploadQueue({ api, journal, budget: 1 });
    await first.enqueue({ paths });
    const { counts } = first.snapshot().totals;
    // Most of them have not begun: their start waits for a place (the calls in flight are bounded).
    expect(counts.queued).toBeGreaterThan(200);
    await journal.settled();
    await first.close();
    await journal.settled();

    const second = new UploadQueue({ api, journal: new FileJournal(journalDir), budget: 1 });
    const { restored } = await second.restore();
    expect(restored.map((job) => job.name).sort()).toEqual(paths.map((p) => p.slice(files.length + 1)).sort());
    await second.close();
  });

  it('a job that began leaves the queued file: once it has finished, nothing brings it back', async () => {
    const dir = temp.dir();
    const journal = new FileJournal(dir);
    await journal.save(queuedRecord('a'));
    await journal.save(queuedRecord('b'));
    // `a` begins (its start is about to be sent): its own file, and the queued line dropped.
    await journal.save(queuedRecord('a', { startSentAt: 1_700_000_001_000 }));
    // …and finishes.
    await journal.remove('a');

    const after = await new FileJournal(dir).load();
    expect(after.records.map((r) => r.jobId)).toEqual(['b']);
    expect(after.unreadable).toEqual([]);
  });

  it('a crash between a job’s own file and its drop: the own file wins, the job comes back once', async () => {
    const dir = temp.dir();
    await new FileJournal(dir).save(queuedRecord('a'));
    // What a crash leaves: the queued line, and the job's own (newer) file written by a later run.
    const other = new FileJournal(dir);
    await other.load();
    await other.save(queuedRecord('a', { startSentAt: 5 }));
    await appendFile(join(dir, QUEUED_FILE), `${JSON.stringify({ add: queuedRecord('a') })}\n`);

    const { records } = await new FileJournal(dir).load();
    expect(records).toEqual([expect.objectContaining({ jobId: 'a', startSentAt: 5 })]);
  });

  it('a torn last line (a crash mid-append) is skipped; the whole lines before it are kept', async () => {
    const dir = temp.dir();
    const journal = new FileJournal(dir);
    await journal.save(queuedRecord('a'));
    await appendFile(join(dir, QUEUED_FILE), '{"add":{"version":2,"jobId":"b","crea');

    const { records, unreadable } = await new FileJournal(dir).load();
    expect(records.map((r) => r.jobId)).toEqual(['a']);
    expect(unreadable).toEqual([]);
  });

  it('the file goes when nothing is queued, and stays short while a big drop drains', async () => {
    const dir = temp.dir();
    const journal = new FileJournal(dir);
    const ids = Array.from({ length: 600 }, (_, i) => `job-${i}`);
    await Promise.all(ids.map((id) => journal.save(queuedRecord(id))));
    expect((await readFile(join(dir, QUEUED_FILE), 'utf8')).split('\n').filter(Boolean)).toHaveLength(600);

    // 590 begin, one after another (as a queue drains): dead lines are compacted away.
    for (const id of ids.slice(0, 590)) await journal.save(queuedRecord(id, { startSentAt: 1 }));
    const lines = (await readFile(join(dir, QUEUED_FILE), 'utf8')).split('\n').filter(Boolean);
    expect(lines.length).toBeLessThan(10 + 256 + 10);
    expect((await new FileJournal(dir).load()).records).toHaveLength(600);

    for (const id of ids) await journal.remove(id);
    expect(await readdir(dir)).toEqual([]);
  });

  it('two servers uploading at once over one journal folder (two saved servers) keep each other’s queued jobs', async () => {
    const dir = temp.dir();
    const production = new FileJournal(dir);
    const staging = new FileJournal(dir);
    await production.load();
    await staging.load();
    await staging.save(queuedRecord('s1', { apiUrl: 'https://staging.test/api' }));
    // Production drains a big drop (its file is compacted, then removed) while staging's job waits.
    const ids = Array.from({ length: 400 }, (_, i) => `p${i}`);
    await Promise.all(ids.map((id) => production.save(queuedRecord(id))));
    for (const id of ids) await production.save(queuedRecord(id, { startSentAt: 1 }));
    for (const id of ids) await production.remove(id);

    const { records } = await new FileJournal(dir).load();
    expect(records.map((r) => r.jobId)).toEqual(['s1']);
  });

  it('reading a journal (another copy of the app, a test, the CLI’s check) writes nothing', async () => {
    const dir = temp.dir();
    const journal = new FileJournal(dir);
    await journal.save(queuedRecord('a'));
    await journal.save(queuedRecord('b'));
    await journal.save(queuedRecord('a', { startSentAt: 1 }));
    // Three lines, one of them dead: a compaction would leave one.
    const before = await readFile(join(dir, QUEUED_FILE), 'utf8');
    expect(before.split('\n').filter(Boolean)).toHaveLength(3);
    expect((await new FileJournal(dir).load()).records.map((r) => r.jobId).sort()).toEqual(['a', 'b']);
    expect(await readFile(join(dir, QUEUED_FILE), 'utf8')).toBe(before);
  });

  it('a job whose own file could not be written (a full disk) and then finished does not come back from the queued file', async () => {
    const dir = temp.dir();
    const journal = new FileJournal(dir);
    await journal.save(queuedRecord('a'));
    // Its own file cannot be made: a folder of that name stands in the way.
    await mkdir(join(dir, 'a.journal', 'in-the-way'), { recursive: true });
    await expect(journal.save(queuedRecord('a', { startSentAt: 1 }))).rejects.toMatchObject({ code: 'journal-error' });
    // The upload went on regardless, and finished; the disk is writable again.
    await rm(join(dir, 'a.journal'), { recursive: true });
    await journal.remove('a');

    expect((await new FileJournal(dir).load()).records).toEqual([]);
  });
});
