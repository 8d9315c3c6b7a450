// Whether a tray icon can be seen: always on Windows and macOS; on Linux only when a
// StatusNotifier host owns its name on the session bus — and any doubt means "no tray",
// so the window is never hidden where nobody can find it.

import { describe, expect, it, vi } from 'vitest';
import { batchSummary } from '../../../main/electron/batch-notifier';
import { hasTrayHost, type RunCommand } from '../../../main/electron/tray-host';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

/** dbus-send as it answers NameHasOwner (`method return … boolean true`). */
const answering = (owned: boolean): RunCommand => async (file, args) => {
  expect(file).toBe('dbus-send');
  expect(args).toEqual(expect.arrayContaining(['--session', 'org.freedesktop.DBus.NameHasOwner', 'string:org.kde.StatusNotifierWatcher']));
  return `method return time=1764576000.1 sender=org.freedesktop.DBus -> destination=:1.42 serial=3 reply_serial=2\n   boolean ${owned}\n`;
};
const failing = (error: Error): RunCommand => async () => {
  throw error;
};
const neverCalled: RunCommand = async () => {
  throw new Error('no probe on this platform');
};

describe('the tray host', () => {
  it('is there on Windows and macOS without asking anyone', async () => {
    expect(await hasTrayHost('win32', neverCalled)).toBe(true);
    expect(await hasTrayHost('darwin', neverCalled)).toBe(true);
  });

  it('on Linux, is there when the StatusNotifierWatcher has an owner (KDE, Ubuntu’s AppIndicator extension…)', async () => {
    expect(await hasTrayHost('linux', answering(true))).toBe(true);
    expect(await hasTrayHost('linux', answering(false))).toBe(false);
  });

  it('on Linux, counts as absent without dbus-send, without a session bus, or without an answer in time', async () => {
    expect(await hasTrayHost('linux', failing(Object.assign(new Error('spawn dbus-send ENOENT'), { code: 'ENOENT' })))).toBe(false);
    expect(await hasTrayHost('linux', failing(new Error('Failed to open connection to "session" message bus')))).toBe(false);
    expect(await hasTrayHost('linux', failing(Object.assign(new Error('timed out'), { killed: true, signal: 'SIGTERM' })))).toBe(false);
    expect(await hasTrayHost('freebsd', answering(true))).toBe(true);
  });
});

describe('the batch notification', () => {
  it('counts files in words a person reads', () => {
    expect(batchSummary(1, 0)).toEqual({ title: 'Uploads finished', body: '1 file uploaded.' });
    expect(batchSummary(12, 0)).toEqual({ title: 'Uploads finished', body: '12 files uploaded.' });
    expect(batchSummary(3, 1)).toEqual({ title: 'Uploads finished with errors', body: '3 files uploaded, 1 failed.' });
    expect(batchSummary(0, 2)).toEqual({ title: 'Uploads failed', body: '2 files could not be uploaded.' });
  });
});
