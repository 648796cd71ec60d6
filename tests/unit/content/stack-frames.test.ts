/**
 * The stack parser behind attribution, one case per frame format of both engines (the e2e suites produce
 * each of them in real browsers; here each one is pinned down).
 */
import { describe, expect, it } from 'vitest';
import {
  extensionBase,
  extensionIdOf,
  fileFrame,
  parseFrame,
  parseStack,
  readSites,
  siteBase,
} from '../../../src/content/main/stack-frames.ts';

const OWN = 'chrome-extension://saqsaqsaqsaqsaqsaq/';

describe('parseFrame', () => {
  it.for([
    // Chrome
    ['named Chrome frame', '    at fn (https://shop.kz/static/app.js:1:2)', { url: 'https://shop.kz/static/app.js', evaled: false }],
    ['unnamed Chrome frame', '    at https://shop.kz/kz/product/x:10:5', { url: 'https://shop.kz/kz/product/x', evaled: false }],
    ['constructor frame', '    at new Foo (https://cdn.example/a.js:3:4)', { url: 'https://cdn.example/a.js', evaled: false }],
    ['a port in the URL', '    at fn (https://shop.kz:8443/a.js:3:4)', { url: 'https://shop.kz:8443/a.js', evaled: false }],
    ['code with no URL', '    at <anonymous>:1:5', { url: '' }],
    [
      'a script file as written from call sites (no position)',
      '    at https://shop.kz/static/app.js:0:0',
      { url: 'https://shop.kz/static/app.js', evaled: false },
    ],
    [
      'such a file whose URL ends with a parenthesis',
      '    at https://cdn.example/a.js?v=(2):0:0',
      { url: 'https://cdn.example/a.js?v=(2)', evaled: false },
    ],
    [
      'eval: the script that ran it',
      '    at eval (eval at f (https://host/a.js:3:1), <anonymous>:1:1)',
      { url: 'https://host/a.js', evaled: true },
    ],
    [
      'new Function: body from line 3',
      '    at eval (eval at f (https://host/a.js:3:1), <anonymous>:3:1)',
      { url: 'https://host/a.js', evaled: false },
    ],
    [
      'nested eval: the outermost script',
      '    at eval (eval at eval (eval at f (https://host/a.js:3:1), <anonymous>:1:1), <anonymous>:1:1)',
      { url: 'https://host/a.js', evaled: true },
    ],
    ['eval run by code with no URL', '    at eval (eval at f (<anonymous>:1:1), <anonymous>:1:1)', { url: '', evaled: true }],
    // Written from V8's call sites for code whose only URL is its own //# sourceURL (v8-call-sites.ts).
    [
      'eval claiming a URL, as written from call sites',
      '    at <anonymous> (eval at <anonymous>, <anonymous>:1:19)',
      { url: '', evaled: true },
    ],
    ['a Function body claiming a URL, as written from call sites', '    at <anonymous>:3:1', { url: '' }],
    [
      'another extension',
      '    at chrome-extension://otherotherother/x.js:5:6',
      { url: 'chrome-extension://otherotherother/x.js', evaled: false },
    ],
    // Firefox
    ['Firefox frame', 'fn@https://host/a.js:1:2', { url: 'https://host/a.js', evaled: false }],
    ['Firefox eval', 'run@https://host/a.js line 3 > eval:1:6', { url: 'https://host/a.js', evaled: true }],
    ['Firefox Function', 'run@https://host/a.js line 3 > Function:1:6', { url: 'https://host/a.js', evaled: false }],
    ['Firefox injected inline script', 'x@https://host/a.js line 4 > injectedScript:1:6', { url: '' }],
    ['Firefox console', '@debugger eval code:1:1', { url: '' }],
    ['Firefox javascript: URL', '@javascript:void 0:1:6', { url: '' }],
    ["another extension's code in Firefox", 'foo@<anonymous code>:1:2', { url: '', extension: true }],
    // A line terminator inside a frame (a crafted sourceURL) used to make the whole frame unreadable.
    [
      'a carriage return inside the URL',
      '    at fn (https://cdn.example/a\r.js:1:2)',
      { url: 'https://cdn.example/a\r.js', evaled: false },
    ],
  ] as const)('%s', ([, line, frame]) => {
    expect(parseFrame(line, OWN)).toEqual({ extension: false, evaled: false, ...frame });
  });

  // Firefox names an injected inline script after the document and its inserter's line (Saq's wrapper, with the hooks).
  const PAGE = 'https://kazcoins.nationalbank.kz/kz/product/x';
  it.for([
    ['an injected inline script, while only the shop inserted any', `@${PAGE} line 6 > injectedScript:4:25`, PAGE, { url: PAGE }],
    ['an injected inline script, otherwise', `@${PAGE} line 6 > injectedScript:4:25`, '', { url: '' }],
    // It read as the document's eval'd code: the shop's, whoever inserted the script.
    ['eval in an injected inline script', `@${PAGE} line 6 > injectedScript line 3 > eval:1:1`, '', { url: '', evaled: true }],
    ["eval in the shop's injected inline script", `@${PAGE} line 6 > injectedScript line 3 > eval:1:1`, PAGE, { url: PAGE, evaled: true }],
    [
      'a Function made in eval in an injected script',
      `@${PAGE} line 6 > injectedScript line 3 > eval line 1 > Function:3:1`,
      '',
      { url: '' },
    ],
    [
      'eval in eval in a script file',
      'f@https://host/a.js line 3 > eval line 1 > eval:1:1',
      PAGE,
      { url: 'https://host/a.js', evaled: true },
    ],
    ['a script file is not an injected script', 'f@https://host/a.js:1:2', PAGE, { url: 'https://host/a.js' }],
  ] as const)('Firefox: %s', ([, line, injectedUrl, frame]) => {
    expect(parseFrame(line, OWN, injectedUrl)).toEqual({ extension: false, evaled: false, ...frame });
  });

  it("sets every field as its own: nothing is read from the page's Object.prototype", () => {
    for (const line of [
      '    at <anonymous>:1:5',
      'fn@https://host/a.js:1:2',
      'foo@<anonymous code>:1:2',
      '    at eval (eval at f (https://host/a.js:3:1), <anonymous>:1:1)',
    ]) {
      const frame = parseFrame(line, OWN)!;
      expect(Object.keys(frame).sort()).toEqual(['evaled', 'extension', 'url']);
    }
  });

  it.for([
    ['the Error header', 'Error'],
    ['a builtin', '    at Array.forEach (<anonymous>)'],
    ["Saq's own bundle", `    at w (${OWN}src/content/main-world.iife.js:1:2)`],
    ["Saq's own bundle, as written from call sites", `    at ${OWN}src/content/main-world.iife.js:0:0`],
    ['code made by Saq for the page (Chrome)', `    at eval (eval at f (${OWN}main.js:3:1), <anonymous>:3:1)`],
    ['code made by Saq for the page (Firefox)', '@<anonymous code> line 3 > Function:1:1'],
    ["Saq's wrapper in Firefox", 'w@<anonymous code>:1:2'],
    ["Saq's wrapper as an async cause", 'Async*w@<anonymous code>:3:4'],
    ["Saq's wrapper of a scheduled callback in Firefox", 'scheduled@<anonymous code>:6:420'],
    ['the same as an async cause', 'setTimeout handler*scheduled@<anonymous code>:6:420'],
    ['a bare name', 'fn@host/a.js:1:2'],
    ['an empty line', ''],
  ] as const)('says nothing for %s', ([, line]) => {
    expect(parseFrame(line, OWN)).toBeNull();
  });
});

