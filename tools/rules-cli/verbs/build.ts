import { sha256Hex, utf8Encode } from '../../../src/shared/feed/encoding.ts';
import { parseFeedDate } from '../../../src/shared/feed/dates.ts';
import type { JsonObject } from '../../../src/shared/feed/strict-json.ts';
import { RULE_SET_SCHEMA_VERSION } from '../../../src/shared/rules/schema.ts';
import { compileRuleSet } from '../../../src/shared/rules/compile.ts';
import { int, parse, required, str } from '../args.ts';
import { CliError, EXIT, EXIT_CODES_HELP, usageError } from '../cli-error.ts';
import { COMMON_OPTIONS_HELP, DEFAULT_SRC_DIR, feedIdOf } from '../common.ts';
import { display, writeBytes } from '../files.ts';
import { DAY_MS, rulesPayload } from '../payloads.ts';
import { lintSources, readSources } from '../rules-source.ts';
import { printSummary } from '../summary.ts';
import type { Io } from '../io.ts';
import type { Verb } from '../verb.ts';

/** `--issued`, else SOURCE_DATE_EPOCH (reproducible builds), else now. */
export function issuedTime(io: Io, given: string | undefined): number {
  if (given !== undefined) {
    try {
      return parseFeedDate(given, '--issued');
    } catch {
      throw usageError(`--issued must be YYYY-MM-DDTHH:MM:SSZ, got ${JSON.stringify(given)}`);
    }
  }
  const epoch = io.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^[0-9]{1,12}$/.test(epoch)) return Number(epoch) * 1000;
  return io.now();
}

export const build: Verb = {
  name: 'build',
  summary: 'assemble, lint and compile the sources into the rules payload (deterministic bytes)',
  help: `Usage: rules build --version <n> --out <file> [--src <dir>] [--issued <date>] [--expires-days <n>] [--min-client <x.y.z>]

Writes the unsigned rules payload ({_type:"rules", feed_id, version, issued, expires, schema, body})
as compact JSON. Same sources and options ⇒ same bytes (set --issued or SOURCE_DATE_EPOCH to pin the
dates). Refuses sources with lint errors. Then: \`rules sign --in <file> --key <rules key>\`.
  --version <n>        rules version, strictly above the published one
  --expires-days <n>   default 30
${COMMON_OPTIONS_HELP}

${EXIT_CODES_HELP}`,
  async run(argv, io) {
    const p = parse(argv, {
      version: { type: 'string' },
      out: { type: 'string' },
      src: { type: 'string' },
      issued: { type: 'string' },
      'expires-days': { type: 'string' },
      'min-client': { type: 'string' },
      'feed-id': { type: 'string' },
      'root-dir': { type: 'string' },
    });
    const version = int(p, 'version');
    if (version < 1) throw usageError('--version must be at least 1');
    const out = required(p, 'out');
    const feedId = feedIdOf(p);
    const minClient = str(p, 'min-client');
    if (minClient !== undefined && !/^\d{1,6}\.\d{1,6}\.\d{1,6}$/.test(minClient)) throw usageError('--min-client must look like 1.2.3');
    io.err('assembling and linting the sources…');
    const sources = await readSources(io, str(p, 'src') ?? DEFAULT_SRC_DIR);
    const errors = lintSources(sources, io.now()).filter((i) => i.level === 'error');
    for (const e of errors) io.out(`error: ${e.where}: ${e.message}`);
    if (errors.length > 0)
      throw new CliError(
        EXIT.input,
        `${errors.length} lint error(s); run \`rules lint\`; first: ${errors[0]!.where}: ${errors[0]!.message}`,
      );
    const compiled = compileRuleSet(sources.body, { now: 0 });
    const issued = issuedTime(io, str(p, 'issued'));
    const expires = issued + int(p, 'expires-days', 30) * DAY_MS;
    const payload = rulesPayload({
      feedId,
      version,
      issued,
      expires,
      schema: RULE_SET_SCHEMA_VERSION,
      ...(minClient ? { minClient } : {}),
      body: sources.body as JsonObject,
    });
    const bytes = utf8Encode(JSON.stringify(payload));
    await writeBytes(io, out, bytes);
    io.out(`wrote ${display(io, out)}: ${bytes.length} bytes, sha256 ${await sha256Hex(bytes)}`);
    printSummary(
      io,
      feedId,
      [{ role: 'rules', version, expires, detail: '(unsigned payload)' }],
      `${compiled.stats.rules} rules, ${compiled.stats.indicators} indicators`,
    );
  },
};
