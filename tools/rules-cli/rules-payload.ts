/**
 * Sources → the rules payload bytes that get signed: assemble, lint (errors refuse), compile, then
 * parse the bytes back with the client's strict parser, so a payload no client would accept (a
 * number written as 1e-7, say) is refused here rather than after signing.
 */
import { utf8Encode } from '../../src/shared/feed/encoding.ts';
import { RULES_JSON } from '../../src/shared/feed/open-envelope.ts';
import { parseRulesPayload } from '../../src/shared/feed/rules-envelope.ts';
import { parseStrictJson } from '../../src/shared/feed/strict-json.ts';
import type { JsonObject } from '../../src/shared/feed/strict-json.ts';
import { compileRuleSet } from '../../src/shared/rules/compile.ts';
import type { CompiledRuleSet } from '../../src/shared/rules/compile.ts';
import { RULE_SET_SCHEMA_VERSION } from '../../src/shared/rules/schema.ts';
import { CliError, EXIT, toCliError } from './cli-error.ts';
import type { Io } from './io.ts';
import { rulesPayload } from './payloads.ts';
import { lintSources, readSources } from './rules-source.ts';

export interface BuiltRules {
  bytes: Uint8Array;
  body: JsonObject;
  compiled: CompiledRuleSet;
}

export async function buildRulesFromSources(
  io: Io,
  o: { src: string; feedId: string; version: number; issued: number; expires: number; minClient?: string },
): Promise<BuiltRules> {
  io.err('assembling and linting the sources…');
  const sources = await readSources(io, o.src);
  const errors = lintSources(sources, io.now()).filter((i) => i.level === 'error');
  for (const e of errors) io.out(`error: ${e.where}: ${e.message}`);
  if (errors.length > 0) {
    throw new CliError(EXIT.input, `${errors.length} lint error(s); run \`rules lint\`; first: ${errors[0]!.where}: ${errors[0]!.message}`);
  }
  const compiled = compileRuleSet(sources.body, { now: 0 });
  const body = sources.body as JsonObject;
  const payload = rulesPayload({
    feedId: o.feedId,
    version: o.version,
    issued: o.issued,
    expires: o.expires,
    schema: RULE_SET_SCHEMA_VERSION,
    ...(o.minClient ? { minClient: o.minClient } : {}),
    body,
  });
  const bytes = utf8Encode(JSON.stringify(payload));
  try {
    parseRulesPayload(parseStrictJson(new TextDecoder().decode(bytes), RULES_JSON), o.feedId);
  } catch (e) {
    throw toCliError(e, `${o.src} (assembled payload)`);
  }
  return { bytes, body, compiled };
}

/** The assembled body as canonical text, for "is the signed copy up to date with the sources?". */
export async function assembledBodyText(io: Io, src: string): Promise<string> {
  return JSON.stringify((await readSources(io, src)).body);
}
