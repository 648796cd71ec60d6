/**
 * The colour the person sees at a point of the page, read from a screenshot of that one pixel. The page's
 * own APIs (elementFromPoint, elementsFromPoint) answer where a click would land, not what is painted: an
 * element styled `pointer-events: none` covers what is under it for the eye and not for the hit test.
 * The PNG is decoded here (8-bit RGB or RGBA, not interlaced: what both browsers' screenshots give), so the
 * tests need no image library.
 */
import { inflateSync } from 'node:zlib';
import type { Page } from 'puppeteer';

export type Rgb = [number, number, number];

export async function colourAt(page: Page, x: number, y: number): Promise<Rgb> {
  // The whole viewport, not a clip around the point: Firefox refuses a clip once the page scales its root element down.
  return pixelAt(Buffer.from(await page.screenshot({ type: 'png' })), Math.floor(x), Math.floor(y));
}

/** One pixel of a PNG. */
export function pixelAt(png: Buffer, x: number, y: number): Rgb {
  let offset = 8; // the signature
  let width = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      const [depth, colourType, , , interlace] = body.subarray(8, 13);
      channels = colourType === 6 ? 4 : colourType === 2 ? 3 : 0;
      if (depth !== 8 || channels === 0 || interlace !== 0)
        throw new Error(`unsupported PNG (depth ${depth}, colour type ${colourType}, interlace ${interlace})`);
    } else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  let above = Buffer.alloc(stride);
  // Each row is predicted from the one above, so rows are unfiltered from the top down to y.
  for (let row = 0; row <= y; row++) {
    const filter = raw[row * (stride + 1)]!;
    const line = Buffer.from(raw.subarray(row * (stride + 1) + 1, (row + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? line[i - channels]! : 0;
      const up = above[i]!;
      const upLeft = i >= channels ? above[i - channels]! : 0;
      line[i] = (line[i]! + predict(filter, left, up, upLeft)) & 0xff;
    }
    above = line;
  }
  const at = x * channels;
  return [above[at]!, above[at + 1]!, above[at + 2]!];
}

/** PNG's five filters (None, Sub, Up, Average, Paeth). */
function predict(filter: number, left: number, up: number, upLeft: number): number {
  if (filter === 1) return left;
  if (filter === 2) return up;
  if (filter === 3) return (left + up) >> 1;
  if (filter === 4) {
    const p = left + up - upLeft;
    const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
    return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
  }
  return 0;
}

/** The warning's background (src/content/warning/styles.ts: #a34a00, #b71c1c, #7f0000): a strong red or orange. */
export const isWarningColour = ([r, g, b]: Rgb): boolean => r >= 100 && r - g >= 80 && r - b >= 90;
