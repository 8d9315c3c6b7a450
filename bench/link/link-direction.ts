// One direction of the emulated access link (uplink or downlink), shared by every connection
// like a real access link: a bottleneck that serialises bytes at the configured rate, a
// bounded queue in front of it (when it is full, senders wait: their sockets block, as behind
// a router buffer), and a delay line behind it (one-way delay, with any number of slices in
// flight at once, so delay never serialises). ACKs come back one delay after delivery; they
// open the senders' windows (see tcp-flow.ts). When the queue is full, the senders waiting
// for it are served in turn, one slice each, as a router queue takes packets in the order
// they come: a sender that is woken more often (by its ACKs) cannot starve the others.
//
// The bottleneck is a virtual-time FIFO — the limit of a token bucket with no burst: a slice
// of n bytes admitted at time t leaves at max(t, busyUntil) + n / rate, and nothing ever
// leaves faster. Every time stays on that virtual schedule when the emulator runs late (this
// process not scheduled for a while on a busy 2-core machine): a flow that was due to send at
// t — an ACK or queue room it waited for was due then — is admitted as of t, not as of when
// its timer finally ran, so the emulator's own stalls delay deliveries but cost the link no
// capacity. Catching up is bounded (MAX_CATCH_UP_MS): a longer stall is lost time.

import { Alarm, type Clock } from './clock';
import { Fifo } from './fifo';
import { LatenessHistogram } from './lateness-histogram';

/** How far back in time a late admission may be placed (see the note above). */
export const MAX_CATCH_UP_MS = 1000;

/** What the direction needs of a connection's sending side. */
export interface DirectionFlow {
  /** The slice has crossed the link; `at` is its virtual arrival time. */
  deliver(chunk: Buffer, at: number): void;
  /** The receiver's ACK for `bytes` reached the sender at virtual time `at`. */
  acked(bytes: number, at: number): void;
  /**
   * Puts one slice on the link with `direction.admit(…, at)` if it has one to send and its
   * window allows; true if it could send another right away.
   */
  sendSlice(at: number): boolean;
  /** False once the connection was reset or closed: its slices in flight are dropped. */
  readonly alive: boolean;
}

interface InFlight {
  flow: DirectionFlow;
  chunk: Buffer;
  at: number;
}

interface Ack {
  flow: DirectionFlow;
  bytes: number;
  at: number;
}

export interface DirectionStats {
  /** Bytes that crossed the link (delivered to the receiving socket). */
  bytesDelivered: number;
  /** Bytes per bin, by delivery time (bin i covers [i, i + 1) × binMs from the epoch). */
  bins: number[];
  binMs: number;
  /** Idle periods of the bottleneck between two busy ones, as [startMs from epoch, lengthMs]; ≥ minGapMs only. */
  idleGaps: [number, number][];
  minGapMs: number;
  /** Time the bottleneck spent serialising, ms. */
  busyMs: number;
  /**
   * How late deliveries ran behind the virtual schedule (this process not getting the CPU in
   * time), ms: the emulator's own error, which adds to every round trip. Median, 99th
   * percentile and maximum over every delivery.
   */
  lateness: { p50: number; p99: number; max: number };
  /** First admission and last delivery, ms from the epoch (null before any byte). */
  firstAdmitMs: number | null;
  lastDeliverMs: number | null;
}

export interface LinkDirectionOptions {
  bytesPerMs: number;
  oneWayDelayMs: number;
  queueBytes: number;
  /** Origin of the stats' times (ms on the clock). */
  epoch: number;
  binMs?: number;
  minGapMs?: number;
}

export class LinkDirection {
  readonly #clock: Clock;
  readonly #rate: number;
  readonly #delay: number;
  readonly #queueBytes: number;
  readonly #epoch: number;
  #busyUntil = Number.NEGATIVE_INFINITY;
  readonly #line = new Fifo<InFlight>();
  readonly #acks = new Fifo<Ack>();
  /** Flows with bytes to send and window to send them, waiting their turn at the queue. */
  readonly #waiting = new Fifo<DirectionFlow>();
  readonly #isWaiting = new Set<DirectionFlow>();
  /** When the queue has room again for the flows waiting (the room alarm's time). */
  #roomDue = 0;
  readonly #lineAlarm: Alarm;
  readonly #ackAlarm: Alarm;
  readonly #roomAlarm: Alarm;
  readonly #stats: DirectionStats;
  readonly #lateness = new LatenessHistogram();

