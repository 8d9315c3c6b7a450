// The Electron main process, wired: the OS (window, tray, dialogs, notifications, power,
// single instance, quit) on one side, the plain-Node service that owns the engine on the
// other. Policy lives in the service and in the small modules this composes; this file
// only connects them, in the order Electron needs.

import { app, dialog, type BrowserWindow, type MessageBoxOptions, type OpenDialogOptions } from 'electron';
import { join } from 'node:path';
import type { CommandName, CommandPayload } from '../../preload/contract';
import { UploaderService, type SandboxHandle } from '../app-core/uploader-service';
import { createCommandHandlers, dispatchCommand } from '../ipc/command-handlers';
import { startSandbox } from '../sandbox';
import { APP_ID, appUserModelId } from './app-identity';
import { BatchNotifier } from './batch-notifier';
import { handedOverPaths, pathsFromCommandLine, type CommandLine, type HandOver } from './command-line';
import { ElectronSettingsStore } from './electron-settings-store';
import { createFileLogger } from './file-logger';
import { registerIpc } from './ipc-main';
import { MainWindow } from './main-window';
import { openExternalSafely } from './open-external';
import { PowerHandling } from './power';
import { QuitGuard, type QuitSource } from './quit-guard';
import { RendererEvents } from './renderer-events';
import { rendererLocation } from './renderer-location';
import { SafeStorageSecretStore } from './safe-storage-secret-store';
import { loadElectronUpdater, startUpdater, UPDATE_PREFERENCE_FILE } from './updater';
import type { UpdatePolicy } from '../app-core/update-policy';
import { AppTray, loadTrayIcons } from './tray';
import { hasTrayHost } from './tray-host';
import { createMainWindow, hardenSession } from './window';

export interface DesktopAppOptions {
  /** The built app's out/ folder (inside app.asar when packaged). */
  outDir: string;
  /** Icons and tray images; outside app.asar when packaged. */
  resourcesDir: string;
  platform: NodeJS.Platform;
  commandLine: CommandLine;
  execPath: string;
  /** process.env.ELECTRON_RENDERER_URL: honoured only when not packaged. */
  rendererUrl: string | undefined;
  /** Test seams; the app uses the embedded sandbox and asks the session bus. */
  startSandbox?: (dataDir: string) => Promise<SandboxHandle>;
  trayHost?: () => Promise<boolean>;
}

export interface DesktopApp {
  service: UploaderService;
  /** Settles once the service has connected (or said why it could not) and launch files are queued. */
  started: Promise<void>;
}

/**
 * Runs synchronously up to `ready` (Electron wants the app id and the single-instance lock
 * before it), then asynchronously. Resolves to null in a second instance, which hands its
 * files to the first and quits.
 */
export async function launchDesktopApp(options: DesktopAppOptions): Promise<DesktopApp | null> {
  if (options.platform === 'win32') app.setAppUserModelId(appUserModelId({ isPackaged: app.isPackaged, execPath: options.execPath }));
  const handOver: HandOver = { paths: pathsFromCommandLine(options.commandLine) };
  if (!app.requestSingleInstanceLock(handOver)) {
    app.quit();
    return null;
  }
  await app.whenReady();
  return startDesktopApp(options, handOver.paths);
}

