// What one upload does when the server and storage misbehave, told as scripts on a fake
// clock: every retry, backoff and timeout happens in simulated time, so each case runs in
// milliseconds and the same way every time. The engine's own liveness check runs each
// simulated second; any stall it reports fails the test.

import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { MemoryJournal, type JournalStore } from '../../../main/engine/journal';
import { createLogger } from '../../../main/engine/log';
import { fakeClockQueue, type Harness } from './support/fake-clock-queue';

const KiB = 1024;

afterEach(async () => {
  vi.useRealTimers();
});

async function closeAll(h: Harness): Promise<void> {
  await h.queue.close();
  expect(h.stalls).toEqual([]);
  expect(h.cloud.pending).toBe(0); // every scripted fault fired
}

function addFile(h: Harness, name: string, size: number): string {
  return h.files.put(`/card/${name}`, randomBytes(size));
}

describe('the last part answered 503 + Retry-After, then 200', () => {
  // The bug this guards against: a retry gated on `Date.now() >= notBefore` after a
  // `setTimeout(delay)` never ran when the timer fired a millisecond early or the wall clock
  // stepped back — the upload sat at 97 % forever with no error.
  const clocks = {
    'a clock in step with its timers': () => ({}),
    'a clock that runs behind its timers': () => ({ now: () => performance.now() * 0.999, wallNow: () => Date.now() * 0.999 }),
    'a clock that steps back 10 s during the backoff': (h: () => Harness) => {
      let offset = 0;
      queueMicrotask(() => {
        h().cloud.onScripted = (what) => {
          if (what.startsWith('put 4')) offset = 10_000;
        };
      });
      return { now: () => performance.now() - offset, wallNow: () => Date.now() - offset };
    },
  };

  it.each(Object.entries(clocks))('with %s: the part is sent again and the job ends done', async (_name, makeClock) => {
    let harness: Harness | null = null;
    const h = fakeClockQueue({ clock: makeClock(() => harness!) });
    harness = h;
    await Promise.resolve();
    const sha = addFile(h, 'A001.mov', 4 * KiB); // 4 parts of 1 KiB
    h.cloud.onPut(4, { kind: 'status', status: 503, retryAfterSeconds: 1 });

    const { added } = await h.queue.enqueue({ paths: ['/card/A001.mov'] });

    expect(await h.runUntilIdle(30_000)).toBe(true);
    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done', error: null, partsConfirmed: 4 });
    expect(h.cloud.assets.get('A001.mov')?.sha256).toBe(sha);
    expect(h.cloud.counts.puts).toBe(5);
    await closeAll(h);
  });

  it('waits at least the Retry-After before sending again', async () => {
    const h = fakeClockQueue();
    addFile(h, 'one.mov', 1 * KiB);
    h.cloud.onPut(1, { kind: 'status', status: 503, retryAfterSeconds: 3 });
    await h.queue.enqueue({ paths: ['/card/one.mov'] });

    await h.advance(2_500);
    expect(h.cloud.counts.puts).toBe(1);
    expect(h.queue.snapshot().jobs[0]).toMatchObject({ state: 'uploading', waiting: 'The server asked to slow down.' });

    expect(await h.runUntilIdle()).toBe(true);
    expect(h.cloud.counts.puts).toBe(2);
    expect(h.queue.snapshot().jobs[0]).toMatchObject({ state: 'done', waiting: null });
    await closeAll(h);
  });
});

