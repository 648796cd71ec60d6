import { sliceString } from './natives.ts';

/**
 * What a script-inserted finding says: one shape for every way code is started (scripts, workers, and the
 * data: and blob: documents of main/code-document.ts).
 */
export function insertedEvidence(src: string, text: string, how: string, selfRemoved = false) {
  return { src, inline: !src, selfRemoved, sha256: '', text: sliceString(text, 0, 2048), how };
}
