/**
 * Which trust anchor a built extension carries. A release build must embed the committed production
 * root (rules/bundle/root.json, the latest of rules/root/) and nothing of the test feed: not the
 * throwaway test root, not the storage key through which test builds accept another mirror. A test
 * build must embed the test root (or its e2e feed tests could not sign updates it accepts).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_MIRRORS_KEY } from '../../src/background/feed-config.ts';
import { RELEASE_BUNDLE_DIR } from './feed-bundle.ts';
import { testRootPayloadBase64 } from './test-feed.ts';

function scripts(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...scripts(path));
    else if (name.endsWith('.js')) out.push(readFileSync(path, 'utf8'));
  }
  return out;
}

/** The signed payload (base64, quote-free, so it survives minification verbatim) of a root envelope. */
export function payloadOf(envelopeText: string): string {
  return (JSON.parse(envelopeText) as { payload: string }).payload;
}

export function checkFeedAnchor(dir: string, options: { testBuild: boolean; productionRoot?: string }): string[] {
  const code = scripts(dir).join('\n');
  const production = payloadOf(options.productionRoot ?? readFileSync(join(RELEASE_BUNDLE_DIR, 'root.json'), 'utf8'));
  const test = testRootPayloadBase64();
  const problems: string[] = [];
  if (options.testBuild) {
    if (!code.includes(test)) problems.push('test build does not embed the test feed root (tools/build/test-feed.ts)');
    return problems;
  }
  if (!code.includes(production)) problems.push('release build does not embed the committed production root (rules/bundle/root.json)');
  if (code.includes(test)) problems.push('release build embeds the THROWAWAY TEST feed root: anyone could sign rules it accepts');
  if (code.includes(TEST_MIRRORS_KEY)) problems.push(`release build contains the test-only mirror override key ${TEST_MIRRORS_KEY}`);
  return problems;
}
