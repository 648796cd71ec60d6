/**
 * Source of the extension's UI text in Kazakh, Russian and English. `npx tsx tools/i18n/write-locales.ts`
 * writes public/_locales/<lang>/messages.json from this table (and the rule messages in
 * rule-messages.ts), so one review shows all three languages side by side.
 * Plain words and short sentences: the reader may be frightened and in a hurry.
 */
export type Lang = 'kk' | 'ru' | 'en';
export type MessageTable = Record<string, Record<Lang, string>>;

export const UI_MESSAGES: MessageTable = {
  ext_name: { en: 'Saq — coin shop guard', ru: 'Saq — защита магазина монет', kk: 'Saq — монета дүкенінің күзетшісі' },
  ext_description: {
    en: 'Warns buyers at the National Bank of Kazakhstan coin shop about "helper programs", bots and data theft.',
    ru: 'Предупреждает покупателей интернет-магазина монет Национального Банка о «программах-помощниках», ботах и краже данных.',
    kk: 'ҚР Ұлттық Банкі монета интернет-дүкенінің сатып алушыларын «көмекші бағдарламалар», боттар және деректер ұрлығы туралы ескертеді.',
  },

  // The verdict for a tab: headline and one sentence under it.
  verdict_clean: { en: 'Nothing suspicious seen', ru: 'Ничего подозрительного', kk: 'Күдікті ештеңе байқалмады' },
  verdict_clean_detail: {
    en: 'Saq has not seen any helper program, bot or data theft on this page. It cannot see programs outside the browser: if you ever installed a “helper”, remove it and change your password.',
    ru: 'Saq не обнаружил на этой странице программ-помощников, ботов или кражи данных. Программы вне браузера ему не видны: если вы когда-либо устанавливали «помощника», удалите его и смените пароль.',
    kk: 'Saq бұл бетте көмекші бағдарламаны, ботты немесе деректер ұрлығын байқаған жоқ. Браузерден тыс бағдарламаларды ол көрмейді: егер «көмекші» бағдарламаны орнатқан болсаңыз, оны жойып, құпиясөзіңізді ауыстырыңыз.',
  },
  verdict_info: { en: 'For your information', ru: 'К сведению', kk: 'Ақпарат үшін' },
  verdict_info_detail: {
    en: 'Saq noticed something worth knowing, but nothing dangerous.',
    ru: 'Saq заметил кое-что, но ничего опасного.',
    kk: 'Saq бір нәрсені байқады, бірақ қауіпті ештеңе жоқ.',
  },
  verdict_warning: { en: 'Warning: suspicious activity', ru: 'Внимание: подозрительная активность', kk: 'Ескерту: күдікті әрекет' },
  verdict_warning_detail: {
    en: 'Something other than you is acting on this shop page.',
    ru: 'На этой странице магазина действует кто-то кроме вас.',
    kk: 'Дүкеннің осы бетінде сізден бөлек бірдеңе әрекет етіп жатыр.',
  },
  verdict_danger: {
    en: 'Danger: a helper program or bot is active',
    ru: 'Опасно: работает программа-помощник или бот',
    kk: 'Қауіпті: көмекші бағдарлама немесе бот жұмыс істеп тұр',
  },
  verdict_danger_detail: {
    en: 'Stop buying in this tab. Close it and remove the program or extension.',
    ru: 'Прекратите покупки в этой вкладке. Закройте её и удалите программу или расширение.',
    kk: 'Бұл қойындыда сатып алуды тоқтатыңыз. Оны жабыңыз және бағдарламаны не кеңейтімді жойыңыз.',
  },
  verdict_critical: {
    en: 'Danger: your data may be being stolen',
    ru: 'Опасно: ваши данные могут похищать',
    kk: 'Қауіпті: деректеріңіз ұрлануы мүмкін',
  },
  verdict_critical_detail: {
    en: 'Close this tab now, change your passwords, and call the NBK contact centre 1477.',
    ru: 'Немедленно закройте вкладку, смените пароли и позвоните в контакт-центр Национального Банка по номеру 1477.',
    kk: 'Бұл қойындыны дереу жабыңыз, құпиясөздеріңізді ауыстырыңыз және Ұлттық Банктің Байланыс орталығына 1477 нөмірі бойынша хабарласыңыз.',
  },
  verdict_not_shop: {
    en: 'Saq watches only the coin shop, kazcoins.nationalbank.kz. Open the shop to see its status here.',
    ru: 'Saq следит только за магазином монет kazcoins.nationalbank.kz. Откройте магазин, чтобы увидеть здесь его состояние.',
    kk: 'Saq тек kazcoins.nationalbank.kz монета дүкенін қадағалайды. Күйін осы жерден көру үшін дүкенді ашыңыз.',
  },
  verdict_not_shop_title: { en: 'Saq does not watch this page', ru: 'Saq не следит за этой страницей', kk: 'Saq бұл бетті қадағаламайды' },
  verdict_unchecked: { en: 'This page is not checked yet', ru: 'Эта страница ещё не проверена', kk: 'Бұл бет әлі тексерілмеген' },
  verdict_unchecked_detail: {
    en: 'Reload the page so that Saq can watch it from the start.',
    ru: 'Обновите страницу, чтобы Saq следил за ней с самого начала.',
    kk: 'Saq бетті басынан бастап қадағалауы үшін оны қайта жүктеңіз.',
  },
  severity_info: { en: 'Info', ru: 'Сведения', kk: 'Ақпарат' },
  severity_warning: { en: 'Warning', ru: 'Внимание', kk: 'Ескерту' },
  severity_danger: { en: 'Danger', ru: 'Опасно', kk: 'Қауіпті' },
  severity_critical: { en: 'Critical', ru: 'Критично', kk: 'Өте қауіпті' },

  // Who did it.
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

  // The popup.
  popup_left_page: {
    en: 'Saq saw this on a shop page this tab has since left ($1). The page is gone, but what was done there still matters: follow the steps below.',
    ru: 'Saq заметил это на странице магазина, которую эта вкладка уже покинула ($1). Страницы больше нет, но то, что там произошло, по-прежнему важно: выполните шаги ниже.',
    kk: 'Saq мұны осы қойынды кейін кетіп қалған дүкен бетінде көрді ($1). Ол бет жабылды, бірақ онда болған әрекеттің маңызы әлі де бар: төмендегі қадамдарды орындаңыз.',
  },
  popup_earlier_page: {
    en: 'Saq saw this on an earlier shop page in this tab, left at $1: it was reloaded or replaced by another page, which a helper can do to hide what it did. What was done there still matters: follow the steps below.',
    ru: 'Saq заметил это на предыдущей странице магазина в этой вкладке, которую покинули в $1: её перезагрузили или сменили другой страницей — так «помощник» может скрыть, что он сделал. То, что там произошло, по-прежнему важно: выполните шаги ниже.',
    kk: 'Saq мұны осы қойындыдағы дүкеннің алдыңғы бетінде көрді, ол бет $1 кезінде жабылды: ол қайта жүктелді немесе басқа бетпен ауыстырылды — «көмекші» өз әрекетін осылай жасыруы мүмкін. Онда болған әрекеттің маңызы әлі де бар: төмендегі қадамдарды орындаңыз.',
  },
  popup_earlier_findings_title: { en: 'Seen on the earlier page', ru: 'Замечено на предыдущей странице', kk: 'Алдыңғы бетте байқалғандар' },
  popup_earlier_dismiss: {
    en: 'I have done this: stop showing the earlier page’s alarm',
    ru: 'Я всё сделал: больше не показывать тревогу предыдущей страницы',
    kk: 'Мен бәрін орындадым: алдыңғы беттің дабылын енді көрсетпеу',
  },
  popup_loading: { en: 'Checking this page…', ru: 'Проверяем страницу…', kk: 'Бет тексерілуде…' },
  popup_rules_version: { en: 'Rules version', ru: 'Версия правил', kk: 'Ережелер нұсқасы' },
  popup_findings_title: { en: 'What Saq saw', ru: 'Что заметил Saq', kk: 'Saq байқаған әрекеттер' },
  popup_settings: { en: 'Settings', ru: 'Настройки', kk: 'Баптаулар' },
  finding_unknown_message: {
    en: 'Saq’s rules flagged suspicious activity here (rule $1).',
    ru: 'Правила Saq отметили здесь подозрительную активность (правило $1).',
    kk: 'Saq ережелері мұнда күдікті әрекетті белгіледі ($1 ережесі).',
  },
  finding_repeated: { en: 'Seen $1 times', ru: 'Замечено раз: $1', kk: 'Байқалған саны: $1' },
  finding_who: { en: 'Who did it:', ru: 'Кто это сделал:', kk: 'Мұны кім жасады:' },
  finding_why: { en: 'Why it matters:', ru: 'Чем это опасно:', kk: 'Неге қауіпті:' },
  why_title: { en: 'Why this is dangerous', ru: 'Чем это опасно', kk: 'Бұл неге қауіпті' },
  why_malware: {
    en: 'Fraudsters sell “helper programs”. They often contain viruses that steal passwords, card data and money.',
    ru: '«Программы-помощники» продают мошенники. В них часто вирусы, которые крадут пароли, данные карт и деньги.',
    kk: '«Көмекші бағдарламаларды» алаяқтар сатады. Олардың ішінде құпиясөздерді, карта деректерін және ақшаны ұрлайтын вирустар жиі болады.',
  },
  why_data: {
    en: 'Your logins, passwords and payment data can be stolen.',
    ru: 'Могут украсть ваши логины, пароли и платёжные данные.',
    kk: 'Логиндеріңіз, құпиясөздеріңіз және төлем деректеріңіз ұрлануы мүмкін.',
  },
  why_rules: {
    en: 'Using bots breaks clause 11.4 of the shop’s user agreement: your account can be blocked for good.',
    ru: 'Боты нарушают пункт 11.4 пользовательского соглашения магазина: аккаунт могут заблокировать навсегда.',
    kk: 'Бот пайдалану Интернет-дүкеннің Пайдаланушы келісімінің 11.4-тармағын бұзады: есептік жазбаңыз біржола бұғатталуы мүмкін.',
  },
  why_code: {
    en: 'Foreign code on the shop page can do anything you can: read your data and act in your name.',
    ru: 'Чужой код на странице магазина может всё, что можете вы: читать ваши данные и действовать от вашего имени.',
    kk: 'Дүкен бетіндегі бөгде код сіз істей алатынның бәрін істей алады: деректеріңізді оқып, сіздің атыңыздан әрекет ете алады.',
  },
  why_info: {
    en: 'Not dangerous by itself. Saq notes it to help explain other findings.',
    ru: 'Само по себе не опасно. Saq отмечает это, чтобы объяснить другие находки.',
    kk: 'Өз алдына қауіпті емес. Saq мұны басқа белгілерді түсіндіруге көмектесу үшін жазып қояды.',
  },
  why_limits: {
    en: 'The National Bank checks the coin limit on every transaction, so no “helper” can get you more coins than the limit — it can only steal from you.',
    ru: 'Национальный Банк проверяет лимит монет при каждой сделке, поэтому никакой «помощник» не купит вам больше лимита — он может только обокрасть вас.',
    kk: 'Ұлттық Банк монеталар санына лимитті әрбір мәміле бойынша тексереді, сондықтан ешбір «көмекші» лимиттен артық монета әпере алмайды — ол тек сізді тонай алады.',
  },
  todo_title: { en: 'What to do now', ru: 'Что делать сейчас', kk: 'Қазір не істеу керек' },
  todo_close_tab: {
    en: 'Close this tab. Do not buy or pay in it.',
    ru: 'Закройте эту вкладку. Ничего в ней не покупайте и не оплачивайте.',
    kk: 'Бұл қойындыны жабыңыз. Онда ештеңе сатып алмаңыз және төлем жасамаңыз.',
  },
  todo_remove: {
    en: 'Remove any program or browser extension that promised to help you buy coins, and check the computer with an antivirus.',
    ru: 'Удалите программу или расширение браузера, которые обещали помочь купить монеты, и проверьте компьютер антивирусом.',
    kk: 'Монета сатып алуға көмектесемін деген бағдарламаны немесе браузер кеңейтімін жойып, компьютерді антивируспен тексеріңіз.',
  },
  todo_open_extensions: { en: 'Open the extensions page', ru: 'Открыть страницу расширений', kk: 'Кеңейтімдер бетін ашу' },
  todo_open_addons_firefox: {
    en: 'In Firefox: menu ☰ → Add-ons and themes (Ctrl+Shift+A).',
    ru: 'В Firefox: меню ☰ → «Дополнения и темы» (Ctrl+Shift+A).',
    kk: 'Firefox-та: ☰ мәзірі → «Қосымшалар мен темалар» (Ctrl+Shift+A).',
  },
  todo_passwords: {
    en: 'Change your passwords for the shop, e-mail and online banking.',
    ru: 'Смените пароли от магазина, почты и интернет-банка.',
    kk: 'Дүкеннің, электрондық поштаның және интернет-банктің құпиясөздерін ауыстырыңыз.',
  },
  todo_call: {
    en: 'For advice, call the National Bank contact centre, short number',
    ru: 'За консультацией звоните в контакт-центр Национального Банка по короткому номеру',
    kk: 'Кеңес алу үшін Ұлттық Банктің Байланыс орталығына қысқа нөмір бойынша хабарласыңыз:',
  },
  todo_police: {
    en: 'If money or data were stolen, report it to the police (102) and give them Saq’s evidence report.',
    ru: 'Если украли деньги или данные, заявите в полицию (102) и передайте отчёт Saq.',
    kk: 'Ақшаңыз немесе деректеріңіз ұрланса, полицияға (102) арыз беріп, Saq есебін ұсыныңыз.',
  },
  clean_tip: {
    en: 'Buy by hand, only yourself. No program can get you more coins than the limit.',
    ru: 'Покупайте сами, вручную. Никакая программа не даст купить больше лимита.',
    kk: 'Өзіңіз, қолмен сатып алыңыз. Ешбір бағдарлама лимиттен артық монета әпере алмайды.',
  },
  links_title: { en: 'Official information', ru: 'Официальная информация', kk: 'Ресми ақпарат' },
  link_nbk: {
    en: 'National Bank warnings and news',
    ru: 'Предупреждения и новости Национального Банка',
    kk: 'Ұлттық Банктің ескертулері мен жаңалықтары',
  },
  link_shop_rules: {
    en: 'The shop’s questions and answers and its user agreement',
    ru: 'Вопросы и ответы и пользовательское соглашение магазина',
    kk: 'Дүкеннің сұрақ-жауаптары және Пайдаланушы келісімі',
  },

  // Rules feed status (popup and options). Stale is never shown as safe.
  feed_title: { en: 'Saq rules', ru: 'Правила Saq', kk: 'Saq ережелері' },
  feed_state_ok: { en: 'Up to date', ru: 'Актуальны', kk: 'Өзекті' },
  feed_state_stale: {
    en: 'Out of date: Saq may miss new helpers',
    ru: 'Устарели: Saq может пропустить новых помощников',
    kk: 'Ескірген: Saq жаңа көмекшілерді байқамауы мүмкін',
  },
  feed_state_error: { en: 'Update failed', ru: 'Не удалось обновить', kk: 'Жаңарту сәтсіз аяқталды' },
  feed_kept: {
    en: 'Saq keeps working with the last rules that passed its checks.',
    ru: 'Saq продолжает работать по последним правилам, прошедшим проверку.',
    kk: 'Saq тексеруден өткен соңғы ережелермен жұмысын жалғастырады.',
  },
  // What a failed update means, one sentence per code or group of codes (src/ui/feed-error-keys.ts); the code
  // itself is shown beside it for support. Never a word from the feed: a mirror must not write into the popup.
  feed_error_damaged: {
    en: 'The update file was damaged or not in the form Saq expects: refused.',
    ru: 'Файл обновления повреждён или не в том формате, которого ждёт Saq: он отклонён.',
    kk: 'Жаңарту файлы бүлінген немесе Saq күтетін пішімде емес: ол қабылданбады.',
  },
  feed_error_bad_keys: {
    en: 'The list of keys allowed to sign Saq’s rules, sent with the update, contradicts itself: refused.',
    ru: 'Присланный с обновлением список ключей, которым разрешено подписывать правила Saq, противоречит сам себе: обновление отклонено.',
    kk: 'Жаңартумен бірге келген, Saq ережелеріне қол қоюға рұқсаты бар кілттер тізімінде қайшылық бар: жаңарту қабылданбады.',
  },
  feed_error_wrong_kind: {
    en: 'The server sent another kind of file in place of the one Saq asked for: refused.',
    ru: 'Вместо запрошенного файла сервер прислал файл другого типа: он отклонён.',
    kk: 'Сервер Saq сұраған файлдың орнына басқа түрдегі файл жіберді: ол қабылданбады.',
  },
  feed_error_wrong_feed: {
    en: 'The update was made for another set of rules, not for Saq’s: refused.',
    ru: 'Обновление выпущено для других правил, а не для правил Saq: оно отклонено.',
    kk: 'Жаңарту Saq ережелері үшін емес, басқа ережелер үшін шығарылған: ол қабылданбады.',
  },
  feed_error_unsigned: {
    en: 'The update was not signed by Saq’s maintainers, or was changed after they signed it: refused, as a forged file would be.',
    ru: 'Обновление не подписано разработчиками Saq или изменено после подписи: оно отклонено, как любой поддельный файл.',
    kk: 'Жаңартуға Saq әзірлеушілері қол қоймаған немесе ол қол қойылғаннан кейін өзгертілген: жалған файл ретінде қабылданбады.',
  },
  feed_error_rollback: {
    en: 'The update was older than the rules Saq has: refused, as a replayed old file would be.',
    ru: 'Обновление — более ранней версии, чем правила, которые уже есть у Saq: оно отклонено, как любой старый файл, присланный повторно.',
    kk: 'Жаңарту Saq қолданып жүрген ережелерден ескі болып шықты: қайта жіберілген ескі файл ретінде қабылданбады.',
  },
  feed_error_equivocation: {
    en: 'The update had the same version number as the rules Saq has, but different contents: refused, as a forged file would be.',
    ru: 'У обновления тот же номер версии, что у правил Saq, но другое содержимое: оно отклонено, как любой поддельный файл.',
    kk: 'Жаңартудың нұсқа нөмірі Saq қолданып жүрген ережелердікімен бірдей, бірақ мазмұны басқа: жалған файл ретінде қабылданбады.',
  },
  feed_error_version_mismatch: {
    en: 'The update’s files did not agree on its version number: refused.',
    ru: 'Файлы обновления расходятся в номере версии: оно отклонено.',
    kk: 'Жаңарту файлдарындағы нұсқа нөмірлері бір-біріне сәйкес келмейді: ол қабылданбады.',
  },
  feed_error_expired: {
    en: 'The update was past its expiry date: refused, so that no one can hold Saq back on old rules.',
    ru: 'Срок действия обновления истёк: оно отклонено, чтобы никто не мог удерживать Saq на старых правилах.',
    kk: 'Жаңартудың жарамдылық мерзімі өтіп кеткен: ешкім Saq-ты ескі ережелерде ұстап тұра алмауы үшін ол қабылданбады.',
  },
  feed_error_keys_expired: {
    en: 'The list of keys allowed to sign Saq’s rules has expired: no update is taken until the maintainers publish a new one.',
    ru: 'Срок действия списка ключей, которым разрешено подписывать правила Saq, истёк: обновления не принимаются, пока разработчики не опубликуют новый список.',
    kk: 'Saq ережелеріне қол қоюға рұқсаты бар кілттер тізімінің мерзімі өтіп кеткен: әзірлеушілер жаңа тізім жарияламайынша жаңартулар қабылданбайды.',
  },
  feed_error_too_large: {
    en: 'The server sent a file far larger than a rules update may be: refused.',
    ru: 'Сервер прислал файл, намного превышающий допустимый размер обновления правил: он отклонён.',
    kk: 'Сервер ережелер жаңартуына рұқсат етілгеннен әлдеқайда үлкен файл жіберді: ол қабылданбады.',
  },
  feed_error_swapped: {
    en: 'The rules file was not the one the signed update named: damaged or swapped on the way, so refused.',
    ru: 'Файл правил не совпадает с указанным в подписанном обновлении: он повреждён или подменён по дороге, поэтому отклонён.',
    kk: 'Ережелер файлы қол қойылған жаңартуда көрсетілген файлмен сәйкес келмейді: ол жолда бүлінген немесе ауыстырылған, сондықтан қабылданбады.',
  },
  feed_error_needs_newer_saq: {
    en: 'The new rules need a newer version of Saq. The browser updates extensions by itself; the rules will follow.',
    ru: 'Для новых правил нужна более новая версия Saq. Браузер обновляет расширения сам, после этого загрузятся и правила.',
    kk: 'Жаңа ережелерге Saq-тың жаңарақ нұсқасы қажет. Браузер кеңейтімдерді өзі жаңартады, содан кейін ережелер де жүктеледі.',
  },
  feed_error_not_loaded: {
    en: 'The new rules were signed, but this version of Saq could not load them.',
    ru: 'Новые правила подписаны, но эта версия Saq не смогла их загрузить.',
    kk: 'Жаңа ережелерге қол қойылған, бірақ Saq-тың бұл нұсқасы оларды жүктей алмады.',
  },
  feed_error_many_key_changes: {
    en: 'The signing keys changed more times than Saq follows in one check: it goes on at the next check.',
    ru: 'Ключи подписи менялись больше раз, чем Saq успевает проследить за одну проверку: он продолжит при следующей.',
    kk: 'Қолтаңба кілттері Saq бір тексеруде қадағалай алатыннан көп рет ауысқан: ол келесі тексеруде жалғастырады.',
  },
  feed_error_timeout: {
    en: 'The rules server took too long to answer. Saq will try again later.',
    ru: 'Сервер правил слишком долго не отвечал. Saq попробует ещё раз позже.',
    kk: 'Ережелер сервері тым ұзақ жауап бермеді. Saq кейінірек қайта тексереді.',
  },
  feed_error_server_error: {
    en: 'The rules server answered with an error. Saq will try again later.',
    ru: 'Сервер правил ответил ошибкой. Saq попробует ещё раз позже.',
    kk: 'Ережелер сервері қатемен жауап берді. Saq кейінірек қайта тексереді.',
  },
  feed_error_redirect: {
    en: 'The rules server tried to send Saq to another address, which Saq never follows. It will try again later.',
    ru: 'Сервер правил попытался перенаправить Saq на другой адрес, а Saq никогда не следует перенаправлениям. Он попробует ещё раз позже.',
    kk: 'Ережелер сервері Saq-ты басқа мекенжайға бағыттамақ болды, ал Saq ешқашан басқа мекенжайға өтпейді. Кейінірек қайта тексереді.',
  },
  feed_error_network: {
    en: 'Saq could not reach the rules server: no internet connection, or the server is down. It will try again later.',
    ru: 'Saq не смог связаться с сервером правил: нет подключения к интернету или сервер недоступен. Он попробует ещё раз позже.',
    kk: 'Saq ережелер серверіне қосыла алмады: интернет байланысы жоқ немесе сервер жұмыс істемей тұр. Кейінірек қайта тексереді.',
  },
  feed_error_storage: {
    en: 'Saq could not read or save its rules in the browser’s storage (the disk may be full).',
    ru: 'Saq не смог прочитать или сохранить правила в хранилище браузера (возможно, диск заполнен).',
    kk: 'Saq ережелерін браузер қоймасынан оқи немесе оған сақтай алмады (диск толып қалған болуы мүмкін).',
  },
  feed_error_stored_invalid: {
    en: 'The rules saved in the browser failed Saq’s check, so Saq went back to the rules built into it.',
    ru: 'Сохранённые в браузере правила не прошли проверку Saq, поэтому он вернулся к встроенным правилам.',
    kk: 'Браузерде сақталған ережелер Saq тексеруінен өтпеді, сондықтан ол өзіне кірістірілген ережелерге қайта оралды.',
  },
  feed_error_bad_baseline: {
    en: 'The rules built into this copy of Saq failed its check: remove Saq and install it again from a store.',
    ru: 'Встроенные правила этой копии Saq не прошли проверку: удалите Saq и установите его заново из каталога.',
    kk: 'Saq-тың осы көшірмесіне кірістірілген ережелер тексеруден өтпеді: Saq-ты жойып, каталогтан қайта орнатыңыз.',
  },
  feed_error_other: {
    en: 'The update could not be used. Saq will try again later.',
    ru: 'Обновление не удалось применить. Saq попробует ещё раз позже.',
    kk: 'Жаңартуды қолдану мүмкін болмады. Saq кейінірек қайта тексереді.',
  },
  feed_state_unknown: { en: 'Not checked yet', ru: 'Ещё не проверялись', kk: 'Әлі тексерілмеген' },
  feed_version: { en: 'Version', ru: 'Версия', kk: 'Нұсқа' },
  feed_last_check: { en: 'Last check', ru: 'Последняя проверка', kk: 'Соңғы тексеру' },
  feed_last_success: { en: 'Last update', ru: 'Последнее обновление', kk: 'Соңғы жаңарту' },
  feed_issued: { en: 'Published', ru: 'Опубликованы', kk: 'Жарияланған уақыты' },
  feed_expires: { en: 'Valid until', ru: 'Действительны до', kk: 'Жарамдылық мерзімі' },
  feed_error: { en: 'Error code', ru: 'Код ошибки', kk: 'Қате коды' },
  feed_clock_hint: {
    en: 'Your computer’s date or time may be wrong.',
    ru: 'Возможно, на компьютере неверные дата или время.',
    kk: 'Компьютердегі күн не уақыт қате болуы мүмкін.',
  },
  feed_check_now: { en: 'Check now', ru: 'Проверить сейчас', kk: 'Қазір тексеру' },
  feed_checking: { en: 'Checking…', ru: 'Проверяем…', kk: 'Тексерілуде…' },
  feed_never: { en: 'never', ru: 'никогда', kk: 'ешқашан' },

  // The evidence report.
  report_save: { en: 'Save evidence report', ru: 'Сохранить отчёт-доказательство', kk: 'Дәлелдер есебін сақтау' },
  report_hint: {
    en: 'For the police or the bank. It holds no passwords, cookies or form values.',
    ru: 'Для полиции или банка. В нём нет паролей, cookie и введённых данных.',
    kk: 'Полиция немесе банк үшін. Онда құпиясөздер, cookie және енгізілген деректер жоқ.',
  },
  report_saved: { en: 'Saved to your downloads folder.', ru: 'Сохранено в папку загрузок.', kk: 'Жүктеулер қалтасына сақталды.' },
  report_failed: { en: 'Could not save the report.', ru: 'Не удалось сохранить отчёт.', kk: 'Есепті сақтау мүмкін болмады.' },
  report_title: { en: 'Saq evidence report', ru: 'Отчёт Saq о подозрительной активности', kk: 'Saq: күдікті әрекет туралы есеп' },
  report_created: { en: 'Created', ru: 'Создан', kk: 'Жасалған уақыты' },
  report_page: { en: 'Page', ru: 'Страница', kk: 'Бет' },
  report_earlier_title: { en: 'An earlier page in this tab', ru: 'Предыдущая страница в этой вкладке', kk: 'Осы қойындыдағы алдыңғы бет' },
  report_left_at: { en: 'The tab left this page', ru: 'Вкладка покинула эту страницу', kk: 'Қойынды бұл беттен кетті' },
  report_saq_version: { en: 'Saq version', ru: 'Версия Saq', kk: 'Saq нұсқасы' },
  report_browser: { en: 'Browser', ru: 'Браузер', kk: 'Браузер' },
  report_findings: { en: 'What was seen', ru: 'Что обнаружено', kk: 'Анықталған әрекеттер' },
  report_time: { en: 'Time', ru: 'Время', kk: 'Уақыт' },
  report_severity: { en: 'Severity', ru: 'Опасность', kk: 'Қауіп деңгейі' },
  report_rule: { en: 'Rule', ru: 'Правило', kk: 'Ереже' },
  report_actor: { en: 'Who', ru: 'Кто', kk: 'Кім' },
  report_evidence: { en: 'Details', ru: 'Подробности', kk: 'Мәліметтер' },
  report_scripts: { en: 'Scripts involved', ru: 'Причастные скрипты', kk: 'Қатысты скриптер' },
  report_script_acted: { en: 'Acted', ru: 'Действовал', kk: 'Әрекет етті' },
  report_script_inserted: { en: 'Inserted into the page', ru: 'Вставлен в страницу', kk: 'Бетке енгізілді' },
  report_frame: { en: 'In the frame', ru: 'Во фрейме', kk: 'Фреймде' },
  report_reference: { en: 'Guidance', ru: 'Рекомендации', kk: 'Нұсқаулық' },
  report_observations: { en: 'Facts the sensors reported', ru: 'Фактов от датчиков', kk: 'Датчиктер хабарлаған фактілер' },
  report_destinations: { en: 'Where data was sent', ru: 'Куда отправлялись данные', kk: 'Деректер қайда жіберілді' },
  report_extensions: { en: 'Extension ids', ru: 'Идентификаторы расширений', kk: 'Кеңейтімдер идентификаторлары' },
  report_withheld: {
    en: 'Left out to protect your data: $1',
    ru: 'Не включено, чтобы защитить ваши данные: $1',
    kk: 'Деректеріңізді қорғау үшін енгізілмеді: $1',
  },
  report_none: { en: 'none', ru: 'нет', kk: 'жоқ' },
  report_privacy_note: {
    en: 'This report holds no cookies, passwords or form values. Web addresses are shown without their query part; a part of an address that carried your data is shown as “…”.',
    ru: 'В отчёте нет cookie, паролей и введённых данных. Адреса показаны без параметров запроса; часть адреса, в которой были ваши данные, заменена на «…».',
    kk: 'Есепте cookie, құпиясөздер және енгізілген деректер жоқ. Мекенжайлар сұраныс параметрлерінсіз көрсетілген; мекенжайдың сіздің деректеріңіз болған бөлігі «…» белгісімен ауыстырылған.',
  },

  // The in-page warning.
  warning_label: { en: 'Saq warning', ru: 'Предупреждение Saq', kk: 'Saq ескертуі' },
  warning_hint: {
    en: 'Click the Saq icon in the browser toolbar (it may be under the puzzle-piece button) to see what happened and what to do.',
    ru: 'Нажмите на значок Saq на панели браузера (он может быть под значком пазла), чтобы узнать, что случилось и что делать.',
    kk: 'Не болғанын және не істеу керегін білу үшін браузер тақтасындағы Saq белгішесін басыңыз (ол пазл белгішесінің астында болуы мүмкін).',
  },
  warning_dismiss: { en: 'Hide on this page', ru: 'Скрыть на этой странице', kk: 'Осы бетте жасыру' },

  // The options page.
  options_title: { en: 'Saq settings', ru: 'Настройки Saq', kk: 'Saq баптаулары' },
  options_language: { en: 'Language', ru: 'Язык', kk: 'Тіл' },
  options_language_auto: { en: 'Browser language', ru: 'Язык браузера', kk: 'Браузер тілі' },
  options_language_hint: {
    en: 'The popup, the warning on the shop page and the evidence report use this language.',
    ru: 'На этом языке будут всплывающее окно, предупреждение на странице магазина и отчёт.',
    kk: 'Қалқымалы терезе, дүкен бетіндегі ескерту және есеп осы тілде болады.',
  },
  options_saved: { en: 'Saved.', ru: 'Сохранено.', kk: 'Сақталды.' },
  options_dismissals_title: {
    en: 'Pages where you hid the warning',
    ru: 'Страницы, где вы скрыли предупреждение',
    kk: 'Ескертуді жасырған беттеріңіз',
  },
  options_dismissals_empty: { en: 'None.', ru: 'Нет.', kk: 'Жоқ.' },
  options_dismissals_restore: { en: 'Show again', ru: 'Показывать снова', kk: 'Қайта көрсету' },
  options_dismissals_restore_all: { en: 'Show everywhere again', ru: 'Снова показывать везде', kk: 'Барлық жерде қайта көрсету' },
  options_dismissed_at: { en: 'Hidden: $1', ru: 'Скрыто: $1', kk: 'Жасырылған уақыты: $1' },
  options_storage_title: { en: 'What Saq keeps', ru: 'Что хранит Saq', kk: 'Saq нені сақтайды' },
  options_storage_settings: {
    en: 'Your settings: language, pages where you hid the warning, and whether Saq checks your extensions.',
    ru: 'Ваши настройки: язык, страницы, где вы скрыли предупреждение, и проверка расширений.',
    kk: 'Баптауларыңыз: тіл, ескертуді жасырған беттер және кеңейтімдерді тексеру.',
  },
  options_storage_tabs: {
    en: 'What Saq saw in open shop tabs (now $1). Deleted when the tab closes or the browser restarts.',
    ru: 'Что Saq заметил в открытых вкладках магазина (сейчас $1). Удаляется при закрытии вкладки или браузера.',
    kk: 'Saq дүкеннің ашық қойындыларында байқаған нәрсе (қазір $1). Қойынды не браузер жабылғанда өшіріледі.',
  },
  options_storage_rules: {
    en: 'The verified rules. They stay: they protect you.',
    ru: 'Проверенные правила. Они остаются: они вас защищают.',
    kk: 'Тексерілген ережелер. Олар сақталады: олар сізді қорғайды.',
  },
  options_storage_nothing_leaves: {
    en: 'Nothing leaves your browser except the download of Saq’s rules.',
    ru: 'Из браузера ничего не уходит, кроме загрузки правил Saq.',
    kk: 'Saq ережелерін жүктеуден басқа ештеңе браузерден шықпайды.',
  },
  options_clear: { en: 'Delete my data', ru: 'Удалить мои данные', kk: 'Деректерімді жою' },
  options_cleared: { en: 'Deleted.', ru: 'Удалено.', kk: 'Жойылды.' },
  options_clear_failed: {
    en: 'Could not delete. Try again.',
    ru: 'Не удалось удалить. Попробуйте ещё раз.',
    kk: 'Жою мүмкін болмады. Қайталап көріңіз.',
  },

  // Language names are written in their own language in every locale, so a person can find theirs.
  // The opt-in extension check (src/ui/InventoryPanel.tsx).
  inventory_title: {
    en: 'Extensions that can reach the shop',
    ru: 'Расширения с доступом к магазину',
    kk: 'Дүкенге қол жеткізе алатын кеңейтімдер',
  },
  inventory_intro: {
    en: 'Saq can look at the extensions installed in this browser and tell you which of them can read or change the shop pages, and which were installed outside an official store. The browser will ask you to allow Saq to see your extensions. Saq only reads the list; it changes nothing and sends nothing anywhere.',
    ru: 'Saq может проверить установленные в браузере расширения и показать, какие из них могут читать или менять страницы магазина и какие установлены не из официального каталога. Браузер попросит разрешить Saq видеть список расширений. Saq только читает этот список: ничего не меняет и никуда не отправляет.',
    kk: 'Saq браузерге орнатылған кеңейтімдерді тексеріп, олардың қайсысы дүкен беттерін оқи не өзгерте алатынын және қайсысы ресми каталогтан тыс орнатылғанын көрсете алады. Браузер сізден Saq-қа кеңейтімдер тізімін көруге рұқсат беруді сұрайды. Saq бұл тізімді тек оқиды: ештеңені өзгертпейді және ешқайда жібермейді.',
  },
  inventory_enable: { en: 'Check my extensions', ru: 'Проверить мои расширения', kk: 'Кеңейтімдерімді тексеру' },
  inventory_disable: { en: 'Stop checking extensions', ru: 'Больше не проверять расширения', kk: 'Кеңейтімдерді тексеруді тоқтату' },
  inventory_refused: {
    en: 'The browser did not give the permission, so nothing was checked.',
    ru: 'Браузер не дал разрешения, поэтому ничего не проверено.',
    kk: 'Браузер рұқсат бермеді, сондықтан ештеңе тексерілмеді.',
  },
  inventory_none: {
    en: 'No other extension can read or change the shop pages.',
    ru: 'Ни одно другое расширение не может читать или менять страницы магазина.',
    kk: 'Дүкен беттерін оқи не өзгерте алатын басқа кеңейтім жоқ.',
  },
  inventory_can_reach: {
    en: 'Can read and change the shop pages.',
    ru: 'Может читать и менять страницы магазина.',
    kk: 'Дүкен беттерін оқып, өзгерте алады.',
  },
  inventory_turned_off: { en: 'Turned off in the browser.', ru: 'Отключено в браузере.', kk: 'Браузерде өшірілген.' },
  inventory_install_normal: { en: 'Installed from a store.', ru: 'Установлено из каталога.', kk: 'Каталогтан орнатылған.' },
  inventory_install_development: {
    en: 'Loaded by hand (developer mode), not from a store.',
    ru: 'Загружено вручную (режим разработчика), не из каталога.',
    kk: 'Каталогтан емес, қолмен жүктелген (әзірлеуші режимі).',
  },
  inventory_install_sideload: {
    en: 'Installed by another program on this computer, not by you from a store.',
    ru: 'Установлено другой программой на этом компьютере, а не вами из каталога.',
    kk: 'Оны каталогтан сіз емес, осы компьютердегі басқа бағдарлама орнатқан.',
  },
  inventory_install_admin: {
    en: 'Installed by your organisation’s administrator.',
    ru: 'Установлено администратором вашей организации.',
    kk: 'Ұйымыңыздың әкімшісі орнатқан.',
  },
  inventory_install_other: { en: 'Installed in another way.', ru: 'Установлено иным способом.', kk: 'Басқа жолмен орнатылған.' },
  inventory_open_extensions: {
    en: 'Open the browser’s extensions page',
    ru: 'Открыть страницу расширений браузера',
    kk: 'Браузердің кеңейтімдер бетін ашу',
  },

  lang_kk: { en: 'Қазақша', ru: 'Қазақша', kk: 'Қазақша' },
  lang_ru: { en: 'Русский', ru: 'Русский', kk: 'Русский' },
  lang_en: { en: 'English', ru: 'English', kk: 'English' },
};

/** Keys whose text is the same in every language on purpose (names written in their own language). */
export const SAME_IN_EVERY_LANGUAGE: ReadonlySet<string> = new Set(['lang_kk', 'lang_ru', 'lang_en']);