describe('pause and cancel while the start is on its way', () => {
  it('paused while starting: the upload the server made is kept, and Resume continues it', async () => {
    const h = fakeClockQueue();
    const sha = addFile(h, 'clip.mov', 3 * KiB);
    h.cloud.onCall('start', { kind: 'hold', ms: 2_000 });
    const { added } = await h.queue.enqueue({ paths: ['/card/clip.mov'] });
    const id = added[0]!.id;
    await h.advance(500);

    h.queue.pause(id);
    await h.advance(3_000);

    expect(h.queue.get(id)).toMatchObject({ state: 'paused', pauseReason: 'user' });
    expect(h.queue.get(id)!.uploadId).not.toBeNull();
    expect(h.cloud.counts.puts).toBe(0);

    h.queue.resume(id);
    expect(await h.runUntilIdle()).toBe(true);

    expect(h.queue.get(id)).toMatchObject({ state: 'done' });
    expect(h.cloud.counts.starts).toBe(1); // continued, not started twice
    expect(h.cloud.assets.get('clip.mov')?.sha256).toBe(sha);
    await closeAll(h);
  });

  it('cancelled while the start is in flight: what the server made is cancelled, nothing is stored', async () => {
    const h = fakeClockQueue();
    addFile(h, 'clip.mov', 3 * KiB);
    h.cloud.onCall('start', { kind: 'hold', ms: 2_000 });
    const { added } = await h.queue.enqueue({ paths: ['/card/clip.mov'] });
    await h.advance(500);

    const cancelled = h.queue.cancel(added[0]!.id);
    await h.advance(5_000);
    await cancelled;

    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'cancelled' });
    expect(h.cloud.counts.cancels).toBe(1);
    expect(h.cloud.openUploads).toBe(0);
    expect(h.cloud.counts.puts).toBe(0);
    expect(h.cloud.assets.size).toBe(0);
    expect(h.queue.openResources()).toEqual({ runs: 0, timers: 0, abortListeners: 0, slots: 0 });
    await closeAll(h);
  });

  it('paused while waiting out a backoff: the timer dies with the run, and nothing is sent while paused', async () => {
    const h = fakeClockQueue();
    addFile(h, 'clip.mov', 2 * KiB);
    h.cloud.onPut(2, { kind: 'status', status: 503, retryAfterSeconds: 30 });
    const { added } = await h.queue.enqueue({ paths: ['/card/clip.mov'] });
    await h.advance(2_000);
    expect(h.queue.openResources().timers).toBe(1);

    h.queue.pause(added[0]!.id);
    expect(h.queue.openResources()).toEqual({ runs: 0, timers: 0, abortListeners: 0, slots: 0 });
    const puts = h.cloud.counts.puts;
    await h.advance(60_000);
    expect(h.cloud.counts.puts).toBe(puts);

    h.queue.resume(added[0]!.id);
    expect(await h.runUntilIdle()).toBe(true);
    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done' });
    await closeAll(h);
  });
});

