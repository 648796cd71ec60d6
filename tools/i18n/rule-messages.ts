/** Explanations of each rule's message key, in kk, ru and en (filled as rules are written). */
import type { MessageTable } from './ui-messages.ts';

export const RULE_MESSAGES: MessageTable = {};
