/**
 * The only elements the DOM standard lets a script attach a shadow root to, custom elements aside (the parser follows
 * the same rule for `<template shadowrootmode>`), by their HTML nodeName. Both worlds ask about these only: the
 * ISOLATED world before it asks Chromium for a closed root (an extension API call), the MAIN world before it hands
 * an added element over as a possible host (main/child-lists.ts). Prototype-less: no page property answers a lookup.
 */
export const SHADOW_HOSTS = {
  __proto__: null,
  ARTICLE: true,
  ASIDE: true,
  BLOCKQUOTE: true,
  BODY: true,
  DIV: true,
  FOOTER: true,
  H1: true,
  H2: true,
  H3: true,
  H4: true,
  H5: true,
  H6: true,
  HEADER: true,
  MAIN: true,
  NAV: true,
  P: true,
  SECTION: true,
  SPAN: true,
} as unknown as Readonly<Record<string, true | undefined>>;
