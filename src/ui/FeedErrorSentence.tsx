/**
 * One plain sentence on what a failed rules update means, for the person; the code beside it in the
 * panel is for a maintainer or support. Without hooks, so a unit test can render it without a browser.
 */
import { feedErrorSentenceKey } from './feed-error-keys.ts';
import type { FeedStatusView } from './feed-status.ts';
import { t } from './i18n.ts';

export function FeedErrorSentence({ error }: { error: NonNullable<FeedStatusView['error']> }) {
  return <p data-testid="feed-error-sentence">{t(feedErrorSentenceKey(error))}</p>;
}
