// Checkout: toggles address / branch fields, creates the order, then enables the payment form
// (a native form POST to the payment provider, submitted by the user's own click).
/* global window, document, fetch, setTimeout */ // classic browser script served to the page, not a module
(function () {
  'use strict';
  var config = window.shopConfig;
  var sel = config.selectors;
  var confirm = document.querySelector(sel.orderConfirm);
  if (!confirm) return;
  var methods = document.querySelector(sel.deliveryMethod);
  var address = document.querySelector(sel.deliveryAddress);
  var pickup = document.querySelector('[data-pickup]');
  var branch = document.querySelector(sel.pickupBranch);
  var form = document.querySelector(sel.paymentForm);
  var submit = document.querySelector(sel.checkoutSubmit);

  function method() {
    var checked = methods.querySelector('input:checked');
    return checked ? checked.value : 'post';
  }

  // The collector's saved city and receipt e-mail, filled in after load as a profile fetch would: by
  // setting the values, with no events.
  var profile = document.querySelector('[data-profile-city]');
  var city = address.querySelector('input[name="city"]');
  var email = document.querySelector('input[name="email_address"]');
  window.addEventListener('load', function () {
    setTimeout(function () {
      if (!city.value) city.value = profile.dataset.profileCity;
      if (!email.value) email.value = profile.dataset.profileEmail.toLowerCase();
    }, 0);
  });

  // Tidies what the person typed when they leave a field: one space between words, e-mails in lower case.
  address.addEventListener('change', function (event) {
    if (event.target.name === 'address') event.target.value = event.target.value.replace(/\s+/g, ' ').trim();
  });
  email.addEventListener('change', function () {
    email.value = email.value.trim().toLowerCase();
  });

  // The shop's dialogs: a box over the whole page, closed when its form is sent.
  var COVER = 'position:fixed;inset:0;z-index:100;background:rgba(0,0,0,.5);display:flex;align-items:center;justify-content:center';
  function closeOnSubmit(form, cover) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      cover.remove();
    });
  }

  // "Promo code": a dialog over the whole page with one field, added when asked for.
  document.querySelector('[data-promo-open]').addEventListener('click', function () {
    var cover = document.createElement('div');
    cover.style.cssText = COVER;
    var dialog = document.createElement('form');
    dialog.className = 'panel';
    dialog.dataset.promo = '';
    var field = document.createElement('input');
    field.name = 'promocode';
    field.placeholder = config.texts.promoCode;
    field.autocomplete = 'off';
    var apply = document.createElement('button');
    apply.className = 'btn';
    apply.textContent = config.texts.apply;
    dialog.append(field, ' ', apply);
    closeOnSubmit(dialog, cover);
    cover.append(dialog);
    document.body.append(cover);
    field.focus();
  });

  // "Sign in again" (the session ran out): the shop's own dialog over the page asking for the password, built
  // node by node as frameworks do.
  document.querySelector('[data-signin-open]').addEventListener('click', function () {
    var cover = document.createElement('div');
    cover.style.cssText = COVER;
    var dialog = document.createElement('form');
    dialog.className = 'panel';
    dialog.dataset.signin = '';
    var login = document.createElement('input');
    login.name = 'username';
    login.autocomplete = 'username';
    var password = document.createElement('input');
    password.type = 'password';
    password.name = 'password';
    password.autocomplete = 'current-password';
    password.placeholder = config.texts.password;
    var submit = document.createElement('button');
    submit.className = 'btn';
    submit.textContent = config.texts.signIn;
    dialog.append(login, ' ', password, ' ', submit);
    closeOnSubmit(dialog, cover);
    cover.append(dialog);
    document.body.append(cover);
    login.focus();
  });

  // "Confirm by SMS": the shop's own dialog over the page asking for the code it sent, written as markup.
  document.querySelector('[data-sms-open]').addEventListener('click', function () {
    var cover = document.createElement('div');
    cover.style.cssText = COVER;
    document.body.append(cover);
    cover.innerHTML =
      '<form class="panel" data-sms><input name="sms_code" autocomplete="one-time-code" inputmode="numeric" placeholder="' +
      config.texts.smsCode +
      '"> <button class="btn">' +
      config.texts.apply +
      '</button></form>';
    closeOnSubmit(cover.firstChild, cover);
    cover.querySelector('input').focus();
  });

  methods.addEventListener('change', function () {
    address.hidden = method() !== 'post';
    pickup.hidden = method() !== 'pickup';
  });

  confirm.addEventListener('click', function () {
    var body = { delivery: method() };
    if (body.delivery === 'post') {
      address.querySelectorAll('input').forEach(function (input) {
        body[input.name] = input.value;
      });
    } else {
      body.branch = branch.value;
    }
    confirm.disabled = true;
    fetch(config.api.order, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
      .then(function (r) {
        return r.json();
      })
      .then(function (order) {
        if (!order.orderId) throw new Error(order.error || 'order');
        form.elements.orderId.value = order.orderId;
        form.elements.amount.value = String(order.amount);
        form.querySelector('[data-order-label]').textContent = config.texts.order + ': ' + order.orderId;
        submit.disabled = false;
      })
      .catch(function () {
        confirm.disabled = false;
      });
  });
})();
