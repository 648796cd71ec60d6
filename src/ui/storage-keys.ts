/**
 * The storage.local keys the UI owns. One place, because the options page lists and clears exactly
 * these, and the content script reads the dismissals (it imports nothing else from here).
 */
/** The person's language choice: 'kk' | 'ru' | 'en' | 'auto' (absent = auto). */
export const LANGUAGE_KEY = 'ui.language';
/** Pages where the person hid the in-page warning: Record<pageKey, { at, severity }>. */
export const DISMISSALS_KEY = 'ui.dismissals';

export const UI_STORAGE_KEYS = [LANGUAGE_KEY, DISMISSALS_KEY] as const;
