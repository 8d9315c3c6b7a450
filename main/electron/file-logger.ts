// The app's log file: userData/logs/main.log, info and above, rotated once at 5 MB so it
// never grows without bound. Lines are redacted by the engine's logger before they get here.

import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, type Logger } from '../engine/log';

const MAX_BYTES = 5 * 1000 * 1000;

export function createFileLogger(dir: string): Logger {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'main.log');
  return createLogger((line) => {
    try {
      if ((statSync(path, { throwIfNoEntry: false })?.size ?? 0) > MAX_BYTES) renameSync(path, `${path}.1`);
      appendFileSync(path, `${line}\n`);
    } catch {
      // A log that cannot be written must never stop an upload.
    }
  }, process.env.NOMAD_UPLOADER_LOG === 'debug' ? 'debug' : 'info');
}
