// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-test/', 'node_modules/', 'test-results/', 'bench/results/', 'tests/helpers/helper-extension*/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off', // used after explicit length/lookup checks; noUncheckedIndexedAccess makes it common
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='eval']", message: 'No eval: rules are data and Saq runs no remote code.' },
        { selector: "NewExpression[callee.name='Function']", message: 'No new Function: rules are data and Saq runs no remote code.' },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'no-console': ['error', { allow: ['warn', 'error'] }] },
  },
  {
    // The MAIN world runs inside the page's realm, after page code may have replaced any built-in it can
    // reach: the array iterator, Array.prototype and String.prototype methods, the String and Number
    // globals. Its code calls natives captured at document_start (src/content/main/natives.ts) and loops
    // by index; these shapes would call the page's functions instead (docs/security.md, "hostile page").
    files: ['src/content/main/**/*.ts', 'src/content/sensors/*.main.ts', 'src/content/main-world.iife.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='eval']", message: 'No eval: rules are data and Saq runs no remote code.' },
        { selector: "NewExpression[callee.name='Function']", message: 'No new Function: rules are data and Saq runs no remote code.' },
        { selector: 'ForOfStatement', message: "MAIN world: loop by index (the page's array iterator may be replaced)." },
        { selector: 'ArrayPattern', message: "MAIN world: read by index (array destructuring calls the page's iterator)." },
        {
          selector: ':matches(ArrayExpression, CallExpression, NewExpression) > SpreadElement',
          message: "MAIN world: no array spread (it calls the page's iterator).",
        },
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(at|concat|endsWith|every|filter|find|findIndex|forEach|includes|indexOf|join|lastIndexOf|map|match|padEnd|padStart|pop|push|reduce|replace|replaceAll|shift|slice|some|sort|splice|split|startsWith|substring|toLowerCase|toUpperCase|trim|unshift)$/]",
          message: 'MAIN world: call the native captured at start (natives.ts), not the prototype method the page can replace.',
        },
        {
          selector: 'CallExpression[callee.name=/^(String|Number|Boolean|parseInt|parseFloat|encodeURIComponent|decodeURIComponent)$/]',
          message: 'MAIN world: the page can replace this global; convert without it (template literal, unary +).',
        },
      ],
    },
  },
);
