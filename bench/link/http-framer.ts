// Incremental HTTP/1.1 message framing over a byte stream: finds where each message's head
// and body begin and end, without copying bodies (they are only counted). The link observer
// runs one per direction of every connection, so it must cost next to nothing per byte:
// header blocks are small and bodies are skipped by length.

/** How the body of a message is delimited (RFC 9112 §6.3). */
export type BodyMode = { kind: 'none' } | { kind: 'fixed'; bytes: number } | { kind: 'chunked' } | { kind: 'until-close' };

export interface MessageHead {
  startLine: string;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Map<string, string>;
}

export interface FramerHandlers {
  /** A head is complete; the answer says how its body is delimited. */
  head(head: MessageHead, at: number): BodyMode;
  body(bytes: number, at: number): void;
  end(at: number): void;
}

/** A head larger than this is not HTTP we understand: observing stops, bytes still flow. */
const MAX_HEAD_BYTES = 64 * 1024;
const LF = 0x0a;
const HEAD_END = Buffer.from('\r\n\r\n');

type State =
  | { kind: 'head'; buffered: Buffer | null }
  | { kind: 'fixed'; remaining: number }
  | { kind: 'chunk-size'; line: string }
  | { kind: 'chunk-data'; remaining: number }
  | { kind: 'chunk-crlf'; remaining: number }
  | { kind: 'trailers'; line: string }
  | { kind: 'until-close' }
  | { kind: 'lost'; reason: string };

export class HttpFramer {
  readonly #handlers: FramerHandlers;
  #state: State = { kind: 'head', buffered: null };

  constructor(handlers: FramerHandlers) {
    this.#handlers = handlers;
  }

  /** Why observing stopped, or null while the stream parses. */
  get lost(): string | null {
    return this.#state.kind === 'lost' ? this.#state.reason : null;
  }

  feed(chunk: Buffer, at: number): void {
    let offset = 0;
    while (offset < chunk.length) {
      const state = this.#state;
      switch (state.kind) {
        case 'head':
          offset = this.#head(state, chunk, offset, at);
          break;
        case 'fixed': {
          const n = Math.min(state.remaining, chunk.length - offset);
          offset += n;
          state.remaining -= n;
          this.#handlers.body(n, at);
          if (state.remaining === 0) this.#finish(at);
          break;
        }
        case 'chunk-size':
        case 'trailers': {
          // Lines end at LF; the CR before it may have come in the previous chunk.
          const eol = chunk.indexOf(LF, offset);
          const end = eol === -1 ? chunk.length : eol;
          state.line += chunk.toString('latin1', offset, end);
          if (state.line.length > 4096) return this.#lose('chunk line too long');
          if (eol === -1) {
            offset = chunk.length;
            break;
          }
          offset = eol + 1;
          const line = state.line.replace(/\r$/, '');
          if (state.kind === 'trailers') {
            if (line === '') this.#finish(at);
            else state.line = '';
            break;
          }
          const size = Number.parseInt(line.split(';')[0]!.trim(), 16);
          if (!Number.isFinite(size) || size < 0) return this.#lose(`bad chunk size "${line.slice(0, 40)}"`);
          this.#state = size === 0 ? { kind: 'trailers', line: '' } : { kind: 'chunk-data', remaining: size };
          break;
        }
        case 'chunk-data': {
          const n = Math.min(state.remaining, chunk.length - offset);
          offset += n;
          state.remaining -= n;
          this.#handlers.body(n, at);
          if (state.remaining === 0) this.#state = { kind: 'chunk-crlf', remaining: 2 };
          break;
        }
        case 'chunk-crlf': {
          const n = Math.min(state.remaining, chunk.length - offset);
          offset += n;
          state.remaining -= n;
          if (state.remaining === 0) this.#state = { kind: 'chunk-size', line: '' };
          break;
        }
        case 'until-close':
          this.#handlers.body(chunk.length - offset, at);
          return;
        case 'lost':
          return;
      }
    }
  }

  /** The connection ended: a body delimited by the close is complete now. */
  close(at: number): void {
    if (this.#state.kind === 'until-close') this.#finish(at);
  }

  #head(state: Extract<State, { kind: 'head' }>, chunk: Buffer, offset: number, at: number): number {
    const part = offset === 0 ? chunk : chunk.subarray(offset);
    // Search from 3 bytes before this part, so a \r\n\r\n split across chunks is found.
    const previous = state.buffered;
    const joined = previous ? Buffer.concat([previous, part]) : part;
    const from = previous ? Math.max(0, previous.length - 3) : 0;
    const end = joined.indexOf(HEAD_END, from);
    if (end === -1) {
      if (joined.length > MAX_HEAD_BYTES) {
        this.#lose('head larger than 64 KiB');
        return chunk.length;
      }
      state.buffered = joined;
      return chunk.length;
    }
    const text = joined.toString('latin1', 0, end);
    // Blank lines before a message are allowed (RFC 9112 §2.2).
    const lines = text.replace(/^(\r\n)+/, '').split('\r\n');
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
    }
    const consumedOfPart = end + 4 - (previous?.length ?? 0);
    const mode = this.#handlers.head({ startLine: lines[0] ?? '', headers }, at);
    switch (mode.kind) {
      case 'none':
        this.#finish(at);
        break;
      case 'fixed':
        if (mode.bytes === 0) this.#finish(at);
        else this.#state = { kind: 'fixed', remaining: mode.bytes };
        break;
      case 'chunked':
        this.#state = { kind: 'chunk-size', line: '' };
        break;
      case 'until-close':
        this.#state = { kind: 'until-close' };
        break;
    }
    return offset + consumedOfPart;
  }

  #finish(at: number): void {
    this.#state = { kind: 'head', buffered: null };
    this.#handlers.end(at);
  }

  #lose(reason: string): void {
    this.#state = { kind: 'lost', reason };
  }
}

/** Body mode of a message from its headers (requests: no length means no body). */
export function bodyModeOf(headers: Map<string, string>, noLength: BodyMode): BodyMode {
  const encoding = headers.get('transfer-encoding');
  if (encoding && /(^|,)\s*chunked\s*$/i.test(encoding)) return { kind: 'chunked' };
  const length = headers.get('content-length');
  if (length !== undefined) {
    const n = Number(length.split(',')[0]);
    if (Number.isSafeInteger(n) && n >= 0) return { kind: 'fixed', bytes: n };
  }
  return noLength;
}
