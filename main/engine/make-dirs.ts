// `mkdir -p` that always ends. Node's `mkdir(dir, { recursive: true })` never settles for a
// path under a pseudo file system such as /proc: mkdir answers ENOENT although the parent
// exists, and libuv's recursive walk retries the parent forever (measured on Node 20: the
// promise for /proc/x/journal is still pending after 10 s, with the CPU at 100 %). The CLI
// then hung on `--journal /proc/x` instead of saying the folder cannot be made. Here each
// missing level is made once, from the nearest ancestor that exists: every error surfaces.

import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

const errnoCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/** Makes `dir` and any missing parents; resolves when it exists as a folder, rejects with the first error otherwise. */
export async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let current = resolve(dir); ; ) {
    const found = await stat(current).catch((error: unknown) => {
      if (errnoCode(error) === 'ENOENT') return null;
      throw error;
    });
    if (found !== null) {
      if (!found.isDirectory()) {
        throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}' (${current} is a file)`), { code: 'ENOTDIR', path: current });
      }
      break;
    }
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing.reverse()) {
    // EEXIST: another writer made it between our stat and this call; it is checked next.
    await mkdir(level).catch(async (error: unknown) => {
      if (errnoCode(error) !== 'EEXIST') throw error;
      if (!(await stat(level)).isDirectory()) throw error;
    });
  }
}
