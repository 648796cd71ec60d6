/**
 * WCAG 2.x AA contrast for every text colour on the backgrounds it is used on: 4.5:1 for text, 3:1 for
 * the focus ring and other non-text marks. The colours are read from the stylesheets themselves, so a
 * colour change is re-checked; the pairs name where each colour is used.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { badgeFor } from '../../../src/background/badge.ts';
import type { Severity, Verdict } from '../../../src/shared/findings.ts';
import { SHADOW_CSS } from '../../../src/content/warning/styles.ts';

const theme = readFileSync(new URL('../../../src/ui/theme.css', import.meta.url), 'utf8');

function variables(css: string): Record<string, string> {
  return Object.fromEntries([...css.matchAll(/--([\w-]+):\s*(#[0-9a-f]{3,6})\b/gi)].map((m) => [m[1]!, m[2]!]));
}

function rgb(hex: string): [number, number, number] {
  const full = hex.length === 4 ? `#${hex[1]}${hex[1]}${hex[2]}${hex[2]}${hex[3]}${hex[3]}` : hex;
  return [1, 3, 5].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `selector { … }` blocks of a flat stylesheet, with their `color` and `background` values. */
function rules(css: string): Array<{ selector: string; color?: string; background?: string; outline?: string }> {
  return [...css.matchAll(/([^{}]+)\{([^}]*)\}/g)].map(([, selector, body]) => {
    const value = (property: string) => new RegExp(`(?:^|[;\\s])${property}:\\s*[^;]*?(#[0-9a-f]{3,6})\\b`, 'i').exec(body!)?.[1];
    return { selector: selector!.trim(), color: value('color'), background: value('background(?:-color)?'), outline: value('outline') };
  });
}

describe('popup and options colours (src/ui/theme.css)', () => {
  const v = variables(theme);
  const TEXT: Array<[string, string, string]> = [
    ['ink', 'paper', 'body text'],
    ['ink', 'panel', 'headline text'],
    ['ink', 'warning-bg', 'warning headline text'],
    ['ink', 'danger-bg', 'danger headline text'],
    ['critical', 'danger-bg', 'danger headline title'],
    ['muted', 'paper', 'who / why / hints'],
    ['muted', 'panel', 'hints on panels'],
    ['link', 'paper', 'links and link buttons'],
    ['paper', 'link', 'primary button'],
    ['paper', 'info', 'info chip'],
    ['paper', 'warning', 'warning chip'],
    ['paper', 'danger', 'danger chip'],
    ['paper', 'critical', 'critical chip'],
    ['clean', 'paper', 'feed up to date'],
    ['warning', 'paper', 'feed stale / error'],
    ['danger', 'paper', 'error text'],
  ];
  it.each(TEXT)('%s on %s (%s) ≥ 4.5:1', (fg, bg) => {
    expect(v[fg], `--${fg} is not defined`).toBeDefined();
    expect(v[bg], `--${bg} is not defined`).toBeDefined();
    expect(contrast(v[fg]!, v[bg]!)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(['paper', 'panel', 'warning-bg', 'danger-bg'])('focus ring on %s ≥ 3:1', (bg) => {
    expect(contrast(v.focus!, v[bg]!)).toBeGreaterThanOrEqual(3);
  });
});

describe('in-page warning colours (src/content/warning/styles.ts)', () => {
  const css = rules(SHADOW_CSS);
  const box = css.find((rule) => rule.selector === '.box')!;

  it('the box sets its own text colour', () => {
    expect(box.color).toBeDefined();
  });

  it.each(css.filter((rule) => rule.selector.startsWith('.box') && rule.background).map((rule) => [rule.selector, rule.background!]))(
    'text on %s (%s) ≥ 4.5:1',
    (_selector, background) => {
      expect(contrast(box.color!, background)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it.each(css.filter((rule) => rule.color && rule.background).map((rule) => [rule.selector, rule.color!, rule.background!]))(
    '%s: %s on %s ≥ 4.5:1',
    (_selector, color, background) => {
      expect(contrast(color, background)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('the focus ring shows on every box colour (≥ 3:1)', () => {
    const ring = css.find((rule) => rule.outline)!.outline!;
    for (const rule of css.filter((r) => r.selector.startsWith('.box') && r.background))
      expect(contrast(ring, rule.background!)).toBeGreaterThanOrEqual(3);
  });
});

describe('badge colours', () => {
  it.each(['warning', 'danger', 'critical'] as Severity[])('white badge text on the %s colour ≥ 4.5:1', (severity) => {
    const verdict = {
      ruleId: 'R',
      severity,
      messageKey: 'k',
      references: [],
      finding: { kind: 'exfiltration', actor: { type: 'page' }, evidence: {}, at: 0 },
    } as Verdict;
    expect(contrast('#ffffff', badgeFor([verdict]).color)).toBeGreaterThanOrEqual(4.5);
  });
});

it('contrast() matches known WCAG values', () => {
  expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
});
