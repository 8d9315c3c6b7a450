// Watches the HTTP/1.1 exchanges on one connection through the link, passively (bytes are
// never changed or held): when the client started each request and finished its body, when
// the final response reached the client, its status, and how many body bytes the request
// carried when. Times are client-side and on the link's schedule: request bytes as they went
// onto the link from the client's side, response bytes as they arrived at the client's side,
// so a request's duration is what the client waited. Works the same for every client, whatever its language: the
// benchmark's per-request timings and concurrency curves come from here.
//
// Never records a URL's query values (pre-signed URLs carry signatures) except `partNumber`.

import { bodyModeOf, HttpFramer, type BodyMode } from './http-framer';

export type ExchangeOutcome = 'complete' | 'reset' | 'closed' | 'open';

export interface HttpExchange {
  /** The forward (upstream) it went through, e.g. "api" or "storage". */
  forward: string;
  connection: number;
  method: string;
  /** Path without the query. */
  path: string;
  /** Query parameter names, and partNumber's value: "partNumber=3&uploadId". */
  query: string;
  /** ms from the link's epoch */
  requestStartMs: number;
  requestEndMs: number | null;
  /** Request body bytes the client sent (so far, if cut off). */
  bodyBytes: number;
  /** Declared request body length (Content-Length), if any. */
  declaredBytes: number | null;
  /** The interim 100 Continue reached the client. */
  continueMs: number | null;
  responseStartMs: number | null;
  responseEndMs: number | null;
  status: number | null;
  outcome: ExchangeOutcome;
  /** When the connection ended under an unanswered exchange (outcome reset or closed). */
  cutMs: number | null;
  /** Request body bytes by when they went onto the wire: [bin, bytes], bins of the link's binMs. */
  bodyBins: [number, number][];
}

export interface ObserverOptions {
  forward: string;
  connection: number;
  epoch: number;
  binMs: number;
  /** Receives every exchange once its request head is seen (the same object is then updated). */
  record(exchange: HttpExchange): void;
}

export class HttpObserver {
  readonly #options: ObserverOptions;
  readonly #requests: HttpFramer;
  readonly #responses: HttpFramer;
  /** Sent, not yet answered with a final response, oldest first. */
  readonly #awaiting: HttpExchange[] = [];
  #sending: HttpExchange | null = null;
  #sendingBins = new Map<number, number>();
  #answering: HttpExchange | null = null;
  /** Departure time of the chunk being fed (see fromClient). */
  #departs = 0;

  constructor(options: ObserverOptions) {
    this.#options = options;
    this.#requests = new HttpFramer({
      head: (head, at) => this.#requestHead(head.startLine, head.headers, at),
      body: (bytes) => this.#requestBody(bytes),
      end: (at) => this.#requestEnd(at),
    });
    this.#responses = new HttpFramer({
      head: (head, at) => this.#responseHead(head.startLine, head.headers, at),
      body: () => {},
      end: (at) => this.#responseEnd(at),
    });
  }

  /** Why observing this connection stopped, if it did. */
  get lost(): string | null {
    return this.#requests.lost ?? this.#responses.lost;
  }

  /**
   * Bytes from the client were handed to the link at `at` and started onto the wire at
   * `departs` (ms on the link's clock; default: at once). Request times are the former, body
   * bytes are binned by the latter.
   */
  fromClient(chunk: Buffer, at: number, departs = at): void {
    this.#departs = departs - this.#options.epoch;
    this.#requests.feed(chunk, at - this.#options.epoch);
  }

  /** Bytes reached the client at `at`. */
  toClient(chunk: Buffer, at: number): void {
    this.#responses.feed(chunk, at - this.#options.epoch);
  }

  /** The connection ended (`closed`) or was reset: what is unanswered stays so, with that outcome. */
  end(how: 'closed' | 'reset', at: number): void {
    const t = at - this.#options.epoch;
    this.#responses.close(t);
    this.#flushBins();
    for (const exchange of [...this.#awaiting, ...(this.#sending ? [this.#sending] : [])]) {
      if (exchange.outcome !== 'open') continue;
      exchange.outcome = how;
      exchange.cutMs = t;
    }
    this.#awaiting.length = 0;
    this.#sending = null;
  }

  #requestHead(startLine: string, headers: Map<string, string>, at: number): BodyMode {
    const [method = '?', target = ''] = startLine.split(' ');
    const { path, query } = sanitizeTarget(target);
    const mode = bodyModeOf(headers, { kind: 'none' });
    const exchange: HttpExchange = {
      forward: this.#options.forward,
      connection: this.#options.connection,
      method,
      path,
      query,
      requestStartMs: at,
      requestEndMs: null,
      bodyBytes: 0,
      declaredBytes: mode.kind === 'fixed' ? mode.bytes : null,
      continueMs: null,
      responseStartMs: null,
      responseEndMs: null,
      status: null,
      outcome: 'open',
      cutMs: null,
      bodyBins: [],
    };
    this.#sending = exchange;
    this.#awaiting.push(exchange);
    this.#options.record(exchange);
    return mode;
  }

  #requestBody(bytes: number): void {
    const exchange = this.#sending;
    if (!exchange) return;
    exchange.bodyBytes += bytes;
    const bin = Math.floor(this.#departs / this.#options.binMs);
    this.#sendingBins.set(bin, (this.#sendingBins.get(bin) ?? 0) + bytes);
  }

  #requestEnd(at: number): void {
    if (this.#sending) this.#sending.requestEndMs = at;
    this.#flushBins();
    this.#sending = null;
  }

  #flushBins(): void {
    if (this.#sending && this.#sendingBins.size) this.#sending.bodyBins = [...this.#sendingBins];
    this.#sendingBins = new Map();
  }

  #responseHead(startLine: string, headers: Map<string, string>, at: number): BodyMode {
    const status = Number(startLine.split(' ')[1]);
    const exchange = this.#awaiting[0] ?? null;
    if (status >= 100 && status < 200) {
      // Interim (100 Continue): the final response follows on the same exchange.
      if (exchange && status === 100) exchange.continueMs ??= at;
      return { kind: 'none' };
    }
    this.#answering = exchange;
    if (exchange) {
      exchange.status = Number.isFinite(status) ? status : null;
      exchange.responseStartMs = at;
    }
    if (exchange?.method === 'HEAD' || status === 204 || status === 304) return { kind: 'none' };
    return bodyModeOf(headers, { kind: 'until-close' });
  }

  #responseEnd(at: number): void {
    const exchange = this.#answering;
    if (!exchange) return; // an interim response ended
    this.#answering = null;
    exchange.responseEndMs = at;
    exchange.outcome = 'complete';
    this.#awaiting.splice(this.#awaiting.indexOf(exchange), 1);
  }
}

/** Path without the query, and the query reduced to its names (partNumber keeps its value). */
export function sanitizeTarget(target: string): { path: string; query: string } {
  const q = target.indexOf('?');
  if (q === -1) return { path: target, query: '' };
  const names = target
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [name = '', value = ''] = pair.split('=');
      return name === 'partNumber' ? `${name}=${value}` : name;
    })
    .filter((name) => !name.startsWith('X-Amz-'));
  return { path: target.slice(0, q), query: names.join('&') };
}
