import { sha256Hex } from '../../../src/shared/feed/encoding.ts';
import { parseFeedDate } from '../../../src/shared/feed/dates.ts';
import { compareVersions } from '../../../src/shared/feed/rules-envelope.ts';
import { expiresDays, int, parse, required, str } from '../args.ts';
import { EXIT_CODES_HELP, usageError } from '../cli-error.ts';
import { COMMON_OPTIONS_HELP, DEFAULT_SRC_DIR, feedIdOf, issuedAhead, requireNotExpiring } from '../common.ts';
import { EXTENSION_VERSION } from '../extension-version.ts';
import { display, writeBytes } from '../files.ts';
import { DAY_MS } from '../payloads.ts';
import { refuseSignedOut } from '../out-guard.ts';
import { requireClientAccepts } from '../envelope-file.ts';
import { PAYLOAD_TYPES } from '../../../src/shared/feed/payload.ts';
import { buildRulesFromSources } from '../rules-payload.ts';
import { printSummary } from '../summary.ts';
import type { Io } from '../io.ts';
import type { Verb } from '../verb.ts';

/**
 * `--issued`, else SOURCE_DATE_EPOCH (reproducible builds: seconds since 1970), else now. Not ahead of this
 * machine's clock: the extension takes `issued` as a floor for its own (common.ts, requireIssuedPast).
 */
export function issuedTime(io: Io, given: string | undefined): number {
  const notAhead = (time: number, what: string): number => {
    if (issuedAhead(time, io.now()))
      throw usageError(
        `${what} is in the future (${new Date(time).toISOString()}; this machine's clock says ${new Date(io.now()).toISOString()})`,
      );
    return time;
  };
  if (given !== undefined) {
    let time: number;
    try {
      time = parseFeedDate(given, '--issued');
    } catch {
      throw usageError(`--issued must be YYYY-MM-DDTHH:MM:SSZ, got ${JSON.stringify(given)}`);
    }
    return notAhead(time, '--issued');
  }
  const epoch = io.env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return io.now();
  // Not silently ignored: a build that falls back to now is not the reproducible one that was asked for.
  if (!/^[0-9]{1,11}$/.test(epoch))
    throw usageError(`SOURCE_DATE_EPOCH must be whole seconds since 1970 (10 digits today), got ${JSON.stringify(epoch)}`);
  return notAhead(Number(epoch) * 1000, `SOURCE_DATE_EPOCH=${epoch}${epoch.length > 10 ? ' (milliseconds? it is seconds)' : ''}`);
}

export const build: Verb = {
  name: 'build',
  summary: 'assemble, lint and compile the sources into the rules payload (deterministic bytes)',
  help: `Usage: rules build --version <n> --out <file> [--src <dir>] [--issued <date>] [--expires-days <n>] [--min-client <x.y.z>]

Writes the unsigned rules payload ({_type:"rules", feed_id, version, issued, expires, schema, body})
as compact JSON. Same sources and options ⇒ same bytes (set --issued or SOURCE_DATE_EPOCH to pin the
dates). Refuses sources with lint errors, and an --out holding a signed envelope (exit 5).
Then: \`rules sign --in <file> --key <rules key>\`.
  --version <n>        rules version, strictly above the published one
  --min-client <x.y.z> the oldest extension that may load these rules; at most ${EXTENSION_VERSION}, the
                       version in manifest.json (no installed client would accept a higher one)
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
    // The client's own comparison (rules-envelope.ts): above this version, every installed client refuses the rules.
    if (minClient !== undefined && compareVersions(EXTENSION_VERSION, minClient) < 0)
      throw usageError(
        `--min-client ${minClient} is above ${EXTENSION_VERSION}, the version manifest.json gives the extension this checkout builds: no installed client would accept these rules; lower it, or build them once an extension that new is released`,
      );
    // Before the sources are assembled: a mistyped --out should not wait for lint to be refused.
    await refuseSignedOut(io, out, undefined, 'rules');
    const issued = issuedTime(io, str(p, 'issued'));
    const expires = issued + expiresDays(p, 30) * DAY_MS;
    requireNotExpiring([{ what: `${display(io, out)} (--issued ${new Date(issued).toISOString()})`, expires }], io.now(), 'has passed');
    const { bytes, compiled } = await buildRulesFromSources(io, {
      src: str(p, 'src') ?? DEFAULT_SRC_DIR,
      feedId,
      version,
      issued,
      expires,
      ...(minClient ? { minClient } : {}),
    });
    // Before it goes round the holders to sign: its envelope, with every signature it may get, must fit a client.
    requireClientAccepts({ payloadType: PAYLOAD_TYPES.rules, payload: bytes, signatures: [] }, display(io, out), true);
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
