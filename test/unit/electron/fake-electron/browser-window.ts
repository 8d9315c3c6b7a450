// BrowserWindow, its WebContents and frames, and the page inside it, as Electron 45 behaves:
// 'close' can be prevented, then 'closed' and the contents are destroyed, and methods of a
// destroyed window throw; show/hide/minimize/restore emit only on a change; loadFile()
// loads the file URL Electron builds (did-start-navigation, did-start-loading, then later
// dom-ready, ready-to-show once, did-finish-load); webContents.send() reaches only what the
// page has subscribed to by then — a message sent earlier is lost, as in Electron.

import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app } from './app';
import { destroyedError } from './environment';
import { emitPreventable, FakeEvent } from './events';
import { ipcMain, type InvokeFrame } from './ipc-main';
import { liveWindows } from './window-registry';

let nextId = 1;

export class FakeWebFrameMain {
  readonly url: string;
  readonly parent: FakeWebFrameMain | null;
  readonly processId: number;
  readonly routingId: number;
  #detached = false;

  constructor(url: string, parent: FakeWebFrameMain | null, processId: number) {
    this.url = url;
    this.parent = parent;
    this.processId = processId;
    this.routingId = nextId++;
  }

  get top(): FakeWebFrameMain {
    return this.parent ? this.parent.top : this;
  }

  get origin(): string {
    const url = new URL(this.url);
    return url.protocol === 'file:' ? 'file://' : url.origin;
  }

  get detached(): boolean {
    return this.#detached;
  }

  detach(): void {
    this.#detached = true;
  }
}

type PageListener = (...args: unknown[]) => void;

/**
 * The renderer side of a loaded page, as its preload sees it: ipcRenderer.on / invoke. A
 * new page (load, reload) starts with no listeners.
 */
export class FakeRendererPage {
  readonly contents: FakeWebContents;
  readonly frame: FakeWebFrameMain;
  #listeners = new Map<string, Set<PageListener>>();
  #received: Array<{ channel: string; args: unknown[] }> = [];

  constructor(contents: FakeWebContents, frame: FakeWebFrameMain) {
    this.contents = contents;
    this.frame = frame;
  }

  /** What the preload put on `window` with contextBridge.exposeInMainWorld. */
  readonly exposed: Record<string, unknown> = {};

  on(channel: string, listener: PageListener): () => void {
    const set = this.#listeners.get(channel) ?? new Set();
    set.add(listener);
    this.#listeners.set(channel, set);
    return () => this.removeListener(channel, listener);
  }

  removeListener(channel: string, listener: PageListener): void {
    this.#listeners.get(channel)?.delete(listener);
  }

  /** ipcRenderer.invoke from this page's main frame (or from `frame`, e.g. an iframe). */
  invoke(channel: string, payload?: unknown, frame: FakeWebFrameMain = this.frame): Promise<unknown> {
    if (this.contents.isDestroyed() || this.contents.page !== this) return Promise.reject(new Error('the page is gone'));
    return ipcMain.invokeFrom(this.contents, frame.detached ? null : frame, channel, payload === undefined ? [] : [payload]);
  }

  /** An iframe inside this page. */
  childFrame(url: string): FakeWebFrameMain {
    return new FakeWebFrameMain(url, this.frame, this.frame.processId);
  }

  /** Messages the page received on `channel` (delivered to a listener at the time). */
  received(channel: string): unknown[][] {
    return this.#received.filter((m) => m.channel === channel).map((m) => m.args);
  }

