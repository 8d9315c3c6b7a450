// The window controller and the renderer's events on their own, against the fake Electron:
// notices wait for the page that will hear them (first load, reload, after a renderer crash),
// and what closing the window means with and without a tray.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, eventChannel, type UploaderApi } from '../../../preload/contract';
import { createAppStores } from '../../../renderer/src/store/app-stores';
import { connectUploader } from '../../../renderer/src/store/connect';
import { MainWindow } from '../../../main/electron/main-window';
import { RendererEvents } from '../../../main/electron/renderer-events';
import { asFake, fakeElectron, type FakeBrowserWindow } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const NOTICE = eventChannel('notice');
let closedWithoutTray = 0;
let events: RendererEvents;
let main: MainWindow;

beforeEach(() => {
  fakeElectron.reset();
  closedWithoutTray = 0;
  events = new RendererEvents(() => main.current);
  main = new MainWindow({
    events,
    create: () => {
      const window = new fakeElectron.BrowserWindow({ show: false });
      window.once('ready-to-show', () => window.show());
      void window.loadFile('/app/out/renderer/index.html');
      return window as never;
    },
    onCloseWithoutTray: () => (closedWithoutTray += 1),
  });
});

/** The page subscribes, as connectUploader does, and makes its first command. */
function connect(window: FakeBrowserWindow): string[] {
  const heard: string[] = [];
  window.webContents.page!.on(NOTICE, (_event, notice) => heard.push((notice as { message: string }).message));
  events.markPageReady();
  return heard;
}

describe('notices', () => {
  it('wait for the page to connect, then arrive in order, once', async () => {
    events.send('notice', { level: 'error', message: 'Could not connect: ECONNREFUSED' });
    main.show();
    events.send('notice', { level: 'info', message: 'Resuming 2 unfinished upload(s).' });
    const window = asFake(main.current);
    await window.webContents.whenLoaded();
    expect(window.webContents.sent).toEqual([]);

    const heard = connect(window);
    events.send('notice', { level: 'info', message: 'later' });

    expect(heard).toEqual(['Could not connect: ECONNREFUSED', 'Resuming 2 unfinished upload(s).', 'later']);
  });

  it('wait again while a reloaded page connects', async () => {
    main.show();
    const window = asFake(main.current);
    await window.webContents.whenLoaded();
    connect(window);

    window.webContents.reload();
    events.send('notice', { level: 'warning', message: 'The upload record could not be saved.' });
    await window.webContents.whenLoaded();

    expect(connect(window)).toEqual(['The upload record could not be saved.']);
  });

  it('keep only the newest few while nobody listens for a long time', () => {
    for (let i = 1; i <= 50; i++) events.send('notice', { level: 'info', message: `notice ${i}` });
    main.show();
    const window = asFake(main.current);
    // Loading is asynchronous; the page object exists at once.
    const heard = connect(window);
    expect(heard).toHaveLength(20);
    expect(heard.at(-1)).toBe('notice 50');
  });
});

describe('the readiness signal', () => {
  it('holds because the renderer subscribes to every event before its first command', () => {
    const calls: string[] = [];
    const api = new Proxy({} as UploaderApi, {
      get: (_target, name: string) =>
        name === 'on'
          ? (event: string) => (calls.push(`on:${event}`), () => undefined)
          : // Never answered: only the order of the calls matters here.
            () => (calls.push(name), new Promise(() => undefined)),
    });
    connectUploader(api, createAppStores());
    const firstCommand = calls.findIndex((c) => !c.startsWith('on:'));
    expect(calls.slice(0, firstCommand).sort()).toEqual(EVENT_NAMES.map((e) => `on:${e}`).sort());
  });
});

describe('the renderer process dying', () => {
  it('reloads the page (the uploads live in main and go on) and holds notices for the new page', async () => {
    main.show();
    const window = asFake(main.current);
    await window.webContents.whenLoaded();
    connect(window);

    window.webContents.crash('oom');
    events.send('notice', { level: 'info', message: 'after the crash' });
    await window.webContents.whenLoaded();

    expect(window.webContents.page).not.toBeNull();
    expect(connect(window)).toEqual(['after the crash']);
  });
});

describe('closing', () => {
  it('with a tray: hides the window; show() brings the same window back, restored and focused', async () => {
    main.closeToTray = true;
    main.show();
    const window = asFake(main.current);
    await window.webContents.whenLoaded();
    expect(window.isVisible()).toBe(true);

    window.close();
    expect(window.isVisible()).toBe(false);
    expect(window.isDestroyed()).toBe(false);
    main.show();
    expect(asFake(main.current)).toBe(window);
    expect(window.isVisible()).toBe(true);

    window.minimize();
    main.show();
    expect(window.isMinimized()).toBe(false);
    expect(window.isFocused()).toBe(true);
    expect(closedWithoutTray).toBe(0);
  });

  it('without a tray: keeps the window and asks to quit instead', async () => {
    main.closeToTray = false;
    main.show();
    const window = asFake(main.current);
    await window.webContents.whenLoaded();

    window.close();

    expect(window.isVisible()).toBe(true);
    expect(closedWithoutTray).toBe(1);
  });

  it('when quitting: lets it close for real; a later show() makes a new window', async () => {
    main.show();
    const first = asFake(main.current);
    main.allowClose();
    first.close();

    expect(first.isDestroyed()).toBe(true);
    expect(main.current).toBeNull();
    main.show();
    expect(asFake(main.current)).not.toBe(first);
  });
});
