// A queue over the in-memory cloud and files, on Vitest's fake timers: the harness of the
// job-level tests. Time moves only when the test moves it; the engine's liveness check runs
// every simulated second and every stall it finds fails the test.

import { vi } from 'vitest';
import type { Clock } from '../../../../main/engine/clock';
import type { StallReport } from '../../../../main/engine/liveness';
import { UploadQueue, type UploadQueueOptions } from '../../../../main/engine/queue';
import type { QueueApi } from '../../../../main/engine/queue-options';
import type { PartTransport } from '../../../../main/engine/transfer';
import { FakeCloud, type FakeCloudOptions } from './fake-cloud';
import { MemoryFiles } from './memory-files';

export interface Harness {
  cloud: FakeCloud;
  files: MemoryFiles;
  queue: UploadQueue<QueueApi>;
  /** What the engine's own liveness check found: must stay empty. */
  stalls: StallReport[];
  /** Moves simulated time until the queue is idle; false if it is not within `limitMs`. */
  runUntilIdle(limitMs?: number): Promise<boolean>;
  /** Moves simulated time by `ms`. */
  advance(ms: number): Promise<void>;
}

export interface HarnessOptions {
  cloud?: FakeCloudOptions;
  clock?: Partial<Clock>;
  queue?: Partial<UploadQueueOptions<QueueApi>>;
  /** Wraps the cloud's storage (to count, delay or watch PUTs). */
  wrapTransport?: (transport: PartTransport) => PartTransport;
}

export function fakeClockQueue(options: HarnessOptions = {}): Harness {
  vi.useFakeTimers();
  const cloud = new FakeCloud(options.cloud);
  const files = new MemoryFiles();
  const stalls: StallReport[] = [];
  const queue = new UploadQueue<QueueApi>({
    api: cloud.api,
    files,
    transport: options.wrapTransport ? options.wrapTransport(cloud.transport) : cloud.transport,
    budget: 4,
    stallTimeoutMs: 5_000,
    retryPolicy: { baseDelayMs: 100, maxDelayMs: 2_000, random: () => 0.5 },
    ...(options.clock ? { clock: options.clock } : {}),
    liveness: { intervalMs: 1_000, onStall: (reports) => stalls.push(...reports) },
    ...options.queue,
  });
  const advance = async (ms: number): Promise<void> => {
    await vi.advanceTimersByTimeAsync(ms);
  };
  return {
    cloud,
    files,
    queue,
    stalls,
    advance,
    async runUntilIdle(limitMs = 10 * 60_000) {
      let idle = false;
      void queue.whenIdle().then(() => {
        idle = true;
      });
      for (let elapsed = 0; !idle && elapsed < limitMs; elapsed += 50) await advance(50);
      await advance(0);
      return idle;
    },
  };
}
