// What follows the shown profile: the upload extras (folder paths, attachments of done
// assets; issue 13) and the watch folders (issue 15). There is one of each for the whole app;
// each time the window moves to another profile's connection they let go of the old one and
// attach to the new one, so a watch feeds, and attachments go to, the server that is shown.

import type { NomadApi } from '../engine/api';
import { UploadError } from '../engine/errors';
import type { Logger } from '../engine/log';
import type { QueueUpdate } from '../engine/views';
import type { Settings } from '../../preload/contract';
import type { Connection } from './connection';
import type { ServiceEvent } from './service-types';
import { UploadExtras } from './upload-extras';
import type { WatchFolders } from './watches';
import { openServiceWatches } from './watches-service';

export interface ShownFollowersDeps {
  journalDir: string | null;
  log: Logger;
  settings(): Settings;
  /** The shown profile's connection (null: none open, signed out of a server never signed in). */
  shown(): Connection | null;
  /** The shown profile's signed-in client; null while signed out. */
  signedInApi(): NomadApi | null;
  emit(event: ServiceEvent): void;
}

export class ShownFollowers {
  readonly #deps: ShownFollowersDeps;
  #extras: UploadExtras | null = null;
  #watches: WatchFolders | null = null;

  constructor(deps: ShownFollowersDeps) {
    this.#deps = deps;
  }

  /** The extras once opened; null before the start. */
  get extrasIfOpen(): UploadExtras | null {
    return this.#extras;
  }

  get extras(): UploadExtras {
    if (this.#extras === null) throw new UploadError('internal', 'The app has not started yet.');
    return this.#extras;
  }

  get watches(): WatchFolders {
    if (this.#watches === null) throw new UploadError('internal', 'The app has not started yet.');
    return this.#watches;
  }

  async openExtrasOnce(): Promise<UploadExtras> {
    this.#extras ??= await UploadExtras.open(
      this.#deps.journalDir,
      { attachmentsChanged: (assetId, attachments) => this.#deps.emit({ type: 'attachmentsChanged', assetId, attachments }), log: this.#deps.log },
      () => this.#deps.settings(),
    );
    return this.#extras;
  }

  async openWatchesOnce(): Promise<WatchFolders> {
    this.#watches ??= await openServiceWatches({
      journalDir: this.#deps.journalDir,
      log: this.#deps.log,
      api: () => this.#deps.signedInApi(),
      queue: () => this.#deps.shown()?.queue ?? null,
      extras: () => this.extras,
      changed: (watches) => this.#deps.emit({ type: 'watchesChanged', watches }),
      notice: (level, message, kind) => this.#deps.emit({ type: 'notice', level, message, kind }),
    });
    return this.#watches;
  }

  /** The window moved to `shown`: let go of the connection shown before, attach to this one. */
  async follow(shown: Connection | null): Promise<void> {
    await this.letGo();
    if (shown === null) return;
    await (await this.openExtrasOnce()).connected(shown);
    // A watch takes the unfinished uploads of its folder (restored already) as its own.
    await (await this.openWatchesOnce()).connect(shown.queue, shown.serverKey);
  }

  /** The shown connection closes (or the app stops): nothing follows it any more. */
  async letGo(): Promise<void> {
    await this.#extras?.disconnected();
    await this.#watches?.disconnect();
  }

  /** A queue update of any connection: the history records what finished, shown or not. */
  anyUpdate(update: QueueUpdate): void {
    this.#extras?.recordHistory(update);
  }

  /** A queue update of the shown connection. */
  shownUpdate(update: QueueUpdate): void {
    this.#extras?.queueUpdated(update);
  }

  /** Signed out with the queue kept: watches take no new file until the sign-in. */
  hold(): void {
    void this.#watches?.hold();
  }

  /** Signed in again: the watches carry on. */
  release(): void {
    void this.#watches?.release().catch((error: Error) => this.#deps.log.warn('watch folders not resumed', { error: error.message }));
  }

  async close(): Promise<void> {
    await this.#watches?.close();
    await this.#extras?.close();
  }
}
