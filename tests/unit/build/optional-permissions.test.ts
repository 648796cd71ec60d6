/**
 * The extension inventory's `management` permission is optional in every release manifest; only the
 * Chromium *test* build grants it at install (a headless browser cannot answer the prompt).
 */
import { describe, expect, it } from 'vitest';
import { manifestFor, TARGETS } from '../../../tools/build/targets.ts';

type WithOptional = { permissions: string[]; optional_permissions?: string[] };

describe.each(TARGETS)('%s', (target) => {
  it('asks for management only as an optional permission in a release build', () => {
    const release = manifestFor(target) as unknown as WithOptional;
    expect(release.optional_permissions).toEqual(['management']);
    expect(release.permissions).not.toContain('management');
  });
});

it('grants management at install only in the Chromium test build', () => {
  const chrome = manifestFor('chrome', { exposePopupForTests: true, grantOptionalPermissionsForTests: true }) as unknown as WithOptional;
  const firefox = manifestFor('firefox', { exposePopupForTests: true, grantOptionalPermissionsForTests: true }) as unknown as WithOptional;
  expect(chrome.permissions).toContain('management');
  expect(chrome.optional_permissions).toBeUndefined();
  expect(firefox.permissions).not.toContain('management');
  expect(firefox.optional_permissions).toEqual(['management']);
});
