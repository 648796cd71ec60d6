// Coin pictures drawn as SVG from the product data, so the replica needs no image files and
// screenshots still show gold and silver coins.
import type { Product } from '../config.ts';
import { esc } from './html.ts';

const PALETTE = {
  gold: { light: '#f7e08a', mid: '#d4a72c', dark: '#8a6512' },
  silver: { light: '#f4f6f8', mid: '#b9c0c8', dark: '#6b737c' },
} as const;

export function coinSvg(product: Product): string {
  const c = PALETTE[product.metal];
  const label = esc(product.name.kz.toUpperCase());
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="200" height="200">
<defs><radialGradient id="g" cx="38%" cy="32%" r="75%"><stop offset="0" stop-color="${c.light}"/><stop offset=".6" stop-color="${c.mid}"/><stop offset="1" stop-color="${c.dark}"/></radialGradient></defs>
<circle cx="100" cy="100" r="94" fill="url(#g)" stroke="${c.dark}" stroke-width="4"/>
<circle cx="100" cy="100" r="78" fill="none" stroke="${c.dark}" stroke-width="1.5" stroke-dasharray="2 4"/>
<text x="100" y="92" text-anchor="middle" font-family="Georgia,serif" font-size="34" fill="${c.dark}">ҚҰБ</text>
<text x="100" y="120" text-anchor="middle" font-family="Georgia,serif" font-size="13" fill="${c.dark}">${label}</text>
<text x="100" y="146" text-anchor="middle" font-family="Georgia,serif" font-size="12" fill="${c.dark}">${esc(product.spec.split('·')[2]?.trim() ?? '')}</text>
</svg>`;
}