describe('parseStack', () => {
  it('lists the frames innermost first and the first automation mark', () => {
    const raw = [
      'Error',
      `    at w (${OWN}main.js:1:2)`,
      '    at pptr:evaluate;Object.run:1:10',
      '    at fn (https://shop.kz/app.js:1:2)',
      '    at __puppeteer_evaluation_script__:3:1',
    ].join('\n');
    expect(parseStack(raw, OWN)).toEqual({
      // The automation frame reads as a URL too; attribution looks at the mark first.
      frames: [
        { url: 'pptr:evaluate;Object.run', extension: false, evaled: false },
        { url: 'https://shop.kz/app.js', extension: false, evaled: false },
      ],
      automation: 'pptr:',
    });
  });

  it("skips Saq's leading frames in Firefox up to its wrapper", () => {
    const raw = [
      'report@<anonymous code>:1:1',
      'w@<anonymous code>:2:2',
      'other@<anonymous code>:3:3',
      'run@https://cdn.example/h.js:1:1',
    ].join('\n');
    expect(parseStack(raw, '').frames).toEqual([
      { url: '', extension: true, evaled: false },
      { url: 'https://cdn.example/h.js', extension: false, evaled: false },
    ]);
  });

  it('reads the same stack after the page replaces String and Array methods', () => {
    const raw = 'Error\n    at run (https://cdn.example/helper.js:1:2)\n    at https://shop.kz/app.js:1:1';
    const expected = parseStack(raw, OWN);
    const saved = { ...Object.getOwnPropertyDescriptors(String.prototype) };
    const lie = function (this: string): never {
      throw new Error('the page lies');
    };
    try {
      for (const name of [
        'split',
        'indexOf',
        'lastIndexOf',
        'slice',
        'startsWith',
        'endsWith',
        'includes',
        'charCodeAt',
        'trim',
        'replace',
      ])
        Object.defineProperty(String.prototype, name, { value: lie, configurable: true, writable: true });
      expect(parseStack(raw, OWN)).toEqual(expected);
    } finally {
      for (const [name, descriptor] of Object.entries(saved)) Object.defineProperty(String.prototype, name, descriptor);
    }
    expect(expected.frames[0]).toEqual({ url: 'https://cdn.example/helper.js', extension: false, evaled: false });
  });
});

