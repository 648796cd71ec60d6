/**
 * One finding as the conditions see it: parsed URLs, origin classes and token hits, each computed at
 * most once per evaluation however many rules ask.
 */
import type { EvidenceValue, Finding } from '../findings.ts';
import type { IndicatorIndex } from './indicator-index.ts';
import type { OriginClassifier } from './origins.ts';
import type { IndicatorType } from './schema.ts';
import { parseUrl, type OriginClass } from './url.ts';

export interface ViewDeps {
  readonly origins: OriginClassifier;
  readonly index: IndicatorIndex;
}

/** `null` stands for the actor, a string for an evidence field. */
export type Subject = string | null;

export class FindingView {
  private readonly urls = new Map<Subject, URL | null>();
  private readonly tokenHits = new Map<string, Set<string>>();

  constructor(
    readonly finding: Finding,
    readonly pageUrl: string,
    private readonly deps: ViewDeps,
  ) {}

  value(field: string): EvidenceValue | undefined {
    return Object.hasOwn(this.finding.evidence, field) ? this.finding.evidence[field] : undefined;
  }

  /** The subject's raw string: actor.url for the actor, else the evidence field if it is a string. */
  private raw(subject: Subject): string | undefined {
    if (subject === null) return this.finding.actor.url;
    const value = this.value(subject);
    return typeof value === 'string' ? value : undefined;
  }

  /** Relative evidence URLs are resolved against the page, as the browser would. */
  url(subject: Subject): URL | null {
    let url = this.urls.get(subject);
    if (url === undefined) {
      url = parseUrl(this.raw(subject), this.pageUrl);
      this.urls.set(subject, url);
    }
    return url;
  }

  originClass(subject: Subject): OriginClass {
    return this.deps.origins.classify(this.url(subject));
  }

  /** The value an exact indicator (sha256, extension id) is compared with. */
  exactValue(subject: Subject, type: IndicatorType): string | undefined {
    if (subject !== null) return this.raw(subject);
    if (type === 'sha256') return this.finding.actor.sha256;
    if (type === 'extension_id') return this.finding.actor.extensionId;
    return this.finding.actor.url;
  }

  tokens(field: string): Set<string> {
    let hits = this.tokenHits.get(field);
    if (hits === undefined) {
      const text = this.raw(field);
      hits = text === undefined ? new Set() : this.deps.index.tokens.scan(text);
      this.tokenHits.set(field, hits);
    }
    return hits;
  }
}
