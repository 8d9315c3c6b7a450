// Defines `window.uploader` in the page the way preload/index.ts does in Electron: exactly
// the contract's named commands, `on(event, listener)` returning its unsubscribe function,
// and `getPathForFile(file)`. Passed to page.addInitScript, so this function is serialized
// into the page: it must not use anything from its module scope, only its argument.

import type { CommandName, EventName, Events, UploaderApi } from '../../../preload/contract';

/** Names of the hidden page globals the bridge talks through (never used by the renderer). */
export interface WindowUploaderWiring {
  /** page.exposeBinding: (command name, payload) → Promise<Result>. */
  invoke: string;
  /** Called by the bridge through page.evaluate to deliver one main → renderer event. */
  emit: string;
  /** WeakMap<File, string>: disk paths of the Files the drop helpers put in a drop. */
  paths: string;
  commands: readonly CommandName[];
  events: readonly EventName[];
}

export function defineWindowUploader(wiring: WindowUploaderWiring): void {
  const host = window as unknown as Record<string, unknown>;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const paths = new WeakMap<File, string>();

  Object.defineProperty(window, wiring.paths, { value: paths });
  Object.defineProperty(window, wiring.emit, {
    value(event: string, payload: unknown): void {
      // A copy: a listener may unsubscribe while we iterate.
      for (const listener of [...(listeners.get(event) ?? [])]) listener(payload);
    },
  });

  const commands = Object.fromEntries(
    wiring.commands.map((name) => [
      name,
      (payload: unknown) => (host[wiring.invoke] as (n: string, p: unknown) => Promise<unknown>)(name, payload),
    ]),
  );

  const api = {
    ...commands,
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      if (!wiring.events.includes(event)) throw new Error(`Unknown event: ${String(event)}`);
      // Wrapped like the preload does, so the same listener added twice is two subscriptions.
      const wrapped = (payload: unknown): void => listener(payload as Events[E]);
      let set = listeners.get(event);
      if (set === undefined) listeners.set(event, (set = new Set()));
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
    getPathForFile(file: File): string {
      // Like webUtils.getPathForFile: '' for a File that is not backed by a file on disk.
      return paths.get(file) ?? '';
    },
  } as UploaderApi;

  // contextBridge hands the renderer a frozen copy it cannot replace; so do we.
  Object.defineProperty(window, 'uploader', { value: Object.freeze(api), enumerable: true });
}
