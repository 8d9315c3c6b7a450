// The emulated access link: TCP forwards (listen here, connect there) whose connections all
// share one uplink and one downlink (link-direction.ts), each direction of each connection
// sending as TCP would (tcp-flow.ts). Optional resets: roughly every `resetEveryBytes` bytes
// crossing the link, the connection that carries the byte that crosses the mark is reset at
// both ends (RST), as a flaky hotel network or a NAT timeout does. Marks are drawn from a
// seeded generator, so every client of a benchmark meets its resets at the same byte counts.
//
// Every connection can be watched by an HttpObserver (per-request timings, for the report).

import { createServer, connect, type Server, type Socket } from 'node:net';
import { realClock, type Clock } from './clock';
import { HttpObserver, type HttpExchange } from './http-observer';
import { LinkDirection, type DirectionStats } from './link-direction';
import { bytesPerMs, type LinkProfile } from './profiles';
import { readAheadBytes, sliceBytes, TcpFlow, type FlowSink } from './tcp-flow';
import { mulberry32 } from '../../shared/seeded-random';

export interface LinkOptions {
  profile: LinkProfile;
  clock?: Clock;
  /** Seed of the reset marks (default 1). */
  seed?: number;
  /** Bin width of the byte timelines, ms (default 100). */
  binMs?: number;
  /** Watch HTTP exchanges (default true). */
  observeHttp?: boolean;
  /** Bytes each connection reads ahead of the link (default: readAheadBytes of the rate, see tcp-flow.ts). */
  readAheadBytes?: number;
}

export interface Upstream {
  host: string;
  port: number;
}

export interface Forward {
  name: string;
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Where connections go; may be set after listening (the upstream may need our URL to start). */
  setUpstream(upstream: Upstream): void;
}

export interface ResetRecord {
  atMs: number;
  forward: string;
  connection: number;
  /** Bytes that had crossed the link when it fired. */
  linkBytes: number;
}

export interface LinkReport {
  profile: LinkProfile;
  up: DirectionStats;
  down: DirectionStats;
  connections: number;
  resets: ResetRecord[];
  exchanges: HttpExchange[];
  /** Connections whose HTTP could not be followed (the reason), if any. */
  unobserved: string[];
}

interface Connection {
  id: number;
  forward: string;
  client: Socket;
  upstream: Socket;
  up: TcpFlow;
  down: TcpFlow;
  observer: HttpObserver | null;
  closed: boolean;
}

export class Link {
  readonly profile: LinkProfile;
  readonly #clock: Clock;
  readonly #epoch: number;
  readonly #binMs: number;
  readonly #observe: boolean;
  readonly #readAhead: number | undefined;
  readonly up: LinkDirection;
  readonly down: LinkDirection;
  readonly #servers: Server[] = [];
  readonly #connections = new Set<Connection>();
  readonly #exchanges: HttpExchange[] = [];
  readonly #resets: ResetRecord[] = [];
  readonly #unobserved: string[] = [];
  readonly #random: () => number;
  #nextId = 0;
  #linkBytes = 0;
  #nextResetAt: number;

  constructor(options: LinkOptions) {
    this.profile = options.profile;
    this.#clock = options.clock ?? realClock;
    this.#epoch = this.#clock.now();
    this.#binMs = options.binMs ?? 100;
    this.#observe = options.observeHttp ?? true;
    this.#readAhead = options.readAheadBytes;
    const direction = {
      bytesPerMs: bytesPerMs(this.profile),
      maxSliceBytes: sliceBytes(bytesPerMs(this.profile)),
      oneWayDelayMs: this.profile.oneWayDelayMs,
      queueBytes: this.profile.queueBytes,
      epoch: this.#epoch,
      binMs: this.#binMs,
    };
    this.up = new LinkDirection(this.#clock, direction);
    this.down = new LinkDirection(this.#clock, direction);
    this.#random = mulberry32(options.seed ?? 1);
    this.#nextResetAt = this.#drawResetGap();
  }

  /** ms on this link's clock since it was made: the origin of every time in the report. */
  elapsed(): number {
    return this.#clock.now() - this.#epoch;
  }

  async forward(name: string, upstream: Upstream | null = null): Promise<Forward> {
    let target = upstream;
    const server = createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
      if (!target) {
        client.resetAndDestroy();
        return;
      }
      this.#accept(name, client, target);
    });
    this.#servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error(`link forward ${name}: no port`);
    return {
      name,
      port: address.port,
      url: `http://127.0.0.1:${address.port}`,
      setUpstream: (next) => {
        target = next;
      },
    };
  }

