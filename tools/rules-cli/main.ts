/**
 * The maintainers' CLI: one entry, one verb per file. `main` never exits the process and takes all of
 * its surroundings through `Io`, so tests run every verb in-process on temporary directories.
 */
import { CliError, EXIT, EXIT_CODES_HELP, toCliError } from './cli-error.ts';
import type { ExitCode } from './cli-error.ts';
import type { Io } from './io.ts';
import type { Verb } from './verb.ts';
import { build } from './verbs/build.ts';
import { bundle } from './verbs/bundle.ts';
import { diff } from './verbs/diff.ts';
import { keygen } from './verbs/keygen.ts';
import { lint } from './verbs/lint.ts';
import { publish } from './verbs/publish.ts';
import { rootAddKey, rootInit, rootRemoveKey, rootSetThreshold } from './verbs/root-edit.ts';
import { rootSign } from './verbs/root-sign.ts';
import { rootVerifyChain } from './verbs/root-verify-chain.ts';
import { sign } from './verbs/sign.ts';
import { status } from './verbs/status.ts';
import { test } from './verbs/test.ts';
import { timestampRefresh } from './verbs/timestamp-refresh.ts';
import { verify } from './verbs/verify.ts';

/** In the order a release uses them. */
export const VERBS: readonly Verb[] = [
  keygen,
  rootInit,
  rootAddKey,
  rootRemoveKey,
  rootSetThreshold,
  rootSign,
  rootVerifyChain,
  lint,
  test,
  build,
  sign,
  verify,
  diff,
  timestampRefresh,
  publish,
  status,
  bundle,
];

function usage(): string {
  const width = Math.max(...VERBS.map((v) => v.name.length));
  return `Usage: npm run rules -- <verb> [options]     (or: saq-rules <verb> [options])

${VERBS.map((v) => `  ${v.name.padEnd(width)}  ${v.summary}`).join('\n')}

\`npm run rules -- <verb> --help\` explains each verb. Secret keys: $SAQ_KEYS_DIR (default ~/.saq/keys),
passphrase from SAQ_PASSPHRASE or --passphrase-file. See rules/README.md for the release workflow.

${EXIT_CODES_HELP}`;
}

/** Longest match first: `root sign` before a hypothetical `root`. */
function findVerb(argv: readonly string[]): { verb: Verb; rest: string[] } | undefined {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(' ');
    const verb = VERBS.find((v) => v.name === name);
    if (verb) return { verb, rest: argv.slice(words) };
  }
  return undefined;
}

export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(usage());
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  const found = findVerb(argv);
  if (!found) {
    const group = VERBS.filter((v) => v.name.startsWith(`${argv[0]} `));
    io.err(
      group.length > 0
        ? `${argv[0]}: give one of ${group.map((v) => `\`${v.name}\``).join(', ')}`
        : `unknown verb ${JSON.stringify(argv[0])}; \`npm run rules -- --help\` lists them`,
    );
    return EXIT.usage;
  }
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    io.out(found.verb.help);
    return EXIT.ok;
  }
  try {
    await found.verb.run(found.rest, io);
    return EXIT.ok;
  } catch (e) {
    const error: CliError = toCliError(e);
    io.err(`error: ${error.message}`);
    return error.exitCode;
  }
}