describe('readSites (Chromium: a stack read off V8 call sites)', () => {
  it.for([
    'https://shop.kz/static/app.js',
    'https://shop.kz:8443/a.js',
    'https://cdn.example/a.js?v=(2)',
    'chrome-extension://otherotherother/x.js',
    'https://shop.kz/kz/product/x',
    'blob:https://shop.kz/1b2c',
    'javascript:void 0',
    'no-scheme/a.js',
    `${OWN}src/content/main-world.iife.js`,
  ])('reads a file frame as the text reader read its `at <url>:0:0`: %s', (url) => {
    expect(fileFrame(url, OWN)).toEqual(parseFrame(`    at ${url}:0:0`, OWN));
  });

  it('reads a data: URL script whose code holds " (" by its whole address', () => {
    // The text reader took the part before " (" for a function name: the frame read as no URL and was dropped,
    // so a helper's data: script calling the shop's code left only the shop on the stack.
    const url = 'data:text/javascript,window.buy = function () { addToCart (1) }';
    expect(parseFrame(`    at ${url}:0:0`, OWN)).toBeNull();
    expect(fileFrame(url, OWN)).toEqual({ url, extension: false, evaled: false });
  });

  it('reads file frames by address and the rest by text, innermost first, with the first automation mark', () => {
    const sites = [
      { file: `${OWN}src/content/main-world.iife.js` },
      'Array.forEach (<anonymous>)',
      'new Promise (<anonymous>)',
      { file: 'https://cdn.example/helper.js' },
      'eval (eval at f (https://host/a.js:3:1), <anonymous>:1:1)',
      'pptr:evaluate;Object.run:1:10',
      { file: 'https://shop.kz/app.js' },
      '<anonymous>:3:1',
    ];
    expect(readSites(sites, OWN)).toEqual({
      frames: [
        { url: 'https://cdn.example/helper.js', extension: false, evaled: false },
        { url: 'https://host/a.js', extension: false, evaled: true },
        { url: 'pptr:evaluate;Object.run', extension: false, evaled: false },
        { url: 'https://shop.kz/app.js', extension: false, evaled: false },
        { url: '', extension: false, evaled: false },
      ],
      automation: 'pptr:',
    });
    // The same stack as text (as written before): the same frames.
    const text = ['Error', ...sites.map((site) => `    at ${typeof site === 'string' ? site : `${site.file}:0:0`}`)].join('\n');
    expect(parseStack(text, OWN)).toEqual(readSites(sites, OWN));
  });

  it('skips builtin frames as the text reader does, and reads a frame that only names one as text', () => {
    for (const text of ['Array.forEach (<anonymous>)', 'new Promise (<anonymous>)', '<anonymous>', 'NodeList.forEach (<anonymous>)'])
      expect(parseFrame(`    at ${text}`, OWN)).toBeNull();
    expect(readSites(['NodeList.forEach (<anonymous>)', '<anonymous>'], OWN).frames).toEqual([]);
    // Code with no file has a position: it is read, not skipped.
    expect(readSites(['run (<anonymous>:1:5)', '<anonymous>:3:1'], OWN).frames).toEqual([
      { url: '', extension: false, evaled: false },
      { url: '', extension: false, evaled: false },
    ]);
  });

  it('takes the base of the extension from the innermost frame only', () => {
    expect(siteBase([{ file: `${OWN}src/content/main-world.iife.js` }, { file: 'chrome-extension://other/x.js' }])).toBe(OWN);
    expect(siteBase([{ file: 'https://shop.kz/a.js' }, { file: 'chrome-extension://other/x.js' }])).toBe('');
    expect(siteBase(['<anonymous>:1:1'])).toBe('');
    expect(siteBase([])).toBe('');
  });
});

describe('extension URLs', () => {
  it('finds the base of the extension in a stack and the id in a URL', () => {
    expect(extensionBase(`Error\n    at ${OWN}src/content/main-world.iife.js:1:2`)).toBe(OWN);
    expect(extensionBase('Error\n    at https://shop.kz/a.js:1:1')).toBe('');
    // Only the frame that took the stack: another extension's code deeper down is not Saq's.
    expect(extensionBase(`Error\n    at w (${OWN}src/content/main-world.iife.js:1:2)\n    at chrome-extension://other/x.js:1:1`)).toBe(OWN);
    expect(extensionBase('Error\n    at https://shop.kz/a.js:1:1\n    at chrome-extension://other/x.js:1:1')).toBe('');
    expect(extensionBase('rawStack@<anonymous code>:1:2\nattribute@<anonymous code>:1:9\nf@moz-extension://other/x.js:1:1')).toBe('');
    expect(extensionIdOf('moz-extension://1234-abcd/x.js')).toBe('1234-abcd');
    expect(extensionIdOf('https://shop.kz/x.js')).toBeNull();
  });
});
