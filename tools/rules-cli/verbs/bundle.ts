/**
 * Make (or check) the signed baseline the extension ships: the rules assembled from rules/src,
 * signed with the rules role, a pointer signed with the timestamp role, and the latest committed
 * root as the trust anchor. One command re-signs after a rule change; `--check` is what CI runs.
 */
import { bytesEqual, sha256Hex } from '../../../src/shared/feed/encoding.ts';
import { expiresDays, flag, int, list, parse, str } from '../args.ts';
import type { Parsed } from '../args.ts';
import { CliError, EXIT, EXIT_CODES_HELP, toCliError, usageError } from '../cli-error.ts';
import { COMMON_OPTIONS_HELP, DEFAULT_BUNDLE_DIR, DEFAULT_SRC_DIR, feedIdOf, rootDirOf, verifyPublished } from '../common.ts';
import { addSignatures, encodeEnvelope } from '../envelope-file.ts';
import { PAYLOAD_TYPES } from '../../../src/shared/feed/payload.ts';
import { display } from '../files.ts';
import type { Io } from '../io.ts';
import type { JsonObject } from '../../../src/shared/feed/strict-json.ts';
import { readPassphrase } from '../keyfile.ts';
import { DAY_MS } from '../payloads.ts';
import { assembledBodyText, buildRulesFromSources } from '../rules-payload.ts';
import { loadRootChain } from '../root-dir.ts';
import type { RootChain } from '../root-dir.ts';
import { unlockRoleKeys } from '../signers.ts';
import { chainItems, printSummary } from '../summary.ts';
import type { Verb } from '../verb.ts';
import { BUNDLE_FILES, bundledVersion, peekPayload, readBundle, verifyBundle, writeBundle } from '../bundle-files.ts';
import { nextPointerVersion, signPointer } from './timestamp-refresh.ts';
import { verifyRulesBytes } from '../../../src/shared/feed/documents.ts';
import { verifyEd25519 } from '../../../src/shared/feed/ed25519.ts';
import { highWaterMark } from '../../../src/shared/feed/high-water.ts';
import type { RoleName } from '../../../src/shared/feed/payload.ts';
import { noteRotations } from '../../../src/shared/feed/root-chain.ts';

export const RESIGN_COMMAND = 'npm run rules -- bundle --passphrase-file <file>   (maintainers; see rules/README.md)';
const DEFAULT_EXPIRES_DAYS = 30;
/**
 * Days left below which the bundle is re-signed even when its rules match the sources, and `--check` warns: a
 * release must not ship a baseline that goes stale in the person's browser days after it is installed.
 */
const RESIGN_WITHIN_DAYS = 14;

/** The bundled pointer or rules document that expires first, and when. */
function soonestExpiry(pointer: JsonObject, rules: JsonObject, out: string): { file: string; expires: number } {
  const dated = [
    { file: `${out}/${BUNDLE_FILES.pointer}`, expires: Date.parse(String(pointer.expires)) },
    { file: `${out}/${BUNDLE_FILES.rules}`, expires: Date.parse(String(rules.expires)) },
  ];
  return dated[1]!.expires < dated[0]!.expires ? dated[1]! : dated[0]!;
}

/** A warning when the bundle expires within RESIGN_WITHIN_DAYS (or has expired), else null. */
function expiryWarning({ file, expires }: { file: string; expires: number }, now: number): string | null {
  const days = Math.floor((expires - now) / DAY_MS);
  if (days >= RESIGN_WITHIN_DAYS) return null;
  const when = new Date(expires).toISOString();
  return days < 0
    ? `${file}: expired ${when}; the extension treats this baseline as stale: re-sign it (npm run rules -- bundle)`
    : `${file}: expires ${when}, in ${days} day(s); re-sign it before a release (npm run rules -- bundle)`;
}

export interface BundleCheck {
  rulesVersion: number;
  pointerVersion: number;
  rules: number;
}

