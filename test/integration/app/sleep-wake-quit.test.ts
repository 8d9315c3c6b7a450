// Sleep, wake and quit as service verbs, against a real sandbox over HTTP: a system pause is
// never journalled as the user's, wake resumes only what sleep paused, and quitting in the
// middle of an upload leaves it to continue on the next start without re-sending its parts.

import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FileJournal, type JournalRecord } from '../../../main/engine/journal';
import type { JobView } from '../../../main/engine/views';
import { MemorySecretStore } from '../../../main/app-core/secret-store';
import { MemorySettingsStore } from '../../../main/app-core/settings';
import { UploaderService, type ServiceEvent } from '../../../main/app-core/uploader-service';
import { MiB, makeTempDir, sha256File, writeRandomFile } from '../../support/files';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';

let temp: { dir: string; cleanup: () => Promise<void> };
let sandbox: TestSandbox;
const services: UploaderService[] = [];

beforeAll(async () => {
  temp = await makeTempDir('nomad-sleep-');
  sandbox = await startTestSandbox();
});

afterEach(async () => {
  sandbox.sandbox.faults.clear();
  for (const service of services.splice(0)) await service.shutdown();
});

afterAll(async () => {
  await sandbox?.close();
  await temp?.cleanup();
});

/** One app start: a service on the shared sandbox, journalling into `journalDir`. */
async function startApp(journalDir: string): Promise<UploaderService> {
  const service = new UploaderService({
    settings: new MemorySettingsStore(),
    secrets: new MemorySecretStore(),
    journalDir,
    // The sandbox outlives each "app start", like its data folder outlives the app.
    startSandbox: async () => ({ url: sandbox.sandbox.url, close: async () => undefined }),
  });
  services.push(service);
  await service.start();
  return service;
}

/** Resolves with the first job view, among queue updates from now on, that matches. */
function jobWhen(service: UploaderService, match: (job: JobView) => boolean): Promise<JobView> {
  return new Promise((resolve) => {
    const off = service.onEvent((event: ServiceEvent) => {
      if (event.type !== 'queueUpdate') return;
      const job = event.update.changed.find(match);
      if (job) {
        off();
        resolve(job);
      }
    });
  });
}

const byName = (service: UploaderService, name: string): JobView => {
  const job = service.jobs.queue.snapshot().jobs.find((j) => j.name === name);
  if (!job) throw new Error(`${name} is not in the queue`);
  return job;
};

/** What the journal holds on disk: what the engine reads on the next start. */
async function journalRecords(dir: string): Promise<JournalRecord[]> {
  const { records, unreadable } = await new FileJournal(dir).load();
  expect(unreadable).toEqual([]);
  return records;
}

/** The second part of every upload stalls on the wire, so an upload is reliably mid-flight. */
function stallSecondParts(): void {
  sandbox.sandbox.faults.add({ kind: 'part-stall', nth: 2, times: 10, afterBytes: MiB, stallMs: 600_000 });
}

describe('sleep and wake', () => {
  it('pauses everything for sleep as the system, and wake resumes only that', async () => {
    const dir = join(temp.dir, 'sleep');
    const running = join(dir, 'files', 'running.mov');
    const mine = join(dir, 'files', 'paused-by-me.mov');
    await writeRandomFile(running, 16 * MiB);
    await writeRandomFile(mine, 16 * MiB);
    stallSecondParts();
    const service = await startApp(join(dir, 'journal'));

    const firstPartIn = jobWhen(service, (j) => j.name === 'running.mov' && j.partsConfirmed >= 1);
    await service.enqueuePaths([running, mine]);
    service.jobs.queue.pause(byName(service, 'paused-by-me.mov').id);
    await firstPartIn;

    service.suspend();
    expect(byName(service, 'running.mov')).toMatchObject({ state: 'paused', pauseReason: 'system' });
    expect(byName(service, 'paused-by-me.mov')).toMatchObject({ state: 'paused', pauseReason: 'user' });
    expect(service.isUploading).toBe(false);

    sandbox.sandbox.faults.clear();
    const done = jobWhen(service, (j) => j.name === 'running.mov' && j.state === 'done');
    service.wake();
    expect(byName(service, 'paused-by-me.mov')).toMatchObject({ state: 'paused', pauseReason: 'user' });
    await done;
    expect(byName(service, 'paused-by-me.mov').state).toBe('paused');
  });

  it('a laptop that dies asleep brings its uploads back running, and the user’s pauses back paused', async () => {
    const dir = join(temp.dir, 'dies-asleep');
    const running = join(dir, 'files', 'a.mov');
    const mine = join(dir, 'files', 'b.mov');
    const sha = await writeRandomFile(running, 16 * MiB);
    await writeRandomFile(mine, 4 * MiB);
    stallSecondParts();
    const first = await startApp(join(dir, 'journal'));
    const firstPartIn = jobWhen(first, (j) => j.name === 'a.mov' && j.partsConfirmed >= 1);
    await first.enqueuePaths([running, mine]);
    first.jobs.pause(byName(first, 'b.mov').id);
    await firstPartIn;

    first.suspend();
    // The battery dies: no quit, no shutdown; what is on disk is what the next start finds.
    await first.shutdown();
    const records = await journalRecords(join(dir, 'journal'));
    expect(records.find((r) => r.file.path === running)).toMatchObject({ pausedByUser: false });
    expect(records.find((r) => r.file.path === mine)).toMatchObject({ pausedByUser: true });

    sandbox.sandbox.faults.clear();
    const next = await startApp(join(dir, 'journal'));
    expect(byName(next, 'b.mov')).toMatchObject({ state: 'paused', pauseReason: 'user' });
    expect(byName(next, 'a.mov').state).not.toBe('paused');
    await jobWhen(next, (j) => j.name === 'a.mov' && j.state === 'done');
    const stored = (await sandbox.sandbox.assets()).find((a) => a.path === 'Incoming/a.mov');
    expect(stored?.sha256).toBe(sha);
  });
});

