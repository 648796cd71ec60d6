/**
 * axe-core in a real browser page: its source is evaluated in the page (a protocol call, which an
 * extension page's CSP does not see) and `axe.run` checks the WCAG 2.1 A and AA rules. Violations come
 * back as rule id, impact and the nodes it found, short enough to read in a failed assertion.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: string[];
}

/** Impacts the accessibility test fails on; moderate and minor ones are printed, not failed. */
export const BLOCKING_IMPACTS = ['serious', 'critical'];

export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  // As JSON: WebDriver BiDi hands back repeated objects as references Puppeteer does not resolve.
  const json = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: AxeApi }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    if (result.passes.length === 0) throw new Error('axe passed no rule at all: it did not look at the page');
    return JSON.stringify(
      result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
      })),
    );
  });
  return JSON.parse(json) as AxeViolation[];
}

/** The violations a person would be blocked or badly hindered by. */
export const blocking = (violations: AxeViolation[]): AxeViolation[] =>
  violations.filter((violation) => BLOCKING_IMPACTS.includes(violation.impact ?? ''));

/** The part of axe's API the test uses (axe-core ships its own types, but for Node, not for page.evaluate's window). */
interface AxeApi {
  run(
    context: Document,
    options: object,
  ): Promise<{
    violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: string[]; failureSummary?: string }> }>;
    passes: unknown[];
  }>;
}
