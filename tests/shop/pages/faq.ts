// FAQ (the real one lives at /kz/pages/questions). Mentions the limits and the bank's warning
// about "helper programs", since that is what Saq's users will be reading about.
import type { Lang } from '../config.ts';
import { esc } from './html.ts';

const QA: Record<Lang, [string, string][]> = {
  kz: [
    ['Монетаны қалай сатып алуға болады?', 'Тіркеліңіз, монетаны себетке қосып, тапсырысты рәсімдеңіз және картамен төлеңіз.'],
    ['Неге саны шектелген?', 'Коллекциялық монеталар шектеулі таралыммен шығарылады, сондықтан бір сатып алушыға шектеу қойылады.'],
    [
      '«Көмекші бағдарламалар» шектеуді айналып өте ала ма?',
      'Жоқ. Шектеу әр транзакцияда тексеріледі. Мұндай бағдарламаларды сататындар – алаяқтар. Бағдарламаларды пайдалану пайдаланушы келісімінің 11.4-тармағын бұзады.',
    ],
  ],
  ru: [
    ['Как купить монету?', 'Зарегистрируйтесь, добавьте монету в корзину, оформите заказ и оплатите картой.'],
    ['Почему количество ограничено?', 'Коллекционные монеты выпускаются ограниченным тиражом, поэтому действует лимит на покупателя.'],
    [
      'Могут ли «программы-помощники» обойти лимит?',
      'Нет. Лимит проверяется при каждой транзакции. Продавцы таких программ – мошенники. Их использование нарушает п. 11.4 пользовательского соглашения.',
    ],
  ],
  en: [
    ['How do I buy a coin?', 'Register, add the coin to your cart, check out and pay by card.'],
    ['Why is the quantity limited?', 'Collector coins are minted in limited numbers, so a per-buyer limit applies.'],
    [
      'Can “helper programs” bypass the limit?',
      'No. The limit is checked on every transaction. People selling such programs are fraudsters, and using them breaks clause 11.4 of the user agreement.',
    ],
  ],
};

export const FAQ_TITLE: Record<Lang, string> = {
  kz: 'Жиі қойылатын сұрақтар',
  ru: 'Частые вопросы',
  en: 'Frequently asked questions',
};

export function faqBody(lang: Lang): string {
  const items = QA[lang].map(([q, a]) => `<details class="panel" open><summary>${esc(q)}</summary><p>${esc(a)}</p></details>`).join('\n');
  return `<h1>${esc(FAQ_TITLE[lang])}</h1>\n${items}`;
}
