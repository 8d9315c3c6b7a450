// Launches the real main process (launchDesktopApp) against the fake Electron, with the real
// service, engine, electron-store settings, safeStorage secret store and an embedded sandbox
// in a temp userData folder — and the real preload and renderer stores on the other side.

import { join } from 'node:path';
import { vi } from 'vitest';
import type { UploaderApi } from '../../../../preload/contract';
import type { SandboxHandle } from '../../../../main/app-core/uploader-service';
import { launchDesktopApp, type DesktopApp } from '../../../../main/electron/desktop-app';
import { startSandbox, type Sandbox } from '../../../../main/sandbox';
import { createAppStores, type AppStores } from '../../../../renderer/src/store/app-stores';
import { connectUploader } from '../../../../renderer/src/store/connect';
import { makeTempDir } from '../../../support/files';
import { fakeElectron, runPreload, type FakeBrowserWindow } from '../fake-electron';
import type { EnvironmentOptions } from '../fake-electron/environment';

export const ROOT = join(import.meta.dirname, '../../../..');
export const EXEC_PATH = '/opt/Nomad Uploader/nomad-uploader';

export interface LaunchOptions extends Partial<EnvironmentOptions> {
  defaultApp?: boolean;
  rendererUrl?: string;
  /** Whether a tray icon can be seen (Linux: an AppIndicator host on the session bus). */
  trayHost?: boolean;
  /** Keep the embedded sandbox of an earlier launch (same userData): the app restarts. */
  sandboxes?: Sandboxes;
}

/** The embedded sandboxes the launches started; the test closes them when it is done. */
export class Sandboxes {
  started: Sandbox[] = [];

  get latest(): Sandbox {
    const sandbox = this.started.at(-1);
    if (!sandbox) throw new Error('no sandbox was started');
    return sandbox;
  }

  start = async (dataDir: string): Promise<SandboxHandle> => {
    const sandbox = await startSandbox({ dataDir });
    this.started.push(sandbox);
    return sandbox;
  };

  async closeAll(): Promise<void> {
    for (const sandbox of this.started.splice(0)) await sandbox.close();
  }
}

export interface Launched {
  desktop: DesktopApp;
  userData: string;
  sandboxes: Sandboxes;
  /** The app's window (fails if there is none alive). */
  window(): FakeBrowserWindow;
  /** The real preload and renderer stores on the window's page, as the app's window runs them. */
  connectRenderer(): Promise<{ api: UploaderApi; stores: AppStores }>;
  cleanup(): Promise<void>;
}

export async function launchApp(options: LaunchOptions = {}): Promise<Launched> {
  const temp = options.userData ? null : await makeTempDir('nomad-desktop-');
  const userData = options.userData ?? temp!.dir;
  const { defaultApp = false, rendererUrl, trayHost = true, sandboxes = new Sandboxes(), ...environment } = options;
  fakeElectron.reset({ ...environment, userData });
  const platform = fakeElectron.environment.platform;
  const launching = launchDesktopApp({
    outDir: join(ROOT, 'out'),
    resourcesDir: join(ROOT, 'resources'),
    platform,
    commandLine: { argv: fakeElectron.environment.argv, workingDirectory: fakeElectron.environment.workingDirectory, defaultApp },
    execPath: EXEC_PATH,
    rendererUrl,
    startSandbox: sandboxes.start,
    trayHost: async () => trayHost,
  });
  fakeElectron.app.emitReady();
  const desktop = await launching;
  if (!desktop) throw new Error('the app did not start: another instance holds the lock');
  const disconnect: Array<() => void> = [];
  const window = (): FakeBrowserWindow => {
    const [only, ...others] = fakeElectron.windows();
    if (!only || others.length > 0) throw new Error(`expected one window, found ${fakeElectron.windows().length}`);
    return only;
  };
  return {
    desktop,
    userData,
    sandboxes,
    window,
    async connectRenderer() {
      await window().webContents.whenLoaded();
      const page = window().webContents.page;
      if (!page) throw new Error('the window has no page');
      const api = (await runPreload(page, async () => {
        vi.resetModules();
        await import('../../../../preload/index');
      })) as UploaderApi;
      const stores = createAppStores();
      disconnect.push(connectUploader(api, stores));
      return { api, stores };
    },
    async cleanup() {
      for (const off of disconnect.splice(0)) off();
      await desktop.started;
      if (!fakeElectron.app.exited) await desktop.service.shutdown();
      await sandboxes.closeAll();
      await temp?.cleanup();
    },
  };
}
