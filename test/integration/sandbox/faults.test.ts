import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import type { AssetPartUpload, AssetUpload, LoginResponse } from '../../../main/engine/protocol';
import type { PendingFault } from '../../../main/sandbox';
import {
  call,
  confirmPart,
  login,
  md5,
  MiB,
  partBytes,
  putPart,
  startRequest,
  startUpload,
  testBytes,
  useSandboxes,
} from './sandbox-harness';

const harness = useSandboxes();

async function uploadWithOnePart(size: number) {
  const sandbox = await harness.start();
  const { token, refreshToken } = await login(sandbox);
  const source = testBytes(size, 30);
  const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'faulty.bin', contentLength: source.length }));
  const part = upload.parts?.[0] as AssetPartUpload;
  return { sandbox, token, refreshToken, source, upload, part };
}

describe('faults fire when asked, once (or n times), counted from when they are set', () => {
  test('faults are set, listed and cleared over HTTP; invalid ones are refused', async () => {
    const { sandbox } = await uploadWithOnePart(10);
    const added = await call<{ added: PendingFault[]; pending: PendingFault[] }>(sandbox, 'POST', '/_sandbox/faults', {
      json: [
        { kind: 'part-status', status: 503, retryAfterSeconds: 2 },
        { kind: 'api-status', route: 'start', nth: 2, times: 3, status: 500 },
      ],
    });
    expect(added.status).toBe(200);
    expect(added.json.added).toEqual([
      { id: 1, fault: { kind: 'part-status', status: 503, retryAfterSeconds: 2 }, skipsLeft: 0, timesLeft: 1 },
      { id: 2, fault: { kind: 'api-status', route: 'start', nth: 2, times: 3, status: 500 }, skipsLeft: 1, timesLeft: 3 },
    ]);
    expect((await call<PendingFault[]>(sandbox, 'GET', '/_sandbox/faults')).json).toHaveLength(2);
    expect(sandbox.faults.pending()).toHaveLength(2);

    for (const invalid of [{ kind: 'part-status', status: 418 }, { kind: 'part-reset' }, { kind: 'nope' }, { kind: 'api-status', route: 'start' }, { kind: 'part-stall', afterBytes: 1, stallMs: 1, extra: true }]) {
      const refused = await call(sandbox, 'POST', '/_sandbox/faults', { json: invalid });
      expect({ invalid, status: refused.status }).toEqual({ invalid, status: 400 });
    }
    expect((await call(sandbox, 'POST', '/_sandbox/faults', { raw: '{' })).status).toBe(400);

    expect((await call(sandbox, 'DELETE', '/_sandbox/faults')).json).toEqual({ cleared: 2 });
    expect((await call(sandbox, 'GET', '/_sandbox/faults')).json).toEqual([]);
  });

  test('part-status answers the nth next part PUT with that status and Retry-After, without storing it', async () => {
    const { sandbox, token, source, part } = await uploadWithOnePart(1000);
    sandbox.faults.add([{ kind: 'part-status', status: 503, retryAfterSeconds: 7 }, { kind: 'part-status', nth: 2, status: 500, times: 2 }]);

    const busy = await putPart(part.url ?? '', source);
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('7');
    expect(busy.text).toContain('<Code>SlowDown</Code>');
    expect((await confirmPart(sandbox, token, part.id, `"${md5(source)}"`)).status).toBe(400);

    expect((await putPart(part.url ?? '', source)).status).toBe(500);
    expect((await putPart(part.url ?? '', source)).status).toBe(500);
    const ok = await putPart(part.url ?? '', source);
    expect(ok.status).toBe(200);
    expect(sandbox.stats()).toMatchObject({ faultsFired: 3, partPutsByStatus: { '503': 1, '500': 2, '200': 1 } });
    expect(sandbox.faults.pending()).toEqual([]);
  });

  test('part-reset cuts the connection after afterBytes; nothing is stored', async () => {
    const { sandbox, token, source, part } = await uploadWithOnePart(5 * MiB);
    sandbox.faults.add({ kind: 'part-reset', afterBytes: MiB });

    await expect(putPart(part.url ?? '', source)).rejects.toThrow();
    expect(sandbox.stats().partPutsByStatus).toEqual({ reset: 1 });
    expect((await confirmPart(sandbox, token, part.id, `"${md5(source)}"`)).status).toBe(400);

    const again = await putPart(part.url ?? '', source);
    expect(again.status).toBe(200);
    expect((await confirmPart(sandbox, token, part.id, again.etag ?? '')).status).toBe(200);
  });

  test('part-stall holds the body after afterBytes for stallMs, then the PUT completes normally', async () => {
    const { sandbox, token, source, part } = await uploadWithOnePart(5 * MiB);
    sandbox.faults.add({ kind: 'part-stall', afterBytes: MiB, stallMs: 1500 });

    const started = performance.now();
    const put = putPart(part.url ?? '', source);
    await sleep(700);
    // Mid-stall, the gateway has taken exactly afterBytes of the body.
    expect(sandbox.stats().partBytesReceived).toBe(MiB);
    const result = await put;
    expect(performance.now() - started).toBeGreaterThanOrEqual(1450);
    expect(result.status).toBe(200);
    expect(result.etag).toBe(`"${md5(source)}"`);
    expect((await confirmPart(sandbox, token, part.id, result.etag ?? '')).status).toBe(200);
  });

  test('part-wrong-etag stores the part but answers a wrong (well-formed) ETag', async () => {
    const { sandbox, token, source, part } = await uploadWithOnePart(1000);
    sandbox.faults.add({ kind: 'part-wrong-etag' });

    const put = await putPart(part.url ?? '', source);
    expect(put.status).toBe(200);
    expect(put.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(put.etag).not.toBe(`"${md5(source)}"`);
    expect((await confirmPart(sandbox, token, part.id, put.etag ?? '')).status).toBe(400);
    // The bytes themselves were stored: a client that trusts its own MD5 can confirm them.
    expect((await confirmPart(sandbox, token, part.id, md5(source))).status).toBe(200);
  });

  test('expire-urls expires every URL issued so far; URLs issued afterwards work (even within the same second)', async () => {
    const { sandbox, token, source, upload, part } = await uploadWithOnePart(1000);
    expect((await call(sandbox, 'POST', '/_sandbox/faults', { json: { kind: 'expire-urls' } })).status).toBe(200);
    expect(sandbox.stats().faultsFired).toBe(1);
    expect(sandbox.faults.pending()).toEqual([]);

    const stale = await putPart(part.url ?? '', source);
    expect(stale.status).toBe(403);
    expect(stale.text).toContain('Request has expired');

    const [fresh] = (await call<AssetPartUpload[]>(sandbox, 'GET', `/api/admin/asset/upload/${upload.id}`, { token })).json;
    expect((await putPart(fresh?.url ?? '', source)).status).toBe(200);
  });

  test('expire-tokens expires every access token issued so far; refresh tokens still work', async () => {
    const { sandbox, token, refreshToken } = await uploadWithOnePart(10);
    sandbox.faults.add({ kind: 'expire-tokens' });
    expect((await call(sandbox, 'GET', '/api/admin/asset/upload', { token })).status).toBe(401);

    const renewed = await call<LoginResponse>(sandbox, 'POST', '/api/account/refresh-token', { json: { refreshToken } });
    expect(renewed.status).toBe(200);
    expect((await call(sandbox, 'GET', '/api/admin/asset/upload', { token: renewed.json.token ?? '' })).status).toBe(200);
  });

  test('api-status answers the nth next call of a route with that status, or with a non-JSON 200', async () => {
    const { sandbox, token, refreshToken, source, upload, part } = await uploadWithOnePart(1000);
    sandbox.faults.add([
      { kind: 'api-status', route: 'start', status: 503, retryAfterSeconds: 3 },
      { kind: 'api-status', route: 'admin-upload', body: 'garbage' },
      { kind: 'api-status', route: 'part-complete', nth: 2, status: 500 },
      { kind: 'api-status', route: 'complete', status: 502 },
      { kind: 'api-status', route: 'refresh-token', status: 429, retryAfterSeconds: 1 },
      { kind: 'api-status', route: 'login', status: 500 },
    ]);

    const start = await call(sandbox, 'POST', '/api/asset/upload/start', { token, json: startRequest({ relativePath: 'other.bin', contentLength: 5 }) });
    expect(start.status).toBe(503);
    expect(start.headers['retry-after']).toBe('3');
    expect(start.json).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect((await call(sandbox, 'POST', '/api/asset/upload/start', { token, json: startRequest({ relativePath: 'other.bin', contentLength: 5 }) })).status).toBe(200);

    const garbage = await call<AssetUpload[]>(sandbox, 'GET', '/api/admin/asset/upload', { token });
    expect(garbage.status).toBe(200);
    expect(garbage.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(garbage.text)).toThrow();
    expect((await call(sandbox, 'GET', '/api/admin/asset/upload', { token })).status).toBe(200);

    const put = await putPart(part.url ?? '', source);
    expect((await confirmPart(sandbox, token, part.id, put.etag ?? '')).status).toBe(200);
    expect((await confirmPart(sandbox, token, part.id, put.etag ?? '')).status).toBe(500);
    expect((await confirmPart(sandbox, token, part.id, put.etag ?? '')).status).toBe(200);

    expect((await call(sandbox, 'POST', `/api/asset/upload/${upload.id}/complete`, { token })).status).toBe(502);
    expect((await call(sandbox, 'POST', `/api/asset/upload/${upload.id}/complete`, { token })).status).toBe(200);

    const limited = await call(sandbox, 'POST', '/api/account/refresh-token', { json: { refreshToken } });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect((await call(sandbox, 'POST', '/api/account/refresh-token', { json: { refreshToken } })).status).toBe(200);
    expect((await call(sandbox, 'POST', '/api/account/login', { json: { userName: 'demo', password: 'demo' } })).status).toBe(500);

    expect(sandbox.stats().faultsFired).toBe(6);
    expect(sandbox.faults.pending()).toEqual([]);
    expect((await sandbox.assets()).map((a) => a.path)).toEqual(['Incoming/faulty.bin']);
    void partBytes;
  });
});
