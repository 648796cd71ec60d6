import { describe, expect, it } from 'vitest';
import { leadingTextInPlace, reachesConversion, textInPlace } from '../../../src/content/main/text-argument.ts';

/** A brand check as the natives make them: throws for anything but the interface's objects. */
const branded = new WeakSet<object>();
const brand = (self: unknown): void => {
  if (!branded.has(self as object)) throw new TypeError('Illegal invocation');
};
const receiver = (): object => {
  const self = {};
  branded.add(self);
  return self;
};

function counting(text: string): { value: object; calls: () => number } {
  let calls = 0;
  return { value: { toString: () => (calls++, text) }, calls: () => calls };
}

describe('reachesConversion', () => {
  it('is false on a receiver of another interface, or with fewer arguments than required', () => {
    expect(reachesConversion(brand, {}, ['a', 'b'], 2)).toBe(false);
    expect(reachesConversion(brand, receiver(), ['a'], 2)).toBe(false);
    expect(reachesConversion(brand, receiver(), ['a', 'b'], 2)).toBe(true);
  });

  it('checks only the count where there is no brand to read', () => {
    expect(reachesConversion(null, undefined, ['a'], 1)).toBe(true);
    expect(reachesConversion(null, undefined, [], 1)).toBe(false);
  });
});

describe('leadingTextInPlace', () => {
  it('makes text of the leading objects, once each, in order, and leaves the rest', () => {
    const order: string[] = [];
    const first = { toString: () => (order.push('first'), 'beforeend') };
    const second = { toString: () => (order.push('second'), '<b>x</b>') };
    const third = counting('not converted');
    const args = [first, second, third.value];
    leadingTextInPlace(receiver(), args, 2, brand, 2);
    expect(args.slice(0, 2)).toEqual(['beforeend', '<b>x</b>']);
    expect(order).toEqual(['first', 'second']);
    expect(third.calls()).toBe(0);
  });

  it('runs no toString where the browser would throw first: a foreign receiver, too few arguments', () => {
    const markup = counting('<b>x</b>');
    leadingTextInPlace({}, [markup.value], 1, brand, 1);
    leadingTextInPlace(receiver(), [markup.value], 1, brand, 2);
    expect(markup.calls()).toBe(0);
  });

  it('stops at a toString that throws, as the browser does: the next argument stays as given', () => {
    const failing = {
      toString: () => {
        throw new Error('no');
      },
    };
    const markup = counting('<b>x</b>');
    const args: unknown[] = [failing, markup.value];
    leadingTextInPlace(receiver(), args, 2, brand, 2);
    expect(markup.calls()).toBe(0);
    expect(args[1]).toBe(markup.value);
    // The failing argument is replaced by one that throws the same error, running no page code again.
    expect(() => `${args[0] as string}`).toThrow('no');
  });

  it('keeps in place what `keeps` reads natively', () => {
    const trusted = { toString: () => 'page code' };
    const args: unknown[] = [trusted];
    leadingTextInPlace(receiver(), args, 1, brand, 1, (value) => (value === trusted ? '<i>kept</i>' : null));
    expect(args[0]).toBe(trusted);
  });
});

describe('textInPlace', () => {
  it('puts the text in the object’s place and returns it', () => {
    const args: unknown[] = [counting('/cart').value];
    expect(textInPlace(args, 0)).toBe('/cart');
    expect(args[0]).toBe('/cart');
  });
});
