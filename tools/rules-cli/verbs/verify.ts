import { verifyPointerBytes, verifyRulesBytes } from '../../../src/shared/feed/documents.ts';
import { verifyEd25519 } from '../../../src/shared/feed/ed25519.ts';
import { verifyNextRoot } from '../../../src/shared/feed/root-chain.ts';
import { compileRules } from '../../../src/shared/feed/trusted-set.ts';
import { parse, str } from '../args.ts';
import { EXIT_CODES_HELP, inputError, usageError } from '../cli-error.ts';
import {
  COMMON_OPTIONS_HELP,
  feedIdOf,
  requireIssuedPast,
  requireNotExpiring,
  rootDirOf,
  verifyContext,
  verifyPublished,
} from '../common.ts';
import { decodeEnvelope, roleOfPayloadType } from '../envelope-file.ts';
import { display, readBytes, verifierError } from '../files.ts';
import { loadRootChain } from '../root-dir.ts';
import { chainItems, printSummary } from '../summary.ts';
import type { Verb } from '../verb.ts';

export const verify: Verb = {
  name: 'verify',
  summary: 'verify a signed document or a whole published directory with the extension’s verifier',
  help: `Usage: rules verify <envelope>        a signed rules, timestamp or root document
       rules verify --dir <published>    everything a client would fetch from that mirror

Uses the extension's own modules (src/shared/feed): strict envelope parse, role-scoped threshold
over distinct keys, payload schema and feed id, root chain from the committed anchor, the blob's
length and SHA-256 against the pointer, version agreement, compile. Expired documents fail (exit 4).
${COMMON_OPTIONS_HELP}

${EXIT_CODES_HELP}`,
  async run(argv, io) {
    const p = parse(argv, { dir: { type: 'string' }, 'feed-id': { type: 'string' }, 'root-dir': { type: 'string' } }, 1);
    const feedId = feedIdOf(p);
    const chain = await loadRootChain(io, rootDirOf(p), feedId);
    const dir = str(p, 'dir');
    if (dir !== undefined && p.positionals.length > 0)
      throw usageError(`give an envelope file or --dir, not both (got ${JSON.stringify(p.positionals[0])} and --dir ${dir})`);
    const now = io.now();
    if (dir !== undefined) {
      io.err(`verifying ${dir} as a client would…`);
      const pub = await verifyPublished(io, io.mirror(dir), chain, feedId);
      requireNotExpiring(
        [
          { what: `${dir}/root/${pub.root.version}.root.json`, expires: pub.root.expires },
          { what: `${dir}/timestamp.json`, expires: pub.pointer.doc.expires },
          { what: `${dir}/${pub.pointer.doc.rules.path}`, expires: pub.rules.doc.expires },
        ],
        now,
        'has passed',
      );
      io.out(`verified ${dir}`);
      printSummary(
        io,
        feedId,
        chainItems(pub.root, pub.pointer.doc, pub.rules.doc),
        `${pub.compiled.stats.rules} rules, ${pub.compiled.stats.indicators} indicators, ${pub.rulesBytes.length} bytes`,
      );
      return;
    }
    const file = p.positionals[0];
    if (file === undefined) throw usageError('give an envelope file or --dir <published>');
    const name = display(io, file);
    const bytes = await readBytes(io, file);
    const role = roleOfPayloadType(decodeEnvelope(bytes, name).payloadType);
    if (role === undefined) throw inputError(`${name}: payloadType: not a Saq feed document`);
    const root = chain.latest;
    try {
      if (role === 'root') {
        const known = chain.files.find((f) => Buffer.from(f.bytes).equals(Buffer.from(bytes)));
        const verified = known?.root ?? (await verifyNextRoot(root, bytes, feedId, verifyEd25519));
        requireNotExpiring([{ what: name, expires: verified.expires }], now, 'has passed');
        io.out(`${name}: valid root v${verified.version}${known ? ' (in the committed chain)' : ` (next after v${root.version})`}`);
        printSummary(io, feedId, [{ role: 'root', version: verified.version, expires: verified.expires }]);
      } else if (role === 'timestamp') {
        const ptr = await verifyPointerBytes(root, bytes, feedId, verifyEd25519);
        requireNotExpiring([{ what: name, expires: ptr.doc.expires }], now, 'has passed');
        requireIssuedPast([{ what: name, issued: ptr.doc.issued }], now);
        io.out(`${name}: valid pointer → rules v${ptr.doc.rules.version} (${ptr.doc.rules.length} bytes)`);
        printSummary(io, feedId, [{ role, version: ptr.doc.version, expires: ptr.doc.expires }]);
      } else {
        const rules = await verifyRulesBytes(root, bytes, feedId, verifyEd25519);
        const compiled = compileRules(rules, verifyContext(feedId), now);
        requireNotExpiring([{ what: name, expires: rules.doc.expires }], now, 'has passed');
        requireIssuedPast([{ what: name, issued: rules.doc.issued }], now);
        io.out(`${name}: valid rules, sha256 ${rules.sha256}`);
        printSummary(
          io,
          feedId,
          [{ role, version: rules.doc.version, expires: rules.doc.expires }],
          `${compiled.stats.rules} rules, ${compiled.stats.indicators} indicators`,
        );
      }
    } catch (e) {
      // The file's own text parsed above, so a JSON refusal here is the payload's, reported at its position.
      throw verifierError(e, name, bytes);
    }
  },
};
