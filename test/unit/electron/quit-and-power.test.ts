// Quitting while uploading (asks, then leaves every upload to continue on the next start),
// the OS shutting down (no question, a moment asked for), and sleep and wake (a system pause,
// never the user's) — the real main process against the fake Electron and a real sandbox.

import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeElectron } from './fake-electron';
import { launchApp, type Launched } from './support/desktop';
import { jobUntil, publishedUntil } from './support/until';
import { journalRecords, releaseStall, startStalledUploads, writeMovies, type MovieFile } from './support/uploads';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const opened: Launched[] = [];
afterEach(async () => {
  for (const launched of opened.splice(0).reverse()) {
    releaseStallIfRunning(launched);
    await launched.cleanup();
  }
});

function releaseStallIfRunning(launched: Launched): void {
  if (launched.sandboxes.started.length > 0) releaseStall(launched);
}

async function openApp(options: Parameters<typeof launchApp>[0] = {}) {
  const launched = await launchApp(options);
  opened.push(launched);
  await launched.desktop.started;
  const renderer = await launched.connectRenderer();
  return { launched, window: launched.window(), api: renderer.api, service: launched.desktop.service };
}

/** The app starts again on the same userData: what was left must finish, byte-exact. */
async function restartAndFinish(previous: Launched, movies: MovieFile[]): Promise<void> {
  const next = await launchApp({ userData: previous.userData });
  opened.push(next);
  await next.desktop.started;
  for (const movie of movies) await jobUntil(next.desktop.service, (j) => j.name === movie.name && j.state === 'done');
  const assets = await next.sandboxes.latest.assets();
  for (const movie of movies) expect(assets.find((a) => a.path === `Incoming/${movie.name}`)?.sha256).toBe(movie.sha256);
}

type Answer = (response: number) => Promise<void>;
const QUIT = 0;
const KEEP_UPLOADING = 1;

describe('quit while uploading', () => {
  it('asks; "Keep uploading" changes nothing; "Quit" stops the uploads as resumable and exits; the next start finishes them', async () => {
    const { launched, window, api, service } = await openApp();
    const movies = await writeMovies(join(launched.userData, 'files'), ['Q001.mov', 'Q002.mov']);
    await startStalledUploads(launched, api, movies);

    fakeElectron.tray().menu.clickItem('Quit');
    const first = await fakeElectron.dialog.next();
    expect(first.options).toMatchObject({ type: 'question', message: 'Uploads are still running.', buttons: ['Quit', 'Keep uploading'], defaultId: 1, cancelId: 1 });
    expect(first.parent).toBe(window);
    await (first.answer as Answer)(KEEP_UPLOADING);
    await publishedUntil(service, (t) => t.active);
    expect(fakeElectron.app.exited).toBe(false);
    expect(window.isVisible()).toBe(true);

    // Cmd+Q (or any app.quit()) asks the same question; with the window hidden, unparented so it is seen.
    window.close();
    fakeElectron.app.quit();
    const second = await fakeElectron.dialog.next();
    expect(second.parent).toBeNull();
    await (second.answer as Answer)(QUIT);

    expect(await fakeElectron.app.whenExited()).toBe(0);
    expect(window.isDestroyed()).toBe(true);
    expect(fakeElectron.trays().every((t) => t.isDestroyed())).toBe(true);
    expect(fakeElectron.powerSaveBlocker.active).toEqual([]);
    expect(service.hasQueue).toBe(false);
    const records = await journalRecords(launched.userData);
    expect(records.map((r) => [r.displayName, r.pausedByUser, typeof r.upload?.id]).sort()).toEqual([
      ['Q001.mov', false, 'string'],
      ['Q002.mov', false, 'string'],
    ]);

    await restartAndFinish(launched, movies);
  });

  it('asks one question however often Quit is chosen while it is open', async () => {
    const { launched, api } = await openApp();
    const movies = await writeMovies(join(launched.userData, 'files'), ['Q003.mov']);
    await startStalledUploads(launched, api, movies);

    fakeElectron.tray().menu.clickItem('Quit');
    fakeElectron.app.quit();
    fakeElectron.tray().menu.clickItem('Quit');

    expect(fakeElectron.dialog.open).toHaveLength(1);
    await ((await fakeElectron.dialog.next()).answer as Answer)(QUIT);
    expect(await fakeElectron.app.whenExited()).toBe(0);
  });

  it('quits without asking when nothing is uploading', async () => {
    await openApp();
    fakeElectron.tray().menu.clickItem('Quit');
    expect(await fakeElectron.app.whenExited()).toBe(0);
    expect(fakeElectron.dialog.history).toEqual([]);
  });
});

describe('the OS shutting down', () => {
  it('on Linux and macOS asks for a moment, stops the uploads as resumable without a question, and exits', async () => {
    const { launched, api } = await openApp({ platform: 'darwin' });
    const movies = await writeMovies(join(launched.userData, 'files'), ['S001.mov']);
    await startStalledUploads(launched, api, movies);

    expect(fakeElectron.powerMonitor.shutdown()).toBe(true);

    expect(await fakeElectron.app.whenExited()).toBe(0);
    expect(fakeElectron.dialog.history).toEqual([]);
    expect((await journalRecords(launched.userData)).map((r) => r.pausedByUser)).toEqual([false]);
    await restartAndFinish(launched, movies);
  });

  it('on Windows, when the session ends, does the same', async () => {
    const { launched, window, api } = await openApp({ platform: 'win32' });
    const movies = await writeMovies(join(launched.userData, 'files'), ['S002.mov']);
    await startStalledUploads(launched, api, movies);

    window.endSession();

    expect(await fakeElectron.app.whenExited()).toBe(0);
    expect(fakeElectron.dialog.history).toEqual([]);
    expect((await journalRecords(launched.userData)).map((r) => r.pausedByUser)).toEqual([false]);
  });
});

describe('sleep and wake', () => {
  it('keeps the machine awake while bytes move, pauses for sleep as the system, and wake resumes only that', async () => {
    const { launched, api, service } = await openApp();
    const movies = await writeMovies(join(launched.userData, 'files'), ['P001.mov', 'P002.mov']);
    await startStalledUploads(launched, api, movies);
    await publishedUntil(service, (t) => t.active);
    expect(fakeElectron.powerSaveBlocker.active).toEqual(['prevent-app-suspension']);
    const mine = service.jobs.queue.snapshot().jobs.find((j) => j.name === 'P002.mov')!;
    await api.pauseJob({ id: mine.id });

    fakeElectron.powerMonitor.sleep();

    expect(service.jobs.queue.snapshot().jobs.map((j) => [j.name, j.state, j.pauseReason]).sort()).toEqual([
      ['P001.mov', 'paused', 'system'],
      ['P002.mov', 'paused', 'user'],
    ]);
    await publishedUntil(service, (t) => !t.active);
    expect(fakeElectron.powerSaveBlocker.active).toEqual([]);

    releaseStall(launched);
    fakeElectron.powerMonitor.wake();
    await jobUntil(service, (j) => j.name === 'P001.mov' && j.state === 'done');
    expect(service.jobs.queue.get(mine.id)).toMatchObject({ state: 'paused', pauseReason: 'user' });
    await publishedUntil(service, (t) => t.counts.done === 1 && !t.active);
    expect(fakeElectron.powerSaveBlocker.active).toEqual([]);
    expect(fakeElectron.powerSaveBlocker.started).toEqual(['prevent-app-suspension', 'prevent-app-suspension']);
  });
});
