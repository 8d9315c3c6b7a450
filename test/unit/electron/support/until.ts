// Waiting on events, never on the clock: each helper checks at once and then on every change.

import type { EventEmitter } from 'node:events';
import type { Store } from '../../../../renderer/src/store/create-store';
import type { UploaderService, ServiceEvent } from '../../../../main/app-core/uploader-service';
import type { JobView, Totals } from '../../../../main/engine/views';

/** Resolves with the store's state once `match` holds for it. */
export function storeUntil<S>(store: Store<S>, match: (state: S) => boolean): Promise<S> {
  return new Promise((resolve) => {
    if (match(store.getState())) return resolve(store.getState());
    const off = store.subscribe(() => {
      if (!match(store.getState())) return;
      off();
      resolve(store.getState());
    });
  });
}

/** Resolves once the queue holds a job matching `match` (now, or in a later update). */
export function jobUntil(service: UploaderService, match: (job: JobView) => boolean): Promise<JobView> {
  return new Promise((resolve) => {
    const now = service.hasQueue ? service.jobs.queue.snapshot().jobs.find(match) : undefined;
    if (now) return resolve(now);
    const off = service.onEvent((event: ServiceEvent) => {
      if (event.type !== 'queueUpdate') return;
      const job = event.update.changed.find(match);
      if (!job) return;
      off();
      resolve(job);
    });
  });
}

/** Resolves with the arguments of the next `name` event of `emitter`. */
export function nextEvent(emitter: EventEmitter, name: string): Promise<unknown[]> {
  return new Promise((resolve) => emitter.once(name, (...args: unknown[]) => resolve(args)));
}

/**
 * Resolves once the totals the service last *published* match (what the tray, the taskbar
 * and the renderer were given: queue updates are coalesced, the live snapshot runs ahead).
 * The app's own listener was registered first, so it has acted on them by then.
 */
export function publishedUntil(service: UploaderService, match: (totals: Totals) => boolean): Promise<Totals> {
  return new Promise((resolve) => {
    const last = service.totals;
    if (last && match(last)) return resolve(last);
    const off = service.onEvent((event) => {
      if (event.type !== 'queueUpdate' || !match(event.update.totals)) return;
      off();
      resolve(event.update.totals);
    });
  });
}

/** Resolves with the next service event of `type`. */
export function serviceEvent<T extends ServiceEvent['type']>(service: UploaderService, type: T): Promise<Extract<ServiceEvent, { type: T }>> {
  return new Promise((resolve) => {
    const off = service.onEvent((event) => {
      if (event.type !== type) return;
      off();
      resolve(event as Extract<ServiceEvent, { type: T }>);
    });
  });
}
