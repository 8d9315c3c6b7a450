// Draws the app and tray icons (no image tools needed): a rounded square with an upward
// arrow; the tray's "active" variant adds a progress dot. PNGs for the app, Linux and the
// installers, black-and-alpha templates for the macOS menu bar, .ico files for the Windows
// notification area. Run: node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(buf) {
  let c;
  const table = [];
  for (let n = 0; n < 256; n++) {
    c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  let crc = 0xffffffff;
  for (const b of buf) crc = table[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel((x + 0.5) / size, (y + 0.5) / size);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r; raw[o + 1] = g; raw[o + 2] = b; raw[o + 3] = a;
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const clamp = (v) => Math.max(0, Math.min(1, v));
// Signed distances (negative inside), in unit coordinates.
const roundRect = (x, y, half, r) => {
  const qx = Math.abs(x - 0.5) - half + r, qy = Math.abs(y - 0.5) - half + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const arrow = (x, y) => {
  // shaft
  const shaft = Math.max(Math.abs(x - 0.5) - 0.07, Math.abs(y - 0.6) - 0.17);
  // head: triangle pointing up, apex at y=0.22, base at y=0.5
  const head = Math.max(y - 0.5, Math.abs(x - 0.5) * 1.15 - (y - 0.22));
  // tray line
  return Math.min(shaft, head);
};

function icon(size, opts) {
  return png(size, colour(size, opts));
}

/** RGBA bytes, top row first. */
function pixels(size, opts) {
  const at = colour(size, opts);
  const out = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) out.set(at((x + 0.5) / size, (y + 0.5) / size), (y * size + x) * 4);
  return out;
}

function colour(size, { background, foreground, dot }) {
  const aa = 1.2 / size;
  return (x, y) => {
    const bg = clamp(0.5 - roundRect(x, y, 0.46, 0.2) / aa);
    const fg = clamp(0.5 - arrow(x, y) / aa);
    const d = dot ? clamp(0.5 - (Math.hypot(x - 0.8, y - 0.8) - 0.17) / aa) : 0;
    let [r, g, b] = background;
    r = r * (1 - fg) + foreground[0] * fg; g = g * (1 - fg) + foreground[1] * fg; b = b * (1 - fg) + foreground[2] * fg;
    if (d > 0) { r = r * (1 - d) + 52 * d; g = g * (1 - d) + 211 * d; b = b * (1 - d) + 153 * d; }
    const a = Math.max(bg, d);
    return [Math.round(r), Math.round(g), Math.round(b), Math.round(a * 255)];
  };
}

const brand = { background: [37, 99, 235], foreground: [255, 255, 255] };
writeFileSync('resources/icon.png', icon(512, brand));
for (const [name, opts] of [['tray', brand], ['tray-active', { ...brand, dot: true }]]) {
  writeFileSync(`resources/${name}.png`, icon(16, opts));
  writeFileSync(`resources/${name}@2x.png`, icon(32, opts));
}
// macOS menu bar: template images, black with alpha only (the menu bar tints them for light
// and dark mode and the highlighted state); the file name ending in "Template" marks them.
const glyph = (dot) => (x, y) => {
  const aa = 0.9 / 16;
  // The arrow alone, larger than on the coloured icon: no rounded square around it.
  const a = clamp(0.5 - arrow(0.5 + (x - 0.5) * 0.78, 0.5 + (y - 0.5) * 0.78) / aa);
  const d = dot ? clamp(0.5 - (Math.hypot(x - 0.82, y - 0.82) - 0.15) / aa) : 0;
  return Math.max(a, d);
};
for (const [name, dot] of [['trayTemplate', false], ['tray-activeTemplate', true]]) {
  const shape = glyph(dot);
  writeFileSync(`resources/${name}.png`, png(16, (x, y) => [0, 0, 0, Math.round(shape(x, y) * 255)]));
  writeFileSync(`resources/${name}@2x.png`, png(32, (x, y) => [0, 0, 0, Math.round(shape(x, y) * 255)]));
}

// Windows notification area: an .ico with the sizes it asks for at 100/150/200/300 % scale,
// each a 32-bit BGRA bitmap (the format every Windows icon loader reads).
function ico(sizes, opts) {
  const images = sizes.map((size) => {
    const rgba = pixels(size, opts);
    const header = Buffer.alloc(40);
    header.writeUInt32LE(40, 0); header.writeInt32LE(size, 4); header.writeInt32LE(size * 2, 8);
    header.writeUInt16LE(1, 12); header.writeUInt16LE(32, 14);
    const xor = Buffer.alloc(size * size * 4);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const from = ((size - 1 - y) * size + x) * 4; // bottom-up rows
        const to = (y * size + x) * 4;
        xor[to] = rgba[from + 2]; xor[to + 1] = rgba[from + 1]; xor[to + 2] = rgba[from]; xor[to + 3] = rgba[from + 3];
      }
    }
    const and = Buffer.alloc(Math.ceil(size / 32) * 4 * size); // transparency comes from alpha
    return Buffer.concat([header, xor, and]);
  });
  const dir = Buffer.alloc(6 + 16 * sizes.length);
  dir.writeUInt16LE(0, 0); dir.writeUInt16LE(1, 2); dir.writeUInt16LE(sizes.length, 4);
  let offset = dir.length;
  sizes.forEach((size, i) => {
    const e = 6 + i * 16;
    dir[e] = size; dir[e + 1] = size; dir.writeUInt16LE(1, e + 4); dir.writeUInt16LE(32, e + 6);
    dir.writeUInt32LE(images[i].length, e + 8); dir.writeUInt32LE(offset, e + 12);
    offset += images[i].length;
  });
  return Buffer.concat([dir, ...images]);
}
writeFileSync('resources/tray.ico', ico([16, 24, 32, 48], brand));
writeFileSync('resources/tray-active.ico', ico([16, 24, 32, 48], { ...brand, dot: true }));

// Installer icons: Linux takes a folder of NxN.png (one per size the desktop asks for);
// macOS wants 1024 px for Retina; Windows' .ico is built from 256 px.
mkdirSync('resources/icons', { recursive: true });
for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
  writeFileSync(`resources/icons/${size}x${size}.png`, icon(size, brand));
}
console.log('icons written to resources/ (app, tray: PNG, macOS templates, Windows .ico) and resources/icons/');
