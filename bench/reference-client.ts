// Bench-only: the raw-limit reference. As lean as a pre-signed multipart client can be:
// N workers over one file, each part a PUT of a file read stream with undici, no hashing,
// no progress; a part whose connection broke is sent again at once (up to 5 times: the
// emulated hotel link resets connections), nothing else is retried. It calls start itself to get the part URLs (timed, as the engine's
// start is), and after the clock stops it confirms the parts with storage's own ETags and
// completes the upload, untimed, so every run leaves the sandbox in the same finished state
// and the tail the engine pays inside its time (part-complete, complete) is reported apart.
//
//   node out/bench/reference-client.js --server URL --path FILE --concurrency N

import { createReadStream, statSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { request } from 'undici';

const { values } = parseArgs({
  options: {
    server: { type: 'string' },
    path: { type: 'string' },
    concurrency: { type: 'string', default: '6' },
    user: { type: 'string', default: 'demo' },
    password: { type: 'string', default: 'demo' },
  },
});
if (!values.server || !values.path) throw new Error('--server and --path are required');
const api = `${values.server}/api`;
const path = values.path;
const size = statSync(path).size;
const CHUNK = 8 * 1024 * 1024;

async function call(method: string, route: string, token: string | null, body?: unknown): Promise<any> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await request(`${api}${route}`, { method: method as 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${route}: ${res.statusCode} ${text}`);
  return text ? JSON.parse(text) : null;
}

const { token } = await call('POST', '/account/login', null, { userName: values.user, password: values.password });

const delay = monitorEventLoopDelay({ resolution: 10 });
const cpuBefore = process.cpuUsage();
const t0 = performance.now();
delay.enable();
const upload = await call('POST', '/asset/upload/start', token, {
  displayName: basename(path),
  relativePath: basename(path),
  uploadOverwriteOption: 'Cancel',
  contentLength: size,
  chunkSize: CHUNK,
});
const parts: { id: string; url: string; startingPosition: number; endingPosition: number }[] = upload.parts;
const etags = new Map<string, string>();
let next = 0;
async function worker(): Promise<void> {
  for (let i = next++; i < parts.length; i = next++) {
    const part = parts[i]!;
    etags.set(part.id, await putPart(part, i + 1));
  }
}

const ATTEMPTS = 5;
let resets = 0;
async function putPart(part: (typeof parts)[number], number: number): Promise<string> {
  const length = part.endingPosition - part.startingPosition + 1;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const res = await request(part.url, {
        method: 'PUT',
        headers: { 'content-length': String(length) },
        body: createReadStream(path, { start: part.startingPosition, end: part.endingPosition, highWaterMark: 1024 * 1024 }),
      });
      await res.body.dump();
      if (res.statusCode !== 200) throw new Error(`part ${number}: ${res.statusCode}`);
      return String(res.headers.etag).replaceAll('"', '');
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (attempt >= ATTEMPTS || !/ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED/.test(code)) throw error;
      resets += 1;
    }
  }
}
await Promise.all(Array.from({ length: Number(values.concurrency) }, worker));
const t1 = performance.now();
delay.disable();
const cpu = process.cpuUsage(cpuBefore);

// Untimed tail: the same protocol steps the engine performs, with storage's ETags echoed,
// as many at once as there were PUTs (one after another would cost a round trip per part on
// a far link, and only lengthen the run).
let nextConfirm = 0;
await Promise.all(
  Array.from({ length: Number(values.concurrency) }, async () => {
    for (let i = nextConfirm++; i < parts.length; i = nextConfirm++) {
      const part = parts[i]!;
      await call('POST', `/asset/upload/part/${part.id}/complete`, token, { etag: etags.get(part.id) });
    }
  }),
);
await call('POST', `/asset/upload/${upload.id}/complete`, token, {});
const t2 = performance.now();

const ms = (ns: number): number => Math.round((ns / 1e6) * 100) / 100;
process.stdout.write(
  `${JSON.stringify({
    client: 'reference',
    files: 1,
    bytes: size,
    transferMs: Math.round(t1 - t0),
    tailMs: Math.round(t2 - t1),
    resets,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    eventLoopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
    maxRssKiB: process.resourceUsage().maxRSS,
  })}\n`,
);
