// The IPC sender check: only the main frame of our window, showing exactly the built
// index.html (or, in development, a page of the dev server) may call a command. Plain
// values first, then through ipcMain of the fake Electron with real frames.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, commandChannel } from '../../../preload/contract';
import { isTrustedPageUrl, isTrustedSender, type TrustedPage } from '../../../main/ipc/sender-check';
import { registerIpc } from '../../../main/electron/ipc-main';
import { asFake, fakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const PAGE: TrustedPage = { kind: 'file', url: 'file:///opt/Nomad%20Uploader/resources/app.asar/out/renderer/index.html' };

describe('the trusted page', () => {
  it('is the built index.html and nothing else on the disk (no prefix match)', () => {
    expect(isTrustedPageUrl(PAGE, PAGE.url)).toBe(true);
    for (const url of [
      'file:///opt/Nomad%20Uploader/resources/app.asar/out/renderer/other.html',
      'file:///home/me/Downloads/index.html',
      'file:///opt/Nomad%20Uploader/resources/app.asar/out/renderer/index.html.evil',
      'file:///opt/Nomad%20Uploader/resources/app.asar/out/renderer/index.html?next=1',
      'file:///opt/Nomad%20Uploader/resources/app.asar/out/renderer/index.html#/x',
      'file://evil-host/opt/Nomad%20Uploader/resources/app.asar/out/renderer/index.html',
      'file:///opt/Nomad%20Uploader/resources/app.asar/out/renderer/../../../../../etc/passwd',
      'https://evil.example/opt/Nomad%20Uploader/resources/app.asar/out/renderer/index.html',
      'file://',
      'not a url',
      '',
    ]) {
      expect(isTrustedPageUrl(PAGE, url), url).toBe(false);
    }
  });

  it('is recognised however Chromium percent-encodes its path, and whatever case the drive letter has', () => {
    expect(isTrustedPageUrl(PAGE, 'file:///opt/Nomad Uploader/resources/app.asar/out/renderer/index.html')).toBe(true);
    expect(isTrustedPageUrl(PAGE, 'file:///opt/Nomad%20Uploader/resources/app.asar/out/renderer/%69ndex.html')).toBe(true);
    const accents: TrustedPage = { kind: 'file', url: 'file:///C:/Users/Ren%C3%A9e/AppData/Local/Programs/nomad/resources/app.asar/out/renderer/index.html' };
    expect(isTrustedPageUrl(accents, 'file:///c:/Users/Renée/AppData/Local/Programs/nomad/resources/app.asar/out/renderer/index.html')).toBe(true);
    expect(isTrustedPageUrl(accents, 'file:///C:/Users/renee/AppData/Local/Programs/nomad/resources/app.asar/out/renderer/index.html')).toBe(false);
  });

  it('in development, is any page of the dev server’s origin, and only of that origin', () => {
    const dev: TrustedPage = { kind: 'dev-server', origin: 'http://localhost:5173' };
    expect(isTrustedPageUrl(dev, 'http://localhost:5173/')).toBe(true);
    expect(isTrustedPageUrl(dev, 'http://localhost:5173/index.html')).toBe(true);
    for (const url of ['http://localhost:51730/', 'http://localhost:5173.evil.example/', 'https://localhost:5173/', PAGE.url]) {
      expect(isTrustedPageUrl(dev, url), url).toBe(false);
    }
  });
});

describe('the sender', () => {
  const mainFrame = { url: PAGE.url };
  const window = { isDestroyed: () => false, webContents: { mainFrame } };

  it('must be the main frame of our window, alive, showing our page', () => {
    expect(isTrustedSender({ sender: window.webContents, senderFrame: mainFrame }, window, PAGE)).toBe(true);
    expect(isTrustedSender({ sender: {}, senderFrame: mainFrame }, window, PAGE)).toBe(false);
    expect(isTrustedSender({ sender: window.webContents, senderFrame: { url: PAGE.url } }, window, PAGE)).toBe(false);
    expect(isTrustedSender({ sender: window.webContents, senderFrame: null }, window, PAGE)).toBe(false);
    expect(isTrustedSender({ sender: window.webContents, senderFrame: mainFrame }, null, PAGE)).toBe(false);
    expect(isTrustedSender({ sender: window.webContents, senderFrame: mainFrame }, { ...window, isDestroyed: () => true }, PAGE)).toBe(false);
    const elsewhere = { url: 'file:///tmp/index.html' };
    const wandered = { isDestroyed: () => false, webContents: { mainFrame: elsewhere } };
    expect(isTrustedSender({ sender: wandered.webContents, senderFrame: elsewhere }, wandered, PAGE)).toBe(false);
  });
});

describe('ipcMain registration', () => {
  afterEach(() => fakeElectron.reset());

  it('answers our page’s main frame, and refuses an iframe, another window and a page that is gone', async () => {
    fakeElectron.reset();
    const window = new fakeElectron.BrowserWindow({ show: false });
    const stranger = new fakeElectron.BrowserWindow({ show: false });
    await window.loadFile('/app/out/renderer/index.html');
    await stranger.loadFile('/app/out/renderer/index.html');
    const calls: string[] = [];
    const handlers = Object.fromEntries(COMMAND_NAMES.map((name) => [name, async () => (calls.push(name), { ok: true, value: null })])) as never;
    let pageCalls = 0;
    const unregister = registerIpc(handlers, {
      window: () => window as never,
      page: { kind: 'file', url: 'file:///app/out/renderer/index.html' },
      onTrustedCall: () => (pageCalls += 1),
    });
    const page = asFake(window).webContents.page!;
    const channel = commandChannel('getSnapshot');

    expect(await page.invoke(channel, {})).toEqual({ ok: true, value: null });
    expect(await page.invoke(channel, {}, page.childFrame('file:///app/out/renderer/index.html'))).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
    expect(await stranger.webContents.page!.invoke(channel, {})).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
    expect(await page.invoke(channel, { unexpected: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(calls).toEqual(['getSnapshot']);
    expect(pageCalls).toBe(2);

    unregister();
    expect(fakeElectron.ipcMain.channels).toEqual([]);
    await expect(page.invoke(channel, {})).rejects.toThrow(/No handler registered/);
  });
});
