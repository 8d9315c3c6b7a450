// Registers every command of the contract with ipcMain, from the one handler map. Each call
// must come from our window's main frame; payloads are validated in dispatchCommand.

import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { COMMAND_NAMES, commandChannel, eventChannel, type CommandHandlers, type EventName, type Events } from '../../preload/contract';
import { dispatchCommand } from '../ipc/command-handlers';
import { isTrustedSender } from '../ipc/sender-check';

export function registerIpc(handlers: CommandHandlers, window: () => BrowserWindow | null): () => void {
  for (const name of COMMAND_NAMES) {
    ipcMain.handle(commandChannel(name), (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event, window(), ALLOWED_ORIGINS)) {
        return { ok: false, error: { code: 'untrusted-sender', message: 'Refused: not the app window.', retryable: false } };
      }
      return dispatchCommand(handlers, name, payload);
    });
  }
  return () => {
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(commandChannel(name));
  };
}

const ALLOWED_ORIGINS = ['file://', ...(process.env.ELECTRON_RENDERER_URL ? [process.env.ELECTRON_RENDERER_URL] : [])];

export function sendEvent<E extends EventName>(window: BrowserWindow | null, event: E, payload: Events[E]): void {
  if (!window || window.isDestroyed()) return;
  window.webContents.send(eventChannel(event), payload);
}