describe('storage trouble', () => {
  it('a storm of 403s (every URL expired): one listing at a time fetches fresh ones, none counts as a failure', async () => {
    const h = fakeClockQueue();
    const sha = addFile(h, 'clip.mov', 12 * KiB);
    const { added } = await h.queue.enqueue({ paths: ['/card/clip.mov'] });
    await h.advance(200);
    h.cloud.expireUrls();
    await h.advance(300);
    h.cloud.expireUrls();

    expect(await h.runUntilIdle()).toBe(true);

    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done', error: null });
    expect(h.cloud.assets.get('clip.mov')?.sha256).toBe(sha);
    // 4 parts in flight hit 403 together each time; one listing serves them all.
    expect(h.cloud.counts.lists).toBeLessThanOrEqual(3);
    await closeAll(h);
  });

  it('a URL still refused right after a refresh is storage refusing us: the job fails clearly, not forever', async () => {
    const h = fakeClockQueue();
    addFile(h, 'clip.mov', 1 * KiB);
    h.cloud.onPut(1, { kind: 'status', status: 403 }, 4);
    const { added } = await h.queue.enqueue({ paths: ['/card/clip.mov'] });

    expect(await h.runUntilIdle()).toBe(true);

    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'failed', error: { code: 'storage-refused' } });
    expect(h.cloud.counts.cancels).toBe(0); // a failure never cancels
    await closeAll(h);
  });

  it('one part refused again and again while the others go through is unlucky, not refused: it gets there', async () => {
    const h = fakeClockQueue({ cloud: { bytesPerMs: 8 }, queue: { budget: 2 } });
    const sha = addFile(h, 'clip.mov', 12 * KiB);
    h.cloud.onPut(3, { kind: 'status', status: 403 }, 5);
    const { added } = await h.queue.enqueue({ paths: ['/card/clip.mov'] });

    expect(await h.runUntilIdle()).toBe(true);

    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done', error: null });
    expect(h.cloud.assets.get('clip.mov')?.sha256).toBe(sha);
    await closeAll(h);
  });

  it('a stalled PUT is aborted by the watchdog; its late answer changes nothing; the part is sent again once', async () => {
    const h = fakeClockQueue();
    const sha = addFile(h, 'clip.mov', 2 * KiB);
    h.cloud.onPut(2, { kind: 'late' });
    h.cloud.onPut(1, { kind: 'stall' });
    const { added } = await h.queue.enqueue({ paths: ['/card/clip.mov'] });

    expect(await h.runUntilIdle()).toBe(true);

    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done', partsConfirmed: 2 });
    expect(h.cloud.assets.get('clip.mov')?.sha256).toBe(sha);
    expect(h.cloud.counts.puts).toBe(4);
    expect(h.cloud.counts.partCompletes).toBe(2);
    await closeAll(h);
  });

  it('a damaged part (wrong ETag) is sent again; a connection reset mid-body too', async () => {
    const h = fakeClockQueue();
    const sha = addFile(h, 'clip.mov', 3 * KiB);
    h.cloud.onPut(2, { kind: 'wrong-etag' });
    h.cloud.onPut(3, { kind: 'reset' });
    await h.queue.enqueue({ paths: ['/card/clip.mov'] });

    expect(await h.runUntilIdle()).toBe(true);

    expect(h.cloud.assets.get('clip.mov')?.sha256).toBe(sha);
    expect(h.cloud.counts.puts).toBe(5);
    await closeAll(h);
  });
});

describe('part-complete trouble', () => {
  it('part-complete failing twice is retried without sending the bytes again', async () => {
    const h = fakeClockQueue();
    const sha = addFile(h, 'clip.mov', 2 * KiB);
    h.cloud.onCall('part-complete', { kind: 'status', status: 500 }, 2);
    await h.queue.enqueue({ paths: ['/card/clip.mov'] });

    expect(await h.runUntilIdle()).toBe(true);

    expect(h.cloud.assets.get('clip.mov')?.sha256).toBe(sha);
    expect(h.cloud.counts.puts).toBe(2);
    // Two answered 500 (scripted, checked fired in closeAll); then both parts went through.
    expect(h.cloud.counts.partCompletes).toBe(2);
    await closeAll(h);
  });

  it('part-complete refusing the ETag (400) makes the part go again, and only that part', async () => {
    const h = fakeClockQueue({ queue: { budget: 1 } });
    const sha = addFile(h, 'clip.mov', 2 * KiB);
    h.cloud.onCall('part-complete', { kind: 'status', status: 400 });
    await h.queue.enqueue({ paths: ['/card/clip.mov'] });

    expect(await h.runUntilIdle()).toBe(true);

    expect(h.cloud.assets.get('clip.mov')?.sha256).toBe(sha);
    expect(h.cloud.counts.puts).toBe(3);
    await closeAll(h);
  });

  it('complete answering 503 three times: the job waits and then finishes; the user saw why', async () => {
    const h = fakeClockQueue();
    addFile(h, 'clip.mov', 1 * KiB);
    h.cloud.onCall('complete', { kind: 'status', status: 503, retryAfterSeconds: 2 }, 3);
    const { added } = await h.queue.enqueue({ paths: ['/card/clip.mov'] });
    await h.advance(3_000);
    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'completing', waiting: 'The server asked to slow down.' });

    expect(await h.runUntilIdle()).toBe(true);
    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done', waiting: null });
    await closeAll(h);
  });
});

