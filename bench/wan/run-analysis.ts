// What one client run through the emulated link shows, computed from the link's own record
// (its byte timelines and the HTTP exchanges it carried), the same way for every client:
// the transfer window and goodput, how much of the link was used and where it sat idle,
// how many requests of each kind were in flight, how long each kind took, and what each
// file cost in round trips.

import type { HttpExchange } from '../link/http-observer';
import type { LinkReport } from '../link/link';
import { bytesPerMs } from '../link/profiles';
import type { ClientSpec, Workload } from './clients';
import { carriesData, endOf, EXCHANGE_KINDS, kindOf, succeeded, type ExchangeKind } from './exchange-kinds';

export interface KindStats {
  count: number;
  failed: number;
  /** Client-side duration, first request byte → last response byte. */
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  /**
   * Last request byte sent → first response byte back, median: one round trip plus the
   * server's time (and any queue on the link in front of the response).
   */
  waitP50Ms: number;
}

export interface RunAnalysis {
  /** ms on the link's clock: first byte of the first request after sign-in. */
  windowStartMs: number | null;
  /** ms: the last confirmation (part, or file for many files) reached the client. */
  windowEndMs: number | null;
  transferSeconds: number | null;
  /** Payload bytes of the workload per second of the window, in Mbit/s. */
  goodputMbps: number | null;
  /** goodput ÷ the link's payload rate. */
  linkShare: number | null;
  partsConfirmed: number;
  filesConfirmed: number;
  filesPerSecond: number | null;
  /** Data bytes sent more than once (a part cut off by a reset, sent again), MB. */
  resentMB: number;
  resets: number;
  /** When the link reset a connection, seconds from the window start. */
  resetsAtSeconds: number[];
  byKind: Partial<Record<ExchangeKind, KindStats>>;
  /** Time-weighted over the window: data-carrying requests (part PUTs), API calls, files. */
  inFlight: { dataMean: number; dataMax: number; apiMean: number; apiMax: number; filesMean: number | null };
  /** The uplink within the window. */
  uplink: {
    busyShare: number;
    idleMs: number;
    /** Idle gaps ≥ a quarter RTT: how many, their median length, and their total. */
    gaps: { count: number; medianMs: number; totalMs: number };
  };
  /**
   * Per connection, from the end of one data request's body to the start of the next one's:
   * the time a slot could not send (waiting for the response, then whatever the client does
   * before its next part). Median and count.
   */
  slotDeadMs: { median: number; count: number } | null;
  /**
   * Where the window is not data (big file): window start → the first data request's first
   * byte (the API calls before it: start, a lookup), and the last byte of any data body → the
   * window's end (the last PUT's answer, then its confirmation). What no concurrency can hide.
   */
  edgesMs: { beforeFirstData: number; afterLastBody: number } | null;
  /** Files in flight × seconds per file, in RTTs: what one file costs (Little's law). */
  perFileRtts: number | null;
  /** Requests per file of each kind (many files only). */
  requestsPerFile: Partial<Record<ExchangeKind, number>> | null;
  /** Useful data bytes per second bin (by when they went onto the wire), Mbit/s, from the window start. */
  goodputSeries: { binSeconds: number; mbps: number[] };
}

