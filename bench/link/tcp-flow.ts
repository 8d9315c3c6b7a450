// One direction of one connection through the emulated link: the bytes its sender wrote,
// let onto the link as the sender's TCP would. The emulator's sockets are on loopback, so
// without this a connection would skip the costs a real one pays:
// - a congestion window: 10 segments at first (RFC 6928), growing by every byte ACKed (slow
//   start: doubling per round trip) up to the largest window autotuning reaches;
// - restart after idle: a connection idle for more than one RTO halves its window per RTO
//   idle, down to the initial one (Linux tcp_slow_start_after_idle, on by default), so a
//   keep-alive connection that waits between requests does not send at full rate at once;
// - the handshake: the client's first byte leaves one RTT after connect (see link.ts);
// - the receiver's window: when the receiving socket pushes back, nothing more is admitted.
// There is no loss other than resets, so no congestion avoidance: a full queue blocks the
// sender (backpressure) instead of dropping.

import type { Clock } from './clock';
import type { DirectionFlow, LinkDirection } from './link-direction';

/** RFC 6928 initial window: 10 segments of 1448 payload bytes (1500 MTU, TCP timestamps). */
export const INITIAL_WINDOW_BYTES = 10 * 1448;
/** Smallest and largest slice put on the link at once (see sliceBytes). */
export const SLICE_BYTES = 16 * 1024;
const MAX_SLICE_BYTES = 64 * 1024;

/**
 * The granularity of serialisation and delivery: about 4 ms of the link's time, 16 to 64 KiB
 * (64 KiB is also what a NIC's segmentation offload sends as one burst). Finer costs a socket
 * write and a wake-up per slice — a wake-up costs ≈ 60 µs of CPU on these VMs, so at one per
 * slice of 16 KiB the emulator cost 10–30 CPU-seconds per GB on the slow profiles; coarser
 * makes deliveries burstier than a real link's packets.
 */
export function sliceBytes(bytesPerMs: number): number {
  return Math.min(MAX_SLICE_BYTES, Math.max(SLICE_BYTES, Math.round(bytesPerMs * 4)));
}
/**
 * Bytes read from the sender ahead of the link: one second of the link's rate, 1 to 8 MiB.
 * Held bytes are admitted on the link's virtual schedule even when this process runs late
 * (see link-direction.ts), so the more are held, the longer a stall of this process (the
 * machine is shared) costs the link nothing: a second on wifi, vpn and hotel, 134 ms on
 * fibre, 67 ms on lan, plus the queue. To the sender they are socket buffer, as a real
 * kernel's send buffer (autotuned up to 4 MiB) would be.
 */
export function readAheadBytes(bytesPerMs: number): number {
  return Math.min(8 * 1024 * 1024, Math.max(1024 * 1024, Math.round(bytesPerMs * 1000)));
}
/** Linux's minimum retransmission timeout; RTO ≈ RTT + this on a stable path. */
const RTO_MIN_MS = 200;

export interface FlowSource {
  pause(): void;
  resume(): void;
}

export interface FlowSink {
  /**
   * The chunk crossed the link, arriving at virtual time `at`. False when the receiver's
   * buffer is full; the owner then calls drained() once it has room.
   */
  write(chunk: Buffer, at: number): boolean;
  end(): void;
}

export interface TcpFlowOptions {
  maxWindowBytes: number;
  /** The flow admits nothing before this time (the handshake's round trip). */
  openAt?: number;
  /** See readAheadBytes. */
  readAheadBytes: number;
  /** See sliceBytes (default SLICE_BYTES). */
  sliceBytes?: number;
  /**
   * Sees every slice as it goes onto the link (the HTTP observer): when the sender handed it
   * over (`at`) and when it started onto the wire (`departs`), virtual times.
   */
  onAdmit?: (slice: Buffer, at: number, departs: number) => void;
}

export class TcpFlow implements DirectionFlow {
  readonly #clock: Clock;
  readonly #direction: LinkDirection;
  readonly #source: FlowSource;
  readonly #sink: FlowSink;
  readonly #maxWindow: number;
  readonly #rtoMs: number;
  /** What the sender wrote that is not on the link yet, with when it was written. */
  readonly #held: { chunk: Buffer; at: number }[] = [];
  #heldBytes = 0;
  #inFlight = 0;
  #onLink = 0;
  #window = INITIAL_WINDOW_BYTES;
  #lastSentAt = Number.NEGATIVE_INFINITY;
  /** The window was full: the flow may send again from the ACK that opened it (virtual time). */
  #windowFull = false;
  #windowOpenedAt = Number.NEGATIVE_INFINITY;
  #openAt: number;
  #receiverFull = false;
  #ending = false;
  #ended = false;
  #alive = true;
  #paused = false;
  readonly #readAhead: number;
  readonly #slice: number;
  readonly #onAdmit: ((slice: Buffer, at: number, departs: number) => void) | undefined;
  #openTimer: { cancel(): void } | null = null;

