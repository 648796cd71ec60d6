/**
 * Native functions captured when the MAIN-world bundle starts, at document_start — before any page
 * script can run. The sensors share their realm with hostile page code, which may later replace any
 * global or prototype member; the hot paths use these references, so a page that redefines, say,
 * `Node.prototype.nodeName` or `Reflect.apply` neither blinds a hook nor sees Saq call its replacement.
 * (Saq's maps, sets and list appends go through safe-collections.ts. Plain string methods are used as
 * they are in the reporting paths: a page that replaces `String.prototype.slice` can at worst garble its
 * own evidence.)
 *
 * Module-level constants rather than an object: the bundler renames them, which keeps the content
 * scripts inside their size budget.
 */
import { regExpExec, uncurryThis } from './strings.ts';
import { bare } from './descriptors.ts';

export { includes, regExpExec, sliceString, startsWith, toUpperCase, trimString } from './strings.ts';

/**
 * An accessor's getter, uncurried: `getter(Node.prototype, 'nodeName')(node)`. Looked up from `target` up
 * its prototype chain: browsers move attributes between interfaces (Chromium 156 put Range's
 * `startContainer` on a new `NodeRange` between Range and AbstractRange), and one getter not where it was
 * must not stop the MAIN world at its first line — it did, blind on every page. Not found at all, the
 * property is read as page code would (the page could fake it; a sensor that runs beats one that does not).
 */
export function getter<R>(target: object, key: string): (self: unknown) => R {
  for (let on: object | null = target; on !== null; on = getPrototypeOf(on) as object | null) {
    const get = getOwnPropertyDescriptor(on, key)?.get;
    if (get) return uncurryThis(get as (this: unknown) => R);
  }
  return (self) => reflectGet(self as object, key) as R;
}

/** An accessor's setter, uncurried, found as `getter` finds a getter (and, found nowhere, set as page code would). */
function setter<V>(target: object, key: string): (self: unknown, value: V) => void {
  for (let on: object | null = target; on !== null; on = Object.getPrototypeOf(on) as object | null) {
    const set = Object.getOwnPropertyDescriptor(on, key)?.set;
    if (set) return uncurryThis(set as (this: unknown, value: V) => void);
  }
  const write = Reflect.set;
  return (self, value) => void write(self as object, key, value);
}

export const NativeError = Error as unknown as { new (): Error; prepareStackTrace?: unknown; stackTraceLimit: number };
export const { defineProperty, getOwnPropertyDescriptor, getOwnPropertyNames, getPrototypeOf, hasOwn, keys: objectKeys } = Object;
export const mathRandom = Math.random;
export const reflectApply = Reflect.apply;
export const reflectConstruct = Reflect.construct;
const reflectGet = Reflect.get;
export const deleteProperty = Reflect.deleteProperty;
/**
 * Firefox's `stack` is an accessor on Error.prototype, which page code can replace with one that lies about
 * who called; V8 puts its own native accessor on each error instead (then this is undefined).
 */
export const errorStackGetter = getOwnPropertyDescriptor(Error.prototype, 'stack')?.get;
export const functionToString = Function.prototype.toString;
export const NativeURL = URL;
export const dateNow = Date.now;
export const performanceNow = Performance.prototype.now.bind(performance);
const signalTimeout = AbortSignal.timeout.bind(AbortSignal);
/**
 * Runs `fn` once `ms` have passed (0: in a task of its own), on a timer page code cannot clear. A timer of
 * setTimeout's, setInterval's or requestIdleCallback's has a small whole-number id, and the page's
 * clearTimeout, clearInterval and cancelIdleCallback take any: a helper clearing every id in a loop stopped
 * the hashing of its own large inline script, and with it the report of every click that script made
 * (tests/e2e/sensors-main-tamper.e2e.ts). The timer of AbortSignal.timeout has no id; its signal is Saq's
 * alone, and its abort event, with no listener but Saq's, runs nothing of the page's.
 */
