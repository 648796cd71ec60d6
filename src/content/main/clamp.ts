/**
 * Strings a finding carries, cut to what the ISOLATED world accepts (MAX_STRING). Its parser refuses a longer
 * one — rightly: it cannot tell our message from a forged one — and the whole finding then became a
 * "channel spoofed" report with no actor: a helper loaded from, or sending to, a URL padded past 2 KB had
 * every act of its reported as that instead of what it was. What the rules read (the host, the start of a
 * path or a body, a script's address) is at the start.
 */
import type { Actor, EvidenceValue } from '../../shared/findings.ts';
import { MAX_STRING } from '../../shared/page-protocol.ts';
import { bare } from './descriptors.ts';
import { sliceString } from './strings.ts';

// Captured when the bundle starts (as main/natives.ts does; that module needs a window, this one is unit-tested).
const { hasOwn, keys: objectKeys } = Object;

/** Cuts the record's long strings in place (the record is Saq's own: sensors may still amend it). */
export function clampEvidence(evidence: Record<string, EvidenceValue>): Record<string, EvidenceValue> {
  const names = objectKeys(evidence);
  for (let i = 0; i < names.length; i++) {
    const value = evidence[names[i]!];
    if (typeof value === 'string' && value.length > MAX_STRING) evidence[names[i]!] = sliceString(value, 0, MAX_STRING);
  }
  return evidence;
}

/** The actor with its long strings cut (a copy when one is: actors are shared between findings). Own fields only. */
export function clampActor(actor: Actor): Actor {
  const field = (key: 'url' | 'sha256' | 'extensionId'): string | undefined =>
    hasOwn(actor, key) && typeof actor[key] === 'string' ? actor[key] : undefined;
  const long = (key: 'url' | 'sha256' | 'extensionId'): boolean => (field(key)?.length ?? 0) > MAX_STRING;
  if (!long('url') && !long('sha256') && !long('extensionId')) return actor;
  // Not a for-of over a list: the array iterator is the page's to replace.
  // Prototype-less: the fields below are new to it, and an assignment would run a setter the page put on Object.prototype.
  const clamped: Actor = bare({ type: actor.type });
  const url = field('url');
  const sha256 = field('sha256');
  const extensionId = field('extensionId');
  if (url !== undefined) clamped.url = sliceString(url, 0, MAX_STRING);
  if (sha256 !== undefined) clamped.sha256 = sliceString(sha256, 0, MAX_STRING);
  if (extensionId !== undefined) clamped.extensionId = sliceString(extensionId, 0, MAX_STRING);
  return clamped;
}
