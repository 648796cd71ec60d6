/**
 * Addresses of the script elements the document has held, as this world saw them inserted (whoever
 * inserted them, the parser included) or the page hooks reported them (in a shadow root, where the
 * document's observer does not reach). A script load in the resource timeline that none of them explains
 * ran with no element: a module loaded by `import()`.
 *
 * Bounded, oldest first out: a page that inserts more scripts than this can only make an element's load
 * look like an import — a report about a stranger host's script either way, never one missed.
 */
const MAX_SOURCES = 1024;
const sources = new Set<string>();

export function noteScriptSource(src: string): void {
  if (!src) return;
  sources.delete(src); // re-added as the newest
  sources.add(src);
  if (sources.size > MAX_SOURCES) sources.delete(sources.values().next().value!);
}

export function scriptSourceSeen(src: string): boolean {
  return sources.has(src);
}