describe('many files share the budget', () => {
  it('a small file gets a slot next to a big one that has every slot busy', async () => {
    const h = fakeClockQueue({ queue: { budget: 2 } });
    addFile(h, 'big.mov', 200 * KiB);
    addFile(h, 'small.srt', 1 * KiB);
    await h.queue.enqueue({ paths: ['/card/big.mov'] });
    await h.advance(500);
    const { added } = await h.queue.enqueue({ paths: ['/card/small.srt'] });

    await h.advance(2_000);

    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done' });
    expect(h.queue.snapshot().jobs.find((j) => j.name === 'big.mov')).toMatchObject({ state: 'uploading' });
    expect(await h.runUntilIdle()).toBe(true);
    await closeAll(h);
  });

  it('never more PUTs in flight than the budget, whatever the number of files', async () => {
    let inFlight = 0;
    let most = 0;
    const h = fakeClockQueue({
      queue: { budget: 3 },
      wrapTransport: (transport) => async (req) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        try {
          return await transport(req);
        } finally {
          inFlight -= 1;
        }
      },
    });
    const paths = Array.from({ length: 20 }, (_, i) => {
      addFile(h, `${i}.mov`, 5 * KiB);
      return `/card/${i}.mov`;
    });
    await h.queue.enqueue({ paths });

    expect(await h.runUntilIdle()).toBe(true);

    expect(most).toBe(3);
    expect(h.cloud.assets.size).toBe(20);
    await closeAll(h);
  });
});

describe('the journal', () => {
  it('a part storage answered is in the journal before its slot goes to the next part (the kill -9 bound)', async () => {
    const events: string[] = [];
    const memory = new MemoryJournal();
    const journal: JournalStore = {
      load: () => memory.load(),
      save: (record) => memory.save(record),
      append: (jobId, event) => {
        events.push(event.e === 'ack' ? `ack ${event.n}` : `confirm ${event.n}`);
        return memory.append(jobId, event);
      },
      remove: (jobId) => memory.remove(jobId),
    };
    const h = fakeClockQueue({
      queue: { budget: 1, journal },
      wrapTransport: (transport) => (req) => {
        events.push(`put ${req.partNumber}`);
        return transport(req);
      },
    });
    addFile(h, 'clip.mov', 3 * KiB);
    await h.queue.enqueue({ paths: ['/card/clip.mov'] });

    expect(await h.runUntilIdle()).toBe(true);

    const order = events.filter((e) => !e.startsWith('confirm'));
    expect(order).toEqual(['put 1', 'ack 1', 'put 2', 'ack 2', 'put 3', 'ack 3']);
    // Part-complete is not in the slot: the next PUT does not wait for it.
    expect(events.indexOf('put 2')).toBeLessThan(events.indexOf('confirm 1'));
    await closeAll(h);
  });

  it('a resume confirms what storage already has from the journal, without sending it again', async () => {
    const memory = new MemoryJournal();
    const first = fakeClockQueue({ queue: { budget: 1, journal: memory } });
    const sha = addFile(first, 'clip.mov', 3 * KiB);
    // Part-complete of part 2 never answers: the process is killed while waiting for it.
    first.cloud.onCall('part-complete', { kind: 'hold', ms: 60_000 }, 2);
    await first.queue.enqueue({ paths: ['/card/clip.mov'] });
    await first.advance(5_000);
    await first.queue.close();
    const record = (await memory.load()).records[0]!;
    expect(record.parts.filter((p) => !p.confirmed).map((p) => p.partNumber)).toEqual(expect.arrayContaining([1]));

    const second = fakeClockQueue({ queue: { budget: 1, journal: memory, api: first.cloud.api, transport: first.cloud.transport, files: first.files } });
    const putsBefore = first.cloud.counts.puts;
    await second.queue.restore();

    expect(await second.runUntilIdle()).toBe(true);

    expect(first.cloud.assets.get('clip.mov')?.sha256).toBe(sha);
    // Only parts storage never answered are sent again.
    expect(first.cloud.counts.puts - putsBefore).toBe(3 - record.parts.length);
    await second.queue.close();
    expect(second.stalls).toEqual([]);
  });
});

