import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { BandwidthLimiter } from '../../../main/engine/bandwidth';
import { LocalFileSource, fingerprintFile, type OpenFile, type RangeReader } from '../../../main/engine/source';
import { normalizeEtag, presignedUrlExpired, putPart, type PutPartRequest } from '../../../main/engine/transfer';
import { md5, randomFile, readBody, s3Error, startStorage, type StorageHandler, type StorageServer } from './support/storage-server';
import { useTempDir } from './support/temp-dir';

const MiB = 1024 * 1024;
const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

const temp = useTempDir('nomad-transfer-');
let storage: StorageServer | null = null;
afterEach(async () => {
  await storage?.close();
  storage = null;
});

async function serve(handler: StorageHandler): Promise<string> {
  storage = await startStorage(handler);
  return storage.url;
}

/** Storage as S3 does it: read the whole part, answer its quoted MD5 as the ETag. */
const honestStorage =
  (received: Array<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> = []): StorageHandler =>
  async (req, res) => {
    const body = await readBody(req);
    received.push({ headers: req.headers, body });
    res.writeHead(200, { etag: `"${md5(body)}"` }).end();
  };

/** Files a test opened, closed after it. */
const opened: OpenFile[] = [];
afterEach(async () => {
  for (const file of opened.splice(0)) await file.close();
});

async function part(size: number, range?: { start: number; end: number }, name?: string) {
  const file = await randomFile(temp.dir(), size, name);
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const source = await new LocalFileSource(file.path).open(await fingerprintFile(file.path));
  opened.push(source);
  return {
    bytes: file.bytes,
    request: (url: string, extra: Partial<PutPartRequest> = {}): PutPartRequest => ({
      url,
      partNumber: 3,
      start,
      end,
      source,
      signal: new AbortController().signal,
      ...extra,
    }),
  };
}