export function analyseRun(report: LinkReport, client: ClientSpec, workload: Workload): RunAnalysis {
  const exchanges = report.exchanges.map((e) => ({ e, kind: kindOf(e) }));
  const rttMs = 2 * report.profile.oneWayDelayMs;
  const started = exchanges.filter((x) => x.kind !== 'login').map((x) => x.e.requestStartMs);
  const windowStartMs = started.length ? Math.min(...started) : null;
  const confirms = exchanges.filter((x) => (workload.kind === 'big' ? client.confirmsPart(x.e) : client.confirmsFile(x.e)));
  const ends = confirms.map((x) => x.e.responseEndMs!).filter((t) => t !== null);
  const windowEndMs = ends.length ? Math.max(...ends) : null;
  const window = windowStartMs !== null && windowEndMs !== null && windowEndMs > windowStartMs ? windowEndMs - windowStartMs : null;
  const filesConfirmed = exchanges.filter((x) => client.confirmsFile(x.e)).length;
  // Many files: what was confirmed (a run stopped at its time limit finished only some).
  const payloadBytes = workload.kind === 'big' ? workload.bytes : filesConfirmed * workload.bytes;
  const goodputMbps = window ? (payloadBytes * 8) / 1e6 / (window / 1000) : null;
  const rateMbps = (bytesPerMs(report.profile) * 8) / 1000;

  const data = exchanges.filter((x) => carriesData(x.kind));
  const sentBytes = data.reduce((sum, x) => sum + x.e.bodyBytes, 0);
  const usefulBytes = data.filter((x) => succeeded(x.e)).reduce((sum, x) => sum + x.e.bodyBytes, 0);

  const byKind: Partial<Record<ExchangeKind, KindStats>> = {};
  for (const kind of EXCHANGE_KINDS) {
    const of = exchanges.filter((x) => x.kind === kind);
    if (!of.length) continue;
    const durations = of.filter((x) => x.e.responseEndMs !== null).map((x) => x.e.responseEndMs! - x.e.requestStartMs);
    byKind[kind] = {
      count: of.length,
      failed: of.filter((x) => !succeeded(x.e)).length,
      meanMs: round(mean(durations)),
      p50Ms: round(percentile(durations, 50)),
      p90Ms: round(percentile(durations, 90)),
      waitP50Ms: round(percentile(of.filter((x) => x.e.responseStartMs !== null && x.e.requestEndMs !== null).map((x) => x.e.responseStartMs! - x.e.requestEndMs!), 50)),
    };
  }

  const span = window ? { from: windowStartMs!, to: windowEndMs! } : null;
  const intervals = (list: typeof exchanges) => list.map((x) => [x.e.requestStartMs, endOf(x.e) ?? windowEndMs ?? x.e.requestStartMs] as [number, number]);
  const dataInFlight = span ? occupancy(intervals(data), span) : { mean: 0, max: 0 };
  const apiInFlight = span ? occupancy(intervals(exchanges.filter((x) => x.e.forward === 'api' && x.kind !== 'login')), span) : { mean: 0, max: 0 };
  const filesInFlight = span && workload.kind === 'small' ? occupancy(fileIntervals(exchanges, client, windowEndMs!), span).mean : null;
  const filesPerSecond = window && workload.kind === 'small' ? filesConfirmed / (window / 1000) : null;

  const gaps = span ? report.up.idleGaps.map(([start, length]) => clip(start, length, span)).filter((l) => l > 0) : [];
  const idleMs = gaps.reduce((a, b) => a + b, 0);
  const longGaps = gaps.filter((l) => l >= rttMs / 4);

  return {
    windowStartMs,
    windowEndMs,
    transferSeconds: window ? round(window / 1000, 3) : null,
    goodputMbps: goodputMbps === null ? null : round(goodputMbps, 2),
    linkShare: goodputMbps === null ? null : round(goodputMbps / rateMbps, 4),
    partsConfirmed: exchanges.filter((x) => client.confirmsPart(x.e)).length,
    filesConfirmed,
    filesPerSecond: filesPerSecond === null ? null : round(filesPerSecond, 2),
    resentMB: round((sentBytes - usefulBytes) / 1e6, 1),
    resets: report.resets.length,
    resetsAtSeconds: windowStartMs === null ? [] : report.resets.map((r) => round((r.atMs - windowStartMs) / 1000, 2)),
    byKind,
    inFlight: {
      dataMean: round(dataInFlight.mean, 2),
      dataMax: dataInFlight.max,
      apiMean: round(apiInFlight.mean, 2),
      apiMax: apiInFlight.max,
      filesMean: filesInFlight === null ? null : round(filesInFlight, 2),
    },
    uplink: {
      busyShare: window ? round(1 - idleMs / window, 4) : 0,
      idleMs: round(idleMs),
      gaps: { count: longGaps.length, medianMs: round(percentile(longGaps, 50)), totalMs: round(longGaps.reduce((a, b) => a + b, 0)) },
    },
    slotDeadMs: slotDeadTime(data.map((x) => x.e)),
    edgesMs: span && workload.kind === 'big' ? dataEdges(data.map((x) => x.e), span) : null,
    perFileRtts: filesInFlight !== null && filesPerSecond ? round((filesInFlight / filesPerSecond) * (1000 / rttMs), 2) : null,
    requestsPerFile:
      workload.kind === 'small' && filesConfirmed
        ? Object.fromEntries(Object.entries(byKind).map(([kind, stats]) => [kind, round(stats.count / filesConfirmed, 2)]))
        : null,
    goodputSeries: goodputSeries(data.filter((x) => succeeded(x.e)).map((x) => x.e), windowStartMs, report.up.binMs),
  };
}

