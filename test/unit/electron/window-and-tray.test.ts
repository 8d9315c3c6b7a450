// The window and the tray as a person uses them: closing keeps uploads going in the tray
// (and, where no tray can be seen, never hides the window out of reach); the tray's menu
// pauses, resumes, shows and quits; the taskbar shows progress; one notification per batch;
// each OS gets the tray image it can show.

import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadTrayIcons } from '../../../main/electron/tray';
import { trayIconFiles } from '../../../main/electron/tray-icons';
import { fakeElectron } from './fake-electron';
import { ROOT, launchApp, type Launched } from './support/desktop';
import { jobUntil, publishedUntil, serviceEvent } from './support/until';
import { journalRecords, releaseStall, startStalledUploads, writeMovies } from './support/uploads';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

let launched: Launched | null = null;
afterEach(async () => {
  if (launched) releaseStall(launched);
  await launched?.cleanup();
  launched = null;
});

async function openApp(options: Parameters<typeof launchApp>[0] = {}) {
  launched = await launchApp(options);
  await launched.desktop.started;
  const renderer = await launched.connectRenderer();
  return { launched, window: launched.window(), api: renderer.api, service: launched.desktop.service };
}

describe('closing the window', () => {
  it('hides it to the tray while uploads go on; the tray brings it back', async () => {
    const { launched, window, api, service } = await openApp();
    const [movie] = await writeMovies(join(launched.userData, 'files'), ['A001.mov']);
    await startStalledUploads(launched, api, [movie!]);

    window.close();

    expect(window.isDestroyed()).toBe(false);
    expect(window.isVisible()).toBe(false);
    expect(fakeElectron.app.quitting || fakeElectron.app.exited).toBe(false);
    expect(service.isUploading).toBe(true);

    fakeElectron.tray().click();
    expect(window.isVisible()).toBe(true);
    window.close();
    fakeElectron.tray().menu.clickItem('Show Nomad Uploader');
    expect(window.isVisible()).toBe(true);
  });

  it('with no tray to come back from (Linux without an AppIndicator host), quits at once when idle', async () => {
    const { window } = await openApp({ trayHost: false });

    window.close();

    expect(await fakeElectron.app.whenExited()).toBe(0);
    expect(fakeElectron.dialog.history).toEqual([]);
    expect(window.isDestroyed()).toBe(true);
  });

  it('with no tray, while uploading, asks; keeping on minimizes the window (still in the taskbar), quitting leaves the uploads for next time', async () => {
    const { launched, window, api, service } = await openApp({ trayHost: false });
    const [movie] = await writeMovies(join(launched.userData, 'files'), ['A002.mov']);
    await startStalledUploads(launched, api, [movie!]);

    window.close();
    const question = await fakeElectron.dialog.next();
    expect(question.options).toMatchObject({ message: 'Uploads are still running.', buttons: ['Quit', 'Keep uploading'], cancelId: 1 });
    expect(question.parent).toBe(window);
    await (question.answer as (response: number) => Promise<void>)(1);
    expect(window.isMinimized()).toBe(true);

    expect(window.isDestroyed()).toBe(false);
    expect(service.isUploading).toBe(true);

    window.close();
    await ((await fakeElectron.dialog.next()).answer as (response: number) => Promise<void>)(0);
    expect(await fakeElectron.app.whenExited()).toBe(0);
    expect((await journalRecords(launched.userData)).map((r) => [r.displayName, r.pausedByUser])).toEqual([['A002.mov', false]]);
  });
});

