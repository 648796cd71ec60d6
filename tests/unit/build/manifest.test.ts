/**
 * The manifests Saq ships: exactly the permissions docs/permissions.md justifies, no web-accessible
 * resources in release builds, browser differences only where targets.ts puts them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INJECTED_SCRIPTS } from '../../../src/content/injected-scripts.ts';
import { checkArtifact } from '../../../tools/build/check-artifact.ts';
import { COMPILE_HINT, isContentScriptFile, STRICT_DIRECTIVE } from '../../../tools/build/compile-hints.ts';
import { manifestFor, TARGETS, type Target } from '../../../tools/build/targets.ts';
import { buildRelease } from './release-build.ts';

const permissionsDoc = readFileSync(new URL('../../../docs/permissions.md', import.meta.url), 'utf8');

/** Permission names from the first column of the doc's table, e.g. | `storage` | … */
function documentedPermissions(): Set<string> {
  const names = new Set<string>();
  for (const line of permissionsDoc.split('\n')) {
    const cell = /^\|\s*`([^`]+)`/.exec(line);
    if (cell) names.add(cell[1]!.replace(/^host_permissions: /, ''));
  }
  return names;
}

describe.each(TARGETS)('%s manifest', (target) => {
  const release = manifestFor(target);

  it('requests only documented permissions, and every documented one is used', () => {
    const requested = [
      ...release.permissions,
      ...release.host_permissions,
      ...((release as { optional_permissions?: string[] }).optional_permissions ?? []),
    ];
    const documented = documentedPermissions();
    for (const permission of requested)
      expect(documented, `${permission} is requested but not justified in docs/permissions.md`).toContain(permission);
    for (const permission of documented)
      expect(requested, `docs/permissions.md justifies ${permission}, which is not requested`).toContain(permission);
  });

  it('exposes no web-accessible resources in a release build', () => {
    expect(release.web_accessible_resources).toBeUndefined();
  });

  it('exposes only extension pages, and only in the test build', () => {
    const test = manifestFor(target, { exposePopupForTests: true });
    const resources = (test.web_accessible_resources as Array<{ resources: string[] }>).flatMap((entry) => entry.resources);
    expect(resources.every((path) => path.endsWith('.html'))).toBe(true);
  });

  it('runs the MAIN-world sensor at document_start in every frame, before the isolated one', () => {
    const [main, isolated] = release.content_scripts;
    expect(main).toMatchObject({ world: 'MAIN', run_at: 'document_start', all_frames: true });
    expect(isolated).toMatchObject({ run_at: 'document_start', all_frames: true });
    expect((isolated as { world?: string }).world).toBeUndefined();
    // Neither world runs in about:blank or about:srcdoc documents: the parent's Saq hooks those realms.
    expect(main).not.toHaveProperty('match_about_blank');
    expect(isolated).not.toHaveProperty('match_about_blank');
  });

  it("runs only the frame handover in the shop's about:blank, about:srcdoc and blob: frames, last, in the MAIN world", () => {
    const handover = release.content_scripts.at(-1);
    expect(handover).toMatchObject({
      js: ['src/content/frame-handover.iife.ts'],
      world: 'MAIN',
      run_at: 'document_start',
      all_frames: true,
      match_about_blank: true,
      // Its blob: documents too: a frame's next document there is a new realm of the shop's origin.
      match_origin_as_fallback: true,
    });
    expect(release.content_scripts).toHaveLength(3);
  });

  it('forbids remote code on extension pages', () => {
    expect(release.content_security_policy.extension_pages).toMatch(/script-src 'self';/);
  });
});

it('Firefox gets an event page, a gecko id and a no-data-collection declaration; Chrome a service worker', () => {
  const chrome = manifestFor('chrome');
  const firefox = manifestFor('firefox') as Record<string, unknown> & { background: Record<string, unknown> };
  expect(chrome.background).toHaveProperty('service_worker');
  expect(firefox.background).toHaveProperty('scripts');
  expect(firefox.background).not.toHaveProperty('service_worker');
  expect(firefox.browser_specific_settings).toMatchObject({
    gecko: { id: expect.any(String), data_collection_permissions: { required: ['none'] } },
  });
});

/**
 * CSP directives of extension pages, parsed. "No remote code" means: scripts only from the package
 * ('self'; 'wasm-unsafe-eval' would be tolerable, nothing else), no eval, no inline script, no plugins.
 */
function checkNoRemoteCodeCsp(csp: string): void {
  const directives = new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
  const scriptSrc = directives.get('script-src') ?? directives.get('default-src');
  expect(scriptSrc, `CSP "${csp}" has no script-src`).toBeDefined();
  for (const source of scriptSrc!) expect(["'self'", "'wasm-unsafe-eval'"], `script-src allows ${source}`).toContain(source);
  expect(directives.get('object-src')).toEqual(["'none'"]);
  for (const values of directives.values()) {
    for (const v of values)
      expect(v, `CSP "${csp}" allows ${v}`).not.toMatch(/^(\*|https?:|http:|'unsafe-eval'|'unsafe-inline'|data:|blob:)/);
  }
}

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, ext) : name.endsWith(ext) ? [path] : [];
  });
}

/** What actually ships: CRXJS rewrites the manifest, so the release build itself is checked here. */
describe('built release manifests (both browsers, built into a temporary directory)', () => {
  let dirs: Record<Target, string>;
  const built = (target: Target): Record<string, unknown> & { permissions?: string[]; host_permissions?: string[] } =>
    JSON.parse(readFileSync(join(dirs[target], 'manifest.json'), 'utf8'));

  let dispose = (): void => {};
  beforeAll(async () => {
    ({ dirs, dispose } = await buildRelease());
  }, 240_000);
  afterAll(() => dispose());

  it.each(TARGETS)('%s: requests exactly the permissions docs/permissions.md justifies', (target) => {
    const m = built(target);
    const requested = [...(m.permissions ?? []), ...(m.host_permissions ?? []), ...((m.optional_permissions as string[]) ?? [])];
    expect(new Set(requested)).toEqual(documentedPermissions());
    expect(requested.length, 'a permission is requested twice').toBe(new Set(requested).size);
    expect(m.optional_host_permissions).toBeUndefined();
  });

  it.each(TARGETS)('%s: extension pages carry a CSP that forbids remote code, and load only packaged scripts', (target) => {
    const m = built(target) as { content_security_policy?: { extension_pages?: string } };
    checkNoRemoteCodeCsp(m.content_security_policy?.extension_pages ?? '');
    for (const page of filesUnder(dirs[target], '.html')) {
      const html = readFileSync(page, 'utf8');
      for (const [, src] of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) expect(src, `${page} loads ${src}`).toMatch(/^\/(?!\/)/);
      expect(html, `${page} has an inline script`).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>\s*\S/);
    }
  });

  it.each(TARGETS)('%s: no web-accessible resources, no externally_connectable, and the artifact checks pass', (target) => {
    const m = built(target);
    expect(m.web_accessible_resources).toBeUndefined();
    expect(m.externally_connectable).toBeUndefined();
    expect(checkArtifact(dirs[target], { allowWebAccessible: false })).toEqual([]);
  });

  it.each(TARGETS)(
    '%s: every content script, declared or injected, starts with the compile hint, once, then the strict directive',
    (target) => {
      const m = built(target) as { content_scripts?: Array<{ js?: string[] }> };
      const files = [...(m.content_scripts ?? []).flatMap((script) => script.js ?? []), ...INJECTED_SCRIPTS.map((script) => script.file)];
      expect(files.length).toBeGreaterThanOrEqual(3);
      for (const file of files) {
        const code = readFileSync(join(dirs[target], file), 'utf8');
        expect(code.startsWith(COMPILE_HINT), file).toBe(true);
        expect(code.split(COMPILE_HINT.trim()).length - 1, file).toBe(1);
        // Strict, as the modules were written: a sloppy hook gives a receiver-less call the wrong window.
        expect(code.startsWith(STRICT_DIRECTIVE, COMPILE_HINT.length), file).toBe(true);
      }
      // Only content scripts: extension pages and the background keep the engine's lazy compilation.
      for (const page of filesUnder(dirs[target], '.js').filter((path) => !isContentScriptFile(path)))
        expect(readFileSync(page, 'utf8').includes(COMPILE_HINT.trim()), page).toBe(false);
    },
  );

  it('the test-only CSP check really refuses remote code (it would catch a regression)', () => {
    for (const bad of [
      "script-src 'self' https://cdn.example; object-src 'none'",
      "script-src 'self' 'unsafe-eval'; object-src 'none'",
      "script-src 'self'",
      "default-src *; object-src 'none'",
    ]) {
      expect(() => checkNoRemoteCodeCsp(bad)).toThrow();
    }
  });
});