describe('putPart against a real socket', () => {
  it('sends exactly bytes [start, end] with an explicit Content-Length, no chunked encoding and no Authorization', async () => {
    const received: Array<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> = [];
    const url = await serve(honestStorage(received));
    const start = MiB + 7;
    const end = 2 * MiB + 100;
    const { bytes, request } = await part(3 * MiB, { start, end });

    const result = await putPart(request(url));

    expect(received).toHaveLength(1);
    const [{ headers, body }] = received as [(typeof received)[0]];
    const expected = bytes.subarray(start, end + 1);
    expect(body.length).toBe(end - start + 1);
    expect(body.equals(expected)).toBe(true);
    expect(headers['content-length']).toBe(String(end - start + 1));
    expect(headers['transfer-encoding']).toBeUndefined();
    expect(headers.authorization).toBeUndefined();
    expect(result).toEqual({ etag: md5(expected), md5: md5(expected), bytes: end - start + 1 });
  });

  it('reports progress as deltas that add up to the part length', async () => {
    const url = await serve(honestStorage());
    const { request } = await part(3 * MiB + 5);
    const deltas: number[] = [];

    await putPart(request(url, { onBytes: (delta) => deltas.push(delta) }));

    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.every((d) => d > 0)).toBe(true);
    expect(deltas.reduce((a, b) => a + b, 0)).toBe(3 * MiB + 5);
  });

  it('accepts the ETag in any quoting and case storage uses (W/"ABC…")', async () => {
    const url = await serve(async (req, res) => {
      const body = await readBody(req);
      res.writeHead(200, { etag: `W/"${md5(body).toUpperCase()}"` }).end();
    });
    const { bytes, request } = await part(1000);
    await expect(putPart(request(url))).resolves.toEqual({ etag: md5(bytes), md5: md5(bytes), bytes: 1000 });
  });

  it('a 0-byte part sends Content-Length: 0 and expects the MD5 of nothing', async () => {
    const received: Array<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> = [];
    const url = await serve(honestStorage(received));
    const { request } = await part(0, { start: 0, end: -1 }, 'empty.txt');

    await expect(putPart(request(url))).resolves.toEqual({ etag: EMPTY_MD5, md5: EMPTY_MD5, bytes: 0 });

    expect(received[0]!.headers['content-length']).toBe('0');
    expect(received[0]!.headers['transfer-encoding']).toBeUndefined();
    expect(received[0]!.body.length).toBe(0);
  });

  it('every PUT carries Content-MD5 (base64 of the binary MD5 of exactly the bytes sent), so storage verifies them itself', async () => {
    const received: Array<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> = [];
    const url = await serve(honestStorage(received));
    const { bytes, request } = await part(3 * MiB, { start: 5, end: 2 * MiB });

    await putPart(request(url));

    const sent = bytes.subarray(5, 2 * MiB + 1);
    expect(received[0]!.headers['content-md5']).toBe(Buffer.from(md5(sent), 'hex').toString('base64'));
  });

  it('a 0-byte part carries the Content-MD5 of nothing', async () => {
    const received: Array<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> = [];
    const url = await serve(honestStorage(received));
    const { request } = await part(0, { start: 0, end: -1 }, 'empty.txt');
    await putPart(request(url));
    expect(received[0]!.headers['content-md5']).toBe('1B2M2Y8AsgTpgAmY7PhCfg==');
  });

  it('an SSE-KMS bucket answers a random 32-hex ETag: accepted as storage\'s own, since storage checked our Content-MD5', async () => {
    const kmsEtag = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
    const url = await serve(async (req, res) => {
      const body = await readBody(req);
      if (Buffer.from(md5(body), 'hex').toString('base64') !== req.headers['content-md5']) {
        res.writeHead(400, { 'content-type': 'application/xml' }).end(s3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.'));
        return;
      }
      res.writeHead(200, { etag: `"${kmsEtag}"` }).end();
    });
    const { bytes, request } = await part(4096);
    await expect(putPart(request(url))).resolves.toEqual({ etag: kmsEtag, md5: md5(bytes), bytes: 4096 });
  });

  it('an ETag that is not hex at all (SSE-C, "abc-2") is kept as storage said it, for part-complete', async () => {
    const url = await serve(async (req, res) => {
      await readBody(req);
      res.writeHead(200, { etag: '"abc-2"' }).end();
    });
    const { request } = await part(4096);
    await expect(putPart(request(url))).resolves.toMatchObject({ etag: 'abc-2' });
  });

  it('400 BadDigest (the bytes arrived damaged) is etag-mismatch, which sends the part again, with S3\'s words', async () => {
    const url = await serve(async (req, res) => {
      await readBody(req);
      res.writeHead(400, { 'content-type': 'application/xml' }).end(s3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.'));
    });
    const { request } = await part(4096);
    await expect(putPart(request(url))).rejects.toMatchObject({
      code: 'etag-mismatch',
      context: { partNumber: 3, status: 400, detail: 'BadDigest: The Content-MD5 you specified did not match what we received.' },
    });
  });

  it('bytes that change between the hash and the send fail storage\'s Content-MD5 check (etag-mismatch, sent again), never stored', async () => {
    // The part is read twice (hashed, then sent: transfer.ts); a file rewritten in between
    // is caught by storage, as S3 does it, against the digest of what was hashed.
    const stored: Buffer[] = [];
    const url = await serve(async (req, res) => {
      const body = await readBody(req);
      if (Buffer.from(md5(body), 'hex').toString('base64') !== req.headers['content-md5']) {
        res.writeHead(400, { 'content-type': 'application/xml' }).end(s3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.'));
        return;
      }
      stored.push(body);
      res.writeHead(200, { etag: `"${md5(body)}"` }).end();
    });
    const before = Buffer.alloc(4096, 1);
    const after = Buffer.alloc(4096, 2);
    let reads = 0;
    const rewritten: RangeReader = {
      scanRange: async (_start, _end, visit) => {
        reads += 1;
        visit(before);
        return before.length;
      },
      openRange: () => {
        reads += 1;
        return Readable.from([after]);
      },
    };

    await expect(putPart({ url, partNumber: 3, start: 0, end: 4095, source: rewritten, signal: new AbortController().signal })).rejects.toMatchObject({
      code: 'etag-mismatch',
    });
    expect(reads).toBe(2);
    expect(stored).toEqual([]);
  });

  it('a digest the run\'s pass read ahead is the one the PUT carries: the part is then read only as it is sent', async () => {
    const received: Array<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> = [];
    const url = await serve(honestStorage(received));
    const bytes = Buffer.alloc(4096, 7);
    const calls = { scans: 0, sends: 0 };
    const source: RangeReader = {
      scanRange: async () => {
        calls.scans += 1;
        throw new Error('hashed again');
      },
      openRange: () => {
        calls.sends += 1;
        return Readable.from([bytes]);
      },
    };

    const result = await putPart({
      url,
      partNumber: 1,
      start: 0,
      end: 4095,
      source,
      signal: new AbortController().signal,
      digestAhead: async () => ({ bytes: 4096, md5: md5(bytes) }),
    });

    expect(calls).toEqual({ scans: 0, sends: 1 });
    expect(received[0]!.headers['content-md5']).toBe(Buffer.from(md5(bytes), 'hex').toString('base64'));
    expect(result).toEqual({ etag: md5(bytes), md5: md5(bytes), bytes: 4096 });
  });

  it('no digest from the pass (null): the PUT hashes its part itself, then sends it', async () => {
    const received: Array<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> = [];
    const url = await serve(honestStorage(received));
    const { bytes, request } = await part(64 * 1024);

    const result = await putPart(request(url, { digestAhead: async () => null }));

    expect(received[0]!.headers['content-md5']).toBe(Buffer.from(md5(bytes), 'hex').toString('base64'));
    expect(result.md5).toBe(md5(bytes));
  });

  it('a digest read ahead whose count is short (the file shrank since) fails the part as file-changed before a byte is sent', async () => {
    const received: Array<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> = [];
    const url = await serve(honestStorage(received));
    const { request } = await part(4096);

    await expect(putPart(request(url, { digestAhead: async () => ({ bytes: 1000, md5: EMPTY_MD5 }) }))).rejects.toMatchObject({ code: 'file-changed' });
    expect(received).toEqual([]);
  });

  it('a 200 without an ETag is invalid-response', async () => {
    const url = await serve(async (req, res) => {
      await readBody(req);
      res.writeHead(200).end();
    });
    const { request } = await part(4096);
    await expect(putPart(request(url))).rejects.toMatchObject({ code: 'invalid-response' });
  });

  it('403 AccessDenied "Request has expired" is url-expired, with S3\'s words as the detail', async () => {
    const url = await serve(async (req, res) => {
      await readBody(req);
      res.writeHead(403, { 'content-type': 'application/xml' }).end(s3Error('AccessDenied', 'Request has expired'));
    });
    const { request } = await part(4096);
    await expect(putPart(request(url))).rejects.toMatchObject({
      code: 'url-expired',
      context: { status: 403, partNumber: 3, detail: 'AccessDenied: Request has expired' },
    });
  });

  it('an expired URL refused at once with the connection closed (we see a broken pipe, not the 403) is url-expired', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/xml', connection: 'close' }).end(s3Error('AccessDenied', 'Request has expired'));
    });
    // Signed 2020-01-01 for an hour: long expired.
    const expired = `${url}&X-Amz-Date=20200101T000000Z&X-Amz-Expires=3600`;
    const { request } = await part(8 * MiB);
    await expect(putPart(request(expired))).rejects.toMatchObject({ code: 'url-expired', context: { partNumber: 3 } });
  });

  it('503 with Retry-After is rate-limited with retryAfterMs', async () => {
    const url = await serve(async (req, res) => {
      await readBody(req);
      res.writeHead(503, { 'retry-after': '3' }).end(s3Error('SlowDown', 'Please reduce your request rate.'));
    });
    const { request } = await part(4096);
    await expect(putPart(request(url))).rejects.toMatchObject({
      code: 'rate-limited',
      context: { status: 503, retryAfterMs: 3000, detail: 'SlowDown: Please reduce your request rate.' },
    });
  });

  it('500 is storage-error', async () => {
    const url = await serve(async (req, res) => {
      await readBody(req);
      res.writeHead(500).end(s3Error('InternalError', 'We encountered an internal error. Please try again.'));
    });
    const { request } = await part(4096);
    await expect(putPart(request(url))).rejects.toMatchObject({ code: 'storage-error', context: { status: 500 } });
  });

  it('400 RequestTimeout (S3 gave up waiting for our bytes) is a timeout; any other 4xx is storage-refused', async () => {
    const answers = [s3Error('RequestTimeout', 'Your socket connection to the server was not read from or written to'), s3Error('EntityTooLarge', 'Too big')];
    const url = await serve(async (req, res) => {
      await readBody(req);
      res.writeHead(400).end(answers.shift());
    });
    const { request } = await part(4096);
    await expect(putPart(request(url))).rejects.toMatchObject({ code: 'timeout' });
    await expect(putPart(request(url))).rejects.toMatchObject({
      code: 'storage-refused',
      message: expect.stringContaining('EntityTooLarge: Too big'),
    });
  });

  it(
    'a server that stops reading mid-body for longer than stallTimeoutMs is a timeout, and the upload stops quickly',
    async () => {
      let bytesSeen = 0;
      const url = await serve((req) => {
        req.on('data', (chunk: Buffer) => {
          bytesSeen += chunk.length;
          req.pause(); // and never resume: the socket buffers fill, then nothing moves
        });
      });
      // Larger than every socket buffer between us and the server, so the client really blocks.
      const { request } = await part(32 * MiB);
      const deltas: number[] = [];

      await expect(putPart(request(url, { stallTimeoutMs: 300, onBytes: (d) => deltas.push(d) }))).rejects.toMatchObject({
        code: 'timeout',
        context: { partNumber: 3 },
      });
      expect(bytesSeen).toBeGreaterThan(0);
      expect(deltas.reduce((a, b) => a + b, 0)).toBeLessThan(32 * MiB);
    },
    5000,
  );

  it('aborting the signal mid-body is aborted (the user paused or cancelled)', async () => {
    const controller = new AbortController();
    const url = await serve((req) => {
      req.once('data', () => controller.abort(new Error('paused by the user')));
    });
    const { request } = await part(16 * MiB);
    await expect(putPart(request(url, { signal: controller.signal }))).rejects.toMatchObject({ code: 'aborted', context: { partNumber: 3 } });
  });

  it('a signal aborted before the call is aborted and sends nothing', async () => {
    let requests = 0;
    const url = await serve(async (req, res) => {
      requests += 1;
      await readBody(req);
      res.writeHead(200).end();
    });
    const { request } = await part(4096);
    await expect(putPart(request(url, { signal: AbortSignal.abort() }))).rejects.toMatchObject({ code: 'aborted' });
    expect(requests).toBe(0);
  });

  it('a server that destroys the socket mid-body is network', async () => {
    const url = await serve((req) => {
      req.once('data', () => req.socket.destroy());
    });
    const { request } = await part(16 * MiB);
    await expect(putPart(request(url))).rejects.toMatchObject({ code: 'network', context: { partNumber: 3 } });
  });

  it('nobody listening is network', async () => {
    const url = await serve(() => undefined);
    await storage!.close();
    storage = null;
    const { request } = await part(4096);
    await expect(putPart(request(url))).rejects.toMatchObject({ code: 'network' });
  });

  it('a file shorter than its part (it changed after planning) is file-changed, never a short part', async () => {
    const url = await serve(honestStorage());
    const { request } = await part(MiB, { start: 0, end: 2 * MiB - 1 });
    await expect(putPart(request(url))).rejects.toMatchObject({ code: 'file-changed' });
  });

  it('the error never quotes the pre-signed URL or its signature', async () => {
    const url = await serve((req) => {
      req.once('data', () => req.socket.destroy());
    });
    const { request } = await part(4 * MiB);
    const failure = await putPart(request(url)).then(
      () => null,
      (error: unknown) => error as Error & { context: unknown },
    );
    expect(failure).not.toBeNull();
    expect(`${failure!.message} ${JSON.stringify(failure!.context)}`).not.toMatch(/0123abcd|X-Amz-Signature|127\.0\.0\.1/);
  });

  it('with a 2 MiB/s limiter, a 1 MiB part takes at least about 0.4 s', async () => {
    const url = await serve(honestStorage());
    const { request } = await part(MiB);
    const limiter = new BandwidthLimiter(2 * MiB);
    const started = performance.now();

    await putPart(request(url, { limiter }));

    expect(performance.now() - started).toBeGreaterThanOrEqual(350);
  });
});

