// The part size a new upload asks for: 8 MiB until parts have gone, then what one part takes
// about 4 s to send — asked for in the start, kept in the journal, and given up for the
// documented size if the server refuses it.

import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { FileJournal, MemoryJournal } from '../../../main/engine/journal';
import { PART_SIZE, PartSizeAdvisor } from '../../../main/engine/part-size';
import { fakeClockQueue } from './support/fake-clock-queue';
import { sha256 } from './support/memory-files';
import { useTempDir } from './support/temp-dir';

afterEach(() => {
  vi.useRealTimers();
});

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** `count` parts of 8 MiB of a big file went through at `megabytesPerSecond` each. */
function partsWent(advisor: PartSizeAdvisor, count: number, megabytesPerSecond: number): void {
  const bytes = 8 * MiB;
  for (let i = 0; i < count; i += 1) advisor.observe({ bytes, partsInFile: 100, sendMs: bytes / ((megabytesPerSecond * 1e6) / 1000) });
}

describe('the part size for a new upload', () => {
  it('is 8 MiB until the queue has seen 16 parts go', () => {
    const advisor = new PartSizeAdvisor();
    partsWent(advisor, PART_SIZE.minSamples - 1, 40);
    expect(advisor.chunkSizeFor(10 * GiB, 16)).toBe(8 * MiB);
    partsWent(advisor, 1, 40);
    expect(advisor.chunkSizeFor(10 * GiB, 16)).toBe(64 * MiB);
  });

  it('is what one part takes 4 s to send, in whole MiB, between 8 and 64 MiB', () => {
    const at = (megabytesPerSecond: number): number => {
      const advisor = new PartSizeAdvisor();
      partsWent(advisor, 32, megabytesPerSecond);
      return advisor.chunkSizeFor(50 * GiB, 16) / MiB;
    };
    expect(at(0.8)).toBe(8); // wifi shared by 16 parts: 3.2 MB a part, less than the documented size
    expect(at(3.9)).toBe(15); // fibre shared by 16: 15.6 MB
    expect(at(7.8)).toBe(30); // a gigabit shared by 16: 31.2 MB
    expect(at(40)).toBe(64); // 160 MB wanted: the ceiling
  });

  it('leaves a file a part for every slot: a 200 MiB file at 16 in flight gets 13 MiB parts, not 64', () => {
    const advisor = new PartSizeAdvisor();
    partsWent(advisor, 32, 40);
    expect(advisor.chunkSizeFor(200 * MiB, 16)).toBe(13 * MiB);
    expect(advisor.chunkSizeFor(60 * MiB, 16)).toBe(8 * MiB);
  });

  it('never goes below what S3’s 10,000 parts need for the file', () => {
    const advisor = new PartSizeAdvisor();
    partsWent(advisor, 32, 40);
    expect(advisor.chunkSizeFor(700 * GiB, 16)).toBe(72 * MiB);
  });

  it('follows the median: one part stalled behind a reset does not make the next upload’s parts small', () => {
    const advisor = new PartSizeAdvisor();
    partsWent(advisor, 20, 7.8);
    partsWent(advisor, 1, 0.01);
    expect(advisor.chunkSizeFor(50 * GiB, 16)).toBe(30 * MiB);
  });

  it('learns nothing from small files or short parts: their time is round trips', () => {
    const advisor = new PartSizeAdvisor();
    for (let i = 0; i < 100; i += 1) {
      advisor.observe({ bytes: 64 * 1024, partsInFile: 1, sendMs: 1 });
      advisor.observe({ bytes: MiB, partsInFile: 3, sendMs: 1 });
    }
    expect(advisor.partRate).toBeNull();
    expect(advisor.chunkSizeFor(50 * GiB, 16)).toBe(8 * MiB);
  });
});

