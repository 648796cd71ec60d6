import { beforeAll, describe, expect, it } from 'vitest';
import type { MutationHandler, Mutations } from '../../../src/content/isolated/sensor.ts';
import { watchShopIcons } from '../../../src/content/isolated/shop-icons.ts';

const ICON = 'https://media.partner.test/favicon.ico';

/** What the module reads of a `<link>`: its resolved `href` and whether it is in the document. */
class FakeLink {
  constructor(
    public href: string,
    public isConnected = true,
  ) {}
}

beforeAll(() => {
  // Node has no DOM: the module's `instanceof HTMLLinkElement` meets the fake.
  (globalThis as { HTMLLinkElement?: unknown }).HTMLLinkElement = FakeLink;
});

/** The module on a fake hub: mutations delivered by the test, as hub.ts delivers them. */
function watched() {
  let handler: MutationHandler | undefined;
  let asked: { attributes: readonly string[]; among?: string } | undefined;
  const icons = watchShopIcons({
    onMutations: (attributes, h, among) => {
      handler = h;
      asked = { attributes, ...(among !== undefined ? { among } : {}) };
    },
  });
  const deliver = (mutations: Partial<Mutations>, found: FakeLink[] = []): void =>
    handler!({ attributes: [], added: [], ...mutations }, found as unknown as Element[]);
  const hrefChanged = (link: FakeLink) => ({ target: link as unknown as Element, name: 'href', oldValue: ICON });
  return { icons, deliver, hrefChanged, asked: () => asked };
}

describe('the shop’s tab icons (Firefox times them as it times a beacon)', () => {
  it('watches `href` writes and asks the hub for icon links, rel matched as a token list, any case', () => {
    const { asked } = watched();
    expect(asked()).toEqual({ attributes: ['href'], among: 'link[rel~="icon" i]' });
  });

  it('takes one load per address of an icon the parsed document names, and resolves `parsed` then', async () => {
    const { icons, deliver } = watched();
    let known = false;
    void icons.parsed.then(() => (known = true));
    await Promise.resolve();
    expect(known).toBe(false);
    deliver({ parsed: true }, [new FakeLink(`${ICON}#v2`)]);
    await icons.parsed;
    expect(icons.claim(ICON)).toBe(true);
    // A browser loads the tab's icon once: a second load of the address is a send like any other.
    expect(icons.claim(ICON)).toBe(false);
    expect(icons.claim('https://media.partner.test/other.ico')).toBe(false);
  });

  it('takes nothing for a link whose `href` a script changed, before or after parsing ended', () => {
    const before = watched();
    const early = new FakeLink(ICON);
    before.deliver({ attributes: [before.hrefChanged(early)] });
    before.deliver({ parsed: true }, [early]);
    expect(before.icons.claim(ICON)).toBe(false);

    const after = watched();
    const late = new FakeLink(ICON);
    after.deliver({ parsed: true }, [late]);
    after.deliver({ attributes: [after.hrefChanged(late)] });
    expect(after.icons.claim(ICON)).toBe(false);
  });

  it('takes nothing for a link added after parsing, one taken out of the document, or one a later <base> moved', () => {
    const added = watched();
    added.deliver({ parsed: true }, []);
    added.deliver({ added: [] }, [new FakeLink(ICON)]);
    expect(added.icons.claim(ICON)).toBe(false);

    const removed = watched();
    const gone = new FakeLink(ICON);
    removed.deliver({ parsed: true }, [gone]);
    gone.isConnected = false;
    expect(removed.icons.claim(ICON)).toBe(false);

    const moved = watched();
    const relative = new FakeLink(ICON);
    moved.deliver({ parsed: true }, [relative]);
    relative.href = 'https://webhook.site/favicon.ico';
    expect(moved.icons.claim(ICON)).toBe(false);
    expect(moved.icons.claim('https://webhook.site/favicon.ico')).toBe(false);
  });

  it('keeps the first 16 icons of a page that names more', () => {
    const { icons, deliver } = watched();
    const links = Array.from({ length: 20 }, (_, i) => new FakeLink(`https://media.partner.test/icon-${i}.png`));
    deliver({ parsed: true }, links);
    expect(icons.claim('https://media.partner.test/icon-15.png')).toBe(true);
    expect(icons.claim('https://media.partner.test/icon-16.png')).toBe(false);
  });
});
