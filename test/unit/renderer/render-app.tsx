// Renders the whole renderer App against a FakeUploader, with just enough fake layout for
// the virtualizer (happy-dom does no layout, so every element would measure 0 × 0).

import { render, screen, waitFor, type RenderResult } from '@testing-library/react';
import { expect } from 'vitest';
import { App } from '../../../renderer/src/app';
import { createAppStores, type AppStores } from '../../../renderer/src/store/app-stores';
import type { FakeUploader } from './fake-uploader';

export const VIEWPORT_HEIGHT = 600;

let restoreLayout: (() => void) | null = null;

/** The queue's scroll container reports a 1000 × 600 viewport; everything else stays 0. */
export function stubQueueLayout(): void {
  if (restoreLayout !== null) return;
  const proto = HTMLElement.prototype;
  const originals = {
    clientHeight: Object.getOwnPropertyDescriptor(proto, 'clientHeight'),
    clientWidth: Object.getOwnPropertyDescriptor(proto, 'clientWidth'),
  };
  const size = (dimension: number, original: PropertyDescriptor | undefined) => ({
    configurable: true,
    get(this: HTMLElement) {
      if (this.classList.contains('queue-scroll')) return dimension;
      return (original?.get?.call(this) as number | undefined) ?? 0;
    },
  });
  Object.defineProperty(proto, 'clientHeight', size(VIEWPORT_HEIGHT, originals.clientHeight));
  Object.defineProperty(proto, 'clientWidth', size(1000, originals.clientWidth));
  restoreLayout = () => {
    for (const [key, descriptor] of Object.entries(originals)) {
      if (descriptor !== undefined) Object.defineProperty(proto, key, descriptor);
    }
    restoreLayout = null;
  };
}

export function restoreQueueLayout(): void {
  restoreLayout?.();
}

export interface RenderedApp extends RenderResult {
  stores: AppStores;
}

/** Renders the app and waits until the first snapshot, account and settings are in. */
export async function renderApp(fake: FakeUploader): Promise<RenderedApp> {
  stubQueueLayout();
  const stores = createAppStores();
  const result = render(<App api={fake.api} stores={stores} />);
  await screen.findByRole('heading', { name: 'Nomad Uploader' });
  await waitForLoad(stores);
  return { ...result, stores };
}

async function waitForLoad(stores: AppStores): Promise<void> {
  await waitFor(() => {
    expect(stores.queue.getState().status.kind).not.toBe('loading');
    expect(stores.session.getState().account).not.toBeNull();
    expect(stores.session.getState().settings).not.toBeNull();
  });
}
