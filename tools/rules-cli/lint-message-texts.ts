/**
 * A rule's `message` is an i18n key; without text in one of the extension's languages the person reading
 * the warning gets a fallback instead of an explanation. The texts are tools/i18n/rule-messages.ts, which
 * the build writes to public/_locales/{kk,ru,en}/messages.json.
 */
import type { LintIssue } from '../../src/shared/rules/lint.ts';
import { formatPath } from '../../src/shared/rules/errors.ts';
import type { Rule } from '../../src/shared/rules/schema.ts';
import type { Lang, MessageTable } from '../i18n/ui-messages.ts';

/** Every language the tables hold; a Record, so a language added to `Lang` fails to compile here until listed. */
const LANGS: Record<Lang, true> = { kk: true, ru: true, en: true };
const MESSAGE_LANGS = Object.keys(LANGS) as Lang[];
const MESSAGES_SOURCE = 'tools/i18n/rule-messages.ts';

export function lintMessageTexts(rule: Rule, path: readonly PropertyKey[], messages: MessageTable): LintIssue[] {
  const texts = Object.hasOwn(messages, rule.message) ? messages[rule.message] : undefined;
  const missing = MESSAGE_LANGS.filter((lang) => !texts?.[lang]?.trim());
  if (missing.length === 0) return [];
  const what = texts === undefined ? 'is not in' : `has no ${missing.join(', ')} text in`;
  return [
    {
      path: formatPath([...path, 'message']),
      message: `${rule.id}: message key "${rule.message}" ${what} ${MESSAGES_SOURCE} (missing: ${missing.join(', ')}); the extension would show a fallback instead of the explanation`,
      level: 'error',
    },
  ];
}
