// The retry-timer hang of November 2026, reproduced through the public API the engine has
// always had (NomadApi + UploadQueue + undici dispatcher), so the same test can be run
// against the code before the fix — where it fails — and after it.
//
// The last part is answered 503 + Retry-After: 1, then 200, while the job's clock runs
// behind its timers (or steps back). The old job armed `setTimeout(delay)` and then gated
// the retry on `now() >= notBefore`; when the timer fired "early" by the job's clock, the
// part was never looked at again and the upload sat at 97 % forever. Here the only part of
// an empty file plays the last part: an undici MockAgent can answer a PUT with no body.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { NomadApi } from '../../../main/engine/api';
import { UploadQueue } from '../../../main/engine/queue';

const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nomad-clock-'));
});

afterEach(async () => {
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

function scriptedServer(onSlowDown: () => void): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const nomad = agent.get('https://nomad.test');
  const part = { id: 'p-1', url: 'https://s3.test/b/k?partNumber=1&X-Amz-Signature=abc', partNumber: 1, startingPosition: 0, endingPosition: -1, isCompleted: false };
  nomad.intercept({ method: 'POST', path: '/api/asset/upload/start' }).reply(200, { id: 'up-1', assetId: 'asset-1', parts: [part] });
  nomad.intercept({ method: 'POST', path: '/api/asset/upload/part/p-1/complete' }).reply(200, '');
  nomad.intercept({ method: 'POST', path: '/api/asset/upload/up-1/complete' }).reply(200, '');
  const s3 = agent.get('https://s3.test');
  const put = { method: 'PUT', path: (path: string) => path.startsWith('/b/k') };
  s3.intercept(put).reply(() => {
    onSlowDown();
    return {
      statusCode: 503,
      data: '<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>',
      responseOptions: { headers: { 'retry-after': '1' } },
    };
  });
  s3.intercept(put).reply(200, '', { headers: { etag: `"${EMPTY_MD5}"` } });
  return agent;
}

interface JobClock {
  now: () => number;
  monotonic: () => number;
  /** Called when storage answers the 503: the backoff begins. */
  onSlowDown: () => void;
}

const clocks: Record<string, () => JobClock> = {
  'runs behind its timers': () => ({ now: () => Date.now() * 0.999, monotonic: () => performance.now() * 0.999, onSlowDown: () => undefined }),
  'steps back 10 s during the backoff': () => {
    // An NTP correction or a time sync after wake, while the retry waits.
    let offset = 0;
    return {
      now: () => Date.now() - offset,
      monotonic: () => performance.now() - offset,
      onSlowDown: () => {
        setTimeout(() => {
          offset = 10_000;
        }, 500);
      },
    };
  },
};

it.each(Object.entries(clocks))('the last part answered 503 + Retry-After, then 200: done, with a job clock that %s', { timeout: 40_000 }, async (_name, makeClock) => {
  // Timers and clocks are fake; setImmediate stays real so the file system can answer.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
  const clock = makeClock();
  const agent = scriptedServer(clock.onSlowDown);
  const path = join(dir, 'last-part.mov');
  await writeFile(path, '');
  const api = new NomadApi({
    serverUrl: 'https://nomad.test',
    dispatcher: agent,
    session: { token: 't', refreshToken: 'r', expiresAt: Number.MAX_SAFE_INTEGER, userName: 'demo' },
  });
  const queue = new UploadQueue({
    api,
    dispatcher: agent,
    now: clock.now,
    clock: { now: clock.monotonic, wallNow: clock.now },
    retryPolicy: { baseDelayMs: 100, maxDelayMs: 2000, random: () => 0.5 },
  });
  const { added } = await queue.enqueue({ paths: [path] });
  let idle = false;
  void queue.whenIdle().then(() => {
    idle = true;
  });

  // Simulated time moves 100 ms a step while the real file system answers in its own time:
  // up to 20 s of real time (process.hrtime is not faked), far more than the one-second
  // backoff needs. The code before the fix never got there however long it was given.
  const deadline = process.hrtime.bigint() + 20_000_000_000n;
  while (!idle && process.hrtime.bigint() < deadline) {
    await vi.advanceTimersByTimeAsync(100);
    await new Promise((resolve) => setImmediate(resolve));
  }

  expect(queue.get(added[0]!.id)).toMatchObject({ state: 'done', error: null });
  agent.assertNoPendingInterceptors();
  await queue.close();
  await agent.close();
});
