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
  /** The receiver's ACK for `bytes` reached the sender at `at` (its window grows; the direction pumps it after). */
  acked(bytes: number, at: number): void;
  /** Sends what it can, as of virtual time `due` (after ACKs). */
  pump(due: number): void;
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
  /** The largest slice flows put on it (sets how far the queue drains between wake-ups). */
  maxSliceBytes?: number;
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
  /**
   * One wake-up for deliveries, ACKs and queue room alike, at the earliest of them: each
   * wake-up costs a timer and a trip through the event loop, and three kinds of them per
   * slice made the emulator cost several CPU-seconds per GB.
   */
  readonly #alarm: Alarm;
  #roomWanted = false;
  /**
   * A flow waits for its window to open: only then do ACKs need a wake-up of their own.
   * Otherwise they are applied when next needed (before any admission), which is exact:
   * an ACK changes nothing but the window until the flow next sends.
   */
  readonly #ackWaiters = new Set<DirectionFlow>();
  #applyingAcks = false;
  /** How far below full the queue drains before waiting senders are woken (see #serve). */
  readonly #hysteresisBytes: number;
  readonly #stats: DirectionStats;
  readonly #lateness = new LatenessHistogram();

  constructor(clock: Clock, options: LinkDirectionOptions) {
    this.#clock = clock;
    this.#rate = options.bytesPerMs;
    this.#delay = options.oneWayDelayMs;
    this.#queueBytes = options.queueBytes;
    this.#epoch = options.epoch;
    this.#alarm = new Alarm(clock, () => this.#wake());
    this.#hysteresisBytes = Math.min(options.queueBytes / 2, 4 * (options.maxSliceBytes ?? 64 * 1024));
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
    this.#applyDueAcks();
    if (!this.#isWaiting.has(flow)) {
      this.#isWaiting.add(flow);
      this.#waiting.push(flow);
    }
    this.#serve(this.admissionTime(due));
  }

  /**
   * One slice per waiting flow in turn, while the queue has room. Flows that were waiting
   * for room are served as of when it came (if that was earlier: this process ran late);
   * each flow itself never sends before it could (see TcpFlow#sendSlice).
   */
  #serve(due: number): void {
    let at = due;
    if (this.#roomWanted && this.#roomDue < at) at = Math.max(this.admissionTime(this.#roomDue), Math.min(at, this.#roomDue));
    this.#roomWanted = false;
    while (this.#waiting.size > 0 && this.hasRoom(at)) {
      const flow = this.#waiting.shift()!;
      if (flow.alive && flow.sendSlice(at)) this.#waiting.push(flow);
      else this.#isWaiting.delete(flow);
    }
    if (this.#waiting.size > 0) {
      // Woken again once the queue has drained a few slices' worth below full, to fill it
      // back up in one go: one wake-up per few slices, not one per slice (each costs this
      // process a timer and a trip through the event loop).
      this.#roomDue = this.#busyUntil - (this.#queueBytes - this.#hysteresisBytes) / this.#rate;
      this.#roomWanted = true;
      this.#alarm.arm(this.#roomDue);
    }
  }

  /**
   * Puts a slice on the link as of time `at`; only flows being served (sendSlice) call this.
   * Returns when the slice starts onto the wire (after what is queued in front of it).
   */
  admit(flow: DirectionFlow, chunk: Buffer, at: number): number {
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
    const departs = this.#busyUntil;
    const serialise = chunk.length / this.#rate;
    this.#busyUntil += serialise;
    stats.busyMs += serialise;
    const arrives = this.#busyUntil + this.#delay;
    this.#line.push({ flow, chunk, at: arrives });
    this.#alarm.arm(arrives);
    return departs;
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
    }
  }

  /** The flow's window is full: wake up for ACKs until one of its own has come. */
  awaitAck(flow: DirectionFlow): void {
    this.#ackWaiters.add(flow);
    const next = this.#acks.peek();
    if (next) this.#alarm.arm(next.at);
  }

  #applyDueAcks(): void {
    if (this.#applyingAcks) return; // an ACK's pump asking for the link: already applying
    this.#applyingAcks = true;
    const now = this.#clock.now();
    // Every due ACK first, then each flow sends once with its window as it is now (sending
    // between two ACKs of one flow would see a window the flow never had).
    const acked = new Map<DirectionFlow, number>();
    for (let ack = this.#acks.peek(); ack && ack.at <= now; ack = this.#acks.peek()) {
      this.#acks.shift();
      if (!ack.flow.alive) continue;
      ack.flow.acked(ack.bytes, ack.at);
      acked.set(ack.flow, ack.at);
    }
    this.#applyingAcks = false;
    for (const [flow, at] of acked) {
      // Still blocked after these ACKs, its pump says so again.
      this.#ackWaiters.delete(flow);
      if (flow.alive) flow.pump(at);
    }
  }

  #wake(): void {
    this.#deliverDue();
    // Room before ACKs: after a stall of this process the room came due first (the queue
    // drained before the ACKs came back), so its senders go first, back-dated to it; an ACK's
    // pump first would put its slice at the ACK's later time and leave a false gap behind.
    if (this.#roomWanted && this.#clock.now() >= this.#roomDue) this.#serve(this.admissionTime(this.#roomDue));
    this.#applyDueAcks();
    const next = Math.min(
      this.#line.peek()?.at ?? Infinity,
      this.#ackWaiters.size > 0 ? (this.#acks.peek()?.at ?? Infinity) : Infinity,
      this.#roomWanted ? this.#roomDue : Infinity,
    );
    if (Number.isFinite(next)) this.#alarm.arm(next);
  }

  stats(): DirectionStats {
    return { ...this.#stats, bins: [...this.#stats.bins], idleGaps: [...this.#stats.idleGaps], lateness: this.#lateness.summary() };
  }

  close(): void {
    this.#alarm.cancel();
    this.#ackWaiters.clear();
    while (this.#waiting.shift());
    this.#isWaiting.clear();
  }
}
