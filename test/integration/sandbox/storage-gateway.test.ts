import { readdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import S3rver from 's3rver';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { AssetPartUpload } from '../../../main/engine/protocol';
import {
  call,
  completeUpload,
  confirmPart,
  login,
  md5,
  MiB,
  partBytes,
  putPart,
  sendParts,
  sha256,
  startRequest,
  startUpload,
  testBytes,
  useSandboxes,
} from './sandbox-harness';

const harness = useSandboxes();
const externals: S3rver[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(externals.splice(0).map((server) => server.close()));
});

/** Sends a request line and headers exactly as given (no client library adds a length). */
function rawRequest(origin: string, head: string): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('the storage gateway behaves like S3 for pre-signed part PUTs', () => {
  test('an expired URL is refused with 403 "Request has expired"; a fresh URL from the listing works', async () => {
    const sandbox = await harness.start({ urlTtlSeconds: 1 });
    const { token } = await login(sandbox);
    const source = testBytes(1000, 20);
    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'late.bin', contentLength: source.length }));
    const part = upload.parts?.[0] as AssetPartUpload;

    // X-Amz-Date has one-second resolution: 2 s later a 1-second URL is certainly expired. The
    // clock (Date only) moves instead of the test sleeping, so a slow machine cannot also expire
    // the fresh URL before its PUT.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    vi.setSystemTime(Date.now() + 2100);
    const expired = await putPart(part.url ?? '', source);
    expect(expired.status).toBe(403);
    expect(expired.text).toContain('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
    expect(expired.headers['content-type']).toBe('application/xml');

    const [fresh] = (await call<AssetPartUpload[]>(sandbox, 'GET', `/api/admin/asset/upload/${upload.id}`, { token })).json;
    const retried = await putPart(fresh?.url ?? '', source);
    expect(retried.status).toBe(200);
    expect(retried.etag).toBe(`"${md5(source)}"`);
    expect(sandbox.stats().partPutsByStatus).toEqual({ '403': 1, '200': 1 });
  });

  test('S3 request rules: no chunked bodies (501), a Content-Length is required (411), signed query required (403)', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const source = testBytes(64 * 1024, 21);
    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'rules.bin', contentLength: source.length }));
    const part = upload.parts?.[0] as AssetPartUpload;

    const chunked = await request(part.url ?? '', { method: 'PUT', body: Readable.from([source]) });
    expect(chunked.statusCode).toBe(501);
    expect(await chunked.body.text()).toContain('<Code>NotImplemented</Code>');

    const path = (part.url ?? '').slice(sandbox.url.length);
    const noLength = await rawRequest(sandbox.url, `PUT ${path} HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n\r\n`);
    expect(noLength).toMatch(/^HTTP\/1\.1 411 /);
    expect(noLength).toContain('<Code>MissingContentLength</Code>');

    const unsigned = await putPart(`${sandbox.url}${new URL(part.url ?? '').pathname}?partNumber=1`, source);
    expect(unsigned.status).toBe(403);
    expect((await request(part.url ?? '', { method: 'GET' })).statusCode).toBe(405);

    // Nothing of that reached storage; a proper PUT still works.
    expect((await confirmPart(sandbox, token, part.id, `"${md5(source)}"`)).status).toBe(400);
    await sendParts(sandbox, token, upload, source);
    expect((await completeUpload(sandbox, token, upload.id)).status).toBe(200);
  });

  test('a re-PUT that breaks off mid-body leaves the part that was stored before, as S3 does', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const source = testBytes(5 * MiB, 23);
    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'fragile.bin', contentLength: source.length }));
    await sendParts(sandbox, token, upload, source);
    const part = upload.parts?.[0] as AssetPartUpload;

    // A second PUT of the same part with other bytes, cut off after 3 MiB by the client.
    const other = testBytes(5 * MiB, 24);
    const abort = new AbortController();
    let offset = 0;
    const trickle = new ReadableStream<Uint8Array>({
      async pull(controller) {
        controller.enqueue(other.subarray(offset, offset + MiB));
        offset += MiB;
        await sleep(50);
      },
    });
    const broken = request(part.url ?? '', {
      method: 'PUT',
      body: trickle as unknown as Readable,
      headers: { 'content-length': String(other.length) },
      signal: abort.signal,
    });
    await sleep(200);
    abort.abort();
    await expect(broken).rejects.toThrow();
    await vi.waitFor(() => expect(sandbox.stats().partPutsByStatus.aborted).toBe(1));

    const [listed] = (await call<AssetPartUpload[]>(sandbox, 'GET', `/api/admin/asset/upload/${upload.id}`, { token })).json;
    expect(listed?.isCompleted).toBe(true);
    expect((await completeUpload(sandbox, token, upload.id)).status).toBe(200);
    expect((await sandbox.assets())[0]?.sha256).toBe(sha256(source));
  });

  test('an external S3-compatible endpoint (here a separate s3rver, path-style) stores the parts', async () => {
    const s3Dir = await harness.tempDir();
    const external = new S3rver({ port: 0, address: '127.0.0.1', directory: s3Dir, silent: true, configureBuckets: [{ name: 'media' }] });
    const { port } = await external.run();
    externals.push(external);
    const dataDir = await harness.tempDir();
    const sandbox = await harness.start({
      dataDir,
      storage: { kind: 's3', endpoint: `http://127.0.0.1:${port}`, bucket: 'media', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const { token } = await login(sandbox);
    const source = testBytes(11 * MiB, 25);
    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'remote.bin', contentLength: source.length }));
    expect(upload.parts?.[0]?.url).toContain('/_storage/media/');

    await sendParts(sandbox, token, upload, source);
    expect((await completeUpload(sandbox, token, upload.id)).status).toBe(200);
    expect(await sandbox.assets()).toEqual([expect.objectContaining({ path: 'Incoming/remote.bin', sha256: sha256(source) })]);
    expect(await readdir(dataDir)).not.toContain('s3');

    // Cancel works even though this endpoint has no AbortMultipartUpload.
    const doomed = await startUpload(sandbox, token, startRequest({ relativePath: 'doomed.bin', contentLength: 10 }));
    expect((await call(sandbox, 'POST', `/api/asset/upload/${doomed.id}/cancel`, { token })).status).toBe(200);
    expect((await putPart(doomed.parts?.[0]?.url ?? '', testBytes(10))).status).toBe(404);
  });

  test('discard storage keeps no bytes but answers S3 ETags (MD5 hex) and records size without SHA-256', async () => {
    const dataDir = await harness.tempDir();
    const sandbox = await harness.start({ dataDir, storage: { kind: 'discard' } });
    const { token } = await login(sandbox);
    const source = testBytes(11 * MiB, 22);
    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'bench/void.bin', contentLength: source.length }));
    for (const part of upload.parts ?? []) {
      const bytes = partBytes(source, part);
      const put = await putPart(part.url ?? '', bytes);
      expect(put.status).toBe(200);
      expect(put.etag).toBe(`"${md5(bytes)}"`);
      expect((await confirmPart(sandbox, token, part.id, put.etag ?? '')).status).toBe(200);
    }
    expect((await completeUpload(sandbox, token, upload.id)).status).toBe(200);
    expect(await sandbox.assets()).toEqual([expect.objectContaining({ path: 'Incoming/bench/void.bin', size: source.length, sha256: null })]);
    expect(sandbox.stats().partBytesReceived).toBe(source.length);
    // No s3 folder: only the lock, the state snapshot and its journal.
    expect((await readdir(dataDir)).sort()).toEqual(['sandbox.lock', 'state-0.log', 'state.json']);
  });
});
