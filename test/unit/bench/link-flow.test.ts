// The link emulator's arithmetic under a hand-driven clock: rate, delay, window growth and
// restart, queue backpressure, sharing. Exact, because no real time is involved.

import { describe, expect, it } from 'vitest';
import { LinkDirection } from '../../../bench/link/link-direction';
import { INITIAL_WINDOW_BYTES, SLICE_BYTES, TcpFlow } from '../../../bench/link/tcp-flow';
import { FakeClock } from './fake-clock';

const MiB = 1024 * 1024;

interface Options {
  bytesPerMs: number;
  oneWayDelayMs: number;
  queueBytes: number;
}

function link(clock: FakeClock, options: Options): LinkDirection {
  return new LinkDirection(clock, { ...options, epoch: 0 });
}

/**
 * A sender like a socket: writes `total` bytes in 64 KiB chunks while not paused; resuming
 * makes it write again a moment later (as socket.resume() emits data on a later tick).
 */
function sender(clock: FakeClock, direction: LinkDirection, initial: number, maxWindowBytes = 4 * MiB) {
  let total = initial;
  const received: { at: number; bytes: number }[] = [];
  let left = initial;
  let paused = false;
  let pauses = 0;
  let receiverOpen = true;
  const sink = { write: (chunk: Buffer) => (received.push({ at: clock.now(), bytes: chunk.length }), receiverOpen), end: () => {} };
  const source = {
    pause: () => {
      paused = true;
      pauses += 1;
    },
    resume: () => {
      paused = false;
      clock.at(clock.now(), write);
    },
  };
  const flow = new TcpFlow(clock, direction, source, sink, { maxWindowBytes, readAheadBytes: 256 * 1024 });
  function write(): void {
    while (!paused && left > 0) {
      const n = Math.min(64 * 1024, left);
      left -= n;
      flow.push(Buffer.alloc(n));
    }
  }
  return {
    flow,
    received,
    start: write,
    more(bytes: number) {
      left += bytes;
      total += bytes;
      write();
    },
    get pauses() {
      return pauses;
    },
    /** Bytes the flow has taken from the sender. */
    get accepted() {
      return total - left;
    },
    closeReceiver() {
      receiverOpen = false;
    },
    deliveredBy(at: number) {
      return received.filter((r) => r.at <= at).reduce((sum, r) => sum + r.bytes, 0);
    },
    /** Time the cumulative delivered bytes reached `bytes`. */
    timeOf(bytes: number) {
      let sum = 0;
      for (const r of received) if ((sum += r.bytes) >= bytes) return r.at;
      return Number.NaN;
    },
  };
}

