/**
 * The manifests Saq ships: exactly the permissions docs/permissions.md justifies, no web-accessible
 * resources in release builds, browser differences only where targets.ts puts them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestFor, TARGETS } from '../../../tools/build/targets.ts';

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
