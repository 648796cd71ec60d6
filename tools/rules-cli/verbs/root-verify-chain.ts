/**
 * Verify the committed root chain exactly as a client walks it, optionally with a draft as the next
 * link; `--install` then commits the draft as <root-dir>/<N>.root.json (never overwriting a file).
 */
import { verifyAnchorRoot, verifyNextRoot } from '../../../src/shared/feed/root-chain.ts';
import type { Root } from '../../../src/shared/feed/root.ts';
import { verifyEd25519 } from '../../../src/shared/feed/ed25519.ts';
import { flag, parse, str } from '../args.ts';
import { CliError, EXIT, EXIT_CODES_HELP } from '../cli-error.ts';
import { COMMON_OPTIONS_HELP, feedIdOf, requireNotExpiring, rootDirOf } from '../common.ts';
import { display, fileExists, readBytes, verifierError, writeBytes } from '../files.ts';
import { loadRootChain, rootVersionsIn } from '../root-dir.ts';
import { printSummary } from '../summary.ts';
import type { SummaryItem } from '../summary.ts';
import type { Verb } from '../verb.ts';

export const rootVerifyChain: Verb = {
  name: 'root verify-chain',
  summary: 'verify rules/root/N.root.json from 1 onwards (and a draft as the next link)',
  help: `Usage: rules root verify-chain [--next <draft>] [--install]

Walks the committed chain with the client's code: 1.root.json must meet its own root threshold;
each N+1 must be version N+1 and meet the root thresholds of N and of itself. With --next, the
draft is checked as the next link (or as version 1 when the directory is empty); with --install
it is then written as <root-dir>/<N>.root.json. The latest root must not have expired (exit 4).
${COMMON_OPTIONS_HELP}

${EXIT_CODES_HELP}`,
  async run(argv, io) {
    const p = parse(argv, {
      next: { type: 'string' },
      install: { type: 'boolean' },
      'feed-id': { type: 'string' },
      'root-dir': { type: 'string' },
    });
    const feedId = feedIdOf(p);
    const dir = rootDirOf(p);
    const nextPath = str(p, 'next');
    if (flag(p, 'install') && nextPath === undefined) throw new CliError(EXIT.usage, '--install needs --next <draft>');
    const empty = (await rootVersionsIn(io, dir).catch(() => [])).length === 0;
    const chain = empty && nextPath !== undefined ? null : await loadRootChain(io, dir, feedId);
    const items: SummaryItem[] = (chain?.files ?? []).map((f) => ({ role: 'root', version: f.version, expires: f.root.expires }));
    for (const f of chain?.files ?? []) io.out(`ok ${display(io, f.path)}`);
    let latest: Root | undefined = chain?.latest;
    if (nextPath !== undefined) {
      const name = display(io, nextPath);
      const bytes = await readBytes(io, nextPath);
      try {
        latest = latest ? await verifyNextRoot(latest, bytes, feedId, verifyEd25519) : await verifyAnchorRoot(bytes, feedId, verifyEd25519);
      } catch (e) {
        throw verifierError(e, name, bytes);
      }
      if (!chain && latest.version !== 1)
        throw new CliError(EXIT.verification, `${name}: version: the first root must be 1, got ${latest.version}`);
      io.out(`ok ${name} as root v${latest.version}`);
      items.push({
        role: 'root',
        version: latest.version,
        expires: latest.expires,
        detail: flag(p, 'install') ? '(installed)' : '(draft)',
      });
      if (flag(p, 'install')) {
        const target = `${dir}/${latest.version}.root.json`;
        if (await fileExists(io, target)) throw new CliError(EXIT.conflict, `${display(io, target)}: already exists; roots are immutable`);
        await writeBytes(io, target, bytes);
        io.out(`installed ${display(io, target)}; rebuild the bundle (\`rules bundle\`) so the extension anchors on it`);
      }
    }
    requireNotExpiring([{ what: `root v${latest!.version}`, expires: latest!.expires }], io.now(), 'has passed');
    printSummary(io, feedId, items);
  },
};
