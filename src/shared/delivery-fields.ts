/**
 * Address and pickup-branch fields, by the HTML standard's autocomplete tokens and common names: the ISOLATED
 * world watches what they hold (checkout-tamper.isolated.ts), and the MAIN world names who dispatches input and
 * change events on them (synthetic-events.main.ts), so a shop's own address suggestions are told from a helper.
 */
export const DELIVERY_FIELDS = [
  ...['street-address', 'address-line1', 'address-line2', 'address-level1', 'address-level2', 'postal-code'].map(
    (token) => `input[autocomplete~="${token}"]`,
  ),
  'textarea[autocomplete~="street-address"]',
  // Not an e-mail address (a receipt's "email_address" field, which shops lower-case as they like).
  'input[name*="address" i]:not([type="email"]):not([name*="mail" i])',
  'select[name*="branch" i]',
  'select[name*="pickup" i]',
  '[data-role="pickup-branch"]',
].join(',');
