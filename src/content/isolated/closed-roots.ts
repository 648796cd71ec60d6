/**
 * Closed shadow roots as an extension's world sees them. Page code cannot look into a closed root, nor can
 * the MAIN world into one whose attachShadow it never saw (the parser makes them from
 * `<template shadowrootmode="closed">`). An extension's content script can: Chromium gives it
 * `chrome.dom.openOrClosedShadowRoot`, Firefox the `openOrClosedShadowRoot` property of every element.
 */
import { SHADOW_HOSTS } from '../../shared/shadow-hosts.ts';

/** Nesting followed into shadow roots: a bound for a page built to nest without end. */
const MAX_DEPTH = 256;

/** Chromium: closed shadow roots can be asked for, through an extension API call (not free: ask sparingly). */
export const CAN_ASK_CLOSED = typeof chrome !== 'undefined' && typeof chrome.dom?.openOrClosedShadowRoot === 'function';

export const mayHostShadow = (element: Element): boolean => element.tagName.includes('-') || SHADOW_HOSTS[element.tagName] === true;

/** The shadow root an element hosts, closed ones too where the browser lets an extension in; null when it hosts none. */
export function shadowRootOf(element: Element): ShadowRoot | null {
  try {
    if (CAN_ASK_CLOSED && element instanceof HTMLElement) return (chrome.dom.openOrClosedShadowRoot(element) as ShadowRoot | null) ?? null;
    return (element as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot ?? element.shadowRoot;
  } catch {
    return element.shadowRoot; // not an element the API takes
  }
}

/**
 * The element that has the focus inside the shadow roots `host` holds (keystrokes go to it), followed
 * through nested roots; null unless at least one of them is closed: behind open roots an event's path
 * already starts at the focused element.
 */
export function focusedInsideClosed(host: Element): Element | null {
  let element = host;
  let closed = false;
  for (let depth = 0; depth < MAX_DEPTH && mayHostShadow(element); depth++) {
    const root = shadowRootOf(element);
    const active = root?.activeElement;
    if (!root || !active) break;
    if (root.mode === 'closed') closed = true;
    element = active;
  }
  return closed ? element : null;
}