  #accept(forward: string, client: Socket, target: Upstream): void {
    const id = (this.#nextId += 1);
    const upstream = connect({ host: target.host, port: target.port, allowHalfOpen: true, noDelay: true });
    const now = this.#clock.now();
    const observer = this.#observe
      ? new HttpObserver({ forward, connection: id, epoch: this.#epoch, binMs: this.#binMs, record: (e) => this.#exchanges.push(e) })
      : null;
    const conn = { id, forward, client, upstream, observer, closed: false } as Connection;
    const maxWindowBytes = this.profile.maxWindowBytes;
    const rate = bytesPerMs(this.profile);
    const flowOptions = { maxWindowBytes, readAheadBytes: this.#readAhead ?? readAheadBytes(rate), sliceBytes: sliceBytes(rate) };
    // The client's SYN takes one delay out and its SYN-ACK one back: its first byte leaves one RTT after connect.
    conn.up = new TcpFlow(this.#clock, this.up, client, this.#sink(conn, upstream, 'up'), {
      ...flowOptions,
      openAt: now + 2 * this.profile.oneWayDelayMs,
      ...(observer ? { onAdmit: (slice: Buffer, at: number, departs: number) => observer.fromClient(slice, at, departs) } : {}),
    });
    conn.down = new TcpFlow(this.#clock, this.down, upstream, this.#sink(conn, client, 'down'), flowOptions);
    this.#connections.add(conn);

    client.on('data', (chunk: Buffer) => conn.up.push(chunk));
    upstream.on('data', (chunk: Buffer) => conn.down.push(chunk));
    client.on('end', () => conn.up.end());
    upstream.on('end', () => conn.down.end());
    client.on('drain', () => conn.down.drained());
    upstream.on('drain', () => conn.up.drained());
    // A socket error (the other side reset, or refused) is passed on as a reset: abrupt stays abrupt.
    client.on('error', () => this.#abort(conn, upstream));
    upstream.on('error', () => this.#abort(conn, client));
    // A graceful close travels like data (each side's FIN follows its last byte across the
    // link); the connection is over once both sockets are closed.
    const closed = (): void => {
      if (client.destroyed && upstream.destroyed) this.#finish(conn, 'closed');
    };
    client.on('close', closed);
    upstream.on('close', closed);
  }

  /** Where one direction of a connection delivers: the far socket, counted toward the next reset. */
  #sink(conn: Connection, socket: Socket, direction: 'up' | 'down'): FlowSink {
    return {
      write: (chunk, at) => {
        if (socket.destroyed) return true;
        this.#linkBytes += chunk.length;
        if (this.profile.resetEveryBytes !== null && this.#linkBytes >= this.#nextResetAt) {
          this.#nextResetAt = this.#linkBytes + this.#drawResetGap();
          this.#reset(conn);
          return true;
        }
        if (direction === 'down') conn.observer?.toClient(chunk, at);
        // The receiver's window: what its socket has not taken yet. Not write()'s 16 KiB
        // high-water mark, which a burst of deliveries after a stall of this process would
        // hit at once, closing the window for no reason a real receiver would have.
        socket.write(chunk);
        return socket.writableLength < this.profile.maxWindowBytes;
      },
      end: () => {
        if (!socket.destroyed) socket.end();
      },
    };
  }

  /** A mark ~resetEveryBytes away: uniform in [0.75, 1.25] × the mean, from the seeded generator. */
  #drawResetGap(): number {
    const mean = this.profile.resetEveryBytes;
    return mean === null ? Number.POSITIVE_INFINITY : Math.round(mean * (0.75 + 0.5 * this.#random()));
  }

  #reset(conn: Connection): void {
    this.#resets.push({ atMs: this.elapsed(), forward: conn.forward, connection: conn.id, linkBytes: this.#linkBytes });
    conn.up.kill();
    conn.down.kill();
    conn.upstream.resetAndDestroy();
    conn.client.resetAndDestroy();
    this.#finish(conn, 'reset');
  }

  #abort(conn: Connection, other: Socket): void {
    conn.up.kill();
    conn.down.kill();
    if (!other.destroyed) other.resetAndDestroy();
    this.#finish(conn, 'reset');
  }

  #finish(conn: Connection, how: 'closed' | 'reset'): void {
    if (conn.closed) return;
    conn.closed = true;
    conn.up.kill();
    conn.down.kill();
    if (!conn.client.destroyed) conn.client.destroy();
    if (!conn.upstream.destroyed) conn.upstream.destroy();
    if (conn.observer) {
      conn.observer.end(how, this.#clock.now());
      if (conn.observer.lost) this.#unobserved.push(`connection ${conn.id} (${conn.forward}): ${conn.observer.lost}`);
    }
    this.#connections.delete(conn);
  }

  report(): LinkReport {
    return {
      profile: this.profile,
      up: this.up.stats(),
      down: this.down.stats(),
      connections: this.#nextId,
      resets: [...this.#resets],
      exchanges: this.#exchanges.map((e) => ({ ...e })),
      unobserved: [...this.#unobserved],
    };
  }

  async close(): Promise<void> {
    for (const conn of [...this.#connections]) {
      conn.client.destroy();
      conn.upstream.destroy();
      this.#finish(conn, 'closed');
    }
    this.up.close();
    this.down.close();
    await Promise.all(this.#servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
