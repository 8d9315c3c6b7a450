// The renderer under load, in Debian's Chromium: the built React UI with a stand-in
// window.uploader (the same contract as the preload), fed the events main would send.
//  - rows visible: from the queueUpdate that adds N queued jobs (what main emits after an
//    enqueue of N files) to the first animation frame with rows in the DOM;
//  - longest task while all N rows receive progress: every job changes in every update,
//    10 updates per second (main's coalescing limit) for 5 s — the worst case.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { chromium } from '@playwright/test';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { spread } from './lib/summary';

// Injected before the app loads: a window.uploader that answers every command and a
// window.__bench handle the benchmark drives. Plain JS: it runs in the page as is.
const FAKE_UPLOADER = `(() => {
  const listeners = new Map();
  const emit = (event, payload) => { for (const l of listeners.get(event) ?? []) l(payload); };
  const ok = (value) => Promise.resolve({ ok: true, value });
  const settings = { target: { kind: 'sandbox' }, defaultParentId: null, languageId: null, concurrency: 6, bandwidthLimit: 0, overwrite: 'Ask', replaceOptions: [] };
  const account = { target: { kind: 'sandbox' }, targetLabel: 'Local sandbox — files stay on this computer', userName: 'demo', signedIn: true };
  const counts = () => ({ queued: 0, starting: 0, 'awaiting-decision': 0, uploading: 0, paused: 0, completing: 0, done: 0, skipped: 0, failed: 0, cancelled: 0 });
  let jobs = [];
  const totals = () => {
    const c = counts(); let bytesTotal = 0, bytesDone = 0, speed = 0;
    for (const j of jobs) { c[j.state] += 1; bytesTotal += j.size; bytesDone += j.bytesDone; speed += j.speed; }
    return { jobs: jobs.length, counts: c, bytesTotal, bytesDone, bytesSending: 0, speed, etaSeconds: null, active: c.uploading > 0 };
  };
  const view = (i) => ({
    id: 'job-' + i, name: 'clip_' + String(i).padStart(5, '0') + '.mov', relativePath: 'Reel ' + Math.floor(i / 100) + '/clip_' + String(i).padStart(5, '0') + '.mov',
    localPath: '/footage/Reel ' + Math.floor(i / 100) + '/clip_' + String(i).padStart(5, '0') + '.mov', size: 250e6 + i, state: 'queued',
    bytesConfirmed: 0, bytesAcked: 0, bytesDone: 0, bytesSending: 0, partsTotal: 30, partsConfirmed: 0, speed: 0, etaSeconds: null, waiting: null, error: null,
    conflict: null, uploadId: null, assetId: null, createdAt: Date.now(), finishedAt: null, sha256: null, pauseReason: null, dropId: 'drop',
  });
  const api = {
    getSnapshot: () => ok({ jobs, totals: totals() }), getSettings: () => ok(settings), getAccount: () => ok(account),
    listLeftovers: () => ok([]), updateSettings: () => ok(settings),
    on(event, listener) { const s = listeners.get(event) ?? new Set(); s.add(listener); listeners.set(event, s); return () => s.delete(listener); },
    getPathForFile: () => '',
  };
  for (const name of ['enqueuePaths','addFromDialog','pauseJob','resumeJob','cancelJob','retryJob','removeJob','pauseAll','resumeAll','retryFailed','clearFinished','resolveConflict','signIn','signOut','useSandbox','discardLeftover','openExternal']) {
    api[name] ??= () => ok(null);
  }
  window.uploader = api;
  const longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
  window.__bench = {
    /** Adds n queued jobs in one update; resolves with ms until the first frame showing rows. */
    enqueue(n) {
      const added = Array.from({ length: n }, (_, i) => view(i));
      jobs = added;
      const update = { changed: added, removed: [], totals: totals() };
      return new Promise((resolve) => {
        const t0 = performance.now();
        emit('queueUpdate', update);
        const check = () => {
          const rows = document.querySelectorAll('[role=listitem]').length;
          if (rows > 0) resolve({ ms: performance.now() - t0, rows });
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
    },
    /** Every job uploading, then 'updates' progress updates changing every job, 'interval' ms apart. */
    async progress(updates, interval) {
      jobs = jobs.map((j) => ({ ...j, state: 'uploading', speed: 5e6 }));
      emit('queueUpdate', { changed: jobs, removed: [], totals: totals() });
      await new Promise((r) => setTimeout(r, 500));
      const from = performance.now();
      let maxFrameGap = 0, last = performance.now(), running = true;
      const frame = () => { const now = performance.now(); maxFrameGap = Math.max(maxFrameGap, now - last); last = now; if (running) requestAnimationFrame(frame); };
      requestAnimationFrame(frame);
      let maxHandlerMs = 0;
      for (let k = 1; k <= updates; k += 1) {
        jobs = jobs.map((j) => ({ ...j, bytesConfirmed: Math.min(j.size, k * 8388608), bytesDone: Math.min(j.size, k * 8388608), bytesSending: 4194304 }));
        const t = performance.now();
        emit('queueUpdate', { changed: jobs, removed: [], totals: totals() });
        maxHandlerMs = Math.max(maxHandlerMs, performance.now() - t);
        await new Promise((r) => setTimeout(r, interval));
      }
      await new Promise((r) => setTimeout(r, 300));
      running = false;
      const tasks = longTasks.filter((t) => t.start >= from);
      return { longTasks: tasks.length, longestTaskMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0), maxFrameGapMs: maxFrameGap, maxHandlerMs };
    },
  };
})();`;

export async function runRendererBench(root: string, rows: number, rounds: number) {
  const outDir = join(root, 'out/bench/renderer');
  await build({
    configFile: false,
    root: join(root, 'renderer'),
    base: './',
    plugins: [react()],
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
  // A request handler's promise is dropped by node:http: every failure must end in a reply here.
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = join(outDir, path === '/' ? 'index.html' : path);
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const visible: number[] = [];
  const longest: number[] = [];
  const frameGaps: number[] = [];
  const handlers: number[] = [];
  const errors: string[] = [];
  try {
    for (let r = 0; r < rounds; r += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await page.addInitScript(FAKE_UPLOADER);
      await page.goto(base);
      await page.waitForSelector('.app-header');
      await page.waitForTimeout(300);
      const shown = await page.evaluate((n) => (globalThis as any).__bench.enqueue(n), rows);
      visible.push(shown.ms);
      const progress = await page.evaluate(() => (globalThis as any).__bench.progress(50, 100));
      longest.push(progress.longestTaskMs);
      frameGaps.push(progress.maxFrameGapMs);
      handlers.push(progress.maxHandlerMs);
      console.error(`  renderer round ${r + 1}: rows visible ${shown.ms.toFixed(0)} ms (${shown.rows} in DOM), longest task ${progress.longestTaskMs.toFixed(0)} ms (${progress.longTasks} ≥ 50 ms), max frame gap ${progress.maxFrameGapMs.toFixed(0)} ms`);
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return {
    rows,
    rowsVisibleMs: spread(visible),
    longestTaskMs: spread(longest),
    maxFrameGapMs: spread(frameGaps),
    maxUpdateHandlerMs: spread(handlers),
    note: 'Longest task from PerformanceObserver longtask entries (only tasks ≥ 50 ms are reported; 0 = none).',
    errors,
  };
}