export const after = (ms: number, fn: () => void): void =>
  addListener(signalTimeout(ms > 0 && ms < 2 ** 31 ? ms : 0), 'abort', fn, bare({ once: true }));
export const NativeRegExp = RegExp;
/**
 * The MutationObserver as it was at document_start, `observe` uncurried and a record's `target` getter: an
 * observer of Saq's is told of changes no hooked call makes (a page replacing the prototype's methods later
 * neither stops it nor reads its records).
 */
export const NativeMutationObserver = MutationObserver;
export const observeMutations = uncurryThis(
  MutationObserver.prototype.observe as (this: MutationObserver, target: Node, options: MutationObserverInit) => void,
);
export const mutationTarget = getter<Node>(MutationRecord.prototype, 'target');
export const mutationType = getter<string>(MutationRecord.prototype, 'type');
export const addedNodes = getter<NodeList>(MutationRecord.prototype, 'addedNodes');
export const takeMutationRecords = uncurryThis(MutationObserver.prototype.takeRecords);
export const nodeListLength = getter<number>(NodeList.prototype, 'length');
/** Runs `fn` when the current task's code is done (a microtask): batches what one task reports. */
export const queueTask = queueMicrotask.bind(window) as (fn: () => void) => void;
export const encodeText = TextEncoder.prototype.encode.bind(new TextEncoder()) as (text: string) => Uint8Array<ArrayBuffer>;
export { whenSettled } from './settled.ts';
export const pageDocument = document;
export const pageLocation = location;
/** This document's time origin, as it was when Saq started: names it on the channel (page-protocol.ts). */
export const documentTimeOrigin = performance.timeOrigin;

export const postMessageTo = uncurryThis(
  window.postMessage as (this: Window, message: unknown, targetOrigin: string, transfer?: Transferable[]) => void,
);
export const NativeCustomEvent = CustomEvent;
export const NativeFocusEvent = FocusEvent;
/**
 * A Trusted Types value's text, or null for anything else (no Trusted Types in this browser, or not one of
 * that type): the native toString, whose brand check throws for other objects.
 */
function trustedText(type: 'TrustedHTML' | 'TrustedScript' | 'TrustedScriptURL'): (value: unknown) => string | null {
  const toString = (globalThis as unknown as Partial<Record<string, { prototype: { toString(): string } }>>)[type]?.prototype.toString;
  return (value) => {
    if (!toString) return null;
    try {
      return reflectApply(toString, value, []) as string;
    } catch {
      return null;
    }
  };
}
export const trustedHtmlText = trustedText('TrustedHTML');
export const trustedScriptText = trustedText('TrustedScript');
export const trustedScriptUrlText = trustedText('TrustedScriptURL');
export const dispatchEventOn = uncurryThis(EventTarget.prototype.dispatchEvent as (this: EventTarget, event: Event) => boolean);
export const jsonStringify = JSON.stringify;
export const isArray = Array.isArray;
export const portPostMessage = uncurryThis(MessagePort.prototype.postMessage as (this: MessagePort, message: unknown) => void);
export const portClose = uncurryThis(MessagePort.prototype.close);
/** Sets a port's `onmessage` (a page that replaced the setter would be handed Saq's listener). */
export const setPortListener = uncurryThis(
  getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage')!.set as (this: MessagePort, fn: (event: MessageEvent) => void) => void,
);
export const NativeMessageChannel = MessageChannel;
// An offer made after page code ran (an ask answered late) must not read the ports through getters the page replaced.
export const channelPort1 = getter<MessagePort>(MessageChannel.prototype, 'port1');
export const channelPort2 = getter<MessagePort>(MessageChannel.prototype, 'port2');
const addListener = uncurryThis(
  EventTarget.prototype.addEventListener as (
    this: EventTarget,
    type: string,
    fn: (event: Event) => void,
    options?: AddEventListenerOptions,
  ) => void,
);
/**
 * Adds Saq's listener with options made prototype-less first: the engine reads `capture`, `once`, `passive`
 * and `signal` by [[Get]], inherited ones too, and a listener added after page code ran (a frame's realm
 * adopted, a connection the page made) would run once, or never (an aborted `signal`), at the page's word.
 */