  constructor(clock: Clock, options: LinkDirectionOptions) {
    this.#clock = clock;
    this.#rate = options.bytesPerMs;
    this.#delay = options.oneWayDelayMs;
    this.#queueBytes = options.queueBytes;
    this.#epoch = options.epoch;
    this.#lineAlarm = new Alarm(clock, () => this.#deliverDue());
    this.#ackAlarm = new Alarm(clock, () => this.#ackDue());
    this.#roomAlarm = new Alarm(clock, () => this.#serve(this.admissionTime(this.#roomDue)));
    this.#stats = {
      bytesDelivered: 0,
      bins: [],
      binMs: options.binMs ?? 100,
      idleGaps: [],
      minGapMs: options.minGapMs ?? 2,
      busyMs: 0,
      lateness: { p50: 0, p99: 0, max: 0 },
      firstAdmitMs: null,
      lastDeliverMs: null,
    };
  }

  get oneWayDelayMs(): number {
    return this.#delay;
  }

  /** Bytes waiting in the bottleneck queue (admitted, not yet serialised) at time `at`. */
  backlog(at = this.#clock.now()): number {
    return Math.max(0, this.#busyUntil - at) * this.#rate;
  }

  /** True while the queue has room for more (one slice may overshoot it, as one packet may). */
  hasRoom(at = this.#clock.now()): boolean {
    return this.backlog(at) < this.#queueBytes;
  }

  /** The virtual time of an admission due at `due`: never in the future, at most MAX_CATCH_UP_MS back. */
  admissionTime(due: number): number {
    const now = this.#clock.now();
    return Math.min(now, Math.max(due, now - MAX_CATCH_UP_MS));
  }

  /**
   * The flow has bytes to send and window for them, due at `due`: it joins the line at the
   * queue, which is served now as far as there is room.
   */
  request(flow: DirectionFlow, due: number): void {
    if (!this.#isWaiting.has(flow)) {
      this.#isWaiting.add(flow);
      this.#waiting.push(flow);
    }
    this.#serve(this.admissionTime(due));
  }

  /** One slice per waiting flow in turn, while the queue has room. */
  #serve(at: number): void {
    while (this.#waiting.size > 0 && this.hasRoom(at)) {
      const flow = this.#waiting.shift()!;
      if (flow.alive && flow.sendSlice(at)) this.#waiting.push(flow);
      else this.#isWaiting.delete(flow);
    }
    if (this.#waiting.size > 0) {
      // The moment the backlog is one byte under the queue size (exactly at the size, rounding
      // could leave it "full" and wake the flows at the same instant forever).
      this.#roomDue = this.#busyUntil - (this.#queueBytes - 1) / this.#rate;
      this.#roomAlarm.arm(this.#roomDue);
    }
  }

  /** Puts a slice on the link as of time `at`; only flows being served (sendSlice) call this. */
  admit(flow: DirectionFlow, chunk: Buffer, at: number): void {
    const stats = this.#stats;
    stats.firstAdmitMs ??= at - this.#epoch;
    if (at > this.#busyUntil) {
      // The bottleneck was idle since busyUntil: a gap on the link (none before the first byte).
      if (Number.isFinite(this.#busyUntil)) {
        const gap = at - this.#busyUntil;
        if (gap >= stats.minGapMs) stats.idleGaps.push([this.#busyUntil - this.#epoch, gap]);
      }
      this.#busyUntil = at;
    }
    const serialise = chunk.length / this.#rate;
    this.#busyUntil += serialise;
    stats.busyMs += serialise;
    const arrives = this.#busyUntil + this.#delay;
    this.#line.push({ flow, chunk, at: arrives });
    this.#lineAlarm.arm(arrives);
  }

  #deliverDue(): void {
    const now = this.#clock.now();
    const stats = this.#stats;
    for (let item = this.#line.peek(); item && item.at <= now; item = this.#line.peek()) {
      this.#line.shift();
      if (!item.flow.alive) continue;
      const n = item.chunk.length;
      stats.bytesDelivered += n;
      const t = item.at - this.#epoch;
      stats.lastDeliverMs = t;
      const bin = Math.floor(t / stats.binMs);
      while (stats.bins.length <= bin) stats.bins.push(0);
      stats.bins[bin]! += n;
      this.#lateness.record(now - item.at);
      item.flow.deliver(item.chunk, item.at);
      this.#acks.push({ flow: item.flow, bytes: n, at: item.at + this.#delay });
      this.#ackAlarm.arm(item.at + this.#delay);
    }
    const next = this.#line.peek();
    if (next) this.#lineAlarm.arm(next.at);
  }

  #ackDue(): void {
    const now = this.#clock.now();
    for (let ack = this.#acks.peek(); ack && ack.at <= now; ack = this.#acks.peek()) {
      this.#acks.shift();
      if (ack.flow.alive) ack.flow.acked(ack.bytes, ack.at);
    }
    const next = this.#acks.peek();
    if (next) this.#ackAlarm.arm(next.at);
  }

  stats(): DirectionStats {
    return { ...this.#stats, bins: [...this.#stats.bins], idleGaps: [...this.#stats.idleGaps], lateness: this.#lateness.summary() };
  }

  close(): void {
    this.#lineAlarm.cancel();
    this.#ackAlarm.cancel();
    this.#roomAlarm.cancel();
    while (this.#waiting.shift());
    this.#isWaiting.clear();
  }
}
