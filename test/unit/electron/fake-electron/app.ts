// Electron 45's `app`, as documented (docs/api/app.md): 'ready' once, after which
// whenReady() resolves; quit() emits before-quit, closes every window (a window's 'close'
// listener can cancel it), then will-quit and quit; exit() closes windows without asking and
// emits neither before-quit nor will-quit; window-all-closed only when the last window closes
// while not quitting, and without a listener that quits the app. Platform-only APIs
// (setAppUserModelId on Windows, dock on macOS) exist only on their platform, as in Electron.

import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { destroyedError, environment } from './environment';
import { emitPreventable, FakeEvent } from './events';
import { liveWindows } from './window-registry';

type Lifecycle = 'starting' | 'ready' | 'quitting' | 'exited';

export interface FakeDock {
  badge: string;
  visible: boolean;
  bounces: Array<'critical' | 'informational'>;
  setBadge(text: string): void;
  getBadge(): string;
  show(): Promise<void>;
  hide(): void;
  isVisible(): boolean;
  bounce(type?: 'critical' | 'informational'): number;
}

export class FakeApp extends EventEmitter {
  #lifecycle: Lifecycle = 'starting';
  #readyWaiters: Array<() => void> = [];
  #exited: { promise: Promise<number>; resolve: (code: number) => void } = deferred();
  #lock = false;
  #paths = new Map<string, string>();
  exitCode: number | null = null;
  /** Every call of app.quit(), successful or not. */
  quitCalls = 0;
  userModelId: string | null = null;
  focusCalls = 0;

  constructor() {
    super();
    this.#defineFor(environment.platform);
  }

  reset(): void {
    this.removeAllListeners();
    this.#lifecycle = 'starting';
    this.#readyWaiters = [];
    this.#exited = deferred();
    this.#lock = false;
    this.#paths.clear();
    this.exitCode = null;
    this.quitCalls = 0;
    this.userModelId = null;
    this.focusCalls = 0;
    this.#defineFor(environment.platform);
  }

  get isPackaged(): boolean {
    return environment.isPackaged;
  }

  get name(): string {
    return 'Nomad Uploader';
  }

  getName(): string {
    return this.name;
  }

  getVersion(): string {
    return '0.1.0';
  }

  getAppPath(): string {
    return environment.isPackaged ? '/opt/Nomad Uploader/resources/app.asar' : process.cwd();
  }

  getPath(name: string): string {
    const set = this.#paths.get(name);
    if (set) return set;
    switch (name) {
      case 'userData':
      case 'sessionData':
        return environment.userData;
      case 'appData':
        return join(environment.userData, '..');
      case 'logs':
        return join(environment.userData, 'logs');
      case 'temp':
        return join(environment.userData, '..', 'tmp');
      case 'home':
        return join(environment.userData, '..', 'home');
      default:
        throw new Error(`Failed to get '${name}' path`);
    }
  }

  setPath(name: string, path: string): void {
    this.#paths.set(name, path);
  }

  isReady(): boolean {
    return this.#lifecycle !== 'starting';
  }

