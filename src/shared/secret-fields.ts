/**
 * Secret fields, the same in both content-script worlds: which fields hold a secret, and which secret
 * one holds, from its markup. The MAIN world matches with natives it captured before page code ran, the
 * ISOLATED world with its own: each passes its attribute reader and pattern test to `secretKind`.
 * Kept dependency-free: both content scripts bundle it.
 */

/** Secret fields on any site; the profile adds the shop's own (SMS code, certificate password). */
export const SECRET_FIELDS = 'input[type=password],input[autocomplete=one-time-code],input[autocomplete^=cc-]';

export const SECRET_KINDS = ['password', 'sms-code', 'cert-password', 'card'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

/**
 * What says which secret a field asks for, and in what kind of input: the shop's own dialog field renamed
 * in any of these is no longer the field the shop put there (main/shop-fields.ts, checkout-tamper).
 */
export const IDENTIFYING_ATTRIBUTES = ['type', 'name', 'id', 'autocomplete', 'placeholder', 'inputmode', 'data-role', 'aria-label'];

/** Attributes that say what a secret field holds (read into one text the hints are matched against). */
const HINT_ATTRIBUTES = ['name', 'id', 'autocomplete', 'data-role'];
const FIELD_HINTS: Array<[RegExp, SecretKind]> = [
  [/cert|eds|ecp|p12|pfx/i, 'cert-password'],
  [/sms|otp|one-time|code/i, 'sms-code'],
  [/cc-|card|cvc|cvv/i, 'card'],
];

/** Which secret a field already known to be secret holds: its hint attributes decide, a password by default. */
export function secretKind(attribute: (name: string) => string | null, test: (pattern: RegExp, text: string) => boolean): SecretKind {
  // Loops by index: the MAIN world calls this after page code may have replaced the array iterator.
  let hint = '';
  for (let i = 0; i < HINT_ATTRIBUTES.length; i++) hint += `${attribute(HINT_ATTRIBUTES[i]!) ?? ''},`;
  for (let i = 0; i < FIELD_HINTS.length; i++) if (test(FIELD_HINTS[i]![0], hint)) return FIELD_HINTS[i]![1];
  return 'password';
}
