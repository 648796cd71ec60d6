/**
 * What a client accepts of an envelope, checked before the CLI writes one (tools/rules-cli/envelope-file.ts,
 * `requireClientAccepts`): `build` of rules whose envelope would pass the 4 MiB cap once signed, and `sign`,
 * reported "threshold met" and exit 0; only `verify` and `publish` refused them, after every holder had signed.
 */
import { describe, expect, it } from 'vitest';
import { PAYLOAD_TYPES } from '../../../src/shared/feed/payload.ts';
import { MAX_RULES_BYTES } from '../../../src/shared/feed/pointer.ts';
import { requireClientAccepts } from '../../../tools/rules-cli/envelope-file.ts';

const rules = (bytes: number) => ({ payloadType: PAYLOAD_TYPES.rules, payload: new Uint8Array(bytes).fill(0x20), signatures: [] });

describe('requireClientAccepts', () => {
  it('refuses rules whose envelope, with every signature it may get, is over the cap, naming the file and the sizes', () => {
    // Base64 makes 4 bytes of 3: a payload of three quarters of the cap fills it.
    const over = Math.ceil((MAX_RULES_BYTES * 3) / 4);
    expect(() => requireClientAccepts(rules(over), 'r9.payload.json', true)).toThrow(
      /r9\.payload\.json: the signed envelope would be up to \d+ bytes, over the 4194304-byte cap every client enforces/,
    );
    expect(() => requireClientAccepts(rules(over - 4096), 'r9.payload.json', true)).not.toThrow();
  });

  it('refuses more than 8 signatures, which no client parses', () => {
    const sig = { keyid: 'a'.repeat(64), sig: 'AA==' };
    expect(() => requireClientAccepts({ ...rules(10), signatures: Array.from({ length: 9 }, () => sig) }, 'r9.json')).toThrow(
      'r9.json: signatures: 9, more than the 8 a client accepts',
    );
    expect(() => requireClientAccepts({ ...rules(10), signatures: Array.from({ length: 8 }, () => sig) }, 'r9.json')).not.toThrow();
  });
});