describe('the liveness check', () => {
  it('a file check that never returns (a hung network mount) is reported and the job started again', async () => {
    const lines: string[] = [];
    const h = fakeClockQueue({
      queue: {
        // The default reaction: log the stall, start the job again from the server's state.
        liveness: { intervalMs: 1_000 },
        log: createLogger((line) => lines.push(line), 'warn'),
      },
    });
    const sha = addFile(h, 'clip.mov', 2 * KiB);
    const source = h.files.source.bind(h.files);
    let hangs = 1;
    h.files.source = (path) => {
      const real = source(path);
      return {
        path,
        open: async (expected) => {
          const file = await real.open(expected);
          return { ...file, checkUnchanged: () => (hangs-- > 0 ? new Promise<void>(() => undefined) : file.checkUnchanged()) };
        },
      };
    };
    const { added } = await h.queue.enqueue({ paths: ['/card/clip.mov'] });

    expect(await h.runUntilIdle(10 * 60_000)).toBe(true);

    expect(lines.some((l) => /ERROR stalled upload .*overdue: io:file check/.test(l))).toBe(true);
    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done' });
    expect(h.cloud.assets.get('clip.mov')?.sha256).toBe(sha);
    await h.queue.close();
  });
});

describe('who paused it', () => {
  it('sleep pauses as the system; wake resumes only that, never what the person paused', async () => {
    const h = fakeClockQueue();
    addFile(h, 'mine.mov', 20 * KiB);
    addFile(h, 'theirs.mov', 20 * KiB);
    const { added } = await h.queue.enqueue({ paths: ['/card/mine.mov', '/card/theirs.mov'] });
    const [mine, theirs] = added.map((j) => j.id) as [string, string];
    await h.advance(300);
    h.queue.pause(mine);

    h.queue.pauseAll('system'); // the laptop goes to sleep
    expect(h.queue.get(mine)).toMatchObject({ state: 'paused', pauseReason: 'user' });
    expect(h.queue.get(theirs)).toMatchObject({ state: 'paused', pauseReason: 'system' });

    h.queue.resumeAll('system'); // it wakes
    expect(h.queue.get(mine)).toMatchObject({ state: 'paused', pauseReason: 'user' });
    expect(h.queue.get(theirs)!.state).not.toBe('paused');

    h.queue.resumeAll(); // the person presses Resume all
    expect(await h.runUntilIdle()).toBe(true);
    expect(h.queue.snapshot().jobs.map((j) => j.state)).toEqual(['done', 'done']);
    await closeAll(h);
  });

  it('a person pausing what the system paused makes it theirs', async () => {
    const h = fakeClockQueue();
    addFile(h, 'clip.mov', 20 * KiB);
    const { added } = await h.queue.enqueue({ paths: ['/card/clip.mov'] });
    h.queue.pauseAll('system');
    h.queue.pause(added[0]!.id);
    h.queue.resumeAll('system');
    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'paused', pauseReason: 'user' });
    await closeAll(h);
  });

  it('after a restart, what the person paused stays paused and what the system paused resumes', async () => {
    const journal = new MemoryJournal();
    const first = fakeClockQueue({ queue: { journal } });
    addFile(first, 'mine.mov', 20 * KiB);
    addFile(first, 'slept.mov', 20 * KiB);
    const { added } = await first.queue.enqueue({ paths: ['/card/mine.mov', '/card/slept.mov'] });
    await first.advance(300);
    first.queue.pause(added[0]!.id);
    first.queue.pauseAll('system'); // and then the battery dies
    await first.advance(0);
    await first.queue.close();

    const second = fakeClockQueue({ queue: { journal, api: first.cloud.api, transport: first.cloud.transport, files: first.files } });
    const { restored } = await second.queue.restore();

    expect(restored.map((j) => [j.name, j.state])).toEqual(
      expect.arrayContaining([
        ['mine.mov', 'paused'],
        ['slept.mov', expect.stringMatching(/queued|starting/)],
      ]),
    );
    await second.queue.close();
  });
});

