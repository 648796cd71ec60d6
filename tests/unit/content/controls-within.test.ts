import { describe, expect, it } from 'vitest';
import { within } from '../../../src/content/isolated/controls.ts';

/**
 * A tree of tag names standing in for the DOM: `matches` knows a selector list of tag names only, and
 * every DOM read `within` makes is counted, so the test sees work done twice, not only results.
 */
class FakeElement {
  parentNode: FakeElement | null = null;
  readonly children: FakeElement[] = [];
  static reads = { matches: 0, queries: 0 };
  constructor(readonly tag: string) {}
  append(...children: FakeElement[]): this {
    for (const child of children) {
      child.parentNode = this;
      this.children.push(child);
    }
    return this;
  }
  get firstElementChild(): FakeElement | null {
    return this.children[0] ?? null;
  }
  is(list: string): boolean {
    return list.split(',').includes(this.tag);
  }
  matches(list: string): boolean {
    FakeElement.reads.matches++;
    return this.is(list);
  }
  querySelectorAll(list: string): FakeElement[] {
    FakeElement.reads.queries++;
    const found: FakeElement[] = [];
    const walk = (element: FakeElement): void => {
      for (const child of element.children) {
        if (child.is(list)) found.push(child);
        walk(child);
      }
    };
    walk(this);
    return found;
  }
}

const el = (tag: string, ...children: FakeElement[]): FakeElement => new FakeElement(tag).append(...children);
const run = (roots: FakeElement[], list: string): { tags: string[]; reads: typeof FakeElement.reads } => {
  FakeElement.reads = { matches: 0, queries: 0 };
  const found = within(roots as unknown as Element[], list) as unknown as FakeElement[];
  return { tags: found.map((element) => element.tag), reads: FakeElement.reads };
};

describe('the elements of a selector list among added roots', () => {
  it('finds each matching element once when a container and its children are all added (a page filling the container it just added)', () => {
    const buttons = [el('button'), el('button'), el('span')];
    const container = el('div', ...buttons);
    const { tags, reads } = run([container, ...buttons], 'button');
    expect(tags).toEqual(['button', 'button']);
    // The container is matched and queried; its children are not matched again one by one.
    expect(reads).toEqual({ matches: 1, queries: 1 });
  });

  it('covers a chain of added ancestors from the top one (an item in a wrapper in a container, all added)', () => {
    const item = el('input');
    const wrapper = el('form', item);
    const container = el('section', wrapper);
    const { tags, reads } = run([wrapper, item, container], 'form,input');
    expect(tags.sort()).toEqual(['form', 'input']);
    expect(reads.queries).toBe(1);
  });

  it('matches leaves added to a container that was already there one by one, and queries nothing (negative: no skipping)', () => {
    const existing = el('ul');
    const items = [el('li'), el('button'), el('li')];
    existing.append(...items);
    const { tags, reads } = run(items, 'button');
    expect(tags).toEqual(['button']);
    expect(reads).toEqual({ matches: 3, queries: 0 });
  });

  it('still looks at an added element moved out of an added container (its parent now is not a root)', () => {
    const moved = el('button');
    const container = el('div', el('span'));
    el('body', moved);
    const { tags } = run([container, moved], 'button');
    expect(tags).toEqual(['button']);
  });

  it('finds nothing for an empty list and an empty set of roots', () => {
    expect(run([el('button')], '').tags).toEqual([]);
    expect(run([], 'button').tags).toEqual([]);
  });
});
