import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/** Modules per side (a version-3 QR code's size) and pixels per module. */
const MODULES = 29;
const SCALE = 6;
const QUIET = 4;

/**
 * A valid PNG that looks like a QR code for `text`: the three finder patterns of a real one
 * and data modules derived from a hash of the text. It is NOT scannable (there is no QR
 * encoder among the project's dependencies); the sandbox's two-factor setup also gives the
 * manual code, and accepts one fixed code, so nothing needs to read the image. What a client
 * must handle, a base64 PNG in `twoFactorQRCodeImage`, is real.
 */
export function qrLikePng(text: string): Buffer {
  const bits = createHash('sha256').update(text).digest();
  const dark = (x: number, y: number): boolean => {
    for (const [fx, fy] of [[0, 0], [MODULES - 7, 0], [0, MODULES - 7]] as const) {
      const dx = x - fx;
      const dy = y - fy;
      if (dx >= -1 && dx <= 7 && dy >= -1 && dy <= 7) {
        if (dx < 0 || dy < 0 || dx > 6 || dy > 6) return false; // separator
        const ring = Math.max(Math.abs(dx - 3), Math.abs(dy - 3));
        return ring !== 2;
      }
    }
    const index = (y * MODULES + x) % (bits.length * 8);
    return ((bits[index >> 3] ?? 0) >> (index & 7)) % 2 === 1;
  };
  const side = (MODULES + 2 * QUIET) * SCALE;
  const rows: Buffer[] = [];
  for (let py = 0; py < side; py++) {
    const row = Buffer.alloc(1 + side, 0xff); // filter byte 0, then white
    row[0] = 0;
    const my = Math.floor(py / SCALE) - QUIET;
    for (let px = 0; px < side; px++) {
      const mx = Math.floor(px / SCALE) - QUIET;
      if (mx >= 0 && my >= 0 && mx < MODULES && my < MODULES && dark(mx, my)) row[1 + px] = 0;
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG chunks need it (ISO 3309). */
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
