/**
 * Saves text as a file from an extension page without the `downloads` permission: an <a download>
 * click, which both browsers allow for extension pages. The file is a data: URL, not a Blob URL,
 * because a Blob URL dies with its document — and a toolbar popup may close (taking the document with
 * it) the moment the browser shows its download indicator, before the second file has been read.
 * Nothing leaves the browser.
 */
import { wellFormed } from '../shared/well-formed.ts';

export function saveTextFile(name: string, type: string, text: string): void {
  const link = document.createElement('a');
  link.href = `data:${type};charset=utf-8,${encodeURIComponent(wellFormed(text))}`;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}
