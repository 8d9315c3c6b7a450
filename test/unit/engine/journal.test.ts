import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileJournal, MemoryJournal, type JournalRecord, type JournalStore } from '../../../main/engine/journal';
import { JobJournal } from '../../../main/engine/job-journal';
import { journalRecordSchema } from '../../../main/engine/journal-schema';
import { useTempDir } from './support/temp-dir';

const ETAG = '0cc175b9c0f1b6a831c399e269772661';

function record(jobId: string, confirmedParts = 0, overrides: Partial<JournalRecord> = {}): JournalRecord {
  return {
    version: 2,
    jobId,
    createdAt: 1_700_000_000_000,
    apiUrl: 'https://nomad.test/api',
    userName: 'demo',
    file: { path: '/media/shoot/day 1/a.mov', size: 100 * 1024 * 1024, mtimeMs: 1_700_000_000_123, dev: 2049, ino: 131_777, ctimeMs: 1_700_000_000_456 },
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
    upload: { id: 'up-1', assetId: 'asset-1', proof: 'start-answer' },
    startSentAt: null,
    notOurs: [],
    pausedByUser: false,
    chunkSize: null,
    parts: Array.from({ length: confirmedParts }, (_, i) => ({ partNumber: i + 1, etag: ETAG, md5: ETAG, confirmed: true })),
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
    const b = record('job-b', 0, { upload: null, startSentAt: 1_700_000_000_001, pausedByUser: true });
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
    a.parts.push({ partNumber: 2, etag: ETAG, md5: ETAG, confirmed: true });
    a.pausedByUser = true;
    const { records } = await store.load();
    expect(records[0]).toEqual(record('job-a', 1));
  });

  it('appended changes come back applied to the record: acked, then confirmed', async () => {
    const store = makeStore();
    await store.save(record('job-a', 1));
    await store.append('job-a', { e: 'ack', n: 2, etag: 'b'.repeat(32), md5: 'b'.repeat(32) });
    await store.append('job-a', { e: 'ack', n: 3, etag: 'c'.repeat(32), md5: 'c'.repeat(32) });
    await store.append('job-a', { e: 'confirm', n: 2 });

    const { records } = await store.load();

    expect(records[0]!.parts).toEqual([
      { partNumber: 1, etag: ETAG, md5: ETAG, confirmed: true },
      { partNumber: 2, etag: 'b'.repeat(32), md5: 'b'.repeat(32), confirmed: true },
      { partNumber: 3, etag: 'c'.repeat(32), md5: 'c'.repeat(32), confirmed: false },
    ]);
  });

  it('refuses to append to a job whose record was never saved', async () => {
    await expect(makeStore().append('job-x', { e: 'confirm', n: 1 })).rejects.toMatchObject({ code: 'journal-error' });
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
    expect(await readdir(nested)).toEqual(['job-a.journal']);
  });

  it('writes one file per job: the record on the first line, valid against the schema', async () => {
    await new FileJournal(dir()).save(record('job-a', 2));
    const text = await readFile(join(dir(), 'job-a.journal'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(journalRecordSchema.parse(JSON.parse(text.split('\n')[0]!))).toEqual(record('job-a', 2));
  });

  it('a part costs one appended line, not a rewrite of the record', async () => {
    const journal = new FileJournal(dir());
    await journal.save(record('job-a', 0));
    const before = await readFile(join(dir(), 'job-a.journal'), 'utf8');
    await journal.append('job-a', { e: 'ack', n: 1, etag: ETAG, md5: ETAG });
    const after = await readFile(join(dir(), 'job-a.journal'), 'utf8');
    expect(after).toBe(`${before}${JSON.stringify({ e: 'ack', n: 1, etag: ETAG, md5: ETAG })}\n`);
  });

  it('an append cut short by a crash (no newline) is dropped; the lines before it count', async () => {
    const journal = new FileJournal(dir());
    await journal.save(record('job-a', 0));
    await journal.append('job-a', { e: 'ack', n: 1, etag: ETAG, md5: ETAG });
    await writeFile(join(dir(), 'job-a.journal'), '{"e":"ack","n":2,"et', { flag: 'a' });

    const { records, unreadable } = await new FileJournal(dir()).load();

    expect(unreadable).toEqual([]);
    expect(records[0]!.parts).toEqual([{ partNumber: 1, etag: ETAG, md5: ETAG, confirmed: false }]);
  });

  it('the next run appends after a line cut short: the torn line is lost, the record and every later line count', async () => {
    const journal = new FileJournal(dir());
    await journal.save(record('job-a', 0));
    await journal.append('job-a', { e: 'ack', n: 1, etag: ETAG, md5: ETAG });
    await writeFile(join(dir(), 'job-a.journal'), '{"e":"ack","n":2,"et', { flag: 'a' }); // kill -9 mid-write
    const nextRun = new FileJournal(dir());
    await nextRun.load(); // the next run starts by reading what the last one left
    await nextRun.append('job-a', { e: 'ack', n: 3, etag: ETAG, md5: ETAG }); // glued onto the torn line
    await nextRun.append('job-a', { e: 'confirm', n: 3 });

    const { records, unreadable } = await new FileJournal(dir()).load();

    expect(unreadable).toEqual([]);
    expect(records[0]!.parts).toEqual([
      { partNumber: 1, etag: ETAG, md5: ETAG, confirmed: false },
      { partNumber: 3, etag: ETAG, md5: ETAG, confirmed: true },
    ]);
  });

  it('reads a version 1 journal, converts it in place, and says what it could not know', async () => {
    const v1 = {
      version: 1,
      jobId: 'job-old',
      createdAt: 1_600_000_000_000,
      apiUrl: 'https://nomad.test/api',
      userName: 'demo',
      file: { path: '/media/a.mov', size: 20, mtimeMs: 1000 },
      relativePath: 'a.mov',
      displayName: 'a.mov',
      options: record('x').options,
      uploadId: 'up-9',
      assetId: 'asset-9',
      parts: [{ partNumber: 1, etag: ETAG }, { partNumber: 2, etag: '' }],
      paused: true,
    };
    await mkdir(dir(), { recursive: true });
    await writeFile(join(dir(), 'job-old.json'), JSON.stringify(v1));

    const { records, unreadable } = await new FileJournal(dir()).load();

    expect(unreadable).toEqual([]);
    expect(records).toEqual([
      expect.objectContaining({
        version: 2,
        jobId: 'job-old',
        file: { path: '/media/a.mov', size: 20, mtimeMs: 1000, dev: null, ino: null, ctimeMs: null },
        upload: { id: 'up-9', assetId: 'asset-9', proof: 'legacy' },
        startSentAt: null,
        pausedByUser: true,
        // Version 1 kept only confirmed parts; one with no ETag is of no use to a resume.
        parts: [{ partNumber: 1, etag: ETAG, md5: ETAG, confirmed: true }],
        notOurs: [],
      }),
    ]);
    expect(await readdir(dir())).toEqual(['job-old.journal']);
    await expect(new FileJournal(dir()).load()).resolves.toEqual({ records, unreadable: [] });
  });

  it('a version 1 file left beside the file it was migrated to (its removal failed) is dropped: the newer record wins', async () => {
    const v1 = { ...JSON.parse(JSON.stringify(record('job-both'))), version: 1, file: { path: '/a', size: 1, mtimeMs: 1 }, uploadId: 'up-1', assetId: 'asset-1', parts: [], paused: false };
    delete v1.upload;
    delete v1.startSentAt;
    delete v1.pausedByUser;
    await mkdir(dir(), { recursive: true });
    await new FileJournal(dir()).save(record('job-both', 5));
    await writeFile(join(dir(), 'job-both.json'), JSON.stringify(v1));

    const { records, unreadable } = await new FileJournal(dir()).load();

    expect(unreadable).toEqual([]);
    expect(records).toEqual([record('job-both', 5)]);
    expect(await readdir(dir())).toEqual(['job-both.journal']);
  });

  it('a version 1 record without an upload id says a start was sent', async () => {
    const v1 = { ...JSON.parse(JSON.stringify(record('job-v1'))), version: 1, file: { path: '/a', size: 1, mtimeMs: 1 }, uploadId: null, assetId: null, parts: [], paused: false };
    delete v1.upload;
    delete v1.startSentAt;
    delete v1.pausedByUser;
    await mkdir(dir(), { recursive: true });
    await writeFile(join(dir(), 'job-v1.json'), JSON.stringify(v1));
    const { records } = await new FileJournal(dir()).load();
    expect(records[0]).toMatchObject({ upload: null, startSentAt: v1.createdAt, pausedByUser: false });
  });

  it('a new FileJournal over the same folder (the next run of the app) reads what the last one wrote', async () => {
    await new FileJournal(dir()).save(record('job-a', 5));
    const { records } = await new FileJournal(dir()).load();
    expect(records).toEqual([record('job-a', 5)]);
  });

  it('saves atomically: during 200 concurrent saves of a growing record the file always parses, and the last save wins', async () => {
    const journal = new FileJournal(dir());
    const target = join(dir(), 'job-a.journal');
    await journal.save(record('job-a', 0));

    let writing = true;
    const seen: number[] = [];
    const reader = (async () => {
      while (writing) {
        const onDisk = journalRecordSchema.parse(JSON.parse((await readFile(target, 'utf8')).split('\n')[0]!));
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
    expect(await readdir(dir())).toEqual(['job-a.journal']);
  });

  it('a save resolves only once the file holds that record or a newer one', async () => {
    const journal = new FileJournal(dir());
    const target = join(dir(), 'job-a.journal');
    const checks = Array.from({ length: 30 }, (_, i) =>
      journal.save(record('job-a', i + 1)).then(async () => {
        const onDisk = JSON.parse((await readFile(target, 'utf8')).split('\n')[0]!) as JournalRecord;
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
    expect(existsSync(join(dir(), 'job-a.journal'))).toBe(false);
  });

  it('reports unreadable and corrupt files in `unreadable` instead of throwing, and still loads the good ones', async () => {
    const journal = new FileJournal(dir());
    await journal.save(record('job-good', 1));
    await writeFile(join(dir(), 'job-torn.json'), '{"version":1,"jobId":"job-to');
    await writeFile(join(dir(), 'job-old.json'), JSON.stringify({ version: 0, jobId: 'job-old' }));
    await writeFile(join(dir(), 'job-bad.journal'), '{"version":2}\n');
    await writeFile(join(dir(), 'job-badline.journal'), `${JSON.stringify(record('job-badline'))}\n{"e":"nonsense"}\n`);
    await mkdir(join(dir(), 'job-folder.journal'));

    const { records, unreadable } = await journal.load();

    expect(records.map((r) => r.jobId)).toEqual(['job-good']);
    expect(unreadable.sort()).toEqual(
      ['job-bad.journal', 'job-badline.journal', 'job-folder.journal', 'job-old.json', 'job-torn.json'].map((n) => join(dir(), n)).sort(),
    );
  });

  it('ignores a temp file a crash left behind mid-write, and files that are not records', async () => {
    const journal = new FileJournal(dir());
    await journal.save(record('job-a', 1));
    await writeFile(join(dir(), '.job-a.5b7c.tmp'), '{"version":1,"jo');
    await writeFile(join(dir(), 'notes.txt'), 'hello');
    await expect(journal.load()).resolves.toEqual({ records: [record('job-a', 1)], unreadable: [] });
    // The crash's leftover is cleaned up; what is not ours is left alone.
    expect((await readdir(dir())).sort()).toEqual(['job-a.journal', 'notes.txt']);
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

describe('JobJournal (one job\'s side)', () => {
  it('rewrites the record only when the appended lines outgrow it: linear in the number of parts', async () => {
    const store = new MemoryJournal();
    const writes = { save: 0, append: 0 };
    const counting: JournalStore = {
      load: () => store.load(),
      save: (r) => ((writes.save += 1), store.save(r)),
      append: (id, e) => ((writes.append += 1), store.append(id, e)),
      remove: (id) => store.remove(id),
    };
    const journal = new JobJournal(counting, record('job-a', 0), () => undefined);
    await journal.update({ startSentAt: 5 });

    for (let n = 1; n <= 1000; n += 1) {
      await journal.acked(n, ETAG, ETAG);
      await journal.confirmed(n);
    }

    // 2,000 changes; a rewrite each time the lines since the last one exceed max(64, parts).
    expect(writes.save).toBeLessThan(20);
    expect(writes.append + writes.save).toBe(2001);
    const { records } = await store.load();
    expect(records[0]!.parts).toHaveLength(1000);
    expect(records[0]!.parts.every((p) => p.confirmed)).toBe(true);
  });

  it('a failed append falls back to writing the whole record; a failed write is reported, not thrown', async () => {
    const store = new MemoryJournal();
    const errors: string[] = [];
    let failWrites = false;
    const flaky: JournalStore = {
      load: () => store.load(),
      save: (r) => (failWrites ? Promise.reject(Object.assign(new Error('disk full'), { code: 'ENOSPC' })) : store.save(r)),
      append: () => Promise.reject(new Error('EIO')),
      remove: (id) => store.remove(id),
    };
    const journal = new JobJournal(flaky, record('job-a', 0), (error) => errors.push(error.code));
    await journal.acked(1, ETAG, ETAG);
    expect((await store.load()).records[0]!.parts).toEqual([{ partNumber: 1, etag: ETAG, md5: ETAG, confirmed: false }]);

    failWrites = true;
    await expect(journal.confirmed(1)).resolves.toBeUndefined();
    expect(errors).toEqual(['disk-full']);
  });

  it('a whole write that would change nothing is skipped once the store holds the record', async () => {
    const { store, saves } = countingSaves();
    const journal = new JobJournal(store, record('job-a', 0, { upload: null }), () => undefined);
    await journal.begin();
    await journal.update({ startSentAt: 5 });
    await journal.update({ upload: { id: 'up-1', assetId: 'asset-1', proof: 'start-answer' }, startSentAt: null });
    expect(saves()).toBe(3);

    // What a small file's run asks for after the start's answer: the same file, the same (empty) parts.
    await journal.update({ file: { ...journal.record.file } });
    await journal.resetParts([]);
    expect(saves()).toBe(3);

    await journal.acked(1, ETAG, ETAG);
    await journal.resetParts([{ partNumber: 1, etag: ETAG, md5: ETAG, confirmed: false }]);
    expect(saves()).toBe(3);
    await journal.update({ pausedByUser: true });
    expect(saves()).toBe(4);
  });

  it('a write is not skipped while a write or a part line is in flight, after a write failed, or after a removal', async () => {
    const { store, saves, failNext, hold } = countingSaves();
    const journal = new JobJournal(store, record('job-a', 0), () => undefined);
    await journal.update({ startSentAt: 5 });

    const release = hold();
    const first = journal.update({ pausedByUser: true });
    // Same values as the write still on its way: resolving now would claim a durability it lacks.
    const second = journal.update({ pausedByUser: true });
    release();
    await Promise.all([first, second]);
    expect(saves()).toBe(3);

    // A part's line on its way: the same part list must not resolve before it lands.
    const releaseLine = hold();
    const line = journal.acked(1, ETAG, ETAG);
    const parts = journal.resetParts([{ partNumber: 1, etag: ETAG, md5: ETAG, confirmed: false }]);
    releaseLine();
    await Promise.all([line, parts]);
    expect(saves()).toBe(4);

    failNext();
    await journal.update({ pausedByUser: false });
    await journal.update({ pausedByUser: false });
    expect(saves()).toBe(6);

    await journal.remove();
    await journal.update({ pausedByUser: false });
    expect(saves()).toBe(7);
    expect((await store.load()).records[0]).toMatchObject({ jobId: 'job-a', pausedByUser: false });
  });

  it('after remove, late part lines write nothing; an explicit update brings the record back', async () => {
    const store = new MemoryJournal();
    const journal = new JobJournal(store, record('job-a', 0), () => undefined);
    await journal.update({});
    await journal.remove();
    await journal.acked(1, ETAG, ETAG);
    expect(store.records.size).toBe(0);
    await journal.update({ startSentAt: 9 });
    expect(store.records.get('job-a')).toMatchObject({ startSentAt: 9 });
  });
});

/** A MemoryJournal that counts whole saves, can fail the next one, and can hold writes back. */
function countingSaves() {
  const inner = new MemoryJournal();
  let saves = 0;
  let fail = false;
  let gate: Promise<void> | null = null;
  const store: JournalStore = {
    load: () => inner.load(),
    save: async (r) => {
      saves += 1;
      const held = gate;
      if (held) await held;
      if (fail) {
        fail = false;
        throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      }
      await inner.save(r);
    },
    append: async (id, e) => {
      const held = gate;
      if (held) await held;
      await inner.append(id, e);
    },
    remove: (id) => inner.remove(id),
  };
  return {
    store,
    saves: () => saves,
    failNext: () => {
      fail = true;
    },
    hold: (): (() => void) => {
      let open!: () => void;
      gate = new Promise<void>((resolve) => (open = resolve));
      return () => {
        gate = null;
        open();
      };
    },
  };
}
