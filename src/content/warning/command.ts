/**
 * Checks the background's warning command by hand: content scripts carry no zod (size budget), and
 * the schema in src/shared/protocol.ts (WarningBGtoCS) is the source of truth this mirrors.
 */
import type { WarningBGtoCS } from '../../shared/protocol.ts';

const TEXT_FIELDS = ['pageUrl', 'label', 'title', 'detail', 'hint', 'dismiss'] as const;

export function isWarningCommand(value: unknown): value is WarningBGtoCS {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  return (
    message.type === 'warning/bg-to-cs' &&
    (message.severity === 'warning' || message.severity === 'danger' || message.severity === 'critical') &&
    (message.lang === 'kk' || message.lang === 'ru' || message.lang === 'en') &&
    typeof message.pageId === 'string' &&
    /^[0-9a-f-]{36}$/.test(message.pageId) &&
    TEXT_FIELDS.every((field) => typeof message[field] === 'string' && (message[field] as string).length <= 2048)
  );
}
