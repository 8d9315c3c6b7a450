// What the UploaderService is built from and what it tells its listeners (the window, the tray,
// the OS notifications): kept apart from the service so the glue and tests can name them.

import type { Dispatcher } from 'undici';
import type { JournalStore } from '../engine/journal';
import type { Logger } from '../engine/log';
import type { QueueUpdate } from '../engine/views';
import type { AccountView, AttachmentView, NoticeKind, Settings } from '../../preload/contract';
import type { SecretStore } from './secret-store';
import type { SettingsStore } from './settings';
import type { WatchView } from './watches-config';

export interface SandboxHandle {
  url: string;
  close(): Promise<void>;
}

export interface UploaderServiceOptions {
  settings: SettingsStore;
  secrets: SecretStore;
  /** Folder of the journal; null keeps it in memory (tests). */
  journalDir: string | null;
  /** Starts the embedded local sandbox (user demo/demo). */
  startSandbox: () => Promise<SandboxHandle>;
  /** Test seam for the engine's HTTP. */
  dispatcher?: Dispatcher;
  journalFor?: (dir: string) => JournalStore;
  /** App log (redacted on the way out); silent by default. */
  log?: Logger;
}

export type ServiceEvent =
  | { type: 'queueUpdate'; update: QueueUpdate }
  | { type: 'accountChanged'; account: AccountView }
  | { type: 'settingsChanged'; settings: Settings }
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; message: string; kind?: NoticeKind }
  | { type: 'attachmentsChanged'; assetId: string; attachments: AttachmentView[] }
  /** Everything that was running has stopped: one OS notification per batch. */
  | { type: 'batchFinished'; done: number; failed: number }
  | { type: 'watchesChanged'; watches: WatchView[] };
