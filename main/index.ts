// Electron main process: thin glue between the OS (window, tray, dialogs, power, single
// instance) and the plain-Node service that owns the engine.

import { BrowserWindow, Notification, app, dialog, powerMonitor, powerSaveBlocker } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UploaderService } from './app-core/uploader-service';
import { ElectronSettingsStore } from './electron/electron-settings-store';
import { registerIpc, sendEvent } from './electron/ipc-main';
import { SafeStorageSecretStore } from './electron/safe-storage-secret-store';
import { AppTray } from './electron/tray';
import { taskbarProgress } from './electron/tray-status';
import { createMainWindow, hardenSession } from './electron/window';
import { createCommandHandlers } from './ipc/command-handlers';
import { startSandbox } from './sandbox';
import { createFileLogger } from './electron/file-logger';
import { openExternalSafely } from './electron/open-external';

// out/main/index.js → out/
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(outDir, '../resources');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void run();
}

/** Absolute paths of existing files among command-line arguments (`nomad-uploader a.mov`). */
function pathsFromArgv(argv: readonly string[]): string[] {
  return argv.slice(1).filter((arg) => !arg.startsWith('-') && isAbsolute(arg) && existsSync(arg));
}

async function run(): Promise<void> {
  await app.whenReady();
  hardenSession();
  const userData = app.getPath('userData');
  const log = createFileLogger(join(userData, 'logs'));
  const service = new UploaderService({
    log,
    settings: new ElectronSettingsStore(),
    secrets: new SafeStorageSecretStore(userData),
    journalDir: join(userData, 'journal'),
    startSandbox: () => startSandbox({ dataDir: join(userData, 'sandbox') }),
  });

  let window: BrowserWindow | null = null;
  let quitting = false;
  const showWindow = (): void => {
    if (!window || window.isDestroyed()) {
      window = createMainWindow(outDir, join(resourcesDir, 'icon.png'));
      window.on('close', (event) => {
        // Closing the window keeps uploads running in the tray.
        if (!quitting) {
          event.preventDefault();
          window?.hide();
        }
      });
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  const handlers = createCommandHandlers(service, {
    async pickPaths(kind) {
      const options: Electron.OpenDialogOptions = {
        title: kind === 'folder' ? 'Add folder' : 'Add files',
        properties: kind === 'folder' ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
      };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    openExternal: async (url) => {
      await openExternalSafely(url);
    },
  });
  registerIpc(handlers, () => window);

  const tray = new AppTray(resourcesDir, {
    pauseAll: () => service.hasQueue && service.queue.pauseAll(),
    resumeAll: () => service.hasQueue && service.queue.resumeAll(),
    showWindow,
    quit: () => app.quit(),
  });

  let blocker: number | null = null;
  service.onEvent((event) => {
    switch (event.type) {
      case 'queueUpdate': {
        sendEvent(window, 'queueUpdate', event.update);
        const totals = event.update.totals;
        tray.update(totals);
        window?.setProgressBar(taskbarProgress(totals));
        // Keep the machine awake while bytes move; let it sleep when idle.
        if (totals.active && blocker === null) blocker = powerSaveBlocker.start('prevent-app-suspension');
        if (!totals.active && blocker !== null) {
          powerSaveBlocker.stop(blocker);
          blocker = null;
        }
        return;
      }
      case 'accountChanged':
        sendEvent(window, 'accountChanged', event.account);
        return;
      case 'settingsChanged':
        sendEvent(window, 'settingsChanged', event.settings);
        return;
      case 'notice':
        sendEvent(window, 'notice', { level: event.level, message: event.message });
        return;
      case 'batchFinished': {
        if (!Notification.isSupported()) return;
        const body = event.failed > 0 ? `${event.done} uploaded, ${event.failed} failed.` : `${event.done} uploaded.`;
        const notification = new Notification({ title: 'Uploads finished', body });
        notification.on('click', showWindow);
        notification.show();
        return;
      }
    }
  });

  // Sleep: pause what is moving (the OS would cut the sockets anyway) and continue on wake
  // with fresh URLs and tokens as needed. Jobs the user paused stay paused.
  let pausedForSleep: string[] = [];
  powerMonitor.on('suspend', () => {
    if (!service.hasQueue) return;
    const queue = service.queue;
    pausedForSleep = queue
      .snapshot()
      .jobs.filter((j) => j.state === 'queued' || j.state === 'starting' || j.state === 'uploading')
      .map((j) => j.id);
    for (const id of pausedForSleep) queue.pause(id);
  });
  powerMonitor.on('resume', () => {
    if (!service.hasQueue) return;
    for (const id of pausedForSleep) {
      if (service.queue.get(id)?.state === 'paused') service.queue.resume(id);
    }
    pausedForSleep = [];
  });

  app.on('second-instance', (_event, argv) => {
    showWindow();
    const paths = pathsFromArgv(argv);
    if (paths.length > 0 && service.hasQueue) void service.enqueuePaths(paths);
  });
  app.on('activate', showWindow);
  // The tray keeps the app alive with no window.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', (event) => {
    if (quitting) return;
    const active = service.totals?.active ?? false;
    if (active) {
      const choice = dialog.showMessageBoxSync({
        type: 'question',
        buttons: ['Quit', 'Keep uploading'],
        defaultId: 1,
        cancelId: 1,
        message: 'Uploads are still running.',
        detail: 'If you quit now, they continue where they stopped the next time you open Nomad Uploader.',
      });
      if (choice !== 0) {
        event.preventDefault();
        return;
      }
    }
    quitting = true;
    event.preventDefault();
    void service.shutdown().finally(() => {
      tray.destroy();
      app.exit(0);
    });
  });

  showWindow();
  await service.start().catch((error: unknown) => {
    sendEvent(window, 'notice', { level: 'error', message: `Could not connect: ${(error as Error).message}` });
  });
  const initial = pathsFromArgv(process.argv);
  if (initial.length > 0 && service.hasQueue) await service.enqueuePaths(initial);
}
