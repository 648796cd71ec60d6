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
  [/(?:^|[^.\w$]|\b(?:window|globalThis|self)\.)eval\s*\(/, 'eval'], // the global (also as window.eval), not a method named eval
  [/[(,]\s*eval\s*\)/, 'indirect eval'],
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

/**
 * The popup, the options page and the in-page warning load nothing from the network: no remote
 * stylesheets, fonts or images, and no request API except reading the extension's own packaged files
 * (the locale messages, via runtime.getURL). Links the person clicks are not loads.
 */
it('extension pages and the in-page warning load nothing from the network', () => {
  const UI_DIRS = ['popup', 'options', 'ui', 'content/warning'].map((dir) => join(SRC, dir));
  const offences: string[] = [];
  const files = UI_DIRS.flatMap((dir) =>
    readdirSync(dir, { recursive: true })
      .map((name) => join(dir, String(name)))
      .filter((path) => /\.(ts|tsx|css|html)$/.test(path)),
  );
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const where = file.replace(SRC, 'src/');
    for (const match of text.matchAll(/\bfetch\s*\(([^)]*)/g))
      if (!/^\s*browser\.runtime\.getURL\(/.test(match[1]!)) offences.push(`${where}: fetch of something other than a packaged file`);
    for (const api of ['XMLHttpRequest', 'WebSocket', 'sendBeacon', 'EventSource', 'new Image', 'importScripts'])
      if (text.includes(api)) offences.push(`${where}: ${api}`);
    if (/url\(\s*['"]?(https?:)?\/\//i.test(text)) offences.push(`${where}: a remote url() in CSS`);
    if (/@import\s+(url\()?['"]?(https?:)?\/\//i.test(text)) offences.push(`${where}: a remote @import`);
    if (/<(script|link|img|iframe)[^>]+(src|href)=["'](https?:)?\/\//i.test(text)) offences.push(`${where}: a remote resource in HTML`);
  }
  expect(files.length).toBeGreaterThan(10);
  expect(offences).toEqual([]);
});