describe('one direction of the emulated link', () => {
  it('carries a bulk transfer at exactly the configured rate once the window has opened', () => {
    const clock = new FakeClock();
    // 100 Mbit/s, 50 ms each way, a bandwidth-delay product of queue
    const direction = link(clock, { bytesPerMs: 12_500, oneWayDelayMs: 50, queueBytes: 1_250_000 });
    const transfer = sender(clock, direction, 40 * MiB);
    transfer.start();
    clock.runAll();

    expect(transfer.deliveredBy(Number.POSITIVE_INFINITY)).toBe(40 * MiB);
    const steady = (30 * MiB) / (transfer.timeOf(40 * MiB) - transfer.timeOf(10 * MiB));
    expect(steady / 12_500).toBeGreaterThan(0.995);
    expect(steady / 12_500).toBeLessThanOrEqual(1.0001);
  });

  it('opens a new connection with 10 segments per round trip, doubling every round trip', () => {
    const clock = new FakeClock();
    // so fast that serialising is negligible: the window alone sets the pace
    const direction = link(clock, { bytesPerMs: 10_000_000, oneWayDelayMs: 50, queueBytes: 64 * MiB });
    const transfer = sender(clock, direction, 8 * MiB);
    transfer.start();
    clock.runAll();

    // the k-th window is delivered one delay after the (k-1)-th round trip's ACKs came back
    const byEndOfRound = (k: number) => transfer.deliveredBy(50 + 100 * (k - 1) + 1);
    expect(byEndOfRound(1)).toBe(INITIAL_WINDOW_BYTES);
    expect(byEndOfRound(2)).toBe(3 * INITIAL_WINDOW_BYTES);
    expect(byEndOfRound(3)).toBe(7 * INITIAL_WINDOW_BYTES);
    expect(byEndOfRound(4)).toBe(15 * INITIAL_WINDOW_BYTES);
  });

  it('grows the window no further than the largest one autotuning reaches', () => {
    const clock = new FakeClock();
    const direction = link(clock, { bytesPerMs: 10_000_000, oneWayDelayMs: 50, queueBytes: 64 * MiB });
    const transfer = sender(clock, direction, 40 * MiB, 2 * MiB);
    transfer.start();
    clock.runAll();

    expect(transfer.flow.window).toBe(2 * MiB);
    // from then on, one window per round trip (give or take the slices at the edges of the span)
    const t = transfer.timeOf(5 * MiB);
    const perRoundTrip = (transfer.deliveredBy(t + 1500) - transfer.deliveredBy(t)) / 15;
    expect(perRoundTrip / (2 * MiB)).toBeGreaterThan(0.98);
    expect(perRoundTrip / (2 * MiB)).toBeLessThanOrEqual(1);
  });

  it('restarts the window after the connection idled: halved per RTO idle, never below 10 segments', () => {
    const clock = new FakeClock();
    const direction = link(clock, { bytesPerMs: 10_000_000, oneWayDelayMs: 50, queueBytes: 64 * MiB });
    const transfer = sender(clock, direction, 40 * MiB);
    transfer.start();
    clock.runAll();
    expect(transfer.flow.window).toBe(4 * MiB);

    // RTO = RTT + 200 ms = 300 ms; idle 3.5 RTOs: three halvings
    clock.advance(1050);
    const resumedAt = clock.now();
    transfer.more(4 * MiB);
    clock.runAll();
    expect(transfer.deliveredBy(resumedAt + 51) - 40 * MiB).toBe(512 * 1024);

    // idle far longer: back to the initial window
    clock.advance(60_000);
    const againAt = clock.now();
    transfer.more(1 * MiB);
    clock.runAll();
    expect(transfer.deliveredBy(againAt + 51) - 44 * MiB).toBe(INITIAL_WINDOW_BYTES);
  });

  it('blocks the sender when the bottleneck queue is full, like a router buffer', () => {
    const clock = new FakeClock();
    // 8 Mbit/s, a 20 KB queue: the sender is far faster than the link
    const queueBytes = 20_000;
    const direction = link(clock, { bytesPerMs: 1_000, oneWayDelayMs: 10, queueBytes });
    const transfer = sender(clock, direction, 2 * MiB);
    transfer.start();
    let worstBacklog = 0;
    let worstAhead = 0;
    for (let t = 0; t < 2500; t += 1) {
      clock.advance(1);
      worstBacklog = Math.max(worstBacklog, direction.backlog());
      worstAhead = Math.max(worstAhead, transfer.accepted - transfer.deliveredBy(clock.now()));
    }
    // the sender was held back, over and over: what it got rid of never ran further ahead of
    // the link than the read-ahead, its last chunk, the queue and what is in the delay line
    expect(transfer.pauses).toBeGreaterThan(3);
    expect(worstAhead).toBeLessThanOrEqual(256 * 1024 + 64 * 1024 + queueBytes + SLICE_BYTES + (10 * 1_000 + SLICE_BYTES));
    // never more than the queue plus the one slice that may overshoot it
    expect(worstBacklog).toBeLessThanOrEqual(queueBytes + SLICE_BYTES);
    expect(worstBacklog).toBeGreaterThan(queueBytes);
    // and the link stayed busy meanwhile: 1,000 bytes per ms
    const from = transfer.timeOf(512 * 1024);
    expect((transfer.deliveredBy(from + 1000) - transfer.deliveredBy(from)) / 1000).toBeCloseTo(1000, -1);
  });

  it('carries any number of slices in the delay line at once: delay never serialises', () => {
    const clock = new FakeClock();
    const direction = link(clock, { bytesPerMs: 125_000, oneWayDelayMs: 100, queueBytes: MiB });
    const a = sender(clock, direction, 1000);
    const b = sender(clock, direction, 1000);
    a.start();
    b.start();
    clock.runAll();

    expect(a.timeOf(1000)).toBeCloseTo(100 + 1000 / 125_000, 6);
    expect(b.timeOf(1000)).toBeCloseTo(100 + 2000 / 125_000, 6);
  });

  it('shares its rate between the connections on it', () => {
    const clock = new FakeClock();
    const direction = link(clock, { bytesPerMs: 12_500, oneWayDelayMs: 20, queueBytes: 500_000 });
    const a = sender(clock, direction, 20 * MiB);
    const b = sender(clock, direction, 20 * MiB);
    a.start();
    b.start();
    clock.advance(2000);

    const both = a.deliveredBy(2000) - a.deliveredBy(1000) + b.deliveredBy(2000) - b.deliveredBy(1000);
    expect(both / 1000 / 12_500).toBeCloseTo(1, 2);
    const share = (a.deliveredBy(2000) - a.deliveredBy(1000)) / both;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
    const stats = direction.stats();
    expect(stats.idleGaps.filter(([start]) => start > 500)).toEqual([]);
  });

  it('admits nothing more while the receiver pushes back, and carries on once it drained', () => {
    const clock = new FakeClock();
    const direction = link(clock, { bytesPerMs: 12_500, oneWayDelayMs: 5, queueBytes: 125_000 });
    const transfer = sender(clock, direction, 4 * MiB);
    transfer.closeReceiver();
    transfer.start();
    clock.advance(1000);
    // what was on the link when the receiver closed still lands; then nothing
    const stuck = transfer.deliveredBy(1000);
    expect(stuck).toBeLessThan(200_000);
    clock.advance(1000);
    expect(transfer.deliveredBy(2000)).toBe(stuck);

    transfer.flow.drained();
    clock.runAll();
    expect(transfer.deliveredBy(Number.POSITIVE_INFINITY)).toBeGreaterThan(stuck);
  });

  it('records idle gaps of the bottleneck between busy periods', () => {
    const clock = new FakeClock();
    const direction = link(clock, { bytesPerMs: 1_000, oneWayDelayMs: 10, queueBytes: 100_000 });
    const transfer = sender(clock, direction, 10_000);
    transfer.start();
    clock.runAll();
    clock.advance(500);
    transfer.more(10_000);
    clock.runAll();

    const stats = direction.stats();
    expect(stats.idleGaps.length).toBe(1);
    const [start, length] = stats.idleGaps[0]!;
    expect(start).toBe(10);
    expect(length).toBeGreaterThan(500);
    expect(stats.busyMs).toBeCloseTo(20, 6);
    expect(stats.bytesDelivered).toBe(20_000);
  });
});
