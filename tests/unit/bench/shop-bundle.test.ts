/** The page-cost bench's shop-sized bundle (bench/lib/pages.ts): big enough to matter, the page's script last. */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { shopBundle } from '../../../bench/lib/pages.ts';

describe('shopBundle', () => {
  it('wraps the page script in about 800 KB of module code that parses, and runs the page script from its top level', () => {
    const bundle = shopBundle('window.__ran = true;');
    expect(bundle.length).toBeGreaterThan(700_000);
    expect(bundle.length).toBeLessThan(900_000);
    expect(bundle.trimEnd().endsWith('window.__ran = true;')).toBe(true);
    const scope: { __ran?: boolean } = {};
    runInNewContext(bundle, { window: scope });
    expect(scope.__ran).toBe(true);
  });
});
