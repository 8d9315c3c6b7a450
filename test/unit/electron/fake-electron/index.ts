// A fake of the `electron` module for Vitest, faithful to Electron 45's documented
// signatures and event order (see each file): tests drive it as the OS and the person would
// (click the tray, close the window, put the machine to sleep, launch a second instance)
// and see what the app does. Use:
//
//   vi.mock('electron', async () => (await import('./fake-electron')).electronModule);
//   import { fakeElectron } from './fake-electron';
//   beforeEach(() => fakeElectron.reset({ platform: 'win32', userData }));
//
// One world per test process (held on globalThis so it survives vi.resetModules()).

import { app } from './app';
import { FakeBrowserWindow, type FakeRendererPage } from './browser-window';
import { dialog, session, shell } from './dialog-shell-session';
import { resetEnvironment, environment, type EnvironmentOptions } from './environment';
import { ipcMain } from './ipc-main';
import { nativeImage } from './native-image';
import { FakeNotification } from './notification';
import { powerMonitor, powerSaveBlocker } from './power';
import { contextBridge, ipcRenderer, setPreloadPage, webUtils } from './preload-side';
import { safeStorage } from './safe-storage';
import { FakeMenu, FakeMenuItem, FakeTray } from './tray-menu';

function createWorld() {
  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Menu: FakeMenu,
    MenuItem: FakeMenuItem,
    nativeImage,
    Notification: FakeNotification,
    powerMonitor,
    powerSaveBlocker,
    safeStorage,
    ipcMain,
    dialog,
    shell,
    session,
    contextBridge,
    ipcRenderer,
    webUtils,
  };
  return {
    electronModule: { ...module, default: module },
    fakeElectron: {
      ...module,
      environment,
      reset(options: Partial<EnvironmentOptions> = {}): void {
        resetEnvironment(options);
        app.reset();
        FakeBrowserWindow.reset();
        FakeTray.reset();
        FakeNotification.reset();
        powerMonitor.reset();
        powerSaveBlocker.reset();
        ipcMain.reset();
        dialog.reset();
        session.defaultSession.reset();
        shell.opened = [];
        setPreloadPage(null);
      },
      /** Windows not destroyed. */
      windows: (): FakeBrowserWindow[] => FakeBrowserWindow.getAllWindows(),
      /** The one tray the app made (fails when there is none or several). */
      tray(): FakeTray {
        const live = FakeTray.created().filter((t) => !t.isDestroyed());
        if (live.length !== 1) throw new Error(`expected one tray, found ${live.length}`);
        return live[0]!;
      },
      trays: (): FakeTray[] => FakeTray.created(),
      notifications: (): FakeNotification[] => FakeNotification.shown(),
    },
  };
}

type World = ReturnType<typeof createWorld>;
const holder = globalThis as { __nomadFakeElectron?: World };
const world = (holder.__nomadFakeElectron ??= createWorld());

/** The fake behind a BrowserWindow the app's code returned (typed as Electron's). */
export function asFake(window: unknown): FakeBrowserWindow {
  if (!(window instanceof FakeBrowserWindow)) throw new Error('not a window of the fake Electron');
  return window;
}

/** Runs the real preload (preload/index.ts) in `page` and returns its window.uploader. */
export async function runPreload(page: FakeRendererPage, importPreload: () => Promise<unknown>): Promise<unknown> {
  setPreloadPage(page);
  await importPreload();
  return page.exposed.uploader;
}

export const electronModule = world.electronModule;
export const fakeElectron = world.fakeElectron;
export type FakeElectron = World['fakeElectron'];
export type { FakeBrowserWindow, FakeTray, FakeNotification };