describe('a new upload after parts went fast', () => {
  /** A queue whose earlier uploads saw 8 MiB parts go at 20 MB/s each. */
  function fastLink(cloud: { maxChunkSize?: number } = {}) {
    const partSizes = new PartSizeAdvisor();
    partsWent(partSizes, 32, 20);
    const journal = new MemoryJournal();
    const h = fakeClockQueue({ cloud: { chunkSize: 'asked', bytesPerMs: 1024 * 1024, ...cloud }, queue: { partSizes, journal } });
    return { h, journal };
  }

  it('asks for larger parts (a part for each of the 4 slots), journals the size before the start, and lands byte-exact', async () => {
    const { h, journal } = fastLink();
    const bytes = randomBytes(48 * MiB);
    h.files.put('/card/A001.mov', bytes);
    const recorded: Array<number | null> = [];
    const startUpload = h.cloud.api.startUpload;
    h.cloud.api.startUpload = async (request, signal) => {
      // What the journal holds as the start goes out: a resume after a lost answer needs it.
      recorded.push(...(await journal.load()).records.map((r) => r.chunkSize));
      return startUpload(request, signal);
    };

    await h.queue.enqueue({ paths: ['/card/A001.mov'] });
    expect(await h.runUntilIdle()).toBe(true);

    expect(h.cloud.startRequests.map((r) => r.chunkSize)).toEqual([12 * MiB]);
    expect(recorded).toEqual([12 * MiB]);
    expect(h.cloud.counts.puts).toBe(4);
    expect([...h.cloud.assets.values()]).toEqual([expect.objectContaining({ size: bytes.length, sha256: sha256(bytes) })]);
    expect(h.stalls).toEqual([]);
  });

  it('a server that refuses the size (400 on chunkSize): asks once more with 8 MiB, and the file lands', async () => {
    const { h } = fastLink({ maxChunkSize: 8 * MiB });
    const bytes = randomBytes(48 * MiB);
    h.files.put('/card/A002.mov', bytes);

    const { added } = await h.queue.enqueue({ paths: ['/card/A002.mov'] });
    expect(await h.runUntilIdle()).toBe(true);

    expect(h.cloud.startRequests.map((r) => r.chunkSize)).toEqual([12 * MiB, 8 * MiB]);
    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done' });
    expect([...h.cloud.assets.values()]).toEqual([expect.objectContaining({ size: bytes.length, sha256: sha256(bytes) })]);
  });
});

describe('the part size across a restart', () => {
  const temp = useTempDir('nomad-part-size-');

  it('a start whose answer was lost asks for the same size on the next run, whatever the link says then; the restored row counts its parts', async () => {
    // The journal on disk, as the app and the CLI keep it: the size must survive the file.
    const journal = new FileJournal(join(temp.dir(), 'journal'));
    const partSizes = new PartSizeAdvisor();
    partsWent(partSizes, 32, 20);
    const first = fakeClockQueue({ cloud: { chunkSize: 'asked', bytesPerMs: 1024 * 1024 }, queue: { partSizes, journal } });
    const bytes = randomBytes(48 * MiB);
    first.files.put('/card/A003.mov', bytes);
    first.cloud.onCall('start', { kind: 'answer-lost' });
    await first.queue.enqueue({ paths: ['/card/A003.mov'] });
    // The start goes out (after the journal's real writes) and makes an upload; its answer never comes back.
    await vi.waitFor(() => expect(first.cloud.counts.starts).toBeGreaterThan(0), { interval: 10, timeout: 10_000 });
    expect(first.cloud.counts.starts).toBe(1);
    await first.queue.close(); // the app quits

    // A fresh process has seen no parts go: its own choice would be 8 MiB.
    const second = fakeClockQueue({ queue: { journal, api: first.cloud.api, transport: first.cloud.transport, files: first.files } });
    const { restored } = await second.queue.restore();
    expect(restored).toEqual([expect.objectContaining({ partsTotal: 4 })]);
    expect(await second.runUntilIdle()).toBe(true);

    // The lost start, then the next run's: refused (the upload exists), recognised as ours, continued.
    expect(first.cloud.startRequests.map((r) => [r.uploadOverwriteOption, r.chunkSize])).toEqual([
      ['Cancel', 12 * MiB],
      ['Cancel', 12 * MiB],
      ['Continue', 12 * MiB],
    ]);
    expect(second.queue.get(restored[0]!.id)).toMatchObject({ state: 'done' });
    expect([...first.cloud.assets.values()]).toEqual([expect.objectContaining({ size: bytes.length, sha256: sha256(bytes) })]);
    await second.queue.close();
  });
});
