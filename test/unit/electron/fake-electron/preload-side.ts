// The preload's side of Electron (contextBridge, ipcRenderer, webUtils), so the real
// preload/index.ts can run against a fake page: runPreload(page) evaluates it for that page
// and returns what it exposed. ipcRenderer talks to the page whose preload ran last.

import type { FakeRendererPage } from './browser-window';

let page: FakeRendererPage | null = null;

function current(): FakeRendererPage {
  if (!page) throw new Error('no preload is running: call runPreload(page) first');
  return page;
}

export function setPreloadPage(next: FakeRendererPage | null): void {
  page = next;
}

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    const target = current();
    if (key in target.exposed) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    target.exposed[key] = api;
  },
};

type Listener = (event: unknown, ...args: unknown[]) => void;

interface FakeIpcRenderer {
  on(channel: string, listener: Listener): FakeIpcRenderer;
  removeListener(channel: string, listener: Listener): FakeIpcRenderer;
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
}

export const ipcRenderer: FakeIpcRenderer = {
  on(channel: string, listener: Listener): FakeIpcRenderer {
    current().on(channel, listener);
    return ipcRenderer;
  },
  removeListener(channel: string, listener: Listener): FakeIpcRenderer {
    // A page that is gone took its listeners with it.
    page?.removeListener(channel, listener);
    return ipcRenderer;
  },
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    return current().invoke(channel, args[0]);
  },
};

export const webUtils = {
  /** '' for a File not backed by a file on disk, as in Electron. */
  getPathForFile(file: { path?: string }): string {
    return typeof file.path === 'string' ? file.path : '';
  },
};
