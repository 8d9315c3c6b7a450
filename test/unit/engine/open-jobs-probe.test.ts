// The probe that decides how many small files are open at once, driven by a closed system:
// `limit` files open, each done `perFileMs(open)` after it opened, and a new one opened in
// its place at once (a queue with files to spare), as the queue does.

import { describe, expect, it } from 'vitest';
import { OPEN_JOBS_PROBE, OpenJobsProbe } from '../../../main/engine/open-jobs-probe';

interface Run {
  /** The limit after each completion. */
  limits: number[];
  /** Files done per second over the last quarter of the run. */
  lateRate: number;
}

/** Runs `files` completions; `perFileMs(open, t)` is how long a file opened at time t with `open` open takes. */
function simulate(probe: OpenJobsProbe, files: number, perFileMs: (open: number, t: number) => number): Run {
  const due: number[] = [];
  const open = (t: number): void => {
    due.push(t + perFileMs(due.length + 1, t));
    due.sort((a, b) => a - b);
  };
  while (due.length < probe.limit) open(0);
  const limits: number[] = [];
  const doneAt: number[] = [];
  for (let i = 0; i < files; i += 1) {
    const t = due.shift()!;
    probe.finished(t, due.length + 1);
    doneAt.push(t);
    limits.push(probe.limit);
    while (due.length < probe.limit) open(t);
  }
  const from = doneAt[Math.floor(files * 0.75)]!;
  const to = doneAt[files - 1]!;
  return { limits, lateRate: ((files - 1 - Math.floor(files * 0.75)) * 1000) / (to - from) };
}

describe('how many small files are open: found by trying', () => {
  it('a long link the server keeps up with: opens more while files go faster, up to the ceiling', () => {
    // Every file takes 6 round trips of 500 ms whatever the number open: rate = open / 3 s.
    const run = simulate(new OpenJobsProbe(), 4000, () => 3000);
    expect(run.limits[0]).toBe(OPEN_JOBS_PROBE.floor);
    expect(run.limits.at(-1)).toBe(OPEN_JOBS_PROBE.ceiling);
    expect(Math.max(...run.limits)).toBe(OPEN_JOBS_PROBE.ceiling);
    expect(run.lateRate).toBeGreaterThan(80);
  });

  it('a server that is what limits (70 files/s): tries more, finds no gain, goes back to 64 and tries again later', () => {
    const run = simulate(new OpenJobsProbe(), 6000, (open) => Math.max(400, (open / 70) * 1000));
    const above = run.limits.filter((l) => l > OPEN_JOBS_PROBE.floor).length;
    // It does try (more than once: the server may get faster), but spends most of the run at the floor.
    const trials = run.limits.filter((l, i) => i > 0 && l > run.limits[i - 1]!).length;
    expect(trials).toBeGreaterThan(1);
    expect(above / run.limits.length).toBeLessThan(0.3);
    expect(run.limits.at(-1)! <= 96).toBe(true);
    expect(Math.max(...run.limits)).toBe(96);
  });

  it('a link between the two: keeps each step that paid and stops where the gain stops', () => {
    // Below 120 open the link decides (open / 2 s: 32 files/s at 64, 48 at 96); above, the
    // server (60 files/s): 144 pays a quarter more than 96, 216 nothing more than 144.
    const run = simulate(new OpenJobsProbe(), 8000, (open) => Math.max(2000, (open / 60) * 1000));
    expect(Math.max(...run.limits)).toBe(216);
    expect(run.limits.at(-1)).toBe(144);
    expect(run.lateRate).toBeGreaterThan(55);
  });

  it('a kept level whose pace falls by a third (the server slowed) steps back', () => {
    const probe = new OpenJobsProbe();
    // A long link the server keeps up with until t = 60 s; from then on the server manages 20 files/s.
    const run = simulate(probe, 9000, (open, t) => (t < 60_000 ? 3000 : Math.max(3000, (open / 20) * 1000)));
    const slowFrom = run.limits.findIndex((_, i) => i > 4000 && run.limits[i]! < OPEN_JOBS_PROBE.ceiling);
    expect(Math.max(...run.limits.slice(0, 4000))).toBe(OPEN_JOBS_PROBE.ceiling);
    expect(slowFrom).toBeGreaterThan(0);
    // Back one level, and further trials of the ceiling do not pay: most of the rest is below it.
    const late = run.limits.slice(-2000);
    expect(late.filter((l) => l < OPEN_JOBS_PROBE.ceiling).length / late.length).toBeGreaterThan(0.6);
    expect(run.lateRate).toBeGreaterThan(18);
  });

  it('a queue with fewer files than places learns nothing and stays at the floor', () => {
    const probe = new OpenJobsProbe();
    for (let t = 0; t < 10_000; t += 10) probe.finished(t, 20);
    expect(probe.limit).toBe(OPEN_JOBS_PROBE.floor);
  });

  it('a queue that runs dry during a trial goes back to the level it left', () => {
    const probe = new OpenJobsProbe();
    // A long link: the first window says more will pay, and the trial begins.
    let t = 0;
    while (probe.limit === OPEN_JOBS_PROBE.floor) probe.finished((t += 50), probe.limit);
    expect(probe.limit).toBeGreaterThan(OPEN_JOBS_PROBE.floor);
    probe.finished(t + 50, 10);
    expect(probe.limit).toBe(OPEN_JOBS_PROBE.floor);
  });
});
