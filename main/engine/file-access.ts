// The engine's seam to the local file system (tus-js-client's "file source"): walking dropped
// paths, fingerprinting a file, and reading its bytes. The app and the CLI use the real disk;
// tests on a fake clock use files in memory, so no real I/O races the fake timers.

import { fingerprintFile, LocalFileSource, type ByteSource, type FileFingerprint } from './source';
import { walkPaths, type WalkOptions, type WalkResult } from './walk';

export interface FileAccess {
  walk(paths: readonly string[], options?: WalkOptions): Promise<WalkResult>;
  fingerprint(path: string): Promise<FileFingerprint>;
  source(path: string): ByteSource;
}

export const localFiles: FileAccess = {
  walk: walkPaths,
  fingerprint: fingerprintFile,
  source: (path) => new LocalFileSource(path),
};

/** Fills what a partial seam leaves out with the real disk (called through the object: a class instance works too). */
export function withLocalFiles(files: Partial<FileAccess> | undefined): FileAccess {
  if (!files) return localFiles;
  return {
    walk: (paths, options) => (files.walk ? files.walk(paths, options) : localFiles.walk(paths, options)),
    fingerprint: (path) => (files.fingerprint ? files.fingerprint(path) : localFiles.fingerprint(path)),
    source: (path) => (files.source ? files.source(path) : localFiles.source(path)),
  };
}
