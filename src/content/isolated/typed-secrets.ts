/**
 * What the person typed into the page's secret fields — password, SMS code, certificate password, card — as the
 * ISOLATED world reads it, only to find it in a stranger-bound address (secret-segments.ts): the values never
 * leave this world. Read when a send to a stranger is judged and when a foreign script is seen reading a secret,
 * and kept (the latest MAX_TYPED) for the rest of the page: the shop empties a password field after a refused
 * sign-in, and a helper sends what it read a moment later.
 */
import { SECRET_FIELDS } from '../../shared/secret-fields.ts';
import { valueOf } from './fields.ts';

export const MAX_TYPED = 16;

/** Any site's secret fields; the shop's own (its SMS code, its certificate password) once the profile is known. */
let fields = SECRET_FIELDS;
/** Every value seen so far, newest first. */
let known: string[] = [];

export function watchSecretFields(shopFields: string): void {
  if (shopFields) fields = `${SECRET_FIELDS},${shopFields}`;
}

function valuesNow(): string[] {
  const values: string[] = [];
  try {
    for (const field of document.querySelectorAll(fields)) {
      const value = valueOf(field);
      if (value !== '') values.push(value);
    }
  } catch {
    // A profile selector the engine does not take: any site's fields still count.
    if (fields === SECRET_FIELDS) return values;
    fields = SECRET_FIELDS;
    return valuesNow();
  }
  return values;
}

/** The values in the secret fields now, then those seen before (newest first), at most MAX_TYPED. */
export function typedSecrets(): string[] {
  known = [...new Set([...valuesNow(), ...known])].slice(0, MAX_TYPED);
  return known;
}
