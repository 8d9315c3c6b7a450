// Connects a Playwright page to an UploaderBackend the way preload + ipcMain connect the
// renderer to main in the app:
//   page → Node: window.uploader.<command>(payload) → exposeBinding → dispatchCommand
//   Node → page: service events → page.evaluate → the listeners registered with `on`
// Events are delivered one at a time, in the order the service emitted them.

import type { Page } from '@playwright/test';
import { COMMAND_NAMES, EVENT_NAMES, type EventName, type Events } from '../../../preload/contract';
import type { ServiceEvent } from '../../../main/app-core/uploader-service';
import type { UploaderBackend } from './uploader-backend';
import { defineWindowUploader, type WindowUploaderWiring } from './window-uploader';

export const WIRING: WindowUploaderWiring = {
  invoke: '__nomadBridgeInvoke',
  emit: '__nomadBridgeEmit',
  paths: '__nomadBridgePaths',
  commands: COMMAND_NAMES,
  events: EVENT_NAMES,
};

type RendererEvent = { [E in EventName]: { name: E; payload: Events[E] } }[EventName];

/** What main/index.ts forwards to the window; batchFinished becomes an OS notification there, not an event. */
export function toRendererEvent(event: ServiceEvent): RendererEvent | null {
  switch (event.type) {
    case 'queueUpdate':
      return { name: 'queueUpdate', payload: event.update };
    case 'accountChanged':
      return { name: 'accountChanged', payload: event.account };
    case 'settingsChanged':
      return { name: 'settingsChanged', payload: event.settings };
    case 'notice':
      return { name: 'notice', payload: { level: event.level, message: event.message, ...(event.kind ? { kind: event.kind } : {}) } };
    case 'attachmentsChanged':
      return { name: 'attachmentsChanged', payload: { assetId: event.assetId, attachments: event.attachments } };
    case 'watchesChanged':
      return { name: 'watchesChanged', payload: event.watches };
    case 'batchFinished':
      return null;
  }
}

export interface PageBridge {
  /** Events that could not be delivered to a live page; the fixture fails the test on any. */
  readonly failures: Error[];
  /** Stops forwarding events and resolves when those already sent have arrived. */
  disconnect(): Promise<void>;
}

export async function connectPage(page: Page, backend: UploaderBackend): Promise<PageBridge> {
  await page.exposeBinding(WIRING.invoke, (_source, name: unknown, payload: unknown) =>
    backend.dispatch(typeof name === 'string' ? name : '', payload),
  );
  await page.addInitScript(defineWindowUploader, WIRING);

  const failures: Error[] = [];
  let delivered: Promise<void> = Promise.resolve();
  const unsubscribe = backend.service.onEvent((serviceEvent) => {
    const event = toRendererEvent(serviceEvent);
    if (event === null) return;
    delivered = delivered
      .then(async () => {
        await page.evaluate(
          ({ emit, name, json }) => {
            // A document without the bridge (about:blank before the first load) drops the
            // event, as IPC to a window that has not loaded yet does.
            const deliver = (window as unknown as Record<string, ((n: string, p: unknown) => void) | undefined>)[emit];
            deliver?.(name, JSON.parse(json));
          },
          // As one JSON string: event payloads are plain data (engine/views.ts), and
          // Playwright's own argument serialization takes seconds for a 10,000-job update
          // where Electron's IPC takes milliseconds; a string crosses almost for free.
          { emit: WIRING.emit, name: event.name, json: JSON.stringify(event.payload) },
        );
      })
      .catch((error: unknown) => {
        if (!page.isClosed()) failures.push(error instanceof Error ? error : new Error(String(error)));
      });
  });

  return {
    failures,
    async disconnect() {
      unsubscribe();
      await delivered;
    },
  };
}
