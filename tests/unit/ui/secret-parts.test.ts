/**
 * The secret parts named for each address across a page's findings, joined (src/ui/secret-parts.ts): what one
 * finding named counts for every finding that shows the same address.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/shared/findings.ts';
import { namedPartsByAddress } from '../../../src/ui/secret-parts.ts';

const A = 'https://t0k3n.collector.test/k/t0k3n/x.js';
const finding = (actor: Finding['actor'], evidence: Finding['evidence'] = {}): Finding => ({
  kind: 'exfiltration',
  actor,
  evidence,
  at: 1,
});

describe('namedPartsByAddress', () => {
  it('joins what the actor, an insertion and a load named for one address', () => {
    const partsOf = namedPartsByAddress([
      finding({ type: 'script', url: A, secretSegments: '2' }),
      finding({ type: 'script', url: 'https://helper.test/l.js' }, { src: A, srcSecretSegments: '3', srcSecretLabels: '0' }),
      finding({ type: 'unknown' }, { url: A, secretSegments: '', secretLabels: '1' }),
    ]);
    expect(partsOf(A)).toEqual({ segments: '2,3', labels: '0,1' });
    expect(partsOf('https://helper.test/l.js')).toEqual({});
    expect(partsOf('https://never.test/')).toEqual({});
  });

  it('a whole part, or a list it cannot read, in any finding: the whole part', () => {
    for (const odd of ['*', '2;3', 'x', 7 as unknown as string]) {
      const partsOf = namedPartsByAddress([
        finding({ type: 'script', url: A, secretSegments: '2', secretLabels: '0' }),
        finding({ type: 'script', url: A, secretSegments: odd, secretLabels: odd }),
      ]);
      expect(partsOf(A), String(odd)).toEqual({ segments: '*', labels: '*' });
    }
  });

  it('an address named by no finding has no parts, even when another of its findings has none either', () => {
    const partsOf = namedPartsByAddress([finding({ type: 'script', url: A }), finding({ type: 'script', url: A }, { src: A })]);
    expect(partsOf(A)).toEqual({});
  });
});
