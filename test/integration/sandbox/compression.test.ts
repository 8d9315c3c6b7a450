// The sandbox answers gzip to a client that asks, as a server behind a CDN or API gateway
// does, so the engine's reading of compressed answers is tested against a real socket; a
// client that does not ask gets plain JSON, as before.

import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { call, login, startRequest, useSandboxes } from './sandbox-harness';

const harness = useSandboxes();
const MiB = 1024 * 1024;

describe('answers compressed on request', () => {
  it('a start of 24 parts asked with Accept-Encoding: gzip is answered gzip, ≥ 3 × smaller, every URL in it', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const body = startRequest({ displayName: 'big.mov', contentLength: 24 * 8 * MiB, chunkSize: 8 * MiB });

    const packed = await request(`${sandbox.url}/api/asset/upload/start`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify(body),
    });

    expect(packed.statusCode).toBe(200);
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(packed.headers.vary).toBe('accept-encoding');
    const raw = Buffer.from(await packed.body.arrayBuffer());
    expect(raw.length).toBe(Number(packed.headers['content-length']));
    const text = gunzipSync(raw).toString('utf8');
    expect(raw.length * 3).toBeLessThan(text.length);
    expect((JSON.parse(text) as { parts: unknown[] }).parts).toHaveLength(24);
  });

  it('without Accept-Encoding the same answer is plain JSON', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const plain = await call<{ parts: unknown[] }>(sandbox, 'POST', '/api/asset/upload/start', {
      token,
      json: startRequest({ displayName: 'big.mov', contentLength: 24 * 8 * MiB, chunkSize: 8 * MiB }),
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json.parts).toHaveLength(24);
  });
});
