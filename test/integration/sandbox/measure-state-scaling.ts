// Measures what the sandbox state costs as it grows: time per login after N logins, and files/s
// for small uploads. Run: npx jiti test/integration/sandbox/measure-state-scaling.ts
// (LOGINS, FILES and CONCURRENCY from the environment, defaults 500, 500, 8; STORAGE=discard
// leaves s3rver out, so what remains is the sandbox's own cost: state, gateway, API).
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { startSandbox } from '../../../main/sandbox';

const LOGINS = Number(process.env.LOGINS ?? 500);
const FILES = Number(process.env.FILES ?? 500);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);

async function post(url: string, body: unknown, token?: string): Promise<any> {
  const res = await request(url, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const dir = await mkdtemp(join(tmpdir(), 'measure-state-'));
const sandbox = await startSandbox({ dataDir: dir, storage: { kind: process.env.STORAGE === 'discard' ? 'discard' : 'embedded' } });
const api = sandbox.apiUrl;
const login = () => post(`${api}/account/login`, { userName: 'demo', password: 'demo' });
let t0 = performance.now();
for (let i = 0; i < LOGINS; i++) await login();
const firstMs = (performance.now() - t0) / LOGINS;
t0 = performance.now();
const probe = 50;
for (let i = 0; i < probe; i++) await login();
const afterMs = (performance.now() - t0) / probe;
console.log(`logins: mean ${firstMs.toFixed(2)} ms over the first ${LOGINS}; ${afterMs.toFixed(2)} ms per login after ${LOGINS}`);

const { token } = await login();
const bytes = Buffer.alloc(64 * 1024, 7);
let next = 0;
t0 = performance.now();
const phases = { start: 0, put: 0, partComplete: 0, complete: 0 };
const timed = async <T>(phase: keyof typeof phases, work: () => Promise<T>): Promise<T> => {
  const began = performance.now();
  try {
    return await work();
  } finally {
    phases[phase] += performance.now() - began;
  }
};
async function worker(): Promise<void> {
  while (next < FILES) {
    const i = next++;
    const upload = await timed('start', () => post(`${api}/asset/upload/start`, { uploadOverwriteOption: 'Cancel', relativePath: `small/f${i}.bin`, contentLength: bytes.length, chunkSize: 8 * 1024 * 1024 }, token));
    for (const part of upload.parts) {
      const put = await timed('put', async () => {
        const answer = await request(part.url, { method: 'PUT', body: bytes, headers: { 'content-length': String(bytes.length) } });
        await answer.body.text();
        return answer;
      });
      await timed('partComplete', () => post(`${api}/asset/upload/part/${part.id}/complete`, { etag: put.headers.etag }, token));
    }
    await timed('complete', () => post(`${api}/asset/upload/${upload.id}/complete`, undefined, token));
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const seconds = (performance.now() - t0) / 1000;
console.log(`small files: ${FILES} × 64 KiB, ${CONCURRENCY} at a time: ${(FILES / seconds).toFixed(0)} files/s (${seconds.toFixed(2)} s)`);
console.log(`mean latency per call, ms: ${Object.entries(phases).map(([phase, ms]) => `${phase} ${(ms / FILES).toFixed(1)}`).join(', ')}`);
await sandbox.close();
let stateBytes = 0;
for (const name of await readdir(dir)) if (name.startsWith('state')) stateBytes += (await stat(join(dir, name))).size;
console.log(`state on disk at the end: ${(stateBytes / 1024).toFixed(0)} KiB`);
await rm(dir, { recursive: true, force: true });