describe('storage that never answers', () => {
  it('while the server answers: "storage not responding — retrying (n)", then a clear failure; the upload stays resumable', async () => {
    const h = fakeClockQueue({ queue: { stallTimeoutMs: 5_000, retryPolicy: { storageTimeoutMs: 60_000, baseDelayMs: 100, maxDelayMs: 2_000, random: () => 0.5 } } });
    addFile(h, 'clip.mov', 3 * KiB);
    h.cloud.storageBehaviour = { kind: 'stall' };
    const { added } = await h.queue.enqueue({ paths: ['/card/clip.mov'] });
    const id = added[0]!.id;

    await h.advance(20_000);
    const waiting = h.queue.get(id)!;
    expect(waiting).toMatchObject({ state: 'uploading', bytesDone: 0 });
    expect(waiting.waiting).toMatch(/^Storage is not responding — retrying \(\d+\)$/);
    // Bytes were handed to sockets, none was taken: progress says 0 %, not 100 %.
    expect(h.queue.snapshot().totals.bytesDone).toBe(0);

    expect(await h.runUntilIdle()).toBe(true);
    expect(h.queue.get(id)).toMatchObject({
      state: 'failed',
      error: { code: 'storage-unresponsive', retryable: true, message: expect.stringContaining('while the server answers') },
    });
    expect(h.cloud.counts.cancels).toBe(0);
    expect(h.cloud.openUploads).toBe(1);

    h.cloud.storageBehaviour = null; // storage is back: Retry continues the same upload
    h.queue.retry(id);
    expect(await h.runUntilIdle()).toBe(true);
    expect(h.queue.get(id)).toMatchObject({ state: 'done' });
    expect(h.cloud.counts.starts).toBe(1);
    await closeAll(h);
  });

  it('when the server cannot be reached either, we are offline: it waits as long as it takes, and then finishes', async () => {
    const h = fakeClockQueue({
      cloud: { bytesPerMs: 8 },
      queue: { stallTimeoutMs: 5_000, retryPolicy: { storageTimeoutMs: 60_000, baseDelayMs: 100, maxDelayMs: 2_000, random: () => 0.5 } },
    });
    const sha = addFile(h, 'clip.mov', 12 * KiB);
    const { added } = await h.queue.enqueue({ paths: ['/card/clip.mov'] });
    await h.advance(100); // the first parts are on the wire
    h.cloud.storageBehaviour = { kind: 'stall' };
    h.cloud.apiReachable = false;

    await h.advance(10 * 60_000);
    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'uploading', waiting: 'Waiting for the network…' });

    h.cloud.storageBehaviour = null;
    h.cloud.apiReachable = true;
    expect(await h.runUntilIdle()).toBe(true);
    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done' });
    expect(h.cloud.assets.get('clip.mov')?.sha256).toBe(sha);
    await closeAll(h);
  });
});

