/**
 * Message keys that explain a verdict: the headline per level, the severity word, who acted, and why a
 * finding matters by what kind of thing happened (data theft, breaking the shop rules, foreign code
 * acting in the person's name). Info-level findings are explained as harmless on their own.
 */
import type { ActorType, FindingKind, Severity } from '../shared/findings.ts';
import type { Translate } from './translate.ts';

const WHY_BY_KIND: Record<FindingKind, string> = {
  exfiltration: 'why_data',
  'sensitive-read': 'why_data',
  keylogger: 'why_data',
  'checkout-tamper': 'why_data',
  'untrusted-activation': 'why_rules',
  'purchase-cadence': 'why_rules',
  'cart-request': 'why_rules',
  'unhooked-cart-request': 'why_rules',
  'quantity-tamper': 'why_rules',
  'reload-storm': 'why_rules',
  'automation-marker': 'why_rules',
  'page-request': 'why_code',
  'script-inserted': 'why_code',
  'dynamic-code': 'why_code',
  'defence-tamper': 'why_code',
  'extension-inventory': 'why_code',
};

export function whyKey(kind: FindingKind, severity: Severity): string {
  return severity === 'info' ? 'why_info' : WHY_BY_KIND[kind];
}

export const VERDICT_KEYS: Record<Severity | 'clean', { title: string; detail: string }> = {
  clean: { title: 'verdict_clean', detail: 'verdict_clean_detail' },
  info: { title: 'verdict_info', detail: 'verdict_info_detail' },
  warning: { title: 'verdict_warning', detail: 'verdict_warning_detail' },
  danger: { title: 'verdict_danger', detail: 'verdict_danger_detail' },
  critical: { title: 'verdict_critical', detail: 'verdict_critical_detail' },
};

export const SEVERITY_KEYS: Record<Severity, string> = {
  info: 'severity_info',
  warning: 'severity_warning',
  danger: 'severity_danger',
  critical: 'severity_critical',
};

export const ACTOR_KEYS: Record<ActorType, string> = {
  page: 'actor_page',
  script: 'actor_script',
  inline: 'actor_inline',
  extension: 'actor_extension',
  anonymous: 'actor_anonymous',
  automation: 'actor_automation',
  unknown: 'actor_unknown',
};

/**
 * What a rule says, in words. A rule from a newer feed may name a message this version of Saq does not
 * have yet: then a plain sentence with the rule's id, never the raw key.
 */
export function ruleText(t: Translate, messageKey: string, ruleId: string): string {
  const text = t(messageKey);
  return text && text !== messageKey ? text : t('finding_unknown_message', ruleId);
}