export const listen = (target: EventTarget, type: string, fn: (event: Event) => void, options?: AddEventListenerOptions): void =>
  addListener(target, type, fn, options && bare(options));
export const closest = uncurryThis(Element.prototype.closest as (this: Element, selector: string) => Element | null);
/** An HTMLCollection's `item`, captured: an options collection's first option names its select. */
export const selectValue = getter<string>(HTMLSelectElement.prototype, 'value');
export const optionsItem = uncurryThis(HTMLCollection.prototype.item as (this: HTMLCollection, index: number) => Element | null);
export const elementMatches = uncurryThis(Element.prototype.matches as (this: Element, selector: string) => boolean);
export const elementQuerySelector = uncurryThis(Element.prototype.querySelector as (this: Element, selector: string) => Element | null);
export const elementShadowRoot = getter<ShadowRoot | null>(Element.prototype, 'shadowRoot');
export const getAttribute = uncurryThis(Element.prototype.getAttribute);
export const getAttributeNS = uncurryThis(Element.prototype.getAttributeNS);
export const hasAttribute = uncurryThis(Element.prototype.hasAttribute);
export const hasAttributes = uncurryThis(Element.prototype.hasAttributes);
export const querySelectorAll = uncurryThis(Element.prototype.querySelectorAll as (this: Element, selector: string) => NodeListOf<Element>);
export const documentQuerySelectorAll = uncurryThis(
  Document.prototype.querySelectorAll as (this: Document, selector: string) => NodeListOf<Element>,
);
export const documentQuerySelector = uncurryThis(Document.prototype.querySelector as (this: Document, selector: string) => Element | null);
export const fragmentQuerySelectorAll = uncurryThis(
  DocumentFragment.prototype.querySelectorAll as (this: DocumentFragment, selector: string) => NodeListOf<Element>,
);
// Markup parsed apart, inert, in a <template> (main/handler-markup.ts).
export const createElement = uncurryThis(Document.prototype.createElement as (this: Document, tag: string) => HTMLElement);
export const setInnerHtml = setter<string>(Element.prototype, 'innerHTML');
export const getAttributeNames = uncurryThis(Element.prototype.getAttributeNames);

export const scriptSrc = getter<string>(HTMLScriptElement.prototype, 'src');
export const textContent = getter<string | null>(Node.prototype, 'textContent');
export const nodeName = getter<string>(Node.prototype, 'nodeName');
export const nodeType = getter<number>(Node.prototype, 'nodeType');
export const isConnected = getter<boolean>(Node.prototype, 'isConnected');
export const ownerDocument = getter<Document | null>(Node.prototype, 'ownerDocument');
export const parentNode = getter<ParentNode | null>(Node.prototype, 'parentNode');
export const getRootNode = uncurryThis(Node.prototype.getRootNode as (this: Node) => Node);
export const parentElement = getter<Element | null>(Node.prototype, 'parentElement');
export const rangeStart = getter<Node>(Range.prototype, 'startContainer');
export const firstElementChild = getter<Element | null>(Element.prototype, 'firstElementChild');
export const currentScript = getter<HTMLScriptElement | null>(Document.prototype, 'currentScript');
export const documentElement = getter<Element | null>(Document.prototype, 'documentElement');
export const documentView = getter<Window | null>(Document.prototype, 'defaultView');
export const documentBody = getter<HTMLElement | null>(Document.prototype, 'body');
export const contentWindow = getter<Window | null>(HTMLIFrameElement.prototype, 'contentWindow');
const frameContentWindow = getter<Window | null>(HTMLFrameElement.prototype, 'contentWindow');
const objectContentWindow = getter<Window | null>(HTMLObjectElement.prototype, 'contentWindow');
/**
 * The window of an element that holds one by a property (`<iframe>`, `<frame>`, `<object>`), told by its local
 * name; undefined for any other element. Throws for what is not an element, or for one of another namespace
 * that shares such a name.
 */
