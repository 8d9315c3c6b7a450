import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileJournal, MemoryJournal, journalRecordSchema, type JournalRecord, type JournalStore } from '../../../main/engine/journal';
import { useTempDir } from './support/temp-dir';

const ETAG = '0cc175b9c0f1b6a831c399e269772661';

function record(jobId: string, confirmedParts = 0, overrides: Partial<JournalRecord> = {}): JournalRecord {
  return {
    version: 1,
    jobId,
    createdAt: 1_700_000_000_000,
    apiUrl: 'https://nomad.test/api',
    userName: 'demo',
    file: { path: '/media/shoot/day 1/a.mov', size: 100 * 1024 * 1024, mtimeMs: 1_700_000_000_123 },
    relativePath: 'shoot/day 1/a.mov',
    displayName: 'a.mov',
    options: {
      parentId: null,
      languageId: null,
      relatedContentId: null,
      existingAssetId: null,
      overwrite: 'Ask',
      replaceOptions: ['RecreateThumbnail'],
    },
    uploadId: 'up-1',
    assetId: 'asset-1',
    parts: Array.from({ length: confirmedParts }, (_, i) => ({ partNumber: i + 1, etag: ETAG })),
    paused: false,
    ...overrides,
  };
}

const temp = useTempDir('nomad-journal-');

const stores: Array<[string, () => JournalStore]> = [
  ['FileJournal', () => new FileJournal(join(temp.dir(), 'journal'))],
  ['MemoryJournal', () => new MemoryJournal()],
];

describe.each(stores)('%s (the journal contract)', (_name, makeStore) => {
  it('starts empty', async () => {
    await expect(makeStore().load()).resolves.toEqual({ records: [], unreadable: [] });
  });

  it('gives back what was saved', async () => {
    const store = makeStore();
    const a = record('job-a', 3);
    const b = record('job-b', 0, { uploadId: null, assetId: null, paused: true });
    await store.save(a);
    await store.save(b);

    const { records, unreadable } = await store.load();

    expect(unreadable).toEqual([]);
    expect(records.sort((x, y) => x.jobId.localeCompare(y.jobId))).toEqual([a, b]);
  });

  it('a second save of the same job replaces the first', async () => {
    const store = makeStore();
    await store.save(record('job-a', 1));
    await store.save(record('job-a', 2));
    const { records } = await store.load();
    expect(records).toHaveLength(1);
    expect(records[0]!.parts).toHaveLength(2);
  });

  it('keeps its own copy: changing a record after saving it changes nothing stored', async () => {
    const store = makeStore();
    const a = record('job-a', 1);
    await store.save(a);
    a.parts.push({ partNumber: 2, etag: ETAG });
    a.paused = true;
    const { records } = await store.load();
    expect(records[0]).toEqual(record('job-a', 1));
  });

  it('remove forgets a job; removing an unknown job is fine', async () => {
    const store = makeStore();
    await store.save(record('job-a'));
    await store.save(record('job-b'));
    await store.remove('job-a');
    await store.remove('never-saved');
    const { records } = await store.load();
    expect(records.map((r) => r.jobId)).toEqual(['job-b']);
  });
});

