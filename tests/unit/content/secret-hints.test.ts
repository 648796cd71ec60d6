import { describe, expect, it } from 'vitest';
import { secretHinted } from '../../../src/content/isolated/secret-hints.ts';

describe('secretHinted', () => {
  it.each([
    ['sms  SMS code', 'sms-code'],
    ['code Введите код', 'sms-code'],
    ['otp one-time-code', 'sms-code'],
    ['confirm Код из СМС', 'sms-code'],
    ['promo Промокод из SMS', 'sms-code'], // names the one-time code as well
    ['certPassword Пароль ЭЦП', 'cert-password'],
    ['pan cc-number', 'card'],
    ['Номер карты', 'card'],
    ['pwd current-password', 'password'],
  ])('%s → %s', (hint, asked) => {
    expect(secretHinted(hint)).toBe(asked);
  });

  it.each([
    'promocode Промокод',
    'coupon Код купона',
    'zip postal-code',
    'postcode Почтовый индекс',
    'captcha_code',
    'Введите код с картинки',
    'tel-country-code',
    'discount_code Жеңілдік коды',
    'email_address e-mail',
    '',
  ])('%s → nothing', (hint) => {
    expect(secretHinted(hint)).toBeNull();
  });
});
