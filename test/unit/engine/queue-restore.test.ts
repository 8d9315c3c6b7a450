// Bringing jobs back from the journal after a restart: what the user sees before the
// server has even been asked.

import { describe, expect, it } from 'vitest';
import { NomadApi } from '../../../main/engine/api';
import { MemoryJournal, type JournalRecord } from '../../../main/engine/journal';
import { UploadQueue } from '../../../main/engine/queue';

const MiB = 1024 * 1024;

function record(overrides: Partial<JournalRecord>): JournalRecord {
  return {
    version: 2,
    jobId: 'job-1',
    createdAt: 1,
    apiUrl: 'http://nomad.test/api',
    userName: 'demo',
    file: { path: '/media/card/A001.mov', size: 20 * MiB, mtimeMs: 1000, dev: 1, ino: 2, ctimeMs: 1000 },
    relativePath: 'card/A001.mov',
    displayName: 'A001.mov',
    options: { parentId: null, languageId: null, relatedContentId: null, existingAssetId: null, overwrite: 'Ask', replaceOptions: [] },
    upload: { id: 'upload-1', assetId: 'asset-1', proof: 'start-answer' },
    startSentAt: null,
    notOurs: [],
    parts: [
      { partNumber: 1, etag: 'a'.repeat(32), md5: 'a'.repeat(32), confirmed: true },
      { partNumber: 3, etag: 'b'.repeat(32), md5: 'b'.repeat(32), confirmed: true },
      // Acked by storage, not confirmed: not shown as done until the server says so.
      { partNumber: 2, etag: 'c'.repeat(32), md5: 'c'.repeat(32), confirmed: false },
    ],
    pausedByUser: true,
    chunkSize: null,
    ...overrides,
  };
}

describe('restoring from the journal', () => {
  it('a paused job comes back paused, showing the progress the journal recorded', async () => {
    const journal = new MemoryJournal();
    await journal.save(record({}));
    const queue = new UploadQueue({ api: new NomadApi({ serverUrl: 'http://nomad.test' }), journal });

    const { restored } = await queue.restore();

    // Parts 1 (8 MiB) and 3 (the last 4 MiB of 20 MiB) were confirmed.
    expect(restored).toEqual([
      expect.objectContaining({ state: 'paused', bytesConfirmed: 12 * MiB, partsConfirmed: 2, partsTotal: 3, uploadId: 'upload-1' }),
    ]);
    await queue.close();
  });

  it('records of another server stay in the journal untouched', async () => {
    const journal = new MemoryJournal();
    await journal.save(record({ apiUrl: 'https://other.example/api' }));
    const queue = new UploadQueue({ api: new NomadApi({ serverUrl: 'http://nomad.test' }), journal });

    expect((await queue.restore()).restored).toEqual([]);
    expect(journal.records.size).toBe(1);
    await queue.close();
  });
});
