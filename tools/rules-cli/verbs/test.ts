import { join } from 'node:path';
import { z } from 'zod';
import { FindingSchema } from '../../../src/shared/protocol.ts';
import type { Finding } from '../../../src/shared/findings.ts';
import { compileRuleSet } from '../../../src/shared/rules/compile.ts';
import { evaluate, matchingRules } from '../../../src/shared/rules/match.ts';
import { parseRuleSetBody } from '../../../src/shared/rules/schema.ts';
import { RuleSetError } from '../../../src/shared/rules/errors.ts';
import { int, parse, str } from '../args.ts';
import { CliError, EXIT, EXIT_CODES_HELP, inputError } from '../cli-error.ts';
import { DEFAULT_BENIGN_DIR, DEFAULT_SRC_DIR } from '../common.ts';
import { display, listJson, readJson } from '../files.ts';
import { locate, readSources } from '../rules-source.ts';
import type { Verb } from '../verb.ts';

const benignFileSchema = z.strictObject({
  $comment: z.string().optional(),
  page_url: z.string().url(),
  findings: z.array(FindingSchema.extend({ frameUrl: z.string().optional() })).min(1),
});

function zodPath(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${
    (issue?.path ?? [])
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '') || '$'
  }: ${issue?.message ?? 'invalid'}`;
}

const ALARMING = new Set(['warning', 'danger', 'critical']);

export const test: Verb = {
  name: 'test',
  summary: "run each rule's positive and negative samples, then the false-positive budget on rules/benign",
  help: `Usage: rules test [--src <dir>] [--benign <dir>] [--max-false-positives <n>]

1. Every rule's samples: each positive sample must produce the rule, no negative sample may.
2. The benign corpus (default ${DEFAULT_BENIGN_DIR}/*.json: { "page_url", "findings": [...] }, what
   ordinary shop pages, people and well-behaved extensions produce): every verdict of severity
   warning or above on it is a false positive; more than --max-false-positives (default 0) fails.
Failures name the file and field and exit 2.

${EXIT_CODES_HELP}`,
  async run(argv, io) {
    const p = parse(argv, { src: { type: 'string' }, benign: { type: 'string' }, 'max-false-positives': { type: 'string' } });
    const sources = await readSources(io, str(p, 'src') ?? DEFAULT_SRC_DIR);
    const budget = int(p, 'max-false-positives', 0);
    let parsed;
    let compiled;
    let live;
    try {
      parsed = parseRuleSetBody(sources.body).body;
      // now = 0 keeps expired allow rules so their samples still run.
      compiled = compileRuleSet(sources.body, { now: 0 });
      live = compileRuleSet(sources.body, { now: io.now() });
    } catch (e) {
      // Compile errors too (a profile pattern, a threshold reference) are named in the source that holds them.
      if (e instanceof RuleSetError) {
        const reason = e.message.slice(e.path.length + 2);
        throw inputError(`${locate(sources, e.path, reason)}: ${reason}`);
      }
      throw e;
    }
    const pageUrl = `https://${parsed.site_profile.shop_hosts[0] ?? 'localhost'}/`;
    const failures: string[] = [];
    let positives = 0;
    let negatives = 0;
    parsed.rules.forEach((rule, i) => {
      for (const which of ['positive', 'negative'] as const) {
        rule.samples[which].forEach((sample, j) => {
          const hit = matchingRules(compiled, sample, { pageUrl: sample.frameUrl ?? pageUrl, now: 0 }).some((r) => r.id === rule.id);
          if (which === 'positive') positives++;
          else negatives++;
          if (hit !== (which === 'positive')) {
            failures.push(
              `${locate(sources, `rules[${i}].samples.${which}[${j}]`)}: ${which} sample ${hit ? 'matches' : 'does not match'} ${rule.id}`,
            );
          }
        });
      }
    });
    for (const f of failures) io.out(`FAIL ${f}`);
    if (failures.length > 0) throw new CliError(EXIT.input, `${failures.length} sample(s) failed; first: ${failures[0]}`);
    io.out(`samples ok: ${parsed.rules.length} rules, ${positives} positive and ${negatives} negative samples`);

    const benignDir = str(p, 'benign') ?? DEFAULT_BENIGN_DIR;
    const falsePositives: string[] = [];
    let benignCount = 0;
    const names = await listJson(io, benignDir);
    if (names.length === 0) throw inputError(`${display(io, benignDir)}: no benign samples (*.json)`);
    for (const name of names) {
      const file = display(io, join(benignDir, name));
      const doc = benignFileSchema.safeParse(await readJson(io, join(benignDir, name), { fractionsUnder: ['findings'] }));
      if (!doc.success) throw inputError(`${file}: ${zodPath(doc.error)}`);
      doc.data.findings.forEach((finding, k) => {
        benignCount++;
        for (const v of evaluate(live, finding as Finding, { pageUrl: finding.frameUrl ?? doc.data.page_url, now: io.now() })) {
          if (ALARMING.has(v.severity)) falsePositives.push(`${file}: findings[${k}] (${finding.kind}): ${v.ruleId} says ${v.severity}`);
        }
      });
    }
    for (const f of falsePositives) io.out(`FALSE POSITIVE ${f}`);
    io.out('---');
    io.out(`benign corpus: ${benignCount} findings in ${names.length} files, ${falsePositives.length} false positive(s), budget ${budget}`);
    if (falsePositives.length > budget)
      throw new CliError(EXIT.input, `false-positive budget exceeded: ${falsePositives.length} > ${budget}; first: ${falsePositives[0]}`);
  },
};
