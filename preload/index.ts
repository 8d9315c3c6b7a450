// The preload: exposes exactly the contract's commands and events as named methods on
// `window.uploader`. Never a generic invoke(channel): the renderer cannot reach a channel
// the contract does not name. Runs sandboxed, so it is bundled to one CommonJS file.

import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  COMMAND_NAMES,
  EVENT_NAMES,
  commandChannel,
  eventChannel,
  type CommandHandlers,
  type EventName,
  type Events,
  type UploaderApi,
} from './contract';

const commands = Object.fromEntries(
  COMMAND_NAMES.map((name) => [name, (payload: unknown) => ipcRenderer.invoke(commandChannel(name), payload)]),
) as unknown as CommandHandlers;

const api: UploaderApi = {
  ...commands,
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`Unknown event: ${String(event)}`);
    const channel = eventChannel(event);
    // Wrap so the renderer never sees the IpcRendererEvent (it carries `sender`).
    const wrapped = (_event: IpcRendererEvent, payload: Events[E]): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
  getPathForFile(file: File): string {
    // Since Electron 32 File.path is gone; '' for files not backed by disk.
    return webUtils.getPathForFile(file);
  },
};

contextBridge.exposeInMainWorld('uploader', api);
