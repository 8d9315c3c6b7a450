// Whether a tray icon will be seen at all. Windows and macOS always show one. On Linux,
// Electron's tray is a StatusNotifierItem, and only a desktop running a StatusNotifier host
// (KDE, Cinnamon, XFCE, Ubuntu's GNOME with its AppIndicator extension, …) shows it;
// stock GNOME does not, and Electron cannot tell (electron/electron #5872). The host owns
// `org.kde.StatusNotifierWatcher` on the session bus: ask the bus.

import { execFile } from 'node:child_process';

export type RunCommand = (file: string, args: readonly string[], timeoutMs: number) => Promise<string>;

/** Long enough for a busy session bus, short enough that the answer is there before the first close. */
const PROBE_TIMEOUT_MS = 3000;

const NAME_HAS_OWNER = [
  '--session',
  '--print-reply',
  '--dest=org.freedesktop.DBus',
  '/org/freedesktop/DBus',
  'org.freedesktop.DBus.NameHasOwner',
  'string:org.kde.StatusNotifierWatcher',
];

/**
 * True when a tray icon can bring the window back. Any doubt (no dbus-send, no session
 * bus, no answer in time) counts as no tray: the cost is a question on close, where the
 * opposite mistake would hide the window where nobody can find it.
 */
export async function hasTrayHost(platform: NodeJS.Platform, run: RunCommand = runCommand): Promise<boolean> {
  if (platform === 'win32' || platform === 'darwin') return true;
  try {
    const reply = await run('dbus-send', NAME_HAS_OWNER, PROBE_TIMEOUT_MS);
    return /\bboolean true\b/.test(reply);
  } catch {
    return false;
  }
}

function runCommand(file: string, args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, windowsHide: true }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}