/** CI: the committed bundle verifies, anchors on the latest committed root, and matches the sources. */
export async function checkBundle(io: Io, o: { dir: string; src: string; feedId: string; rootDir: string }): Promise<BundleCheck> {
  const chain = await loadRootChain(io, o.rootDir, o.feedId);
  const b = await readBundle(io, o.dir);
  if (!b) throw new CliError(EXIT.input, `${o.dir}/${BUNDLE_FILES.rules}: missing; run ${RESIGN_COMMAND}`);
  const latest = chain.files[chain.files.length - 1]!;
  if (!bytesEqual(b.root, latest.bytes)) {
    throw new CliError(
      EXIT.verification,
      `${o.dir}/${BUNDLE_FILES.root}: is not the latest committed root ${display(io, latest.path)}; run ${RESIGN_COMMAND}`,
    );
  }
  const set = await verifyBundle(b, o.feedId, o.dir, io.now());
  if (JSON.stringify(set.rules.doc.body) !== (await assembledBodyText(io, o.src))) {
    throw new CliError(
      EXIT.input,
      `${o.dir}/${BUNDLE_FILES.rules}: body: differs from what ${o.src} assembles to (a rule changed without re-signing); run ${RESIGN_COMMAND}`,
    );
  }
  return { rulesVersion: set.rules.doc.version, pointerVersion: set.pointer.doc.version, rules: set.compiled.stats.rules };
}

/**
 * Roles whose keys the latest committed root changed since the root the existing bundle anchors on: an
 * extension update shipping the next bundle compares those two roots directly and resets the marks of these
 * roles (trusted-set.ts rotatedByBundle, noteRotations). A bundled root outside the committed chain resets
 * nothing: the stricter choice, numbering from the previous bundle as before.
 */
function rotatedSinceBundled(chain: RootChain, bundledRoot: Uint8Array): Set<RoleName> {
  const rotated = new Set<RoleName>();
  const held = chain.files.find((f) => bytesEqual(f.bytes, bundledRoot));
  if (held) noteRotations(held.root, chain.latest, rotated);
  return rotated;
}

/**
 * The rules version to sign: --version when given, else `next` (one above the bundled mark). A --version below
 * `next` is refused (exit 1), as the extension would refuse that baseline; it was raised to `next` silently, so
 * the bundle carried another version than the one asked for. `why` says where `next` comes from.
 */
function rulesVersion(p: Parsed, next: number, why: string): number {
  if (str(p, 'version') === undefined) return next;
  const asked = int(p, 'version');
  if (asked < next) throw usageError(`--version: ${asked} is below the next version ${next} (${why})`);
  return asked;
}

/**
 * Whether --version asks for another rules version than the bundled one: then the bundle is signed anew (or the
 * version refused, rulesVersion) even when it is up to date, as with --force. Without this it was ignored: the
 * bundle was "already up to date", exit 0, and kept a version the maintainer had not asked for.
 */
function asksOtherVersion(p: Parsed, bundledVersion: number | null): boolean {
  return str(p, 'version') !== undefined && int(p, 'version') !== bundledVersion;
}

/** Where the next rules version comes from, for rulesVersion's message. */
function nextVersionReason(bundledVersion: number | null, out: string, rotated: ReadonlySet<RoleName>, rootVersion: number): string {
  if (bundledVersion === null) return `there is no bundle in ${out} yet`;
  if (rotated.has('rules'))
    return `the bundled rules are v${bundledVersion}, but root v${rootVersion} rotated the rules keys since, so the count starts again`;
  return `the bundled rules are v${bundledVersion}`;
}

async function fromPublished(io: Io, dir: string, chain: RootChain, feedId: string, out: string): Promise<void> {
  const pub = await verifyPublished(io, io.mirror(dir), chain, feedId);
  if (pub.root.version !== chain.latest.version) {
    throw new CliError(
      EXIT.conflict,
      `${dir}: serves root v${pub.root.version}, the repository has v${chain.latest.version}; commit the same chain first`,
    );
  }
  await writeBundle(io, out, { root: chain.files[chain.files.length - 1]!.bytes, pointer: pub.pointerBytes, rules: pub.rulesBytes });
}

