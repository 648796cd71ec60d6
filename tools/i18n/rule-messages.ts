/**
 * What each rule's message key tells the person, in kk, ru and en: what was seen, in plain words.
 * Every `message` in rules/src/*.json needs an entry here (tests/unit/ui/locale-keys.test.ts checks).
 */
import type { MessageTable } from './ui-messages.ts';

export const RULE_MESSAGES: MessageTable = {
  // Purchase controls and cadence.
  rule_untrusted_purchase_click: {
    en: 'A program, not you, clicked a purchase button.',
    ru: 'Кнопку покупки нажали не вы, а программа.',
    kk: 'Сатып алу түймесін сіз емес, бағдарлама басты.',
  },
  rule_auto_clicker: {
    en: 'A program is clicking purchase buttons again and again (an auto-clicker).',
    ru: 'Программа раз за разом нажимает кнопки покупки (автокликер).',
    kk: 'Бағдарлама сатып алу түймелерін қайта-қайта басып жатыр (автокликер).',
  },
  rule_purchase_rate_inhuman: {
    en: 'Purchase actions come faster than a person can click.',
    ru: 'Покупки совершаются быстрее, чем может нажимать человек.',
    kk: 'Сатып алу әрекеттері адам баса алмайтындай жылдам жасалуда.',
  },
  rule_purchase_cadence_regular: {
    en: 'Purchase actions repeat at perfectly even, machine-like intervals.',
    ru: 'Покупки повторяются через идеально ровные промежутки, как у машины.',
    kk: 'Сатып алу әрекеттері машинадағыдай бірдей аралықпен қайталануда.',
  },

  // Automation drivers.
  rule_automation_webdriver: {
    en: 'This browser is being controlled by an automation program (WebDriver).',
    ru: 'Браузером управляет программа автоматизации (WebDriver).',
    kk: 'Бұл браузерді автоматтандыру бағдарламасы (WebDriver) басқарып отыр.',
  },
  rule_automation_chromedriver: {
    en: 'Traces of ChromeDriver, a tool bots use to control the browser, are on the page.',
    ru: 'На странице следы ChromeDriver — инструмента, которым боты управляют браузером.',
    kk: 'Бетте ChromeDriver іздері бар — боттар браузерді осы құралмен басқарады.',
  },
  rule_automation_cdp_frames: {
    en: 'A bot tool (Puppeteer or Playwright) is running code in this page.',
    ru: 'Инструмент ботов (Puppeteer или Playwright) выполняет код на этой странице.',
    kk: 'Бот құралы (Puppeteer не Playwright) осы бетте код орындап жатыр.',
  },
  rule_natives_patched: {
    en: 'Some built-in browser functions on this page were replaced.',
    ru: 'Некоторые встроенные функции браузера на этой странице подменены.',
    kk: 'Осы беттегі браузердің кейбір кірістірілген функциялары ауыстырылған.',
  },
  rule_webdriver_hidden: {
    en: 'A program hid the sign that this browser is being controlled by a bot tool.',
    ru: 'Программа скрыла признак того, что браузером управляет инструмент ботов.',
    kk: 'Бағдарлама браузерді бот құралы басқарып отырғанын білдіретін белгіні жасырды.',
  },
  rule_devtools_open: {
    en: 'The browser’s developer tools are open.',
    ru: 'Открыты инструменты разработчика браузера.',
    kk: 'Браузердің әзірлеуші құралдары ашық.',
  },

  // Checkout.
  rule_payment_form_redirected: {
    en: 'The payment form was changed to send your card data to another site.',
    ru: 'Форму оплаты изменили, чтобы данные карты ушли на другой сайт.',
    kk: 'Төлем формасы карта деректерін басқа сайтқа жіберетіндей өзгертілген.',
  },
  rule_delivery_changed_by_script: {
    en: 'A script changed the delivery details of your order.',
    ru: 'Скрипт изменил данные доставки вашего заказа.',
    kk: 'Скрипт тапсырысыңыздың жеткізу деректерін өзгертті.',
  },
  rule_fake_secret_overlay: {
    en: 'A fake window or field on the shop page asks for an SMS code, password or card details.',
    ru: 'Поддельное окно или поле на странице магазина просит SMS-код, пароль или данные карты.',
    kk: 'Дүкен бетіндегі жалған терезе немесе өріс SMS-кодты, құпиясөзді немесе карта деректерін сұрап тұр.',
  },

  // Data leaving the page.
  rule_exfil_unknown_host: {
    en: 'The page sent data to an unknown site.',
    ru: 'Страница отправила данные на неизвестный сайт.',
    kk: 'Бет деректерді белгісіз сайтқа жіберді.',
  },
  rule_exfil_known_channel: {
    en: 'Data from the page went to a channel fraudsters use (such as a Telegram or Discord bot).',
    ru: 'Данные со страницы ушли в канал, которым пользуются мошенники (например, бот Telegram или Discord).',
    kk: 'Беттегі деректер алаяқтар пайдаланатын арнаға жіберілді (мысалы, Telegram не Discord боты).',
  },
  rule_exfil_after_sensitive_read: {
    en: 'A script read your data on the page and then sent it to another site.',
    ru: 'Скрипт прочитал ваши данные на странице и отправил их на другой сайт.',
    kk: 'Скрипт беттегі деректеріңізді оқып, басқа сайтқа жіберді.',
  },
  rule_sensitive_read_foreign: {
    en: 'A foreign script read your login data (cookies, saved data or form fields).',
    ru: 'Посторонний скрипт прочитал ваши данные для входа (cookie, сохранённые данные или поля формы).',
    kk: 'Бөгде скрипт кіру деректеріңізді оқыды (cookie, сақталған деректер немесе форма өрістері).',
  },
  rule_sensitive_read_then_sent: {
    en: 'A foreign script read your login data and sent it to another site.',
    ru: 'Посторонний скрипт прочитал ваши данные для входа и отправил их на другой сайт.',
    kk: 'Бөгде скрипт кіру деректеріңізді оқып, басқа сайтқа жіберді.',
  },
  rule_keylogger_sensitive_field: {
    en: 'A foreign script records what you type in a password, SMS-code or card field.',
    ru: 'Посторонний скрипт записывает, что вы вводите в поле пароля, SMS-кода или карты.',
    kk: 'Бөгде скрипт құпиясөз, SMS-код немесе карта өрісіне енгізгеніңізді жазып алуда.',
  },

  // Code added to the page.
  rule_foreign_script: {
    en: 'A script from another site was added to the shop page.',
    ru: 'На страницу магазина добавлен скрипт с другого сайта.',
    kk: 'Дүкен бетіне басқа сайттың скрипті қосылды.',
  },
  rule_unlisted_third_party_script: {
    en: 'The shop loaded a script from a site Saq does not know yet.',
    ru: 'Магазин загрузил скрипт с сайта, которого Saq пока не знает.',
    kk: 'Дүкен Saq әлі білмейтін сайттан скрипт жүктеді.',
  },
  rule_blob_data_script: {
    en: 'A hidden script, made on the spot, was added to the page.',
    ru: 'На страницу добавлен скрытый скрипт, созданный на ходу.',
    kk: 'Бетке сол сәтте жасалған жасырын скрипт қосылды.',
  },
  rule_inline_script_injected: {
    en: 'Someone inserted their own code into the shop page.',
    ru: 'Кто-то вставил свой код на страницу магазина.',
    kk: 'Біреу дүкен бетіне өз кодын енгізді.',
  },
  rule_self_removing_script: {
    en: 'A script ran on the page and then removed itself to hide its traces.',
    ru: 'Скрипт сработал на странице и удалил себя, чтобы скрыть следы.',
    kk: 'Скрипт бетте іске қосылып, ізін жасыру үшін өзін өшірді.',
  },
  rule_known_helper_code: {
    en: 'Code of a known “helper program” is running on the page.',
    ru: 'На странице работает код известной «программы-помощника».',
    kk: 'Бетте белгілі «көмекші бағдарламаның» коды жұмыс істеп тұр.',
  },
  rule_known_helper_script: {
    en: 'A script of a known “helper program” is on the page.',
    ru: 'На странице найден скрипт известной «программы-помощника».',
    kk: 'Бетте белгілі «көмекші бағдарламаның» скрипті табылды.',
  },
  rule_dynamic_code_foreign: {
    en: 'A foreign script is running code it puts together on the spot.',
    ru: 'Посторонний скрипт выполняет код, который собирает на ходу.',
    kk: 'Бөгде скрипт сол сәтте құрастырған кодын орындап жатыр.',
  },
  rule_decoded_code_run: {
    en: 'A script ran code it had hidden in encoded (base64) text.',
    ru: 'Скрипт выполнил код, спрятанный в закодированном (base64) тексте.',
    kk: 'Скрипт кодталған (base64) мәтінге жасырылған кодты орындады.',
  },
  rule_remote_code_eval: {
    en: 'A script downloaded code from the internet and ran it on the page.',
    ru: 'Скрипт скачал код из интернета и выполнил его на странице.',
    kk: 'Скрипт интернеттен код жүктеп алып, оны бетте орындады.',
  },

  // Cart and quantity.
  rule_cart_burst: {
    en: 'Too many add-to-cart requests in a short time: this is how bots work.',
    ru: 'Слишком много запросов в корзину за короткое время: так работают боты.',
    kk: 'Қысқа уақытта себетке тым көп сұраныс жіберілді: боттар осылай жұмыс істейді.',
  },
  rule_cart_request_foreign_actor: {
    en: 'A foreign script is adding items to your cart.',
    ru: 'Посторонний скрипт добавляет товары в вашу корзину.',
    kk: 'Бөгде скрипт себетіңізге тауар қосып жатыр.',
  },
  rule_unhooked_cart_request: {
    en: 'Cart requests are sent past the page, by another extension or program.',
    ru: 'Запросы в корзину отправляются в обход страницы — другим расширением или программой.',
    kk: 'Себетке сұраныстар бетті айналып өтіп, басқа кеңейтім немесе бағдарлама арқылы жіберілуде.',
  },
  rule_quantity_over_limit: {
    en: 'The quantity was set above the per-buyer limit.',
    ru: 'Количество выставлено больше лимита на одного покупателя.',
    kk: 'Монета саны бір сатып алушыға белгіленген лимиттен асырып қойылды.',
  },
  rule_quantity_control_tampered: {
    en: 'The quantity field was altered to allow more coins than the limit.',
    ru: 'Поле количества изменено, чтобы можно было выбрать больше монет, чем разрешено.',
    kk: 'Сан өрісі лимиттен көп монета таңдауға болатындай өзгертілді.',
  },
  rule_cart_refusals_ignored: {
    en: 'Cart requests keep coming although the shop has already refused them (limit reached or too many requests): this is how bots work.',
    ru: 'Запросы в корзину продолжаются, хотя магазин уже отказал (лимит исчерпан или слишком много запросов): так работают боты.',
    kk: 'Дүкен бас тартса да (лимитке жеттіңіз немесе сұраныс тым көп), себетке сұраныстар жіберіле береді: боттар осылай жұмыс істейді.',
  },
  rule_purchase_clicks_synthesized: {
    en: 'Purchase buttons are pressed by a program that drives the browser: the clicks repeat at exactly the same point, faster than a double click.',
    ru: 'Кнопки покупки нажимает программа, управляющая браузером: щелчки повторяются в одной и той же точке быстрее двойного щелчка.',
    kk: 'Сатып алу түймелерін браузерді басқаратын бағдарлама басып жатыр: шертулер дәл бір нүктеде қос шертуден де жылдам қайталануда.',
  },
  rule_polling_loop: {
    en: 'A program other than the shop keeps requesting the same shop page at a fixed interval, waiting for the sale.',
    ru: 'Не магазин, а посторонняя программа через равные промежутки запрашивает одну и ту же страницу магазина, поджидая начало продаж.',
    kk: 'Дүкен емес, бөгде бағдарлама сатылымның басталуын күтіп, дүкеннің бір бетін бірдей аралықпен қайта-қайта сұрап тұр.',
  },
  rule_reload_storm: {
    en: 'Shop pages are reloaded many times a minute: this is how bots work.',
    ru: 'Страницы магазина перезагружаются много раз в минуту: так работают боты.',
    kk: 'Дүкен беттері минутына көп рет қайта жүктелуде: боттар осылай жұмыс істейді.',
  },

  // Attacks on Saq, and the extension inventory.
  rule_defence_tampered: {
    en: 'A script tried to switch off Saq’s protection on this page.',
    ru: 'Скрипт пытался отключить защиту Saq на этой странице.',
    kk: 'Скрипт осы беттегі Saq қорғанысын өшіруге тырысты.',
  },
  rule_hook_replaced: {
    en: 'A script replaced browser functions that Saq watches, to get around it.',
    ru: 'Скрипт подменил функции браузера, за которыми следит Saq, чтобы обойти защиту.',
    kk: 'Скрипт қорғанысты айналып өту үшін Saq бақылайтын браузер функцияларын ауыстырды.',
  },
  rule_tostring_patched: {
    en: 'A script changed how the page’s functions describe themselves: bots do this to hide their changes.',
    ru: 'Скрипт изменил то, как функции страницы описывают себя: так боты прячут свои изменения.',
    kk: 'Скрипт беттегі функциялардың өзін қалай сипаттайтынын өзгертті: боттар өз өзгерістерін осылай жасырады.',
  },
  rule_hook_wrapped: {
    en: 'A script on the page wrapped a browser function that Saq watches; Saq still sees every call.',
    ru: 'Скрипт на странице обернул функцию браузера, за которой следит Saq; Saq по-прежнему видит каждый вызов.',
    kk: 'Беттегі скрипт Saq бақылайтын браузер функциясын орап алды; Saq әр шақыруды бұрынғыдай көреді.',
  },
  rule_channel_spoofed: {
    en: 'A script on the page pretended to be Saq to feed it false information.',
    ru: 'Скрипт на странице выдавал себя за Saq, чтобы передать ему ложные сведения.',
    kk: 'Беттегі скрипт Saq-қа жалған мәлімет беру үшін өзін Saq етіп көрсетті.',
  },
  rule_warning_removed: {
    en: 'Something on the page removed Saq’s warning.',
    ru: 'Что-то на странице убрало предупреждение Saq.',
    kk: 'Беттегі бір нәрсе Saq ескертуін алып тастады.',
  },
  rule_extension_sideloaded: {
    en: 'An extension installed outside the official store can read and change the shop pages.',
    ru: 'Расширение, установленное не из официального магазина, может читать и менять страницы магазина.',
    kk: 'Ресми кеңейтімдер дүкенінен тыс орнатылған кеңейтім монета дүкенінің беттерін оқып, өзгерте алады.',
  },
  rule_extension_known_helper: {
    en: 'An extension known as a “helper program” is installed in this browser.',
    ru: 'В браузере установлено расширение, известное как «программа-помощник».',
    kk: 'Браузерде «көмекші бағдарлама» ретінде белгілі кеңейтім орнатылған.',
  },
};