export function frameWindowOf(element: unknown): Window | null | undefined {
  const name = elementBrand(element);
  if (name === 'iframe') return contentWindow(element);
  if (name === 'frame') return frameContentWindow(element);
  return name === 'object' ? objectContentWindow(element) : undefined;
}
export const templateContent = getter<DocumentFragment>(HTMLTemplateElement.prototype, 'content');
export const formAction = getter<string>(HTMLFormElement.prototype, 'action');
export const formMethod = getter<string>(HTMLFormElement.prototype, 'method');
/** A submit event's submitter (the button that sent the form; null for requestSubmit() without one). */
export const eventSubmitter = getter<HTMLElement | null>(SubmitEvent.prototype, 'submitter');
const buttonFormAction = getter<string>(HTMLButtonElement.prototype, 'formAction');
const inputFormAction = getter<string>(HTMLInputElement.prototype, 'formAction');
/**
 * Where a submission goes: the submitter's `formaction` when it has one (it overrides the form's action),
 * else the form's. Throws for a form that is not one.
 */
export function submissionAction(form: unknown, submitter: unknown): string {
  if (submitter !== null && submitter !== undefined && getAttribute(submitter as Element, 'formaction') !== null) {
    const tag = nodeName(submitter);
    if (tag === 'BUTTON') return buttonFormAction(submitter);
    if (tag === 'INPUT') return inputFormAction(submitter);
  }
  return formAction(form);
}
export const eventTarget = getter<EventTarget | null>(Event.prototype, 'target');
/** The event's path through open shadow roots, from the node it happened on (a new array of the page's realm each call). */
export const composedPath = uncurryThis(Event.prototype.composedPath as (this: Event) => EventTarget[]);
export const eventType = getter<string>(Event.prototype, 'type');
export const eventCurrentTarget = getter<EventTarget | null>(Event.prototype, 'currentTarget');
export const eventPhase = getter<number>(Event.prototype, 'eventPhase');
/** A shadow root's mode, host and focused element: how a keystroke in a closed root is followed to its field. */
export const shadowRootMode = getter<string>(ShadowRoot.prototype, 'mode');
export const shadowRootHost = getter<Element>(ShadowRoot.prototype, 'host');
export const shadowActiveElement = getter<Element | null>(ShadowRoot.prototype, 'activeElement');
/** When the event was created (not dispatched): what ties a hooked dispatch to the event other worlds see. */
export const eventTimeStamp = getter<number>(Event.prototype, 'timeStamp');
export const defaultPrevented = getter<boolean>(Event.prototype, 'defaultPrevented');
export const stopImmediatePropagation = uncurryThis(Event.prototype.stopImmediatePropagation);
export const preventDefault = uncurryThis(Event.prototype.preventDefault);
/**
 * A message's data and source. Read through the getters captured here, never `event.data`: a page that
 * replaced MessageEvent.prototype's getter would read — and could rewrite — what the ISOLATED world sends
 * on Saq's private port (the lane's secret type, the site profile).
 */
export const messageData = getter<unknown>(MessageEvent.prototype, 'data');
export const messageSource = getter<MessageEventSource | null>(MessageEvent.prototype, 'source');
export const messageOrigin = getter<string>(MessageEvent.prototype, 'origin');
/** The event the window is dispatching now (`window.event`), as the browser says: the page may replace the name. */
export const windowEvent = getter<Event | undefined>(window, 'event');
export const requestUrl = getter<string>(Request.prototype, 'url');
export const requestMethod = getter<string>(Request.prototype, 'method');
export const webSocketUrl = getter<string>(WebSocket.prototype, 'url');
/**
 * Native getters read only for the receiver check they make (main/text-argument.ts, `reachesConversion`):
 * each throws for an object of any other interface. Cheap ones: an atom, a flag, a number.
 */