describe('the tray menu', () => {
  it('says what is happening and pauses, resumes, shows and quits with the same commands as the window', async () => {
    const { launched, window, api, service } = await openApp();
    expect(fakeElectron.tray().menu.labels).toEqual(['Nomad Uploader — nothing to upload', '—', 'Pause all', 'Resume all', '—', 'Servers', '—', 'Show Nomad Uploader', 'Quit']);
    expect(fakeElectron.tray().menu.isEnabled('Pause all')).toBe(false);
    expect(fakeElectron.tray().menu.isEnabled('Resume all')).toBe(false);

    const movies = await writeMovies(join(launched.userData, 'files'), ['B001.mov', 'B002.mov']);
    await startStalledUploads(launched, api, movies);
    await publishedUntil(service, (t) => t.counts.uploading === 2);
    expect(fakeElectron.tray().menu.labels[0]).toMatch(/^Uploading 2 file\(s\) — \d+% — /);
    expect(fakeElectron.tray().menu.isEnabled('Pause all')).toBe(true);
    expect(fakeElectron.tray().image.path).toBe(join(ROOT, 'resources', 'tray-active.png'));

    fakeElectron.tray().menu.clickItem('Pause all');
    await publishedUntil(service, (t) => t.counts.paused === 2);
    expect(service.jobs.queue.snapshot().jobs.map((j) => [j.state, j.pauseReason])).toEqual([['paused', 'user'], ['paused', 'user']]);
    expect(fakeElectron.tray().menu.isEnabled('Resume all')).toBe(true);
    expect(fakeElectron.tray().menu.labels[0]).toBe('Nomad Uploader — 0 done, 2 paused');
    expect(fakeElectron.tray().image.path).toBe(join(ROOT, 'resources', 'tray.png'));

    releaseStall(launched);
    fakeElectron.tray().menu.clickItem('Resume all');
    await jobUntil(service, (j) => j.name === 'B001.mov' && j.state === 'done');
    await jobUntil(service, (j) => j.name === 'B002.mov' && j.state === 'done');

    window.close();
    fakeElectron.tray().menu.clickItem('Show Nomad Uploader');
    expect(window.isVisible()).toBe(true);
    fakeElectron.tray().menu.clickItem('Quit');
    expect(await fakeElectron.app.whenExited()).toBe(0);
    expect(fakeElectron.trays().every((t) => t.isDestroyed())).toBe(true);
  });

  it('shows a template image on macOS, an .ico on Windows and PNGs on Linux, each one that loads', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      fakeElectron.reset({ platform });
      const icons = loadTrayIcons(platform, join(ROOT, 'resources'));
      for (const image of [icons.idle, icons.active]) {
        expect(image.isEmpty(), platform).toBe(false);
        expect(image.isTemplateImage(), platform).toBe(platform === 'darwin');
      }
    }
    expect(trayIconFiles('darwin', '/r')).toEqual({ idle: '/r/trayTemplate.png', active: '/r/tray-activeTemplate.png' });
    expect(trayIconFiles('win32', '/r')).toEqual({ idle: '/r/tray.ico', active: '/r/tray-active.ico' });
    expect(trayIconFiles('linux', '/r')).toEqual({ idle: '/r/tray.png', active: '/r/tray-active.png' });
  });
});

describe('progress and notifications', () => {
  it('shows the bytes on the taskbar while uploading, yellow while paused, nothing when done', async () => {
    const { launched, window, api, service } = await openApp();
    const [movie] = await writeMovies(join(launched.userData, 'files'), ['C001.mov']);
    await startStalledUploads(launched, api, [movie!], { firstStalledPut: 2 });
    await publishedUntil(service, (t) => t.active && t.bytesDone > 0);
    expect(window.progressCalls.at(-1)?.options).toEqual({ mode: 'normal' });
    const moving = window.progressCalls.at(-1)!;
    expect(moving.progress).toBeGreaterThan(0);
    expect(moving.progress).toBeLessThan(1);

    service.jobs.queue.pauseAll();
    await publishedUntil(service, (t) => t.counts.paused === 1);
    expect(window.progressCalls.at(-1)?.options).toEqual({ mode: 'paused' });

    releaseStall(launched);
    service.jobs.queue.resumeAll();
    await publishedUntil(service, (t) => t.counts.done === 1);
    expect(window.progressCalls.at(-1)).toEqual({ progress: -1, options: { mode: 'none' } });
  });

  it('says once when a batch is finished, and a click on it brings the window back', async () => {
    const { launched, window, api, service } = await openApp();
    const movies = await writeMovies(join(launched.userData, 'files'), ['D001.mov', 'D002.mov']);
    window.close();

    const batch = serviceEvent(service, 'batchFinished');
    await api.enqueuePaths({ paths: movies.map((m) => m.path) });
    await batch;

    expect(fakeElectron.notifications().map((n) => [n.title, n.body])).toEqual([['Uploads finished', '2 files uploaded.']]);
    fakeElectron.notifications()[0]!.click();
    expect(window.isVisible()).toBe(true);

    const [third] = await writeMovies(join(launched.userData, 'files'), ['D003.mov']);
    const next = serviceEvent(service, 'batchFinished');
    await api.enqueuePaths({ paths: [third!.path] });
    await next;
    expect(fakeElectron.notifications().map((n) => n.body)).toEqual(['2 files uploaded.', '1 file uploaded.']);
  });

  it('shows none where the desktop has no notifications, and the uploads are not affected', async () => {
    const { launched, api, service } = await openApp({ notificationsSupported: false });
    const [movie] = await writeMovies(join(launched.userData, 'files'), ['E001.mov']);
    await api.enqueuePaths({ paths: [movie!.path] });
    await jobUntil(service, (j) => j.name === 'E001.mov' && j.state === 'done');
    expect(fakeElectron.notifications()).toEqual([]);
  });
});
