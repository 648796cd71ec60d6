/**
 * The secret parts named for each address across a page's findings, joined. The ISOLATED world names them per
 * finding, in the frame that saw it (content/isolated/script-addresses.ts, secret-sends.ts, the network timeline):
 * the same script address can come named in one finding and not in another — from a frame where the password was
 * not typed, or judged again after the cookie it held had rotated out of the page's memory. The report and the popup
 * show each address with every part any finding named, so no finding of the page shows what another one hides.
 *
 * Sources: an actor's address (`actor.secretSegments`, `actor.secretLabels`), an inserted script's `src`
 * (`srcSecretSegments`, `srcSecretLabels`), a request's or load's `url` (`secretSegments`, `secretLabels`: the
 * network timeline marks a script's load too). Pure: tests/unit/ui/secret-parts.test.ts.
 */
import type { EvidenceValue, Finding } from '../shared/findings.ts';
import { LABEL_LIST, SEGMENT_LIST } from '../shared/secret-parts.ts';

/** Named parts of one address, as shared/secret-parts.ts writes them; undefined: none named. */
export interface NamedParts {
  segments?: EvidenceValue;
  labels?: EvidenceValue;
}

/** Numbers named, or `*` (the whole part, also for a list that cannot be read). */
type Joined = Set<number> | '*';

function join(into: Joined | undefined, named: EvidenceValue | undefined, shape: RegExp): Joined | undefined {
  if (named === undefined || into === '*') return into;
  if (typeof named !== 'string' || !shape.test(named) || named === '*') return '*';
  const out = into ?? new Set<number>();
  if (named !== '') for (const number of named.split(',')) out.add(Number(number));
  return out;
}

function written(joined: Joined | undefined): string | undefined {
  if (joined === undefined) return undefined;
  return joined === '*' ? '*' : [...joined].sort((a, b) => a - b).join(',');
}

/** Every address the findings name parts of, with all the parts named for it; a lookup by the raw address. */
export function namedPartsByAddress(findings: readonly Finding[]): (address: string) => NamedParts {
  const byAddress = new Map<string, { segments?: Joined; labels?: Joined }>();
  const note = (address: unknown, segments: EvidenceValue | undefined, labels: EvidenceValue | undefined): void => {
    if (typeof address !== 'string' || address === '' || (segments === undefined && labels === undefined)) return;
    const known = byAddress.get(address) ?? {};
    byAddress.set(address, { segments: join(known.segments, segments, SEGMENT_LIST), labels: join(known.labels, labels, LABEL_LIST) });
  };
  for (const { actor, evidence } of findings) {
    note(actor.url, actor.secretSegments, actor.secretLabels);
    note(evidence.src, evidence.srcSecretSegments, evidence.srcSecretLabels);
    note(evidence.url, evidence.secretSegments, evidence.secretLabels);
  }
  return (address) => {
    const known = byAddress.get(address);
    if (!known) return {};
    const parts: NamedParts = {};
    const segments = written(known.segments);
    const labels = written(known.labels);
    if (segments !== undefined) parts.segments = segments;
    if (labels !== undefined) parts.labels = labels;
    return parts;
  };
}
