/**
 * The signed baseline shipped inside the extension, verified at every start by the same code as a
 * network update. `saq-feed-bundle` is a build alias (tools/build/feed-bundle.ts): rules/bundle/ in a
 * release build; in a test build, a bundle made at build time with throwaway test keys.
 */
import root from 'saq-feed-bundle/root.json?raw';
import pointer from 'saq-feed-bundle/timestamp.json?raw';
import rules from 'saq-feed-bundle/rules.json?raw';
import { utf8Encode } from '../shared/feed/encoding.ts';
import type { BundledBaseline } from '../shared/feed/trusted-set.ts';

/** The documents are ASCII (compact JSON, base64 payloads), so text → bytes is exact. */
export const BUNDLED_BASELINE: BundledBaseline = { root: utf8Encode(root), pointer: utf8Encode(pointer), rules: utf8Encode(rules) };
