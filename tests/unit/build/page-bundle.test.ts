/**
 * The popup's size budget: the bundle walker counts what a page really loads (its scripts and their
 * static imports, not dynamic ones), and the popup and options sources never import zod (~60 KB; the
 * background is where messages are validated).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { pageBundle } from '../../../tools/build/page-bundle.ts';

describe('pageBundle', () => {
  it('counts the page’s scripts, their static imports once each, and its styles; not dynamic imports', () => {
    const root = mkdtempSync(join(tmpdir(), 'saq-bundle-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write('src/popup/index.html', '<script type="module" src="/assets/main.js"></script><link rel="stylesheet" href="/assets/p.css">');
    write('assets/main.js', 'import{a}from"./a.js";import"./b.js";const lazy=()=>import("./lazy.js");');
    write('assets/a.js', 'import{b}from"./b.js";export const a=1;');
    write('assets/b.js', 'export const b=2;');
    write('assets/lazy.js', 'x'.repeat(1000));
    write('assets/p.css', 'body{}');
    const bundle = pageBundle(root, 'src/popup/index.html');
    expect(bundle.scripts.sort()).toEqual(['assets/a.js', 'assets/b.js', 'assets/main.js']);
    expect(bundle.jsBytes).toBe(
      ['main.js', 'a.js', 'b.js'].reduce((sum, name) => sum + readFileSync(join(root, 'assets', name)).length, 0),
    );
    expect(bundle.cssBytes).toBe(6);
  });
});

/** Modules a page entry reaches through value imports (type-only imports vanish in the build). */
function valueImports(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
      const specifier = statement.moduleSpecifier;
      if (!specifier || !ts.isStringLiteral(specifier)) continue;
      const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
      const typeOnly = ts.isImportDeclaration(statement)
        ? clause?.isTypeOnly ||
          (clause &&
            !clause.name &&
            clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly))
        : statement.isTypeOnly;
      if (typeOnly) continue;
      const target = specifier.text;
      if (target.startsWith('.')) {
        if (/\.(ts|tsx)$/.test(target)) pending.push(resolve(dirname(file), target));
      } else
        packages.add(
          target
            .split('/')
            .slice(0, target.startsWith('@') ? 2 : 1)
            .join('/'),
        );
    }
  }
  return { files, packages };
}

describe.each(['src/popup/main.tsx', 'src/options/main.tsx'])('%s', (entry) => {
  it('does not import zod (validation happens in the background)', () => {
    const { packages } = valueImports(new URL(`../../../${entry}`, import.meta.url).pathname);
    expect([...packages]).not.toContain('zod');
    expect([...packages].sort()).toEqual(expect.arrayContaining(['preact']));
  });
});
