import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedSeconds, MEASURED_SECONDS } from '../../e2e/longest-first.ts';

const E2E_DIR = join(import.meta.dirname, '../../e2e');

describe('e2e file order (longest-first.ts)', () => {
  it('names only files that exist: a renamed file would otherwise lose its place silently', () => {
    const missing = Object.keys(MEASURED_SECONDS).filter((name) => !existsSync(join(E2E_DIR, name)));
    expect(missing).toEqual([]);
  });

  it('weighs a listed file by its measured seconds and an unlisted one by its size', () => {
    expect(expectedSeconds(join(E2E_DIR, 'lifecycle.e2e.ts'))).toBe(MEASURED_SECONDS['lifecycle.e2e.ts']);
    const unlisted = join(E2E_DIR, 'each-browser.ts');
    expect(expectedSeconds(unlisted)).toBeGreaterThan(0);
    expect(expectedSeconds(join(E2E_DIR, 'no-such.e2e.ts'))).toBe(0);
  });

  it('starts the two longest files first', () => {
    const files = readdirSync(E2E_DIR).filter((name) => name.endsWith('.e2e.ts'));
    const order = [...files].sort((a, b) => expectedSeconds(join(E2E_DIR, b)) - expectedSeconds(join(E2E_DIR, a)));
    expect(order.slice(0, 2).sort()).toEqual(['hostile-pages.e2e.ts', 'lifecycle.e2e.ts']);
  });
});
