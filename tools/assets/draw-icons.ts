/**
 * Draws Saq's toolbar icons (a shield with an eye: "vigilant") into public/icons/ as PNG, so the
 * artwork is reproducible from code and needs no image tools. Run: npx tsx tools/assets/draw-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(pixel((x + 0.5) / size, (y + 0.5) / size), 1 + x * 4);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Shield: straight sides to 55 % height, then a curve to the bottom point. */
function inShield(x: number, y: number): boolean {
  if (y < 0.08 || y > 0.95) return false;
  const half = y < 0.55 ? 0.4 : 0.4 * Math.sqrt(Math.max(0, 1 - ((y - 0.55) / 0.4) ** 2));
  return Math.abs(x - 0.5) <= half;
}

function shieldPixel(x: number, y: number): [number, number, number, number] {
  if (!inShield(x, y)) return [0, 0, 0, 0];
  const eyeY = 0.46;
  const dy = (y - eyeY) / 0.16;
  const dx = (x - 0.5) / 0.3;
  const lens = Math.abs(dy) <= 1 - dx * dx && Math.abs(dx) <= 1;
  const pupil = (x - 0.5) ** 2 + (y - eyeY) ** 2 < 0.09 ** 2;
  if (pupil) return [0, 61, 92, 255];
  if (lens) return [255, 255, 255, 255];
  return [0, 122, 153, 255]; // the teal-blue of Kazakhstan's flag, darkened for contrast
}

for (const size of [16, 32, 48, 128]) {
  writeFileSync(new URL(`../../public/icons/saq-${size}.png`, import.meta.url), png(size, shieldPixel));
}
console.log('icons written to public/icons/');
