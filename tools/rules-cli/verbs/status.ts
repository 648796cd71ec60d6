/**
 * Is the published feed healthy, and for how long? Verifies each mirror as a client would and fails
 * (exit 4) when any document expires within its margin, so a scheduled CI job turns red days before
 * clients would see the feed as stale.
 */
import { int, list, parse, str } from '../args.ts';
import { CliError, EXIT, EXIT_CODES_HELP, toCliError, usageError } from '../cli-error.ts';
import { COMMON_OPTIONS_HELP, feedIdOf, rootDirOf, verifyPublished } from '../common.ts';
import { loadRootChain } from '../root-dir.ts';
import { daysLeft, printSummary } from '../summary.ts';
import type { SummaryItem } from '../summary.ts';
import type { Verb } from '../verb.ts';

const DAY = 86_400_000;
const DEFAULT_DAYS = { root: 60, rules: 7, timestamp: 2 } as const;

export const status: Verb = {
  name: 'status',
  summary: 'verify the published feed and fail N days before any document expires',
  help: `Usage: rules status --dir <mirror> [--dir <mirror> …] [--days <n>]
                    [--root-days <n>] [--rules-days <n>] [--timestamp-days <n>]

Verifies every mirror with the client's code (root chain from the committed anchor, pointer, blob
length and hash, rules signature and compile) and lists each document's expiry. Fails with exit 4
when one expires within its margin (defaults: root ${DEFAULT_DAYS.root} d, rules ${DEFAULT_DAYS.rules} d, timestamp ${DEFAULT_DAYS.timestamp} d;
--days sets all three), with exit 3 when a mirror does not verify, and exit 6 when it cannot be read.
The committed root (--root-dir) is checked too.
${COMMON_OPTIONS_HELP}

${EXIT_CODES_HELP}`,
  async run(argv, io) {
    const p = parse(argv, {
      dir: { type: 'string', multiple: true },
      days: { type: 'string' },
      'root-days': { type: 'string' },
      'rules-days': { type: 'string' },
      'timestamp-days': { type: 'string' },
      'feed-id': { type: 'string' },
      'root-dir': { type: 'string' },
    });
    const dirs = list(p, 'dir');
    if (dirs.length === 0) throw usageError('--dir is required');
    const all = str(p, 'days') === undefined ? undefined : int(p, 'days');
    const margin = {
      root: int(p, 'root-days', all ?? DEFAULT_DAYS.root),
      rules: int(p, 'rules-days', all ?? DEFAULT_DAYS.rules),
      timestamp: int(p, 'timestamp-days', all ?? DEFAULT_DAYS.timestamp),
    };
    const feedId = feedIdOf(p);
    const chain = await loadRootChain(io, rootDirOf(p), feedId);
    const now = io.now();
    const items: SummaryItem[] = [{ role: 'root', version: chain.latest.version, expires: chain.latest.expires, detail: '(committed)' }];
    const due: string[] = [];
    const check = (what: string, role: keyof typeof margin, expires: number): void => {
      const line = `${what}: expires ${daysLeft(expires, now)}`;
      if (expires <= now + margin[role] * DAY) due.push(`${line} (margin ${margin[role]} d)`);
    };
    check('committed root', 'root', chain.latest.expires);
    // Every mirror is looked at, a failing one included: status stopped at the first, and the expiry of the mirrors
    // after it went unshown on the day one of them was down.
    const failed: CliError[] = [];
    for (const dir of dirs) {
      const mirror = io.mirror(dir);
      let pub: Awaited<ReturnType<typeof verifyPublished>>;
      try {
        if (!(await mirror.exists())) throw new CliError(EXIT.io, `${mirror.name}: no such directory`);
        pub = await verifyPublished(io, mirror, chain, feedId);
      } catch (e) {
        const error = toCliError(e, dir);
        failed.push(error);
        io.out(`${dir}: FAILED — ${error.message}`);
        continue;
      }
      io.out(`${dir}: ok — root v${pub.root.version}, pointer v${pub.pointer.doc.version}, rules v${pub.rules.doc.version}`);
      check(`${dir}/root/${pub.root.version}.root.json`, 'root', pub.root.expires);
      check(`${dir}/timestamp.json`, 'timestamp', pub.pointer.doc.expires);
      check(`${dir}/${pub.pointer.doc.rules.path}`, 'rules', pub.rules.doc.expires);
      items.push(
        { role: 'timestamp', version: pub.pointer.doc.version, expires: pub.pointer.doc.expires, detail: dir },
        { role: 'rules', version: pub.rules.doc.version, expires: pub.rules.doc.expires, detail: dir },
      );
    }
    for (const d of due) io.out(`EXPIRING ${d}`);
    printSummary(io, feedId, items);
    if (failed.length > 0) {
      const first = failed[0]!;
      throw new CliError(
        first.exitCode,
        failed.length === 1 ? first.message : `${failed.length} of ${dirs.length} mirrors failed; first: ${first.message}`,
      );
    }
    if (due.length > 0) {
      throw new CliError(
        EXIT.expiry,
        `${due.length} document(s) expire within their margin; first: ${due[0]} — re-sign (\`timestamp refresh\`, \`build\`+\`sign\`, or a root with a later expiry)`,
      );
    }
  },
};
