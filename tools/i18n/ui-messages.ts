/**
 * Source of the extension's UI text in Kazakh, Russian and English. `npx tsx tools/i18n/write-locales.ts`
 * writes public/_locales/<lang>/messages.json from this table (and the rule messages in
 * rules/messages.ts), so one review shows all three languages side by side.
 */
export type Lang = 'kk' | 'ru' | 'en';
export type MessageTable = Record<string, Record<Lang, string>>;

export const UI_MESSAGES: MessageTable = {
  ext_name: { en: 'Saq — coin shop guard', ru: 'Saq — защита магазина монет', kk: 'Saq — монета дүкенінің күзетшісі' },
  ext_description: {
    en: 'Warns buyers at the National Bank of Kazakhstan coin shop about "helper programs", bots and data theft.',
    ru: 'Предупреждает покупателей интернет-магазина монет Национального Банка о «программах-помощниках», ботах и краже данных.',
    kk: 'Ұлттық Банктің монета интернет-дүкенінің сатып алушыларын «көмекші бағдарламалар», боттар және деректер ұрлығы туралы ескертеді.',
  },
  popup_loading: { en: 'Checking this page…', ru: 'Проверяем страницу…', kk: 'Бет тексерілуде…' },
  popup_rules_version: { en: 'Rules version', ru: 'Версия правил', kk: 'Ережелер нұсқасы' },
  verdict_clean: { en: 'Nothing suspicious seen', ru: 'Ничего подозрительного', kk: 'Күдікті ештеңе байқалмады' },
  verdict_clean_detail: {
    en: 'Saq has not seen any helper program, bot or data theft on this page.',
    ru: 'Saq не обнаружил на этой странице программ-помощников, ботов или кражи данных.',
    kk: 'Saq бұл бетте көмекші бағдарламаны, ботты немесе деректер ұрлығын байқаған жоқ.',
  },
  verdict_info: { en: 'For your information', ru: 'К сведению', kk: 'Назар аударыңыз' },
  verdict_info_detail: {
    en: 'Saq noticed something worth knowing, but nothing dangerous.',
    ru: 'Saq заметил кое-что, но ничего опасного.',
    kk: 'Saq бір нәрсені байқады, бірақ қауіпті ештеңе жоқ.',
  },
  verdict_warning: { en: 'Warning: suspicious activity', ru: 'Внимание: подозрительная активность', kk: 'Ескерту: күдікті әрекет' },
  verdict_warning_detail: {
    en: 'Something other than you is acting on this shop page.',
    ru: 'На этой странице магазина действует кто-то кроме вас.',
    kk: 'Дүкеннің бұл бетінде сізден басқа біреу әрекет етуде.',
  },
  verdict_danger: {
    en: 'Danger: a helper program or bot is active',
    ru: 'Опасно: работает программа-помощник или бот',
    kk: 'Қауіп: көмекші бағдарлама немесе бот жұмыс істеуде',
  },
  verdict_danger_detail: {
    en: 'Stop buying in this tab. Close it and remove the program or extension.',
    ru: 'Прекратите покупки в этой вкладке. Закройте её и удалите программу или расширение.',
    kk: 'Бұл қойындыда сатып алуды тоқтатыңыз. Оны жабыңыз және бағдарламаны не кеңейтімді жойыңыз.',
  },
  verdict_critical: {
    en: 'Danger: your data may be being stolen',
    ru: 'Опасно: ваши данные могут похищать',
    kk: 'Қауіп: деректеріңіз ұрлануы мүмкін',
  },
  verdict_critical_detail: {
    en: 'Close this tab now, change your passwords, and call the NBK contact centre 1477.',
    ru: 'Немедленно закройте вкладку, смените пароли и позвоните в контакт-центр Нацбанка 1477.',
    kk: 'Бұл қойындыны дереу жабыңыз, құпиясөздеріңізді ауыстырыңыз және Ұлттық Банктің 1477 байланыс орталығына қоңырау шалыңыз.',
  },
  severity_info: { en: 'Info', ru: 'Сведения', kk: 'Ақпарат' },
  severity_warning: { en: 'Warning', ru: 'Внимание', kk: 'Ескерту' },
  severity_danger: { en: 'Danger', ru: 'Опасно', kk: 'Қауіпті' },
  severity_critical: { en: 'Critical', ru: 'Критично', kk: 'Өте қауіпті' },
  actor_page: { en: 'The shop itself', ru: 'Сам магазин', kk: 'Дүкеннің өзі' },
  actor_script: { en: 'A script from', ru: 'Скрипт с адреса', kk: 'Мына мекенжайдағы скрипт' },
  actor_inline: { en: 'An inserted script', ru: 'Вставленный скрипт', kk: 'Енгізілген скрипт' },
  actor_extension: {
    en: 'Another extension or user script',
    ru: 'Другое расширение или пользовательский скрипт',
    kk: 'Басқа кеңейтім немесе пайдаланушы скрипті',
  },
  actor_anonymous: {
    en: 'Code pasted or run without a source (console, bookmarklet)',
    ru: 'Код без источника (консоль, букмарклет)',
    kk: 'Дереккөзі жоқ код (консоль, бетбелгі)',
  },
  actor_automation: {
    en: 'A browser-automation program (bot)',
    ru: 'Программа автоматизации браузера (бот)',
    kk: 'Браузерді автоматтандыру бағдарламасы (бот)',
  },
  actor_unknown: { en: 'Unknown', ru: 'Неизвестно', kk: 'Белгісіз' },
};
