/** Where to read the bank's own word: its warnings, and the shop's questions page with the user agreement. Opened in a new tab. */
import { currentLanguage, t } from '../ui/i18n.ts';
import { officialLinks } from '../ui/links.ts';

export function OfficialLinks() {
  const links = officialLinks(currentLanguage());
  return (
    <section class="links" aria-labelledby="links-title">
      <h2 id="links-title">{t('links_title')}</h2>
      <ul>
        <li>
          <a href={links.nbkNews} target="_blank" rel="noopener noreferrer" data-testid="link-nbk">
            {t('link_nbk')}
          </a>
        </li>
        <li>
          <a href={links.shopQuestions} target="_blank" rel="noopener noreferrer" data-testid="link-shop">
            {t('link_shop_rules')}
          </a>
        </li>
      </ul>
    </section>
  );
}
