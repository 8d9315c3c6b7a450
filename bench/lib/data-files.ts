// Input files of the benchmark, generated once and reused: random bytes (incompressible,
// and every part's MD5 differs), written in 8 MiB blocks.

import { randomFillSync } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export function randomFile(path: string, size: number): string {
  if (existsSync(path) && statSync(path).size === size) return path;
  const block = Buffer.allocUnsafe(8 * 1024 * 1024);
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < size; ) {
      const n = Math.min(block.length, size - written);
      randomFillSync(block, 0, n);
      writeSync(fd, block, 0, n);
      written += n;
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

/** A folder of `count` random files of `size` bytes each. */
export function smallFiles(dir: string, count: number, size: number): string {
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length === count) return dir;
  for (let i = 0; i < count; i += 1) randomFile(join(dir, `f${String(i).padStart(5, '0')}.bin`), size);
  return dir;
}
