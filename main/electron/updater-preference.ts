// A small file written whole or not at all (temp + rename): the updater's one preference.

import { renameSync, writeFileSync } from 'node:fs';

export function writeFileAtomically(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch {
    // A preference that cannot be saved is asked for again after the next start; nothing else depends on it.
  }
}
