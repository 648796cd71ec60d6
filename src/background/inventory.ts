/**
 * The extension inventory's browser side: whether the person opted in (storage.local) and the browser
 * granted the optional `management` permission, the list of installed extensions, and their judgement
 * by the rules in force. Runs only when both hold; the list never leaves the browser.
 */
import browser from '../platform/browser.ts';
import { severityRank, type Finding } from '../shared/findings.ts';
import type { InventoryEntry, InventoryReply } from '../shared/protocol.ts';
import type { Engine } from './engine.ts';
import { inventoryFindings, type InstalledExtension } from './extension-inventory.ts';

/** storage.local: the person turned the extension check on. Cleared with the other settings. */
export const INVENTORY_OPT_IN_KEY = 'inventory.optIn';
const PERMISSION: { permissions: string[] } = { permissions: ['management'] };

interface ManagementApi {
  getAll(): Promise<InstalledExtension[]>;
}

function management(): ManagementApi | undefined {
  // The namespace appears once the optional permission is granted.
  return (browser as unknown as { management?: ManagementApi }).management;
}

export function createInventory(deps: { engine(): Promise<Engine> }) {
  async function state(): Promise<{ granted: boolean; optedIn: boolean }> {
    const [granted, stored] = await Promise.all([
      browser.permissions.contains({ permissions: [...PERMISSION.permissions] }).catch(() => false),
      browser.storage.local.get(INVENTORY_OPT_IN_KEY).catch(() => ({})),
    ]);
    return { granted, optedIn: (stored as Record<string, unknown>)[INVENTORY_OPT_IN_KEY] === true };
  }

  /** Findings for the extensions worth judging (they reach the shop, or a rule names them), with verdicts. */
  async function judged(): Promise<Array<{ finding: Finding; entry: InventoryEntry }>> {
    const { granted, optedIn } = await state();
    const api = management();
    if (!granted || !optedIn || !api) return [];
    const engine = await deps.engine();
    let installed: InstalledExtension[];
    try {
      installed = await api.getAll();
    } catch {
      return [];
    }
    const pageUrl = `https://${engine.signals.shopHosts[0] ?? 'localhost'}/`;
    const results: Array<{ finding: Finding; entry: InventoryEntry }> = [];
    for (const finding of inventoryFindings(installed, browser.runtime.id, engine.signals.shopHosts, Date.now())) {
      const verdicts = engine.evaluate(finding, pageUrl);
      const evidence = finding.evidence;
      if (evidence.shopAccess !== true && verdicts.length === 0) continue;
      results.push({
        finding,
        entry: {
          id: String(evidence.id),
          name: String(evidence.name),
          installType: String(evidence.installType),
          enabled: evidence.enabled === true,
          shopAccess: evidence.shopAccess === true,
          severity: verdicts[0]?.severity ?? null,
          messageKeys: verdicts.map((verdict) => verdict.messageKey),
        },
      });
    }
    return results.sort(
      (a, b) => (b.entry.severity ? severityRank(b.entry.severity) + 1 : 0) - (a.entry.severity ? severityRank(a.entry.severity) + 1 : 0),
    );
  }

  async function report(): Promise<InventoryReply> {
    const { granted, optedIn } = await state();
    return { granted, optedIn, extensions: (await judged()).map((item) => item.entry) };
  }

  async function setOptIn(enabled: boolean): Promise<InventoryReply> {
    await browser.storage.local.set({ [INVENTORY_OPT_IN_KEY]: enabled });
    return report();
  }

  /** What a new shop page records about the extensions around it (nothing unless opted in). */
  async function findingsForPage(): Promise<Finding[]> {
    return (await judged()).map((item) => item.finding);
  }

  return { report, setOptIn, findingsForPage };
}

export type Inventory = ReturnType<typeof createInventory>;
