/**
 * The site profile's selector lists (purchase controls, quantity fields, limit messages, secret fields, payment
 * forms) are checked nowhere before they reach a browser: the schema takes any text, and each world of the
 * extension drops an entry the browser cannot parse, so that one bad entry cannot disable its whole list
 * (src/content/main/site.ts, `validList`). A typo (`button[[`) was signed and shipped as a selector that matched
 * nothing, without a word. Each entry is parsed here with Lightning CSS, whose selector parser is Firefox's
 * (Servo's `selectors`): a warning, like the other "compiles but does nothing" mistakes — a parser that is not
 * the browser's may in rare cases refuse what a browser takes (an attribute selector left open at the very end).
 */
import { transform } from 'lightningcss';
import type { LintIssue } from '../../src/shared/rules/lint.ts';
import { formatPath } from '../../src/shared/rules/errors.ts';
import { isObject } from './files.ts';

/** The profile fields that hold CSS selectors (src/shared/rules/schema.ts, `SelectorSchema`). */
export const SELECTOR_FIELDS = [
  'purchase_control_selectors',
  'quantity_selectors',
  'limit_message_selectors',
  'sensitive_field_selectors',
  'payment_form_selectors',
] as const;

/** Why the browser would refuse `selector`, or null when it parses as exactly one selector list. */
export function selectorProblem(selector: string): string | null {
  let rules = 0;
  try {
    // One style rule around it: a selector that closes the rule and opens another (`a{} b`) is not one list.
    const { warnings } = transform({
      filename: 'selector.css',
      code: Buffer.from(`${selector} {}`),
      errorRecovery: false,
      visitor: { Rule: () => void rules++ },
    });
    if (rules !== 1) return 'it is not one selector list (it holds a brace)';
    // An unknown pseudo-class or pseudo-element parses here but is refused by browsers' querySelector.
    const unknown = warnings.find((w) => w.type === 'SelectorError');
    return unknown === undefined ? null : unknown.message;
  } catch (e) {
    return (e as Error).message;
  }
}

/** A warning for each profile selector the browser would refuse, at its path in the assembled body. */
export function lintSelectors(body: Record<string, unknown>): LintIssue[] {
  const profile = body.site_profile;
  if (!isObject(profile)) return [];
  const issues: LintIssue[] = [];
  for (const field of SELECTOR_FIELDS) {
    const list = profile[field];
    if (!Array.isArray(list)) continue;
    list.forEach((selector, i) => {
      if (typeof selector !== 'string') return; // the schema's error
      const problem = selectorProblem(selector);
      if (problem === null) return;
      issues.push({
        path: formatPath(['site_profile', field, i]),
        message: `selector ${JSON.stringify(selector)} does not parse (${problem}); the extension drops it, so it matches nothing`,
        level: 'warning',
      });
    });
  }
  return issues;
}
