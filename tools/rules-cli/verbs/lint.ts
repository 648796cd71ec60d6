import { parse, str } from '../args.ts';
import { EXIT_CODES_HELP } from '../cli-error.ts';
import { DEFAULT_SRC_DIR } from '../common.ts';
import { readSources, requireLintClean } from '../rules-source.ts';
import type { Verb } from '../verb.ts';
import { compileRuleSet } from '../../../src/shared/rules/compile.ts';

export const lint: Verb = {
  name: 'lint',
  summary: 'assemble rules/src/*.json and lint the result (patterns, catch-alls, samples, ids, evidence fields, message texts)',
  help: `Usage: rules lint [--src <dir>]

Assembles the rule sources (default ${DEFAULT_SRC_DIR}) exactly as \`build\` does and runs the
maintainers' lint (stricter than the client). Each issue names the source file and field, e.g.
  rules/src/exfiltration.json: rules[2].when.evidence.url.url_pattern[0]: catch-all pattern …
Errors include an evidence field (in \`when\`, a \`gt_field\` or a sample) that the rule's kind does not
carry by the evidence contract in rules/README.md, and a \`message\` key without text in kk, ru or en
in tools/i18n/rule-messages.ts.
Errors fail (exit 2); warnings are printed (exit 0): a rule without a reference, a threshold name
the extension does not read and no rule refers to, a URL pattern written as a regular expression
(patterns are literal text where only * and ** are special), …

${EXIT_CODES_HELP}`,
  async run(argv, io) {
    const p = parse(argv, { src: { type: 'string' } });
    const sources = await readSources(io, str(p, 'src') ?? DEFAULT_SRC_DIR);
    const issues = requireLintClean(io, sources);
    const compiled = compileRuleSet(sources.body, { now: 0 });
    io.out('---');
    io.out(
      `lint ok: ${Object.keys(sources.files).length} sources, ${compiled.stats.rules} rules, ${compiled.stats.indicators} indicators, ${issues.length} warning(s)`,
    );
  },
};
