/** Where to read the bank's own word: its warnings and the shop's rules. Opened in a new tab. */
import { t } from '../ui/i18n.ts';
import { NBK_NEWS_URL, SHOP_QUESTIONS_URL } from '../ui/links.ts';

export function OfficialLinks() {
  return (
    <section class="links" aria-labelledby="links-title">
      <h2 id="links-title">{t('links_title')}</h2>
      <ul>
        <li>
          <a href={NBK_NEWS_URL} target="_blank" rel="noopener noreferrer">
            {t('link_nbk')}
          </a>
        </li>
        <li>
          <a href={SHOP_QUESTIONS_URL} target="_blank" rel="noopener noreferrer">
            {t('link_shop_rules')}
          </a>
        </li>
      </ul>
    </section>
  );
}
