// Electron's ipcMain: one handler per channel (a second handle() throws, as in Electron),
// invoke events carrying the sender WebContents and the sender frame, results and errors
// crossing as Electron sends them (structured clone; a thrown error reaches the renderer as
// "Error invoking remote method '<channel>': <error>").

import { EventEmitter } from 'node:events';
import { FakeEvent } from './events';

export interface InvokeSender {
  id: number;
}

export interface InvokeFrame {
  url: string;
  processId: number;
  routingId: number;
}

export class FakeIpcMainInvokeEvent extends FakeEvent {
  readonly type = 'frame';
  readonly sender: InvokeSender;
  readonly senderFrame: InvokeFrame | null;
  readonly processId: number;
  readonly frameId: number;

  constructor(sender: InvokeSender, frame: InvokeFrame | null) {
    super();
    this.sender = sender;
    this.senderFrame = frame;
    this.processId = frame?.processId ?? 0;
    this.frameId = frame?.routingId ?? 0;
  }
}

type Handler = (event: FakeIpcMainInvokeEvent, ...args: unknown[]) => unknown;

export class FakeIpcMain extends EventEmitter {
  #handlers = new Map<string, { handler: Handler; once: boolean }>();

  reset(): void {
    this.removeAllListeners();
    this.#handlers.clear();
  }

  handle(channel: string, handler: Handler): void {
    if (this.#handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.#handlers.set(channel, { handler, once: false });
  }

  handleOnce(channel: string, handler: Handler): void {
    if (this.#handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.#handlers.set(channel, { handler, once: true });
  }

  removeHandler(channel: string): void {
    this.#handlers.delete(channel);
  }

  get channels(): string[] {
    return [...this.#handlers.keys()];
  }

  /** ipcRenderer.invoke() arriving from `frame` of `sender`. */
  async invokeFrom(sender: InvokeSender, frame: InvokeFrame | null, channel: string, args: unknown[]): Promise<unknown> {
    const entry = this.#handlers.get(channel);
    if (!entry) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    if (entry.once) this.#handlers.delete(channel);
    try {
      const result = await entry.handler(new FakeIpcMainInvokeEvent(sender, frame), ...structuredClone(args));
      return structuredClone(result);
    } catch (error) {
      // Electron's invoke keeps only the message across the boundary; so does the fake (no cause).
      // eslint-disable-next-line preserve-caught-error
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
    }
  }
}

export const ipcMain = new FakeIpcMain();
