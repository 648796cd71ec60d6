/**
 * What a typed field asks for, judged by the words of its markup (name, id, autocomplete, placeholder,
 * data-role, aria-label joined): the overlay check calls a full-window dialog that asks for one of these a
 * fake "confirm your payment" dialog. Pure, so the words it takes and the ones it leaves are unit-tested.
 */
export type SecretAsked = 'cert-password' | 'sms-code' | 'card' | 'password';

const CERTIFICATE = /cert|eds|ecp|эцп|эцқ|p12|pfx/i;
/** Named after the one-time code itself. */
const ONE_TIME_CODE = /sms|смс|otp|one-time-code/i;
/** Any other "code": a one-time code unless the words say which other code. */
const SOME_CODE = /code|код/i;
/**
 * Codes a shop asks for that are no secret: a promo code or coupon, a postcode, a captcha ("the code from the
 * picture"), a telephone country code. A shop's own promo-code dialog over the page was a critical alarm
 * (sensors-rest-checkout.e2e.ts).
 */
const OTHER_CODES =
  /promo|промо|coupon|купон|voucher|postal|post-?code|zip|индекс|captcha|капч|картин|сурет|country|discount|скидк|жеңілдік/i;
/** "карт" is a card (карта, карточка), not a picture (картинка). */
const CARD = /cc-|card|cvc|cvv|карт(?!ин)/i;
const PASSWORD = /pass|пароль|құпия/i;

/** The secret `hint` names, the most specific first; null when it names none. */
export function secretHinted(hint: string): SecretAsked | null {
  if (CERTIFICATE.test(hint)) return 'cert-password';
  if (ONE_TIME_CODE.test(hint) || (SOME_CODE.test(hint) && !OTHER_CODES.test(hint))) return 'sms-code';
  if (CARD.test(hint)) return 'card';
  if (PASSWORD.test(hint)) return 'password';
  return null;
}
