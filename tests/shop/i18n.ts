// Page text in the shop's three languages. Kept short: it exists so screenshots look like the
// real shop and so Saq's language detection sees kk/ru/en pages.
import type { Lang } from './config.ts';

const TEXT = {
  bank: {
    kz: 'Қазақстан Ұлттық Банкі',
    ru: 'Национальный Банк Казахстана',
    en: 'National Bank of Kazakhstan',
  },
  shopName: { kz: 'Интернет-дүкен', ru: 'Интернет-магазин', en: 'Online coin shop' },
  catalog: { kz: 'Монеталар', ru: 'Монеты', en: 'Coins' },
  catalogIntro: {
    kz: 'Коллекциялық монеталар. Бір сатып алушыға шектеу қолданылады.',
    ru: 'Коллекционные монеты. Действуют ограничения на одного покупателя.',
    en: 'Collector coins. Per-buyer limits apply.',
  },
  cart: { kz: 'Себет', ru: 'Корзина', en: 'Cart' },
  login: { kz: 'Кіру', ru: 'Вход', en: 'Sign in' },
  faq: { kz: 'Сұрақтар', ru: 'Вопросы', en: 'Questions' },
  price: { kz: 'Бағасы', ru: 'Цена', en: 'Price' },
  quantity: { kz: 'Саны', ru: 'Количество', en: 'Quantity' },
  stockLeft: { kz: 'Қалды', ru: 'Осталось', en: 'Stock left' },
  pieces: { kz: 'дана', ru: 'шт.', en: 'pcs' },
  limit: {
    kz: 'Бір сатып алушыға {n} данадан артық емес',
    ru: 'Не более {n} шт. в одни руки',
    en: 'No more than {n} per buyer',
  },
  addToCart: { kz: 'Себетке қосу', ru: 'В корзину', en: 'Add to cart' },
  soldOut: { kz: 'Сатылып кетті', ru: 'Распродано', en: 'Sold out' },
  opensIn: { kz: 'Сатылым басталғанға дейін', ru: 'До начала продаж', en: 'Sale opens in' },
  details: { kz: 'Толығырақ', ru: 'Подробнее', en: 'Details' },
  added: { kz: 'Себетке қосылды', ru: 'Добавлено в корзину', en: 'Added to cart' },
  limitReached: {
    kz: 'Шектеуге жеттіңіз: бір сатып алушыға {n} дана',
    ru: 'Достигнут лимит: {n} шт. в одни руки',
    en: 'Limit reached: {n} per buyer',
  },
  tooMany: {
    kz: 'Сұраулар тым көп. Бірнеше секундтан кейін қайталаңыз.',
    ru: 'Слишком много запросов. Повторите через несколько секунд.',
    en: 'Too many requests. Try again in a few seconds.',
  },
  error: { kz: 'Қате. Қайталап көріңіз.', ru: 'Ошибка. Попробуйте ещё раз.', en: 'Error. Try again.' },
  captcha: { kz: 'Мен робот емеспін', ru: 'Я не робот', en: "I'm not a robot" },
  reviews: { kz: 'Пікірлер', ru: 'Отзывы', en: 'Reviews' },
  emptyCart: { kz: 'Себет бос', ru: 'Корзина пуста', en: 'Your cart is empty' },
  total: { kz: 'Барлығы', ru: 'Итого', en: 'Total' },
  toCheckout: { kz: 'Рәсімдеу', ru: 'Оформить заказ', en: 'Checkout' },
  checkout: { kz: 'Тапсырысты рәсімдеу', ru: 'Оформление заказа', en: 'Checkout' },
  delivery: { kz: 'Жеткізу тәсілі', ru: 'Способ получения', en: 'Delivery' },
  byPost: { kz: 'Пошта арқылы', ru: 'Почтой', en: 'By post' },
  pickup: { kz: 'Филиалдан алып кету', ru: 'Самовывоз из филиала', en: 'Pick up at a branch' },
  city: { kz: 'Қала', ru: 'Город', en: 'City' },
  address: { kz: 'Мекенжай', ru: 'Адрес', en: 'Address' },
  postcode: { kz: 'Пошта индексі', ru: 'Индекс', en: 'Postcode' },
  branch: { kz: 'Филиал', ru: 'Филиал', en: 'Branch' },
  receiptEmail: { kz: 'Түбіртекке арналған e-mail', ru: 'E-mail для чека', en: 'E-mail for the receipt' },
  promoCode: { kz: 'Промокод', ru: 'Промокод', en: 'Promo code' },
  apply: { kz: 'Қолдану', ru: 'Применить', en: 'Apply' },
  signInAgain: { kz: 'Қайта кіру', ru: 'Войти снова', en: 'Sign in again' },
  confirmBySms: { kz: 'SMS арқылы растау', ru: 'Подтвердить по SMS', en: 'Confirm by SMS' },
  confirmOrder: { kz: 'Тапсырысты растау', ru: 'Подтвердить заказ', en: 'Confirm order' },
  payment: { kz: 'Төлем', ru: 'Оплата', en: 'Payment' },
  pay: { kz: 'Картамен төлеу', ru: 'Оплатить картой', en: 'Pay by card' },
  order: { kz: 'Тапсырыс', ru: 'Заказ', en: 'Order' },
  username: { kz: 'ЖСН немесе e-mail', ru: 'ИИН или e-mail', en: 'IIN or e-mail' },
  password: { kz: 'Құпиясөз', ru: 'Пароль', en: 'Password' },
  signIn: { kz: 'Кіру', ru: 'Войти', en: 'Sign in' },
  eds: { kz: 'ЭЦҚ арқылы кіру', ru: 'Вход по ЭЦП', en: 'Sign in with EDS certificate' },
  certFile: { kz: 'Сертификат файлы', ru: 'Файл сертификата', en: 'Certificate file' },
  certPassword: {
    kz: 'Сертификат құпиясөзі',
    ru: 'Пароль сертификата',
    en: 'Certificate password',
  },
  smsCode: { kz: 'SMS-код', ru: 'Код из SMS', en: 'SMS code' },
  cardCvc: { kz: 'CVC/CVV', ru: 'CVC/CVV', en: 'CVC/CVV' },
  savedCard: { kz: 'Сақталған картамен төлеу', ru: 'Оплатить сохранённой картой', en: 'Pay with a saved card' },
  smsSent: {
    kz: 'Телефоныңызға SMS-код жіберілді.',
    ru: 'На ваш телефон отправлен код.',
    en: 'We sent a code to your phone.',
  },
  confirm: { kz: 'Растау', ru: 'Подтвердить', en: 'Confirm' },
  loggedIn: { kz: 'Сіз жүйеге кірдіңіз.', ru: 'Вы вошли в систему.', en: 'You are signed in.' },
  wrongCode: { kz: 'Код қате.', ru: 'Неверный код.', en: 'Wrong code.' },
  notFound: { kz: 'Бет табылмады', ru: 'Страница не найдена', en: 'Page not found' },
  botWarning: {
    kz: 'Шектеулерді айналып өтетін «көмекші бағдарламалар» – алаяқтық. Оларды орнатпаңыз.',
    ru: '«Программы-помощники», обходящие лимиты, – мошенничество. Не устанавливайте их.',
    en: '“Helper programs” that promise to bypass limits are a fraud. Do not install them.',
  },
  footer: {
    kz: 'Байланыс орталығы: 1477',
    ru: 'Контакт-центр: 1477',
    en: 'Contact centre: 1477',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type TextKey = keyof typeof TEXT;

/** Text for a key in a language, with `{name}` placeholders filled in. */
export function t(lang: Lang, key: TextKey, vars: Record<string, string | number> = {}): string {
  return TEXT[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** All texts of one language, for the client bootstrap (the shop's JS shows messages too). */
export function textsFor(lang: Lang): Record<TextKey, string> {
  return Object.fromEntries(Object.entries(TEXT).map(([key, byLang]) => [key, byLang[lang]])) as Record<TextKey, string>;
}
