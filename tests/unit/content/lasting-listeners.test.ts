import { describe, expect, it } from 'vitest';
import { listenAgain, listenLasting, onReopened } from '../../../src/content/isolated/lasting-listeners.ts';

/**
 * The ISOLATED world's listeners that come back after `document.open()`, against plain event targets: the erasure is
 * played by taking the listener off as the browser would (what a real re-opened document does to them is
 * tests/e2e's job: sensors-rest-activation, sensors-main-keylogger, ui-warning).
 */
describe('lasting listeners (isolated)', () => {
  const erase = (target: EventTarget, type: string, listener: EventListener, capture = false): void =>
    target.removeEventListener(type, listener, { capture });

  it('come back once after the erasure, and are not doubled when they were still there', () => {
    const target = new EventTarget();
    const heard: string[] = [];
    const listener = (event: Event): void => void heard.push(event.type);
    listenLasting(target, 'input', listener, { capture: true });
    listenAgain(); // still there: nothing changes
    target.dispatchEvent(new Event('input'));
    expect(heard).toEqual(['input']);
    erase(target, 'input', listener as EventListener, true);
    target.dispatchEvent(new Event('input'));
    expect(heard).toEqual(['input']);
    listenAgain();
    target.dispatchEvent(new Event('input'));
    expect(heard).toEqual(['input', 'input']);
  });

  it('leave for good when taken off, when their signal aborts, and once a `once` listener ran', () => {
    const target = new EventTarget();
    const heard: string[] = [];
    const off = listenLasting(target, 'a', () => heard.push('a'));
    const controller = new AbortController();
    listenLasting(target, 'b', () => heard.push('b'), { signal: controller.signal });
    listenLasting(target, 'c', () => heard.push('c'), { once: true });
    off();
    controller.abort();
    target.dispatchEvent(new Event('c'));
    listenAgain();
    for (const type of ['a', 'b', 'c']) target.dispatchEvent(new Event(type));
    expect(heard).toEqual(['c']);
  });

  it('add nothing for an already aborted signal', () => {
    const target = new EventTarget();
    const heard: string[] = [];
    const controller = new AbortController();
    controller.abort();
    listenLasting(target, 'a', () => heard.push('a'), { signal: controller.signal });
    listenAgain();
    target.dispatchEvent(new Event('a'));
    expect(heard).toEqual([]);
  });

  it('tell whoever asked each time they came back, and one that throws keeps the others', () => {
    const told: string[] = [];
    onReopened(() => {
      throw new Error('a sensor failing');
    });
    onReopened(() => told.push('told'));
    listenAgain();
    listenAgain();
    expect(told).toEqual(['told', 'told']);
  });
});
