/**
 * The start tag a piece of `document.write` text leaves unfinished, for the next write to finish: the
 * parser keeps it and reads on, so `write('<img src=x on')` then `write('error="…">')` makes an image with
 * an `onerror` handler though neither text shows one (main/markup.ts carries it from one write of a
 * document to the next). Pure: a scan from the last `<` that keeps track of quotes, not the HTML tokenizer
 * — it need only keep what may still be open; a `<` inside a quoted value starts the carried text there,
 * which still holds the attributes after it.
 */
import { lastIndexOf, sliceString } from './strings.ts';

/** Carried at most: the tag's last characters (padding before its handler must not push it out). */
export const MAX_OPEN_TAG = 2048;
/** Put before a tag cut to its end, so what is left is still read as a tag's attributes. */
const CUT_TAG = '<x ';

export function openTagAtEnd(text: string): string {
  const start = lastIndexOf(text, '<');
  if (start < 0) return '';
  let quote = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return '';
  }
  return text.length - start <= MAX_OPEN_TAG ? sliceString(text, start) : CUT_TAG + sliceString(text, text.length - MAX_OPEN_TAG);
}
