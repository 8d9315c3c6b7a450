// A start's answer carries one pre-signed URL per part: the engine asks for it compressed, and
// reads whatever the server chose — gzip, brotli, deflate or plain — or says clearly what it
// could not read.

import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NomadApi, type Session } from '../../../main/engine/api';
import type { AssetUploadStartRequest } from '../../../main/engine/protocol';
import { acceptsGzip } from '../../../main/sandbox/http-io';
import { FakeNomad, SERVER } from './support/fake-nomad';

const NOW = 1_700_000_000_000;
const session: Session = { token: 't1', refreshToken: 'r1', expiresAt: NOW + 3_600_000, userName: 'demo' };
const request: AssetUploadStartRequest = { displayName: 'a.mov', uploadOverwriteOption: 'Cancel', relativePath: 'a.mov', contentLength: 192 * 2 ** 20, chunkSize: 8 * 2 ** 20 };

/** The answer a start of a 192 MiB file gets: 24 parts, each with its own ≈ 600-byte URL. */
const startAnswer = {
  id: 'up-1',
  assetId: 'asset-1',
  parts: Array.from({ length: 24 }, (_, i) => ({
    id: `p-${i + 1}`,
    url: `https://bucket.s3.eu-west-1.amazonaws.com/uploads/up-1/a.mov?partNumber=${i + 1}&uploadId=2~abc&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20261201%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20261201T220000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=${String(i).padStart(64, 'f')}`,
    partNumber: i + 1,
    startingPosition: i * 8 * 2 ** 20,
    endingPosition: (i + 1) * 8 * 2 ** 20 - 1,
    isCompleted: false,
  })),
};

let nomad: FakeNomad;
beforeEach(() => {
  nomad = new FakeNomad();
});
afterEach(async () => {
  await nomad.close();
});

const api = () => new NomadApi({ serverUrl: SERVER, dispatcher: nomad.agent, now: () => NOW, session });
const json = Buffer.from(JSON.stringify(startAnswer));

describe('compressed answers', () => {
  it('every API request asks for gzip, deflate or brotli', async () => {
    nomad.on('POST', '/asset/upload/start', { status: 200, body: startAnswer });
    await api().startUpload(request);
    expect(nomad.requests[0]!.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it.each([
    ['gzip', gzipSync(json)],
    ['br', brotliCompressSync(json)],
    ['deflate', deflateSync(json)],
  ])('a start answered with Content-Encoding: %s gives every part and its URL', async (encoding, body) => {
    expect(body.length).toBeLessThan(json.length / 3);
    nomad.on('POST', '/asset/upload/start', { status: 200, body, headers: { 'content-encoding': encoding } });
    const upload = await api().startUpload(request);
    expect(upload.parts).toHaveLength(24);
    expect(upload.parts![23]).toMatchObject({ id: 'p-24', url: startAnswer.parts[23]!.url, partNumber: 24 });
  });

  it('a refusal compressed like any answer is still read for what it says (409 naming the upload)', async () => {
    const refusal = { type: 'about:blank', title: 'Conflict', status: 409, detail: 'an upload is in progress', uploadId: 'up-9' };
    nomad.on('POST', '/asset/upload/start', { status: 409, body: gzipSync(JSON.stringify(refusal)), headers: { 'content-encoding': 'gzip', 'content-type': 'application/problem+json' } });
    await expect(api().startUpload(request)).rejects.toMatchObject({ code: 'asset-exists', context: { status: 409 } });
  });

  it('a gzip answer cut short is invalid-response naming the request, not a crash', async () => {
    nomad.on('POST', '/asset/upload/start', { status: 200, body: gzipSync(json).subarray(0, 100), headers: { 'content-encoding': 'gzip' } });
    await expect(api().startUpload(request)).rejects.toMatchObject({ code: 'invalid-response', context: { request: 'POST /asset/upload/start', status: 200, detail: 'gzip' } });
  });

  it('an encoding we did not ask for is invalid-response that names it', async () => {
    nomad.on('POST', '/asset/upload/start', { status: 200, body: json, headers: { 'content-encoding': 'compress' } });
    await expect(api().startUpload(request)).rejects.toMatchObject({ code: 'invalid-response', context: { detail: 'compress' } });
  });
});

describe('the sandbox compresses only for a client that asks', () => {
  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['*', true],
    ['gzip;q=0', false],
    ['identity', false],
    [undefined, false],
  ])('Accept-Encoding %s → gzip %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});
