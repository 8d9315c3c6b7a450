// Registers every command of the contract with ipcMain, from the one handler map. Each call
// must come from our window's main frame showing exactly our page; payloads are validated
// in dispatchCommand.

import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { COMMAND_NAMES, commandChannel, type CommandHandlers, type Result } from '../../preload/contract';
import { dispatchCommand } from '../ipc/command-handlers';
import { isTrustedSender, type TrustedPage } from '../ipc/sender-check';

export interface IpcOptions {
  window: () => BrowserWindow | null;
  /** The renderer location: the built index.html, or the dev server when not packaged. */
  page: TrustedPage;
  /** Called for every trusted call, before it runs: the page is alive and listening. */
  onTrustedCall?: () => void;
}

const UNTRUSTED: Result<never> = {
  ok: false,
  error: { code: 'untrusted-sender', message: 'Refused: not the app window.', retryable: false },
};

export function registerIpc(handlers: CommandHandlers, options: IpcOptions): () => void {
  for (const name of COMMAND_NAMES) {
    ipcMain.handle(commandChannel(name), (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event, options.window(), options.page)) return UNTRUSTED;
      options.onTrustedCall?.();
      return dispatchCommand(handlers, name, payload);
    });
  }
  return () => {
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(commandChannel(name));
  };
}