export const elementBrand = getter<string>(Element.prototype, 'localName');
/**
 * The same getter, named for reading its value rather than for its receiver check: an element's local name (an
 * iframe's is `iframe` in every kind of document).
 */
export const localName = elementBrand;
/** Range's own: `startContainer` is AbstractRange's, which a StaticRange also passes. */
export const rangeBrand = getter<Node>(Range.prototype, 'commonAncestorContainer');
export const shadowRootBrand = getter<string>(ShadowRoot.prototype, 'mode');
export const documentBrand = getter<string>(Document.prototype, 'readyState');
export const readyState = documentBrand;
export const xhrBrand = getter<number>(XMLHttpRequest.prototype, 'readyState');
export const navigatorBrand = getter<boolean>(Navigator.prototype, 'onLine');
/** EventTarget has no attribute to read: removing no listener does nothing on one, and throws on anything else. */
const removeListener = uncurryThis(EventTarget.prototype.removeEventListener as (this: unknown, type: string, listener: null) => void);
export const eventTargetBrand = (self: unknown): void => removeListener(self, '', null);
/** A window's functions (fetch, timers, open) take a Window, or no receiver at all (then the global's). */
const windowClosed = getter<boolean>(window, 'closed');
export const windowBrand = (self: unknown): void => void (self === undefined || self === null || windowClosed(self));
/** DOMParser has no attribute either: parsing nothing makes a document nobody holds, and throws on anything else. */
const parseNothing = uncurryThis(DOMParser.prototype.parseFromString as (this: unknown, text: string, type: string) => Document);
export const domParserBrand = (self: unknown): void => void parseNothing(self, '', 'text/html');
const NativeDOMParser = DOMParser;
let inertParser: DOMParser | undefined;
/**
 * `html` parsed into a document of its own, as DOMParser does: its scripts never run, nothing in it loads. Throws
 * where the page enforces Trusted Types and has no default policy (the text is refused).
 */
export const parseInert = (html: string): Document => parseNothing((inertParser ??= new NativeDOMParser()), html, 'text/html');
// An attribute node's owner, name and value (main/attribute-writes.ts).
export const attrOwnerElement = getter<Element | null>(Attr.prototype, 'ownerElement');
export const attrLocalName = getter<string>(Attr.prototype, 'localName');
export const attrNamespace = getter<string | null>(Attr.prototype, 'namespaceURI');
export const attrValue = getter<string>(Attr.prototype, 'value');

/** The page's current address (the base for relative URLs). `location.href` is unforgeable: page code cannot redefine it. */
export const pageHref = (): string => pageLocation.href;
const urlHref = getter<string>(URL.prototype, 'href');
/** A node's base URL: its document's `<base href>` if it has one, else the document's address. */
export const baseUri = getter<string>(Node.prototype, 'baseURI');
/**
 * `raw` resolved as the browser resolves it: against the document's base URL (a `<base href>` a helper puts in the
 * head makes `fetch('c?…')` or a frame's relative `src` a stranger's), or against `base` — an element's own
 * (`baseUri`), for an element of another document. Read with the `href` getter captured at start: a page that
 * rewrote URL.prototype.href would otherwise choose the URL of every request Saq reports. Throws for what is
 * not a URL, like the constructor.
 */
export const resolveUrl = (raw: string, base: string = baseUri(pageDocument)): string => urlHref(new NativeURL(raw, base));

/** Whether a function's source, read with the captured native toString, is native code. */
export function isNativeCode(fn: unknown): boolean {
  try {
    return regExpExec(/\{\s*\[native code\]\s*\}\s*$/, reflectApply(functionToString, fn, []) as string) !== null;
  } catch {
    return false;
  }
}