describe('quit while uploading', () => {
  it('stops every upload as a system pause with its record on disk, and the next start finishes it without re-sending confirmed parts', async () => {
    const dir = join(temp.dir, 'quit');
    const path = join(dir, 'files', 'interview.mov');
    const sha = await writeRandomFile(path, 16 * MiB);
    expect(await sha256File(path)).toBe(sha);
    stallSecondParts();
    const first = await startApp(join(dir, 'journal'));
    const firstPartIn = jobWhen(first, (j) => j.partsConfirmed >= 1);
    await first.enqueuePaths([path]);
    await firstPartIn;
    expect(first.isUploading).toBe(true);

    await first.quit();

    expect(first.hasQueue).toBe(false);
    const [record] = await journalRecords(join(dir, 'journal'));
    expect(record).toMatchObject({ file: { path }, pausedByUser: false, upload: { id: expect.any(String) } });
    expect(record?.parts).toEqual([{ partNumber: expect.any(Number), etag: expect.any(String), md5: expect.any(String), confirmed: true }]);

    sandbox.sandbox.faults.clear();
    const received = sandbox.sandbox.stats();
    const next = await startApp(join(dir, 'journal'));
    await jobWhen(next, (j) => j.name === 'interview.mov' && j.state === 'done');
    const stored = (await sandbox.sandbox.assets()).find((a) => a.path === 'Incoming/interview.mov');
    expect(stored?.sha256).toBe(sha);
    // Only the second 8 MiB part travels again.
    expect(sandbox.sandbox.stats().partBytesReceived - received.partBytesReceived).toBe(8 * MiB);
  });

  it('quitting with a card of 100 clips queued brings every one back on the next start, and each is uploaded once', async () => {
    const dir = join(temp.dir, 'card');
    const paths = Array.from({ length: 100 }, (_, i) => join(dir, 'files', 'card', `C${String(i).padStart(3, '0')}.mov`));
    for (const path of paths) await writeRandomFile(path, 64 * 1024);
    // Every part holds on the wire: the clips that began stay mid-flight, the rest stay queued.
    sandbox.sandbox.faults.add({ kind: 'part-stall', times: 1000, afterBytes: 1024, stallMs: 600_000 });
    const first = await startApp(join(dir, 'journal'));
    const begun = jobWhen(first, (j) => j.state === 'uploading');
    await first.enqueuePaths([join(dir, 'files', 'card')]);
    await begun;
    const queued = first.jobs.queue.snapshot().totals.counts.queued;
    expect(queued).toBeGreaterThan(0);

    await first.quit();

    expect(await journalRecords(join(dir, 'journal'))).toHaveLength(100);
    sandbox.sandbox.faults.clear();
    const next = await startApp(join(dir, 'journal'));
    expect(next.jobs.queue.snapshot().jobs).toHaveLength(100);
    if (next.jobs.queue.snapshot().totals.counts.done < 100) await jobWhen(next, () => next.jobs.queue.snapshot().totals.counts.done === 100);
    const stored = (await sandbox.sandbox.assets()).filter((a) => a.path.startsWith('Incoming/card/'));
    expect(stored.map((a) => a.displayName).sort()).toEqual(paths.map((p) => p.slice(p.lastIndexOf('/') + 1)).sort());
  });

  it('is harmless with nothing to upload, and when not signed in', async () => {
    const service = await startApp(join(temp.dir, 'idle', 'journal'));
    expect(service.isUploading).toBe(false);
    service.suspend();
    service.wake();
    await service.quit();
    expect(service.isUploading).toBe(false);
    service.suspend();
    service.wake();
    await expect(service.quit()).resolves.toBeUndefined();
  });
});
