/**
 * Saq renders no raw HTML and evaluates no strings: the build strips Preact's raw-HTML branch and
 * zod's eval probe on that promise (tools/build/harden-bundles.ts), so our own sources must keep it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const SRC = new URL('../../../src/', import.meta.url).pathname;
const FORBIDDEN: Array<[RegExp, string]> = [
  [/dangerouslySetInnerHTML/, 'dangerouslySetInnerHTML'],
  [/\.(inner|outer)HTML\s*=/, 'innerHTML/outerHTML assignment'],
  [/insertAdjacentHTML\s*\(/, 'insertAdjacentHTML'],
  [/\beval\s*\(/, 'eval'],
  [/\bnew Function\s*\(/, 'new Function'],
  [/document\.write\s*\(/, 'document.write'],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

it('no source file writes raw HTML or evaluates strings', () => {
  const offences: string[] = [];
  for (const file of sourceFiles(SRC)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (/^\s*(\/\/|\*)/.test(line)) return; // comments may name what they avoid
        for (const [pattern, what] of FORBIDDEN)
          if (pattern.test(line)) offences.push(`${file.replace(SRC, 'src/')}:${index + 1}: ${what}`);
      });
  }
  expect(offences).toEqual([]);
});