describe('presignedUrlExpired', () => {
  const signed = (date: string, expires: string) =>
    `https://s3.test/b/k?partNumber=1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=${date}&X-Amz-Expires=${expires}&X-Amz-Signature=abc`;
  const at = (iso: string) => Date.parse(iso);

  it('is past X-Amz-Date + X-Amz-Expires', () => {
    const url = signed('20260301T120000Z', '3600');
    expect(presignedUrlExpired(url, at('2026-03-01T12:59:59Z'))).toBe(false);
    expect(presignedUrlExpired(url, at('2026-03-01T13:00:00Z'))).toBe(true);
    expect(presignedUrlExpired(url, at('2026-03-02T00:00:00Z'))).toBe(true);
  });

  it('says false when the URL does not carry its expiry', () => {
    expect(presignedUrlExpired('https://s3.test/b/k?partNumber=1', at('2030-01-01T00:00:00Z'))).toBe(false);
    expect(presignedUrlExpired(signed('yesterday', '3600'), at('2030-01-01T00:00:00Z'))).toBe(false);
    expect(presignedUrlExpired(signed('20260301T120000Z', 'soon'), at('2030-01-01T00:00:00Z'))).toBe(false);
    expect(presignedUrlExpired('not a url', at('2030-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('normalizeEtag', () => {
  it('strips quotes and the weak prefix and lower-cases', () => {
    expect(normalizeEtag('"D41D8CD98F00B204E9800998ECF8427E"')).toBe(EMPTY_MD5);
    expect(normalizeEtag(' W/"abc" ')).toBe('abc');
    expect(normalizeEtag('abc-2')).toBe('abc-2');
  });
});
