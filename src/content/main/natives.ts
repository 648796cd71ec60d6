/**
 * Native functions captured before any page script runs. The MAIN-world sensor shares its realm with
 * hostile page code, which may later replace any global or prototype method; every sensor uses these
 * references (called with Reflect.apply semantics via .call captured here) instead of live globals.
 */
const FunctionCall = Function.prototype.call;

/** `uncurry(fn)(thisArg, ...args)` calls fn without touching Function.prototype.call at call time. */
function uncurry<T, A extends unknown[], R>(fn: (this: T, ...args: A) => R): (self: T, ...args: A) => R {
  return FunctionCall.bind(fn) as unknown as (self: T, ...args: A) => R;
}

export function captureNatives() {
  return {
    Error,
    ErrorStackDescriptor: Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit'),
    defineProperty: Object.defineProperty,
    getOwnPropertyDescriptor: Object.getOwnPropertyDescriptor,
    postMessage: uncurry(window.postMessage as (this: Window, message: unknown, targetOrigin: string, transfer?: Transferable[]) => void),
    MessageChannel,
    portPostMessage: uncurry(MessagePort.prototype.postMessage as (this: MessagePort, message: unknown) => void),
    performanceNow: uncurry(Performance.prototype.now),
    performance,
    dateNow: Date.now,
    elementMatches: uncurry(Element.prototype.matches),
    querySelectorAll: uncurry(Element.prototype.querySelectorAll as (this: Element, s: string) => NodeListOf<Element>),
    fragmentQuerySelectorAll: uncurry(
      DocumentFragment.prototype.querySelectorAll as (this: DocumentFragment, s: string) => NodeListOf<Element>,
    ),
    scriptSrcGetter: uncurry(
      Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'src')!.get as (this: HTMLScriptElement) => string,
    ),
    textContentGetter: uncurry(Object.getOwnPropertyDescriptor(Node.prototype, 'textContent')!.get as (this: Node) => string | null),
    nodeNameGetter: uncurry(Object.getOwnPropertyDescriptor(Node.prototype, 'nodeName')!.get as (this: Node) => string),
    nodeTypeGetter: uncurry(Object.getOwnPropertyDescriptor(Node.prototype, 'nodeType')!.get as (this: Node) => number),
    locationHref: () => document.location.href,
    URL,
    WeakMap,
    Set,
    stringSlice: uncurry(String.prototype.slice),
    stringIndexOf: uncurry(String.prototype.indexOf),
    stringSplit: uncurry(String.prototype.split as (this: string, sep: string) => string[]),
    regExpExec: uncurry(RegExp.prototype.exec),
    arrayPush: uncurry(Array.prototype.push as (this: unknown[], ...items: unknown[]) => number),
    functionToString: Function.prototype.toString,
    reflectApply: Reflect.apply,
    reflectConstruct: Reflect.construct,
  };
}

export type Natives = ReturnType<typeof captureNatives>;
