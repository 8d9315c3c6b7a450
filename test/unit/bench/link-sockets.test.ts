// The link emulator with real sockets and the real clock, as the benchmark uses it: what a
// bulk transfer measures, what a round trip measures, and that resets fire where they should.
// Timing bounds hold on a busy machine: a late timer only delays a delivery, it never lets
// bytes through faster (the bottleneck keeps virtual time), and the rate is measured over
// seconds, the round trip as a median of many.

import { once } from 'node:events';
import { createServer as createHttpServer, request } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpExchange } from '../../../bench/link/http-observer';
import { Link } from '../../../bench/link/link';
import { bdpBytes, type LinkProfile } from '../../../bench/link/profiles';
import { sendFromChild } from './bulk-sender';

const MB = 1_000_000;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function profile(megabits: number, oneWayDelayMs: number, resetEveryBytes: number | null = null): LinkProfile {
  const rateBitsPerSecond = megabits * MB;
  return { name: 'test', rateBitsPerSecond, oneWayDelayMs, queueBytes: bdpBytes(rateBitsPerSecond, oneWayDelayMs), resetEveryBytes, maxWindowBytes: 4 * 1024 * 1024 };
}

async function listen(onSocket: (socket: Socket) => void): Promise<number> {
  const server: Server = createServer(onSocket);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function linkTo(p: LinkProfile, upstreamPort: number): Promise<{ link: Link; port: number }> {
  const link = new Link({ profile: p });
  cleanups.push(() => link.close());
  const forward = await link.forward('test', { host: '127.0.0.1', port: upstreamPort });
  return { link, port: forward.port };
}

/** Writes `total` bytes as fast as the socket takes them. */
async function writeAll(socket: Socket, total: number): Promise<void> {
  const block = Buffer.alloc(256 * 1024, 7);
  for (let left = total; left > 0; left -= block.length) {
    if (!socket.write(left >= block.length ? block : block.subarray(0, left))) await once(socket, 'drain');
  }
}

describe('the link emulator on real sockets', () => {
  it('carries one bulk transfer at the configured rate: exactly on its schedule, within 3 % at the receiver', async () => {
    const arrivals: { at: number; total: number }[] = [];
    let total = 0;
    const ended = new Promise<void>((resolve) => {
      void listen((socket) => {
        socket.on('data', (chunk: Buffer) => {
          total += chunk.length;
          arrivals.push({ at: performance.now(), total });
        });
        socket.on('end', () => resolve());
      }).then(async (port) => sendFromChild(await forwardTo(port), 24 * MB));
    });
    // 60 Mbit/s, 40 ms round trip; 10 ms bins to read the link's own schedule finely
    const link = new Link({ profile: profile(60, 20), binMs: 10 });
    cleanups.push(() => link.close());
    const forwardTo = async (port: number) => (await link.forward('test', { host: '127.0.0.1', port })).port;
    await ended;

    expect(total).toBe(24 * MB);
    const rate = (60 * MB) / 8 / 1000; // bytes per ms
    // On the link's schedule (virtual delivery times), from the 4th MB on (slow start is over):
    const { bins, binMs, lateness, idleGaps } = link.report().up;
    const why = `lateness ${JSON.stringify(lateness)}, idle gaps ${JSON.stringify(idleGaps.map(([at, ms]) => [Math.round(at), Math.round(ms)]))}`;
    let sum = 0;
    const fromBin = bins.findIndex((b) => (sum += b) >= 4 * MB) + 1;
    const lastBin = bins.length - 1; // partly filled: left out
    const scheduled = bins.slice(fromBin, lastBin).reduce((a, b) => a + b, 0) / ((lastBin - fromBin) * binMs);
    expect(scheduled / rate, why).toBeGreaterThan(0.99);
    expect(scheduled / rate).toBeLessThan(1.01);
    // At the receiver, on the real clock: the same, within 3 % and the emulator's own
    // lateness (this process not running on time on a busy machine), which it reports.
    const from = arrivals.find((a) => a.total >= 4 * MB)!;
    const to = arrivals.at(-1)!;
    const span = to.at - from.at;
    const measured = (to.total - from.total) / span / rate;
    expect(measured).toBeGreaterThan(0.97 * (span / (span + lateness.max)));
    expect(measured).toBeLessThan(1.01 * (span / Math.max(1, span - lateness.max)));
  });

  it('measures a round trip of twice the one-way delay, and pays one more for the handshake', async () => {
    const port = await listen((socket) => socket.pipe(socket));
    const { link, port: linked } = await linkTo(profile(100, 25), port);
    const client = connect(linked, '127.0.0.1');
    const connectedAt = performance.now();
    await once(client, 'connect');
    const ping = async (): Promise<number> => {
      const sent = performance.now();
      client.write(Buffer.alloc(100));
      let got = 0;
      while (got < 100) got += ((await once(client, 'data')) as [Buffer])[0].length;
      return performance.now() - sent;
    };
    await ping();
    const firstEchoAfter = performance.now() - connectedAt;
    const rtts: number[] = [];
    for (let i = 0; i < 25; i += 1) rtts.push(await ping());
    client.destroy();

    // SYN, SYN-ACK, then the data and its echo: two round trips from connect to the first echo
    expect(firstEchoAfter).toBeGreaterThanOrEqual(100 - 1);
    rtts.sort((a, b) => a - b);
    // never faster than the delay allows; within a few ms of it whenever this process runs
    // on time (the lower quartile: on a busy machine some pings wait for the CPU, in the
    // emulator — its reported lateness each way — or in the echo and the client)
    const { up, down } = link.report();
    expect(rtts[0]).toBeGreaterThanOrEqual(50 - 0.5);
    expect(rtts[Math.floor(rtts.length / 4)]).toBeLessThan(50 + 3 + up.lateness.p50 + down.lateness.p50);
  });

  it('resets the connection that carries the byte crossing each ~N-byte mark, both ends', async () => {
    const serverSides: { received: number; error: string | null; closed: Promise<unknown> }[] = [];
    const port = await listen((socket) => {
      const side = { received: 0, error: null as string | null, closed: new Promise((resolve) => socket.once('close', resolve)) };
      serverSides.push(side);
      socket.on('data', (chunk: Buffer) => (side.received += chunk.length));
      socket.on('error', (error: NodeJS.ErrnoException) => (side.error = error.code ?? error.message));
    });
    const { link, port: linked } = await linkTo(profile(400, 1, 1 * MB), port);

    const clientErrors: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const client = connect(linked, '127.0.0.1');
      const failed = new Promise((resolve) => client.once('close', resolve));
      client.on('error', (error: NodeJS.ErrnoException) => clientErrors.push(error.code ?? error.message));
      void writeAll(client, 4 * MB).catch(() => {});
      await failed;
    }
    await Promise.all(serverSides.map((side) => side.closed));

    const resets = link.report().resets;
    expect(resets.length).toBe(2);
    expect(resets.map((r) => r.connection)).toEqual([1, 2]);
    // marks are 0.75–1.25 MB apart
    expect(resets[0]!.linkBytes).toBeGreaterThanOrEqual(0.75 * MB);
    expect(resets[0]!.linkBytes).toBeLessThanOrEqual(1.25 * MB + 16 * 1024);
    const gap = resets[1]!.linkBytes - resets[0]!.linkBytes;
    expect(gap).toBeGreaterThanOrEqual(0.75 * MB);
    expect(gap).toBeLessThanOrEqual(1.25 * MB + 16 * 1024);
    expect(clientErrors).toEqual(['ECONNRESET', 'ECONNRESET']);
    // the server's side is cut off too, mid-stream (Linux reports the RST on loopback as
    // ECONNRESET or, when it races the last read, as an early end: either way short of 4 MB)
    expect(serverSides.length).toBe(2);
    expect(serverSides[0]!.received).toBeLessThan(resets[0]!.linkBytes);
    expect(serverSides[1]!.received).toBeLessThan(gap);
  });

  it('draws the same reset marks for every run with the same seed', async () => {
    const marks = async (): Promise<number[]> => {
      const port = await listen((socket) => socket.resume().on('error', () => {}));
      const { link, port: linked } = await linkTo(profile(400, 1, 1 * MB), port);
      for (let i = 0; i < 3; i += 1) {
        const client = connect(linked, '127.0.0.1');
        client.on('error', () => {});
        const closed = new Promise((resolve) => client.once('close', resolve));
        void writeAll(client, 4 * MB).catch(() => {});
        await closed;
      }
      return link.report().resets.map((r) => r.linkBytes);
    };
    const first = await marks();
    const second = await marks();
    expect(first.length).toBe(3);
    expect(second.length).toBe(3);
    // the same marks; each fires on the first slice that crosses it (at most 64 KiB past)
    second.forEach((bytes, i) => expect(Math.abs(bytes - first[i]!)).toBeLessThanOrEqual(64 * 1024));
  });

  it('watches the HTTP exchanges through it: a PUT that waits for 100 Continue costs a round trip more', async () => {
    const server = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { link, port } = await linkTo(profile(100, 10), (server.address() as { port: number }).port);
    const put = (expectContinue: boolean) =>
      new Promise<void>((resolve, reject) => {
        const body = Buffer.alloc(100_000);
        const headers: Record<string, string> = { 'content-length': String(body.length), ...(expectContinue ? { expect: '100-continue' } : {}) };
        const req = request({ port, host: '127.0.0.1', method: 'PUT', path: '/b/k?partNumber=2&X-Amz-Signature=secret', headers, agent: false });
        req.on('response', (res) => res.resume().on('end', () => resolve()));
        req.on('error', reject);
        if (expectContinue) req.on('continue', () => req.end(body));
        else req.end(body);
      });
    await put(false);
    await put(true);

    const exchanges = link.report().exchanges;
    expect(exchanges.map((e) => [e.method, e.path, e.query, e.status, e.bodyBytes, e.outcome])).toEqual([
      ['PUT', '/b/k', 'partNumber=2', 200, 100_000, 'complete'],
      ['PUT', '/b/k', 'partNumber=2', 200, 100_000, 'complete'],
    ]);
    const [plain, continued] = exchanges as [HttpExchange, HttpExchange];
    // 100 kB at 100 Mbit/s is 8 ms; a round trip is 20 ms
    expect(plain.continueMs).toBeNull();
    expect(plain.responseEndMs! - plain.requestStartMs).toBeGreaterThanOrEqual(20 + 8 - 1);
    // the head went out, the 100 Continue came back a round trip later, and only then the body
    expect(continued.continueMs! - continued.requestStartMs).toBeGreaterThanOrEqual(20 - 1);
    expect(continued.requestEndMs!).toBeGreaterThan(continued.continueMs!);
    expect(continued.responseEndMs! - continued.continueMs!).toBeGreaterThanOrEqual(20 + 8 - 1);
  });
});
