import { describe, expect, it } from 'vitest';
import baseline from '../../../rules/baseline.json' with { type: 'json' };
import { createEngine } from '../../../src/background/engine.ts';
import {
  canReachShop,
  inventoryFindings,
  patternCoversHost,
  type InstalledExtension,
} from '../../../src/background/extension-inventory.ts';
import { compileRuleSet } from '../../../src/shared/rules/compile.ts';

const SHOP = 'kazcoins.nationalbank.kz';

const extension = (overrides: Partial<InstalledExtension>): InstalledExtension => ({
  id: 'abcdefghijklmnopabcdefghijklmnop',
  name: 'Some extension',
  type: 'extension',
  enabled: true,
  installType: 'normal',
  hostPermissions: [],
  ...overrides,
});

describe('which extensions reach the shop', () => {
  it('reads match patterns: all URLs, wildcard hosts and suffixes, the shop itself, any path', () => {
    for (const pattern of [
      '<all_urls>',
      '*://*/*',
      'https://*/*',
      '*://*.kz/*',
      'https://*.nationalbank.kz/*',
      `https://${SHOP}/*`,
      `*://${SHOP}/ru/*`,
      `wss://${SHOP}/*`,
    ])
      expect(patternCoversHost(pattern, SHOP), pattern).toBe(true);
    for (const pattern of [
      'http://*/*',
      'https://nationalbank.kz.evil.example/*',
      'https://*.example.org/*',
      'file:///*',
      `https://${SHOP}.example/*`,
      'not a pattern',
    ])
      expect(patternCoversHost(pattern, SHOP), pattern).toBe(false);
  });

  it('asks every pattern of the extension against every shop host', () => {
    expect(canReachShop(extension({ hostPermissions: ['https://recipes.example.org/*', '*://*.kz/*'] }), [SHOP])).toBe(true);
    expect(canReachShop(extension({ hostPermissions: ['https://recipes.example.org/*'] }), [SHOP])).toBe(false);
    expect(canReachShop(extension({ hostPermissions: undefined }), [SHOP])).toBe(false);
  });
});

describe('inventory findings', () => {
  const engine = createEngine(compileRuleSet(baseline), 'test', Date.now);
  const judge = (list: InstalledExtension[]) =>
    inventoryFindings(list, 'saq-self', [SHOP], 1).map((finding) => ({
      id: finding.evidence.id,
      rules: engine.evaluate(finding, `https://${SHOP}/`).map((verdict) => verdict.ruleId),
    }));

  it('leaves out Saq itself and themes, and describes each extension as evidence', () => {
    const findings = inventoryFindings(
      [
        extension({ id: 'saq-self' }),
        extension({ id: 'theme', type: 'theme' }),
        extension({ installType: 'weird', hostPermissions: ['<all_urls>'] }),
      ],
      'saq-self',
      [SHOP],
      7,
    );
    expect(findings).toEqual([
      {
        kind: 'extension-inventory',
        actor: { type: 'extension', extensionId: 'abcdefghijklmnopabcdefghijklmnop' },
        evidence: { id: 'abcdefghijklmnopabcdefghijklmnop', name: 'Some extension', installType: 'other', shopAccess: true, enabled: true },
        at: 7,
      },
    ]);
  });

  it('flags unpacked or sideloaded extensions that reach the shop, and ids the rules name wherever they are', () => {
    expect(
      judge([
        extension({ id: 'dev', installType: 'development', hostPermissions: [`https://${SHOP}/*`] }),
        extension({ id: 'side', installType: 'sideload', hostPermissions: ['<all_urls>'] }),
        extension({ id: 'isolated-helper@fixtures.test', installType: 'normal', hostPermissions: [] }),
      ]),
    ).toEqual([
      { id: 'dev', rules: ['SAQ-EXT-001'] },
      { id: 'side', rules: ['SAQ-EXT-001'] },
      { id: 'isolated-helper@fixtures.test', rules: ['SAQ-EXT-002'] },
    ]);
  });

  it('says nothing of a store extension that reaches the shop, or an unpacked one that cannot', () => {
    expect(
      judge([
        extension({ id: 'store', installType: 'normal', hostPermissions: ['<all_urls>'] }),
        extension({ id: 'elsewhere', installType: 'development', hostPermissions: ['https://recipes.example.org/*'] }),
      ]),
    ).toEqual([
      { id: 'store', rules: [] },
      { id: 'elsewhere', rules: [] },
    ]);
  });
});