describe('the file is the one the upload began with', () => {
  it('a file swapped mid-upload for another of the same size and mtime fails clearly; nothing of it is sent', async () => {
    // ~200 ms a part, one at a time.
    const h = fakeClockQueue({ cloud: { bytesPerMs: 8 }, queue: { budget: 1 } });
    addFile(h, 'clip.mov', 6 * KiB);
    const { added } = await h.queue.enqueue({ paths: ['/card/clip.mov'] });
    await h.advance(600); // a few parts in
    h.files.put('/card/clip.mov', randomBytes(6 * KiB)); // same size, same mtime, another file (mv new old)

    expect(await h.runUntilIdle()).toBe(true);

    expect(h.queue.get(added[0]!.id)).toMatchObject({
      state: 'failed',
      error: { code: 'file-changed', message: expect.stringContaining('clip.mov was replaced by another file') },
    });
    expect(h.cloud.assets.size).toBe(0);
    await closeAll(h);
  });

  it('a resume after the file was rewritten in place with its mtime put back reads back what was sent and refuses to splice', async () => {
    const journal = new MemoryJournal();
    const first = fakeClockQueue({ cloud: { bytesPerMs: 8 }, queue: { budget: 1, journal } });
    addFile(first, 'clip.mov', 6 * KiB);
    await first.queue.enqueue({ paths: ['/card/clip.mov'] });
    await first.advance(600);
    await first.queue.close(); // the app quits with parts sent
    first.files.rewriteInPlace('/card/clip.mov', randomBytes(6 * KiB)); // same inode, size and mtime; ctime moves on

    const second = fakeClockQueue({ queue: { journal, api: first.cloud.api, transport: first.cloud.transport, files: first.files } });
    const { restored } = await second.queue.restore();
    expect(await second.runUntilIdle()).toBe(true);

    expect(second.queue.get(restored[0]!.id)).toMatchObject({
      state: 'failed',
      error: { code: 'file-changed', message: expect.stringMatching(/clip\.mov no longer holds what was uploaded of it \(part \d+ differs\)/) },
    });
    expect(first.cloud.assets.size).toBe(0);
    await second.queue.close();
  });

  it('a resume after a metadata change only (same bytes) checks every part sent and goes on', async () => {
    const journal = new MemoryJournal();
    const first = fakeClockQueue({ cloud: { bytesPerMs: 8 }, queue: { budget: 1, journal } });
    const bytes = randomBytes(6 * KiB);
    const sha = first.files.put('/card/clip.mov', bytes);
    await first.queue.enqueue({ paths: ['/card/clip.mov'] });
    await first.advance(600);
    await first.queue.close();
    first.files.rewriteInPlace('/card/clip.mov', bytes); // same bytes: only the ctime moved (chmod, xattrs)

    const second = fakeClockQueue({ queue: { journal, api: first.cloud.api, transport: first.cloud.transport, files: first.files } });
    const { restored } = await second.queue.restore();
    expect(await second.runUntilIdle()).toBe(true);

    expect(second.queue.get(restored[0]!.id)).toMatchObject({ state: 'done', sha256: sha });
    expect(first.cloud.assets.get('clip.mov')?.sha256).toBe(sha);
    await second.queue.close();
  });

  it('done uploads carry the whole file\'s SHA-256', async () => {
    const h = fakeClockQueue();
    const sha = addFile(h, 'clip.mov', 5 * KiB);
    const { added } = await h.queue.enqueue({ paths: ['/card/clip.mov'] });
    expect(await h.runUntilIdle()).toBe(true);
    expect(h.queue.get(added[0]!.id)).toMatchObject({ state: 'done', sha256: sha });
    await closeAll(h);
  });
});

describe('closing the queue (the app quits)', () => {
  it('leaves every job as it was, writes nothing more of it, and a restart takes it up', async () => {
    const memory = new MemoryJournal();
    const writes: string[] = [];
    const journal: JournalStore = {
      load: () => memory.load(),
      save: (record) => (writes.push('save'), memory.save(record)),
      append: (jobId, event) => (writes.push(event.e), memory.append(jobId, event)),
      remove: (jobId) => (writes.push('remove'), memory.remove(jobId)),
    };
    const first = fakeClockQueue({ cloud: { bytesPerMs: 8 }, queue: { journal } });
    const sha = addFile(first, 'clip.mov', 12 * KiB);
    const { added } = await first.queue.enqueue({ paths: ['/card/clip.mov'] });
    await first.advance(300);

    await first.queue.close();
    const after = writes.length;
    await first.advance(10_000);

    expect(first.queue.get(added[0]!.id)).toMatchObject({ state: 'uploading', error: null });
    expect(writes.slice(after)).toEqual([]);
    const second = fakeClockQueue({ queue: { journal, api: first.cloud.api, transport: first.cloud.transport, files: first.files } });
    await second.queue.restore();
    expect(await second.runUntilIdle()).toBe(true);
    expect(first.cloud.assets.get('clip.mov')?.sha256).toBe(sha);
    await second.queue.close();
  });
});