  constructor(clock: Clock, direction: LinkDirection, source: FlowSource, sink: FlowSink, options: TcpFlowOptions) {
    this.#clock = clock;
    this.#direction = direction;
    this.#source = source;
    this.#sink = sink;
    this.#maxWindow = Math.max(INITIAL_WINDOW_BYTES, options.maxWindowBytes);
    this.#rtoMs = 2 * direction.oneWayDelayMs + RTO_MIN_MS;
    this.#openAt = options.openAt ?? Number.NEGATIVE_INFINITY;
    this.#onAdmit = options.onAdmit;
    this.#readAhead = options.readAheadBytes;
    this.#slice = options.sliceBytes ?? SLICE_BYTES;
  }

  get alive(): boolean {
    return this.#alive;
  }

  get window(): number {
    return this.#window;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** The sender wrote `chunk`. */
  push(chunk: Buffer): void {
    if (!this.#alive) return;
    this.#held.push({ chunk, at: this.#clock.now() });
    this.#heldBytes += chunk.length;
    this.pump(this.#clock.now());
    // Bytes we could not put on the link yet stay here (part of the sender's socket buffer,
    // as far as the sender can tell); past the read-ahead stop reading, so the sender's
    // socket fills and blocks it, as a full window or router buffer would.
    if (this.#heldBytes > this.#readAhead && !this.#paused) {
      this.#paused = true;
      this.#source.pause();
    }
  }

  /** The sender closed its side: the end follows the last byte across the link. */
  end(): void {
    this.#ending = true;
    this.#maybeEnd();
  }

  /** Asks the link to take held bytes, as of virtual time `due`, as far as the window allows. */
  pump(due: number): void {
    if (!this.#alive || this.#receiverFull || this.#heldBytes === 0) return;
    if (this.#clock.now() < this.#openAt) {
      this.#openTimer ??= this.#clock.at(this.#openAt, () => {
        this.#openTimer = null;
        this.pump(this.#openAt);
      });
      return;
    }
    if (this.#window - this.#inFlight <= 0) {
      this.#windowFull = true;
      this.#direction.awaitAck(this); // an ACK pumps again
      return;
    }
    // Bytes written before the flow could send are due when it could.
    this.#direction.request(this, Math.max(due, this.#openAt));
  }

  /** The link serves this flow one slice (see LinkDirection#serve). */
  sendSlice(serveAt: number): boolean {
    if (!this.#alive || this.#receiverFull || this.#heldBytes === 0) return false;
    const first = this.#held[0]!;
    // A catch-up admission (see link-direction.ts) never goes back before the sender wrote
    // the bytes, before the connection was open, or before the ACK that opened the window.
    const at = Math.max(serveAt, first.at, this.#openAt, this.#windowOpenedAt);
    if (this.#inFlight === 0) this.#restartAfterIdle(at);
    const room = this.#window - this.#inFlight;
    if (room <= 0) {
      this.#windowFull = true;
      this.#direction.awaitAck(this);
      return false;
    }
    const n = Math.min(first.chunk.length, room, this.#slice);
    const slice = n === first.chunk.length ? first.chunk : first.chunk.subarray(0, n);
    if (n === first.chunk.length) this.#held.shift();
    else first.chunk = first.chunk.subarray(n);
    this.#heldBytes -= n;
    this.#inFlight += n;
    this.#onLink += 1;
    this.#lastSentAt = at;
    const departs = this.#direction.admit(this, slice, at);
    this.#onAdmit?.(slice, at, departs);
    this.#resumeSource();
    if (this.#heldBytes > 0 && this.#window - this.#inFlight <= 0) {
      this.#windowFull = true;
      this.#direction.awaitAck(this);
    }
    return this.#heldBytes > 0 && this.#window - this.#inFlight > 0;
  }

  #resumeSource(): void {
    // Half the read-ahead as hysteresis: pausing and resuming a socket costs system calls,
    // and toggling at every slice did so hundreds of times a second.
    if (this.#paused && this.#heldBytes <= this.#readAhead / 2) {
      this.#paused = false;
      this.#source.resume();
    }
  }

  #restartAfterIdle(now: number): void {
    let idle = now - this.#lastSentAt;
    const restart = Math.min(INITIAL_WINDOW_BYTES, this.#window);
    while ((idle -= this.#rtoMs) > 0 && this.#window > restart) this.#window = Math.floor(this.#window / 2);
    this.#window = Math.max(this.#window, restart);
  }

  deliver(chunk: Buffer, at: number): void {
    this.#onLink -= 1;
    if (!this.#sink.write(chunk, at)) this.#receiverFull = true;
    this.#maybeEnd();
  }

  /** The receiving socket has room again. */
  drained(): void {
    this.#receiverFull = false;
    this.pump(this.#clock.now());
  }

  acked(bytes: number, at: number): void {
    this.#inFlight -= bytes;
    if (this.#windowFull) {
      this.#windowFull = false;
      this.#windowOpenedAt = at;
    }
    // Slow start without loss: the window grows by what was ACKed, up to autotuning's limit.
    this.#window = Math.min(this.#maxWindow, this.#window + bytes);
  }

  #maybeEnd(): void {
    if (this.#ending && !this.#ended && this.#heldBytes === 0 && this.#onLink === 0) {
      this.#ended = true;
      this.#sink.end();
    }
  }

  /** Reset or closed: nothing more is admitted, what is in flight is dropped. */
  kill(): void {
    this.#alive = false;
    this.#openTimer?.cancel();
    this.#held.length = 0;
    this.#heldBytes = 0;
  }
}