export const bundle: Verb = {
  name: 'bundle',
  summary: 'sign the baseline the extension ships (rules/bundle/), or check it (--check)',
  help: `Usage: rules bundle [--passphrase-file <f>] [--out <dir>] [--src <dir>] [--version <n>] [--force]
                    [--rules-key <key> …] [--timestamp-key <key> …] [--expires-days <n>]
       rules bundle --from <published mirror> [--out <dir>]
       rules bundle --check [--out <dir>] [--src <dir>]

Writes ${BUNDLE_FILES.root} (the latest root in --root-dir), ${BUNDLE_FILES.rules} (rules assembled from --src,
default ${DEFAULT_SRC_DIR}, signed by the rules role) and ${BUNDLE_FILES.pointer} (signed by the timestamp role)
to --out (default ${DEFAULT_BUNDLE_DIR}), then verifies them exactly as the extension does at first
start. The rules version is --version, else one above the bundled one, counted from 0 once the latest
root rotated the rules keys since the bundled root, as the extension counts it; a --version below that
is refused (exit 1), as the extension would refuse such a baseline; keys are --rules-key /
--timestamp-key, else those of each role found in $SAQ_KEYS_DIR (default ~/.saq/keys). Does nothing
when the bundle already matches the sources, unless --force or a --version other than the bundled one
(a lower one is refused as above). Publish the same rules envelope to the
feed (\`rules timestamp refresh --rules ${DEFAULT_BUNDLE_DIR}/${BUNDLE_FILES.rules}\`, \`rules publish\`) so
bundle and feed share one version sequence.
--from copies what a mirror publishes (after verifying it) instead of signing.
--check fails when the bundle does not verify, does not anchor on the latest committed root, or
its rules differ from the sources (what CI runs; the message says how to fix it).
  --expires-days <n>   rules and pointer expiry (default ${DEFAULT_EXPIRES_DAYS}); an older baseline shows as stale
${COMMON_OPTIONS_HELP}

${EXIT_CODES_HELP}`,
  async run(argv, io) {
    const p = parse(argv, {
      out: { type: 'string' },
      src: { type: 'string' },
      version: { type: 'string' },
      force: { type: 'boolean' },
      check: { type: 'boolean' },
      from: { type: 'string' },
      'rules-key': { type: 'string', multiple: true },
      'timestamp-key': { type: 'string', multiple: true },
      'expires-days': { type: 'string' },
      'passphrase-file': { type: 'string' },
      'feed-id': { type: 'string' },
      'root-dir': { type: 'string' },
    });
    const out = str(p, 'out') ?? DEFAULT_BUNDLE_DIR;
    const src = str(p, 'src') ?? DEFAULT_SRC_DIR;
    const feedId = feedIdOf(p);
    const rootDir = rootDirOf(p);
    const done = async (what: string): Promise<void> => {
      const c = await checkBundle(io, { dir: out, src, feedId, rootDir }).catch((e: unknown) => {
        if (str(p, 'from') !== undefined && e instanceof CliError && e.exitCode === EXIT.input) return null; // a published set may lag the sources
        throw e;
      });
      const bundle = (await readBundle(io, out))!;
      const set = await verifyBundle(bundle, feedId, out, io.now());
      io.out(`${what}${c === null ? ' (its rules differ from the sources)' : ''}`);
      const warning = expiryWarning(
        soonestExpiry(
          peekPayload(bundle.pointer, `${out}/${BUNDLE_FILES.pointer}`),
          peekPayload(bundle.rules, `${out}/${BUNDLE_FILES.rules}`),
          out,
        ),
        io.now(),
      );
      if (warning) io.err(`warning: ${warning}`);
      printSummary(
        io,
        feedId,
        chainItems(set.root, set.pointer.doc, set.rules.doc),
        `${set.compiled.stats.rules} rules, ${set.compiled.stats.indicators} indicators, ${set.rules.text.length} bytes, sha256 ${set.rules.sha256.slice(0, 16)}…`,
      );
    };
    if (flag(p, 'check')) return done(`${display(io, out)} verifies and matches ${display(io, src)}`);

    const chain = await loadRootChain(io, rootDir, feedId);
    const from = str(p, 'from');
    if (from !== undefined) {
      await fromPublished(io, from, chain, feedId, out);
      return done(`copied the feed published in ${from} to ${display(io, out)}`);
    }

    const existing = await readBundle(io, out);
    const latestRoot = chain.files[chain.files.length - 1]!.bytes;
    const sourcesText = await assembledBodyText(io, src);
    const bundledRules = existing ? bundledVersion(existing.rules, `${out}/${BUNDLE_FILES.rules}`, 'rules') : null;
    if (existing && !flag(p, 'force') && !asksOtherVersion(p, bundledRules)) {
      const sameRoot = bytesEqual(existing.root, latestRoot);
      const body = peekPayload(existing.rules, `${out}/${BUNDLE_FILES.rules}`).body;
      const pointerPayload = peekPayload(existing.pointer, `${out}/${BUNDLE_FILES.pointer}`);
      const fresh =
        expiryWarning(soonestExpiry(pointerPayload, peekPayload(existing.rules, `${out}/${BUNDLE_FILES.rules}`), out), io.now()) === null;
      if (sameRoot && JSON.stringify(body) === sourcesText && fresh)
        return done(`${display(io, out)} is already up to date with ${display(io, src)}`);
    }
    // Numbered as the extension judges a new baseline against the one it holds (high-water.ts): above the
    // previous bundle, unless the latest root rotated that role's keys since, which resets the mark — else a
    // bundle that once took 2^53−1 from a stolen key could never be re-signed, though clients would take it.
    const rotated = existing ? rotatedSinceBundled(chain, existing.root) : new Set<RoleName>();
    const prevRules = bundledRules === null ? 0 : highWaterMark('rules', bundledRules, rotated);
    const prevPointer = existing
      ? highWaterMark('timestamp', bundledVersion(existing.pointer, `${out}/${BUNDLE_FILES.pointer}`, 'timestamp'), rotated)
      : 0;
    const version = rulesVersion(p, prevRules + 1, nextVersionReason(bundledRules, out, rotated, chain.latest.version));
    const issued = io.now();
    const expires = issued + expiresDays(p, DEFAULT_EXPIRES_DAYS) * DAY_MS;
    const built = await buildRulesFromSources(io, { src, feedId, version, issued, expires });
    const passphrase = await readPassphrase(io, str(p, 'passphrase-file'));
    const rulesSigners = await unlockRoleKeys(io, chain.latest, 'rules', list(p, 'rules-key'), passphrase);
    const rules = encodeEnvelope(addSignatures({ payloadType: PAYLOAD_TYPES.rules, payload: built.bytes, signatures: [] }, rulesSigners));
    try {
      await verifyRulesBytes(chain.latest, rules, feedId, verifyEd25519); // fewer keys than the threshold, say
    } catch (e) {
      throw toCliError(e, `${out}/${BUNDLE_FILES.rules}`);
    }
    const pointer = await signPointer(io, chain, {
      feedId,
      version: nextPointerVersion(issued, prevPointer > 0 ? [prevPointer] : []),
      issued,
      expires,
      ref: { version, length: rules.length, sha256: await sha256Hex(rules) },
      keys: list(p, 'timestamp-key'),
      passphrase,
    });
    await writeBundle(io, out, { root: latestRoot, pointer, rules });
    return done(`wrote ${display(io, out)}: rules v${version} signed by ${rulesSigners.map((s) => s.label).join(', ')}`);
  },
};