  whenReady(): Promise<void> {
    if (this.isReady()) return Promise.resolve();
    return new Promise((resolve) => this.#readyWaiters.push(resolve));
  }

  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean {
    if (environment.anotherInstanceRunning) {
      // The primary instance receives these as 'second-instance'; here we only record them.
      environment.handedOver.push({
        argv: [...environment.argv],
        workingDirectory: environment.workingDirectory,
        additionalData: additionalData === undefined ? null : structuredClone(additionalData),
      });
      return false;
    }
    this.#lock = true;
    return true;
  }

  hasSingleInstanceLock(): boolean {
    return this.#lock;
  }

  releaseSingleInstanceLock(): void {
    this.#lock = false;
  }

  focus(_options?: { steal: boolean }): void {
    this.focusCalls += 1;
  }

  quit(): void {
    this.quitCalls += 1;
    if (this.#lifecycle === 'exited' || this.#lifecycle === 'quitting') return;
    if (emitPreventable(this, 'before-quit')) return;
    const wasReady = this.#lifecycle;
    this.#lifecycle = 'quitting';
    for (const window of [...liveWindows]) window.close();
    if ([...liveWindows].some((w) => !w.isDestroyed())) {
      // A window refused to close: the quit is cancelled.
      this.#lifecycle = wasReady;
      return;
    }
    if (emitPreventable(this, 'will-quit')) {
      this.#lifecycle = wasReady;
      return;
    }
    this.emit('quit', new FakeEvent(), 0);
    this.#exit(0);
  }

  exit(exitCode = 0): void {
    if (this.#lifecycle === 'exited') return;
    this.#lifecycle = 'quitting';
    for (const window of [...liveWindows]) window.destroy();
    this.#exit(exitCode);
  }

  // --- the test's side: what the OS and the user do --------------------------------

  /** Electron finished initialising: 'ready', then whenReady() resolves. */
  emitReady(): void {
    if (this.#lifecycle !== 'starting') throw new Error('app is already ready');
    this.#lifecycle = 'ready';
    this.emit('ready', new FakeEvent(), {});
    for (const resolve of this.#readyWaiters.splice(0)) resolve();
  }

  /**
   * A second instance was launched. Electron hands its argv over with Chromium's switches
   * added (and switches moved before the other arguments), so the argv is not the one typed.
   */
  launchSecondInstance(launch: { argv: string[]; workingDirectory: string; additionalData?: unknown }): void {
    if (!this.isReady()) throw new Error("'second-instance' is only emitted after 'ready'");
    if (!this.#lock) throw new Error('this instance does not hold the single-instance lock');
    const [program = '', ...rest] = launch.argv;
    const switches = rest.filter((a) => a.startsWith('-'));
    const args = rest.filter((a) => !a.startsWith('-'));
    const argv = [program, ...switches, '--original-process-start-time=13371337', ...args];
    this.emit('second-instance', new FakeEvent(), argv, launch.workingDirectory, launch.additionalData ?? null);
  }

  /** macOS: the Dock icon was clicked. */
  activate(): void {
    this.emit('activate', new FakeEvent(), [...liveWindows].some((w) => !w.isDestroyed()));
  }

  get exited(): boolean {
    return this.#lifecycle === 'exited';
  }

  /** Resolves with the exit code once the process would have ended. */
  whenExited(): Promise<number> {
    return this.#exited.promise;
  }

  get quitting(): boolean {
    return this.#lifecycle === 'quitting';
  }

  /** Called by the last window to close. */
  lastWindowClosed(): void {
    if (this.#lifecycle !== 'ready') return;
    if (this.listenerCount('window-all-closed') === 0) this.quit();
    else this.emit('window-all-closed', new FakeEvent());
  }

  #exit(code: number): void {
    this.#lifecycle = 'exited';
    this.exitCode = code;
    this.#exited.resolve(code);
  }

  #defineFor(platform: NodeJS.Platform): void {
    const self = this as unknown as Record<string, unknown>;
    delete self.setAppUserModelId;
    delete self.dock;
    if (platform === 'win32') {
      self.setAppUserModelId = (id: string): void => {
        if (this.#lifecycle === 'exited') throw destroyedError();
        this.userModelId = id;
      };
    }
    if (platform === 'darwin') self.dock = createDock();
  }
}

function createDock(): FakeDock {
  return {
    badge: '',
    visible: true,
    bounces: [],
    setBadge(text) {
      this.badge = text;
    },
    getBadge() {
      return this.badge;
    },
    async show() {
      this.visible = true;
    },
    hide() {
      this.visible = false;
    },
    isVisible() {
      return this.visible;
    },
    bounce(type = 'informational') {
      this.bounces.push(type);
      return this.bounces.length;
    },
  };
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export const app = new FakeApp();
