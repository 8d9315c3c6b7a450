// The link's passive HTTP/1.1 observer, fed bytes as a connection would carry them: cut at
// awkward places, with interim responses, chunked bodies, HEAD, and a connection cut mid-body.

import { describe, expect, it } from 'vitest';
import { HttpObserver, sanitizeTarget, type HttpExchange } from '../../../bench/link/http-observer';

function observer() {
  const exchanges: HttpExchange[] = [];
  const o = new HttpObserver({ forward: 'storage', connection: 7, epoch: 0, binMs: 100, record: (e) => exchanges.push(e) });
  return { o, exchanges };
}

/** Feeds `text` cut into pieces of `size` bytes, all at time `at`. */
function feed(write: (chunk: Buffer, at: number) => void, text: string | Buffer, at: number, size = 7): void {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1');
  for (let i = 0; i < bytes.length; i += size) write(bytes.subarray(i, i + size), at);
}

describe('the HTTP observer of the link', () => {
  it('times a part PUT from its first byte to the end of its response, with the 100 Continue', () => {
    const { o, exchanges } = observer();
    const head = 'PUT /bucket/key?partNumber=3&uploadId=abc&X-Amz-Signature=deadbeef HTTP/1.1\r\nHost: x\r\nContent-Length: 250\r\nExpect: 100-continue\r\n\r\n';
    feed((c, t) => o.fromClient(c, t), head, 10);
    feed((c, t) => o.toClient(c, t), 'HTTP/1.1 100 Continue\r\n\r\n', 60);
    feed((c, t) => o.fromClient(c, t), Buffer.alloc(150), 70, 64);
    feed((c, t) => o.fromClient(c, t), Buffer.alloc(100), 180, 64);
    feed((c, t) => o.toClient(c, t), 'HTTP/1.1 200 OK\r\nETag: "x"\r\nContent-Length: 0\r\n\r\n', 230, 5);

    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatchObject({
      forward: 'storage',
      connection: 7,
      method: 'PUT',
      path: '/bucket/key',
      query: 'partNumber=3&uploadId',
      requestStartMs: 10,
      requestEndMs: 180,
      bodyBytes: 250,
      declaredBytes: 250,
      continueMs: 60,
      responseStartMs: 230,
      responseEndMs: 230,
      status: 200,
      outcome: 'complete',
      bodyBins: [
        [0, 150],
        [1, 100],
      ],
    });
    expect(JSON.stringify(exchanges)).not.toContain('deadbeef');
  });

  it('follows keep-alive exchanges one after another, with chunked and HEAD responses', () => {
    const { o, exchanges } = observer();
    feed((c, t) => o.fromClient(c, t), 'POST /api/asset/upload/start HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}', 0);
    feed((c, t) => o.toClient(c, t), 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1;ext=1\r\n!\r\n0\r\nX-Trailer: y\r\n\r\n', 100, 3);
    feed((c, t) => o.fromClient(c, t), 'HEAD /bucket/obj HTTP/1.1\r\n\r\n', 110);
    feed((c, t) => o.toClient(c, t), 'HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n', 210);
    feed((c, t) => o.fromClient(c, t), 'GET /api/admin/asset/upload/1 HTTP/1.1\r\n\r\n', 220);
    feed((c, t) => o.toClient(c, t), 'HTTP/1.1 204 No Content\r\n\r\n', 320);

    expect(exchanges.map((e) => [e.method, e.path, e.status, e.requestStartMs, e.responseEndMs, e.outcome])).toEqual([
      ['POST', '/api/asset/upload/start', 200, 0, 100, 'complete'],
      ['HEAD', '/bucket/obj', 200, 110, 210, 'complete'],
      ['GET', '/api/admin/asset/upload/1', 204, 220, 320, 'complete'],
    ]);
  });

  it('ends a response without a length when the connection closes', () => {
    const { o, exchanges } = observer();
    feed((c, t) => o.fromClient(c, t), 'GET /x HTTP/1.1\r\n\r\n', 0);
    feed((c, t) => o.toClient(c, t), 'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nsome bytes', 50);
    o.end('closed', 80);

    expect(exchanges[0]).toMatchObject({ status: 200, responseEndMs: 80, outcome: 'complete' });
  });

  it('marks what was cut off by a reset: the request mid-body, with the bytes it got across', () => {
    const { o, exchanges } = observer();
    feed((c, t) => o.fromClient(c, t), 'PUT /b/k?partNumber=1 HTTP/1.1\r\nContent-Length: 1000\r\n\r\n', 0);
    feed((c, t) => o.fromClient(c, t), Buffer.alloc(400), 120, 100);
    o.end('reset', 150);

    expect(exchanges[0]).toMatchObject({ bodyBytes: 400, requestEndMs: null, status: null, outcome: 'reset', cutMs: 150, bodyBins: [[1, 400]] });
  });

  it('stops observing, and says why, when the bytes are not HTTP it understands', () => {
    const { o } = observer();
    o.fromClient(Buffer.from('PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz-not-hex\r\n'), 0);
    expect(o.lost).toMatch(/bad chunk size/);
  });

  it('keeps query names only, and the part number', () => {
    expect(sanitizeTarget('/b/k?uploads')).toEqual({ path: '/b/k', query: 'uploads' });
    expect(sanitizeTarget('/b/k?X-Amz-Credential=a&partNumber=12&X-Amz-Signature=s')).toEqual({ path: '/b/k', query: 'partNumber=12' });
    expect(sanitizeTarget('/api/x')).toEqual({ path: '/api/x', query: '' });
  });
});