function startDesktopApp(options: DesktopAppOptions, launchPaths: string[]): DesktopApp {
  const location = rendererLocation(options.outDir, { isPackaged: app.isPackaged, devServerUrl: options.rendererUrl });
  hardenSession(location);
  const userData = app.getPath('userData');
  const log = createFileLogger(join(userData, 'logs'));
  const launchSandbox = options.startSandbox ?? ((dataDir: string) => startSandbox({ dataDir }));
  const service = new UploaderService({
    log,
    settings: new ElectronSettingsStore(),
    secrets: new SafeStorageSecretStore(userData),
    journalDir: join(userData, 'journal'),
    startSandbox: () => launchSandbox(join(userData, 'sandbox')),
  });

  const events = new RendererEvents(() => mainWindow.current);
  const mainWindow: MainWindow = new MainWindow({
    events,
    create: () => {
      const window = createMainWindow(location, {
        preload: join(options.outDir, 'preload', 'index.cjs'),
        icon: join(options.resourcesDir, 'icon.png'),
      });
      // Windows ends the session without before-quit: stop the uploads while there is time.
      window.on('session-end', () => guard.request('system-shutdown'));
      return window;
    },
    onCloseWithoutTray: () => guard.request('window-close'),
  });

  let updates: UpdatePolicy | undefined;
  void loadElectronUpdater(app.isPackaged, process.resourcesPath, log).then((updater) => {
    updates = startUpdater({
      updater,
      currentVersion: app.getVersion(),
      uploads: {
        isUploading: () => service.isUploading,
        onActivity: (listener) => service.onEvent((event) => event.type === 'queueUpdate' && listener()),
        pauseAndJournal: () => service.pauseAndJournal(),
      },
      preferenceFile: UPDATE_PREFERENCE_FILE(userData),
      log,
      onChange: (view) => events.send('updateStatus', view),
    });
  });

  const handlers = createCommandHandlers(service, {
    get updates() {
      return updates;
    },
    async pickPaths(kind) {
      const dialogOptions: OpenDialogOptions = {
        title: kind === 'folder' ? 'Add folder' : 'Add files',
        properties: kind === 'folder' ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
      };
      const window = mainWindow.current;
      const result = window ? await dialog.showOpenDialog(window, dialogOptions) : await dialog.showOpenDialog(dialogOptions);
      return result.canceled ? [] : result.filePaths;
    },
    openExternal: async (url) => {
      await openExternalSafely(url);
    },
  });
  registerIpc(handlers, { window: () => mainWindow.current, page: location, onTrustedCall: () => events.markPageReady() });

  /** The tray and the launch arguments use the renderer's commands; a refusal becomes a notice. */
  const run = async <K extends CommandName>(name: K, payload: CommandPayload<K>): Promise<void> => {
    const result = await dispatchCommand(handlers, name, payload);
    if (!result.ok) events.send('notice', { level: 'error', message: result.error.message });
  };
  const enqueueLaunchPaths = async (paths: string[]): Promise<void> => {
    if (paths.length > 0) await run('enqueuePaths', { paths });
  };

  const tray = new AppTray(loadTrayIcons(options.platform, options.resourcesDir), {
    pauseAll: () => void run('pauseAll', {}),
    resumeAll: () => void run('resumeAll', {}),
    switchProfile: (id) => run('switchProfile', { id }),
    setWatchPaused: (id, paused) => run('setWatchPaused', { id, paused }),
    showWindow: () => mainWindow.show(),
    quit: () => app.quit(),
  });
  void (options.trayHost ?? (() => hasTrayHost(options.platform)))().then((available) => {
    mainWindow.closeToTray = available;
    log.info('tray', { available });
  });

  const power = new PowerHandling({
    suspend: () => service.suspend(),
    wake: () => service.wake(),
    shutdown: () => guard.request('system-shutdown'),
  });
  const guard: QuitGuard = new QuitGuard({
    app,
    log,
    isUploading: () => service.isUploading,
    stopUploads: () => service.quit(),
    confirmQuit: (source) => confirmQuit(mainWindow.current, source),
    keepRunning: (source) => {
      if (source === 'window-close') mainWindow.minimize();
    },
    beforeExit: () => {
      updates?.stop();
      mainWindow.allowClose();
      power.release();
      tray.destroy();
    },
  });

  const notifier = new BatchNotifier(() => mainWindow.show());
  service.onEvent((event) => {
    switch (event.type) {
      case 'queueUpdate': {
        events.send('queueUpdate', event.update);
        const totals = event.update.totals;
        tray.update(totals);
        mainWindow.setProgress(totals);
        power.update(totals);
        return;
      }
      case 'accountChanged':
        events.send('accountChanged', event.account);
        tray.updateProfiles(event.account.profiles);
        return;
      case 'settingsChanged':
        events.send('settingsChanged', event.settings);
        return;
      case 'notice':
        events.send('notice', { level: event.level, message: event.message, ...(event.kind ? { kind: event.kind } : {}) });
        return;
      case 'attachmentsChanged':
        events.send('attachmentsChanged', { assetId: event.assetId, attachments: event.attachments });
        return;
      case 'batchFinished':
        notifier.notify(event.done, event.failed);
        return;
      case 'watchesChanged':
        events.send('watchesChanged', event.watches);
        tray.updateWatches(event.watches);
        return;
      default:
        event satisfies never;
    }
  });

  mainWindow.show();
  const connected = service.start().catch((error: unknown) => {
    events.send('notice', { level: 'error', message: `Could not connect: ${(error as Error).message}` });
  });

  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    mainWindow.show();
    const paths = handedOverPaths(additionalData, { argv, workingDirectory, defaultApp: options.commandLine.defaultApp });
    void connected.then(() => enqueueLaunchPaths(paths));
  });
  // macOS: the Dock icon was clicked.
  app.on('activate', () => mainWindow.show());
  // The tray keeps the app alive with no window; quitting is the QuitGuard's business.
  app.on('window-all-closed', () => undefined);

  const started = connected.then(() => enqueueLaunchPaths(launchPaths));
  log.info('started', { appId: APP_ID, packaged: app.isPackaged, renderer: location.kind });
  return { service, started };
}

async function confirmQuit(window: BrowserWindow | null, source: QuitSource): Promise<boolean> {
  const options: MessageBoxOptions = {
    type: 'question',
    buttons: ['Quit', 'Keep uploading'],
    defaultId: 1,
    cancelId: 1,
    message: 'Uploads are still running.',
    detail:
      source === 'window-close'
        ? 'If you quit now, they continue where they stopped the next time you open Nomad Uploader. Keep uploading to let them finish with the window minimized.'
        : 'If you quit now, they continue where they stopped the next time you open Nomad Uploader.',
  };
  // Attached to a hidden window (quitting from the tray) the question would not be seen.
  const { response } = window?.isVisible() ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return response === 0;
}
