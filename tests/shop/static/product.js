// Product page: live countdown, stock polling, the two-step add-to-cart and the captcha widget.
/* global window, document, fetch, setInterval */ // classic browser script served to the page, not a module
(function () {
  'use strict';
  var config = window.shopConfig;
  var sel = config.selectors;
  var texts = config.texts;
  var block = document.querySelector(sel.buyBlock);
  if (!block) return;

  var productId = block.dataset.productId;
  var limit = Number(block.dataset.limit);
  var button = block.querySelector(sel.addToCart);
  var quantity = block.querySelector(sel.quantity);
  var message = block.querySelector(sel.cartMessage);
  var stockEl = block.querySelector(sel.stockLeft + ' [data-stock]');
  var countdown = block.querySelector(sel.countdown);
  var timer = countdown.querySelector('[data-timer]');
  // Server clock offset, so the countdown matches the server's opening time.
  var skew = Number(block.dataset.serverTime) - Date.now();
  var state = { phase: block.dataset.phase, opensAt: Number(block.dataset.opensAt) || 0, busy: false };
  var captchaLoaded = false;

  function say(text, kind) {
    message.textContent = text;
    message.className = 'msg' + (kind ? ' msg--' + kind : '');
  }

  function loadCaptcha() {
    if (captchaLoaded) return;
    captchaLoaded = true;
    var script = document.createElement('script');
    script.src = config.captchaScript;
    script.async = true;
    document.head.appendChild(script);
  }

  function render() {
    block.dataset.phase = state.phase;
    countdown.hidden = state.phase !== 'countdown';
    button.disabled = state.phase !== 'on-sale' || state.busy;
    button.textContent = state.phase === 'sold-out' ? texts.soldOut : texts.addToCart;
    if (state.phase === 'on-sale') loadCaptcha();
  }

  function tick() {
    if (state.phase !== 'countdown') return;
    var left = Math.max(0, state.opensAt - (Date.now() + skew));
    var s = Math.ceil(left / 1000);
    timer.textContent = String(Math.floor(s / 60)).padStart(2, '0') + ':' + String(s % 60).padStart(2, '0');
    if (left === 0) poll();
  }

  function apply(status) {
    stockEl.textContent = String(status.stock);
    state.phase = status.phase;
    state.opensAt = status.opensAt || 0;
    skew = status.serverTime - Date.now();
    render();
  }

  function poll() {
    return fetch(config.api.stock + encodeURIComponent(productId), { credentials: 'same-origin' })
      .then(function (r) {
        return r.json();
      })
      .then(apply)
      .catch(function () {
        /* next poll retries */
      });
  }

  function postJson(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).then(function (r) {
      return r
        .json()
        .catch(function () {
          return {};
        })
        .then(function (data) {
          return { status: r.status, data: data };
        });
    });
  }

  function explain(result) {
    if (result.status === 409 && result.data.error === 'limit') return say(texts.limitReached.replace('{n}', String(limit)), 'warn');
    if (result.status === 409 && result.data.error === 'sold-out') return say(texts.soldOut, 'warn');
    if (result.status === 429) return say(texts.tooMany, 'warn');
    say(texts.error, 'warn');
  }

  function addToCart() {
    var qty = Math.floor(Number(quantity.value));
    if (!(qty >= 1)) qty = 1;
    state.busy = true;
    render();
    say('…');
    postJson(config.api.reserve, { productId: productId, qty: qty })
      .then(function (step1) {
        if (step1.status !== 200) return explain(step1);
        return postJson(config.api.cartItems, { productId: productId, qty: qty, reservationId: step1.data.reservationId }).then(
          function (step2) {
            if (step2.status !== 200) return explain(step2);
            say(texts.added, 'ok');
            window.shopUpdateCartCount(step2.data.cart);
          },
        );
      })
      .catch(function () {
        say(texts.error, 'warn');
      })
      .then(function () {
        state.busy = false;
        render();
        poll();
      });
  }

  button.addEventListener('click', addToCart);
  render();
  tick();
  setInterval(tick, 250);
  setInterval(poll, config.limits.stockPollMs);
})();
