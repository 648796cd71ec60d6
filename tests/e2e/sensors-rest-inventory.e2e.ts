/**
 * The opt-in extension inventory: nothing runs until the person turns it on in the options page (the
 * browser's optional `management` permission); then the extensions that can reach the shop are listed,
 * unpacked ones and ids the rules name are flagged, and the shop tab shows it. An extension that cannot
 * reach the shop is not listed.
 *
 * Firefox takes the real optional-permission path (its prompt auto-accepted by a test pref). A headless
 * Chromium cannot answer its permission prompt, so the Chromium *test* build has `management` granted at
 * install (tools/build/targets.ts; tests/unit/build/optional-permissions.test.ts proves the release
 * build keeps it optional) — the opt-in click is still what turns the inventory on.
 */
import { expect, it } from 'vitest';
import { BENIGN_NEIGHBOURS, ISOLATED_HELPER, ISOLATED_HELPER_IDS, UNRELATED_EXTENSION } from '../helpers/fixture-extensions.ts';
import { pollPage } from '../helpers/harness.ts';
import { recordCase } from './detection-table.ts';
import { describeEachBrowser } from './each-browser.ts';
import { afterSettling, openShopTab, PRODUCT, rulesFire } from './sensors-rest-support.ts';

const BEHAVIOUR = 'extension inventory';

describeEachBrowser('sensors-rest: extension inventory', (context) => {
  const saqBrowser = context.blockBrowser(() => ({
    extraExtensions: [ISOLATED_HELPER, BENIGN_NEIGHBOURS, UNRELATED_EXTENSION],
    firefoxFixtures: { uuids: {}, grantOptionalPermissions: true },
  }));
  const browser = context.browserName;
  const helperId = ISOLATED_HELPER_IDS[context.browserName];

  it('runs nothing before the person opts in: the helper installed but idle leaves the shop tab clean', async ({ task }) => {
    const saq = await saqBrowser();
    const { tabId } = await openShopTab(saq, PRODUCT);
    const { serious } = await afterSettling(saq, tabId, 1_500);
    const inventory = serious.filter((verdict) => verdict.finding.kind === 'extension-inventory');
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'inventory not opted in (helper installed, idle)',
      malicious: false,
      flagged: inventory.length > 0,
      browser,
    });
    expect(inventory).toEqual([]);
  });

  it('lists and flags the helper once opted in, leaves out an extension that cannot reach the shop, and shows it on the shop tab', async ({
    task,
  }) => {
    const saq = await saqBrowser();
    const options = await saq.openExtensionPage('src/options/index.html');
    await pollPage(options, () => document.querySelector('[data-testid="inventory-enable"]') !== null, undefined, 'the inventory panel');
    await options.click('[data-testid="inventory-enable"]');
    await pollPage(options, () => document.querySelector('[data-testid="inventory-list"]') !== null, undefined, 'the extension list');
    const entries = await options.$$eval('[data-testid="inventory-entry"]', (items) =>
      items.map((item) => ({
        id: item.getAttribute('data-id'),
        severity: item.getAttribute('data-severity'),
        text: item.textContent ?? '',
      })),
    );
    const helper = entries.find((entry) => entry.id === helperId);
    const listedUnrelated = entries.some(
      (entry) => entry.id === 'unrelated-extension@fixtures.test' || entry.text.includes('Recipe clipper'),
    );

    const { tabId } = await openShopTab(saq, PRODUCT);
    const verdicts = await rulesFire(saq, tabId, ['SAQ-EXT-002', 'SAQ-EXT-001']);
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'unpacked helper extension named by the rules (opted in)',
      malicious: true,
      flagged: helper?.severity === 'critical' && verdicts !== null,
      browser,
    });
    recordCase(task, {
      behaviour: BEHAVIOUR,
      case: 'extension that cannot reach the shop (opted in)',
      malicious: false,
      flagged: listedUnrelated,
      browser,
    });
    expect(helper?.severity).toBe('critical');
    expect(listedUnrelated).toBe(false);
    expect(verdicts).not.toBeNull();
    const known = verdicts!.find((verdict) => verdict.ruleId === 'SAQ-EXT-002')!;
    expect(known.finding.actor).toMatchObject({ type: 'extension', extensionId: helperId });
    expect(known.finding.evidence).toMatchObject({ installType: 'development', shopAccess: true });

    // Turning it off again: the next shop page is clean of inventory findings.
    await options.bringToFront();
    await options.click('[data-testid="inventory-disable"]');
    await pollPage(options, () => document.querySelector('[data-testid="inventory-enable"]') !== null, undefined, 'the check turned off');
    const after = await openShopTab(saq, PRODUCT);
    const { serious } = await afterSettling(saq, after.tabId, 1_000);
    expect(serious.filter((verdict) => verdict.finding.kind === 'extension-inventory')).toEqual([]);
  });
});