function dataEdges(data: HttpExchange[], span: { from: number; to: number }): { beforeFirstData: number; afterLastBody: number } | null {
  const bodiesEnd = data.map((e) => e.requestEndMs).filter((t): t is number => t !== null);
  if (!data.length || !bodiesEnd.length) return null;
  const firstData = Math.min(...data.map((e) => e.requestStartMs));
  return { beforeFirstData: round(firstData - span.from), afterLastBody: round(span.to - Math.max(...bodiesEnd)) };
}

/** Mean and maximum number of intervals open at once, time-weighted over the span. */
export function occupancy(intervals: [number, number][], span: { from: number; to: number }): { mean: number; max: number } {
  const events: [number, number][] = [];
  for (const [start, end] of intervals) {
    const a = Math.max(start, span.from);
    const b = Math.min(end, span.to);
    if (b <= a) continue;
    events.push([a, 1], [b, -1]);
  }
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let open = 0;
  let max = 0;
  let area = 0;
  let last = span.from;
  for (const [t, delta] of events) {
    area += open * (t - last);
    last = t;
    open += delta;
    max = Math.max(max, open);
  }
  return { mean: area / (span.to - span.from), max };
}

/** Each file from its first request to its confirmation. Engine: start → complete, paired in order; S3 tools: the PUT itself. */
function fileIntervals(exchanges: { e: HttpExchange; kind: ExchangeKind }[], client: ClientSpec, end: number): [number, number][] {
  const confirmations = exchanges.filter((x) => client.confirmsFile(x.e));
  const starts = exchanges.filter((x) => x.kind === 'start');
  if (starts.length) {
    // Files in flight = starts begun − confirmations received: pairing in time order gives the same count at every instant.
    const begun = starts.map((x) => x.e.requestStartMs).sort((a, b) => a - b);
    const done = confirmations.map((x) => x.e.responseEndMs!).sort((a, b) => a - b);
    return begun.map((t, i) => [t, done[i] ?? end]);
  }
  return confirmations.map((x) => [x.e.requestStartMs, x.e.responseEndMs!]);
}

function slotDeadTime(data: HttpExchange[]): RunAnalysis['slotDeadMs'] {
  const byConnection = new Map<number, HttpExchange[]>();
  for (const e of data) byConnection.set(e.connection, [...(byConnection.get(e.connection) ?? []), e]);
  const dead: number[] = [];
  for (const list of byConnection.values()) {
    list.sort((a, b) => a.requestStartMs - b.requestStartMs);
    for (let i = 1; i < list.length; i += 1) {
      const previousBodyEnd = list[i - 1]!.requestEndMs;
      if (previousBodyEnd !== null) dead.push(list[i]!.requestStartMs - previousBodyEnd);
    }
  }
  return dead.length ? { median: round(percentile(dead, 50)), count: dead.length } : null;
}

function goodputSeries(useful: HttpExchange[], from: number | null, binMs: number): RunAnalysis['goodputSeries'] {
  const binSeconds = 1;
  const perBin = Math.round((binSeconds * 1000) / binMs);
  const series: number[] = [];
  if (from === null) return { binSeconds, mbps: series };
  const first = Math.floor(from / binMs);
  for (const e of useful) {
    for (const [bin, bytes] of e.bodyBins) {
      const i = Math.floor((bin - first) / perBin);
      if (i < 0) continue;
      while (series.length <= i) series.push(0);
      series[i]! += bytes;
    }
  }
  return { binSeconds, mbps: series.map((bytes) => round((bytes * 8) / 1e6 / binSeconds, 2)) };
}

function clip(start: number, length: number, span: { from: number; to: number }): number {
  return Math.max(0, Math.min(start + length, span.to) - Math.max(start, span.from));
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