  deliver(channel: string, args: unknown[]): void {
    const listeners = this.#listeners.get(channel);
    if (!listeners || listeners.size === 0) return;
    this.#received.push({ channel, args });
    for (const listener of [...listeners]) listener({ sender: {} }, ...args);
  }
}

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly window: FakeBrowserWindow;
  #destroyed = false;
  #frame: FakeWebFrameMain;
  #page: FakeRendererPage | null = null;
  #loading = false;
  #loaded: Promise<void> = Promise.resolve();
  #processId = nextId++;
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  /** Every webContents.send(), whether a listener got it or not. */
  sent: Array<{ channel: string; args: unknown[] }> = [];

  constructor(window: FakeBrowserWindow) {
    super();
    this.window = window;
    this.#frame = new FakeWebFrameMain('about:blank', null, this.#processId);
  }

  get mainFrame(): FakeWebFrameMain {
    this.#alive();
    return this.#frame;
  }

  /** The page currently loaded (null before the first load). */
  get page(): FakeRendererPage | null {
    return this.#page;
  }

  getURL(): string {
    this.#alive();
    return this.#frame.url;
  }

  isLoading(): boolean {
    return this.#loading;
  }

  /** Resolves once the page being loaded has finished (at once if none is loading). */
  whenLoaded(): Promise<void> {
    return this.#loaded;
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  send(channel: string, ...args: unknown[]): void {
    this.#alive();
    const cloned = structuredClone(args);
    this.sent.push({ channel, args: cloned });
    this.#page?.deliver(channel, cloned);
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  reload(): void {
    this.#alive();
    void this.load(this.#frame.url);
  }

  /** Loads `url` as a new document; resolves when did-finish-load has been emitted. */
  load(url: string): Promise<void> {
    this.#alive();
    const frame = new FakeWebFrameMain(url, null, this.#processId);
    const navigation = Object.assign(new FakeEvent(), { url, isSameDocument: false, isMainFrame: true, frame, initiator: null });
    this.emit('did-start-navigation', navigation, url, false, true, frame.processId, frame.routingId);
    this.#frame.detach();
    this.#frame = frame;
    this.#page = new FakeRendererPage(this, frame);
    this.#loading = true;
    this.emit('did-start-loading', new FakeEvent());
    this.#loaded = new Promise((resolveLoad) => {
      setImmediate(() => {
        if (this.#destroyed || this.#frame !== frame) return resolveLoad();
        this.emit('dom-ready', new FakeEvent());
        this.window.pageRendered();
        this.#loading = false;
        this.emit('did-stop-loading', new FakeEvent());
        this.emit('did-finish-load', new FakeEvent());
        resolveLoad();
      });
    });
    return this.#loaded;
  }

  // --- the test's side ------------------------------------------------------------

  /** The renderer process died (crash, OOM, killed). */
  crash(reason: 'crashed' | 'killed' | 'oom' = 'crashed'): void {
    this.#page = null;
    this.#frame.detach();
    this.emit('render-process-gone', new FakeEvent(), { reason, exitCode: 1 });
  }

  /** Emits a preventable WebContents event whose Event carries `details` (Electron's Event<Params>). */
  emitPreventable(name: string, details: Record<string, unknown> = {}, ...args: unknown[]): boolean {
    const event = Object.assign(new FakeEvent(), details);
    this.emit(name, event, ...args);
    return event.defaultPrevented;
  }

  /** The page tried to navigate (a link, a dropped file): true when it was allowed to. */
  navigate(url: string): boolean {
    const event = Object.assign(new FakeEvent(), { url, isSameDocument: false, isMainFrame: true, frame: this.#frame, initiator: this.#frame });
    this.emit('will-navigate', event, url);
    if (event.defaultPrevented) return false;
    void this.load(url);
    return true;
  }

  destroyContents(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#frame.detach();
    this.#page = null;
    this.emit('destroyed', new FakeEvent());
  }

  #alive(): void {
    if (this.#destroyed) throw destroyedError();
  }
}

export interface ProgressCall {
  progress: number;
  options: { mode?: string } | undefined;
}

export class FakeBrowserWindow extends EventEmitter {
  static #all: FakeBrowserWindow[] = [];

  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.#all.filter((w) => !w.isDestroyed());
  }

  /** Every window created since the last reset, closed or not. */
  static created(): FakeBrowserWindow[] {
    return [...FakeBrowserWindow.#all];
  }

  static reset(): void {
    FakeBrowserWindow.#all = [];
    liveWindows.clear();
  }

  readonly id = nextId++;
  readonly options: Record<string, unknown>;
  readonly webContents: FakeWebContents;
  progressCalls: ProgressCall[] = [];
  #visible = false;
  #minimized = false;
  #focused = false;
  #destroyed = false;
  #shownOnce = false;

  constructor(options: Record<string, unknown> = {}) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents(this);
    FakeBrowserWindow.#all.push(this);
    liveWindows.add(this);
    app.emit('browser-window-created', new FakeEvent(), this);
    if (options.show !== false) this.show();
  }

  /** The webPreferences the window was created with. */
  webPreferences(): Record<string, unknown> {
    return (this.options.webPreferences ?? {}) as Record<string, unknown>;
  }

  loadFile(filePath: string, _options?: unknown): Promise<void> {
    // Electron builds the URL from the resolved path: url.format({ protocol: 'file', slashes: true, pathname }).
    return this.webContents.load(pathToFileURL(resolve(app.getAppPath(), filePath)).href);
  }

  loadURL(url: string, _options?: unknown): Promise<void> {
    return this.webContents.load(url);
  }

  show(): void {
    this.#alive();
    this.#focused = true;
    if (this.#visible) return;
    this.#visible = true;
    this.emit('show', new FakeEvent());
  }

  hide(): void {
    this.#alive();
    if (!this.#visible) return;
    this.#visible = false;
    this.#focused = false;
    this.emit('hide', new FakeEvent());
  }

  focus(): void {
    this.#alive();
    this.#focused = true;
    this.emit('focus', new FakeEvent());
  }

  minimize(): void {
    this.#alive();
    if (this.#minimized) return;
    this.#minimized = true;
    this.#focused = false;
    this.emit('minimize', new FakeEvent());
  }

  restore(): void {
    this.#alive();
    if (!this.#minimized) return;
    this.#minimized = false;
    this.emit('restore', new FakeEvent());
  }

  isVisible(): boolean {
    this.#alive();
    return this.#visible;
  }

  isMinimized(): boolean {
    this.#alive();
    return this.#minimized;
  }

  isFocused(): boolean {
    this.#alive();
    return this.#focused;
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  setProgressBar(progress: number, options?: { mode?: 'none' | 'normal' | 'indeterminate' | 'error' | 'paused' }): void {
    this.#alive();
    this.progressCalls.push({ progress, options });
  }

  /** The close button, Alt+F4, or app.quit(): 'close' first, which a listener can prevent. */
  close(): void {
    if (this.#destroyed) return;
    if (emitPreventable(this, 'close')) return;
    this.#teardown();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#teardown();
  }

  // --- the test's side ------------------------------------------------------------

  /** The page rendered for the first time: 'ready-to-show', once. */
  pageRendered(): void {
    if (this.#shownOnce || this.#destroyed) return;
    this.#shownOnce = true;
    this.emit('ready-to-show', new FakeEvent());
  }

  /** Windows: the session ends (shutdown, restart, log-off). */
  endSession(): void {
    this.emit('session-end', Object.assign(new FakeEvent(), { reasons: ['shutdown'] }));
  }

  #teardown(): void {
    this.#destroyed = true;
    this.#visible = false;
    liveWindows.delete(this);
    this.webContents.destroyContents();
    this.emit('closed');
    if (liveWindows.size === 0) app.lastWindowClosed();
  }

  #alive(): void {
    if (this.#destroyed) throw destroyedError();
  }
}

export type { InvokeFrame };