describe('FileJournal on disk', () => {
  const dir = () => join(temp.dir(), 'journal');

  it('creates its folder (and missing parents) on first use', async () => {
    const nested = join(temp.dir(), 'a', 'b', 'journal');
    await new FileJournal(nested).save(record('job-a'));
    expect(await readdir(nested)).toEqual(['job-a.json']);
  });

  it('writes one JSON file per job, valid against the schema', async () => {
    await new FileJournal(dir()).save(record('job-a', 2));
    const text = await readFile(join(dir(), 'job-a.json'), 'utf8');
    expect(journalRecordSchema.parse(JSON.parse(text))).toEqual(record('job-a', 2));
  });

  it('a new FileJournal over the same folder (the next run of the app) reads what the last one wrote', async () => {
    await new FileJournal(dir()).save(record('job-a', 5));
    const { records } = await new FileJournal(dir()).load();
    expect(records).toEqual([record('job-a', 5)]);
  });

  it('saves atomically: during 200 concurrent saves of a growing record the file always parses, and the last save wins', async () => {
    const journal = new FileJournal(dir());
    const target = join(dir(), 'job-a.json');
    await journal.save(record('job-a', 0));

    let writing = true;
    const seen: number[] = [];
    const reader = (async () => {
      while (writing) {
        const onDisk = journalRecordSchema.parse(JSON.parse(await readFile(target, 'utf8')));
        seen.push(onDisk.parts.length);
      }
    })();
    const saves = Array.from({ length: 200 }, (_, i) => journal.save(record('job-a', i + 1)));
    await Promise.all(saves);
    writing = false;
    await reader;

    expect(seen.length).toBeGreaterThan(0);
    // Never an older version after a newer one: no write overtakes another.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const { records } = await journal.load();
    expect(records[0]!.parts).toHaveLength(200);
    // No temp file left behind.
    expect(await readdir(dir())).toEqual(['job-a.json']);
  });

  it('a save resolves only once the file holds that record or a newer one', async () => {
    const journal = new FileJournal(dir());
    const target = join(dir(), 'job-a.json');
    const checks = Array.from({ length: 30 }, (_, i) =>
      journal.save(record('job-a', i + 1)).then(async () => {
        const onDisk = JSON.parse(await readFile(target, 'utf8')) as JournalRecord;
        return onDisk.parts.length >= i + 1;
      }),
    );
    expect(await Promise.all(checks)).toEqual(Array(30).fill(true));
  });

  it('a remove right after a save (not awaited) leaves no file behind', async () => {
    const journal = new FileJournal(dir());
    const saved = journal.save(record('job-a', 1));
    await journal.remove('job-a');
    await saved;
    expect(await readdir(dir())).toEqual([]);
  });

  it('reports unreadable and corrupt files in `unreadable` instead of throwing, and still loads the good ones', async () => {
    const journal = new FileJournal(dir());
    await journal.save(record('job-good', 1));
    await writeFile(join(dir(), 'job-torn.json'), '{"version":1,"jobId":"job-to');
    await writeFile(join(dir(), 'job-old.json'), JSON.stringify({ version: 0, jobId: 'job-old' }));
    await mkdir(join(dir(), 'job-folder.json'));

    const { records, unreadable } = await journal.load();

    expect(records.map((r) => r.jobId)).toEqual(['job-good']);
    expect(unreadable.sort()).toEqual(
      [join(dir(), 'job-folder.json'), join(dir(), 'job-old.json'), join(dir(), 'job-torn.json')].sort(),
    );
  });

  it('ignores a temp file a crash left behind mid-write, and files that are not records', async () => {
    const journal = new FileJournal(dir());
    await journal.save(record('job-a', 1));
    await writeFile(join(dir(), '.job-a.5b7c.tmp'), '{"version":1,"jo');
    await writeFile(join(dir(), 'notes.txt'), 'hello');
    await expect(journal.load()).resolves.toEqual({ records: [record('job-a', 1)], unreadable: [] });
  });

  it('refuses a job id that could escape its folder, and removing one touches nothing', async () => {
    const journal = new FileJournal(dir());
    await writeFile(join(temp.dir(), 'precious.json'), '{}');
    await expect(journal.save(record('../precious'))).rejects.toMatchObject({ code: 'internal' });
    await journal.remove('../precious');
    expect(await readdir(temp.dir())).toContain('precious.json');
  });

  it('a folder it cannot create is journal-error, and once the way is clear the next save works', async () => {
    const blocker = join(temp.dir(), 'app-data');
    await writeFile(blocker, 'a file where the folder should be');
    const journal = new FileJournal(join(blocker, 'journal'));

    await expect(journal.save(record('job-a'))).rejects.toMatchObject({ code: 'journal-error' });

    await rm(blocker);
    await journal.save(record('job-a', 1));
    await expect(journal.load()).resolves.toEqual({ records: [record('job-a', 1)], unreadable: [] });
  });
});
