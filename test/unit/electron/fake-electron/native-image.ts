// nativeImage as Electron loads files: PNG and JPEG everywhere, ICO only on Windows; a path
// that does not exist or cannot be decoded gives an *empty* image (no error). On macOS a
// file whose name ends in "Template" is a template image by itself; setTemplateImage()
// marks any image.

import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { environment } from './environment';

export class FakeNativeImage {
  readonly path: string | null;
  #size: { width: number; height: number };
  #template: boolean;

  constructor(path: string | null, size: { width: number; height: number }, template: boolean) {
    this.path = path;
    this.#size = size;
    this.#template = template;
  }

  isEmpty(): boolean {
    return this.#size.width === 0 || this.#size.height === 0;
  }

  getSize(): { width: number; height: number } {
    return { ...this.#size };
  }

  setTemplateImage(option: boolean): void {
    this.#template = option;
  }

  isTemplateImage(): boolean {
    return this.#template;
  }
}

function empty(path: string | null = null): FakeNativeImage {
  return new FakeNativeImage(path, { width: 0, height: 0 }, false);
}

function decodeSize(path: string): { width: number; height: number } | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return null;
  }
  const ext = extname(path).toLowerCase();
  const isPng = bytes.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  if (ext === '.png' && isPng) return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  if (ext === '.ico' && environment.platform === 'win32' && bytes.readUInt16LE(0) === 0 && bytes.readUInt16LE(2) === 1) {
    // ICONDIR then ICONDIRENTRYs; 0 stands for 256. Electron picks the size it needs; report the largest.
    const count = bytes.readUInt16LE(4);
    let largest = 0;
    for (let i = 0; i < count; i++) largest = Math.max(largest, bytes[6 + i * 16] || 256);
    return count > 0 ? { width: largest, height: largest } : null;
  }
  return null;
}

export const nativeImage = {
  createFromPath(path: string): FakeNativeImage {
    const size = decodeSize(path);
    // Electron returns an empty image; the path is kept only so a test can say which file it was.
    if (!size) return empty(path);
    const stem = basename(path, extname(path)).replace(/@\dx$/, '');
    return new FakeNativeImage(path, size, environment.platform === 'darwin' && stem.endsWith('Template'));
  },
  createEmpty(): FakeNativeImage {
    return empty();
  },
};
