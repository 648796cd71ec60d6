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
  function field(attributes) {
    var input = document.createElement('input');
    Object.keys(attributes).forEach(function (name) {
      input[name] = attributes[name];
    });
    return input;
  }
  /**
   * A dialog built node by node off the page, as frameworks do: its fields and a button, focus on the first
   * field. `whenBuilt(dialog)`, if given, runs once the fields are in the dialog, before it is shown.
   */
  function openDialog(marker, fields, label, whenBuilt) {
    var cover = document.createElement('div');
    cover.style.cssText = COVER;
    var dialog = document.createElement('form');
    dialog.className = 'panel';
    dialog.dataset[marker] = '';
    var submit = document.createElement('button');
    submit.className = 'btn';
    submit.textContent = label;
    fields.forEach(function (input) {
      dialog.append(input, ' ');
    });
    dialog.append(submit);
    if (whenBuilt) whenBuilt(dialog);
    closeOnSubmit(dialog, cover);
    cover.append(dialog);
    document.body.append(cover);
    fields[0].focus();
  }

  // "Promo code": a dialog over the whole page with one field, added when asked for.
  document.querySelector('[data-promo-open]').addEventListener('click', function () {
    openDialog('promo', [field({ name: 'promocode', placeholder: config.texts.promoCode, autocomplete: 'off' })], config.texts.apply);
  });

  // "Sign in again" (the session ran out): the shop's own dialog over the page asking for the password. Its
  // password field gets its attributes once it is in the form, as hand-written code often does.
  document.querySelector('[data-signin-open]').addEventListener('click', function () {
    var password = document.createElement('input');
    openDialog('signin', [field({ name: 'username', autocomplete: 'username' }), password], config.texts.signIn, function () {
      password.type = 'password';
      password.name = 'password';
      password.autocomplete = 'current-password';
      password.placeholder = config.texts.password;
    });
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

  /**
   * A web component drawing a dialog over the page in its shadow root (`mode`), one field (`fieldMarkup`) and a
   * button, focused on opening; the host goes when the form is sent.
   */
  function componentDialog(tag, mode, formAttributes, fieldMarkup, label) {
    var host = document.createElement(tag);
    var root = host.attachShadow({ mode: mode });
    document.body.append(host);
    root.innerHTML =
      '<div style="' +
      COVER +
      '"><form class="panel"' +
      formAttributes +
      '>' +
      fieldMarkup +
      ' <button>' +
      label +
      '</button></form></div>';
    closeOnSubmit(root.querySelector('form'), host);
    root.querySelector('input').focus();
  }

  // "Sign in with EDS": the shop's own dialog asking for the certificate's password, a web component drawing
  // itself in an open shadow root.
  document.querySelector('[data-eds-open]').addEventListener('click', function () {
    var field = '<input type="password" name="cert_password" placeholder="' + config.texts.certPassword + '">';
    componentDialog('shop-eds-dialog', 'open', ' data-eds', field, config.texts.signIn);
  });

  // "Pay with a saved card": the card's CVC, asked for by the payment widget, a web component whose shadow root is
  // closed (nothing outside it, not even the shop, can reach its field).
  document.querySelector('[data-card-open]').addEventListener('click', function () {
    var field = '<input name="cvc" autocomplete="cc-csc" inputmode="numeric" placeholder="' + config.texts.cardCvc + '">';
    componentDialog('shop-saved-card', 'closed', '', field, config.texts.apply);
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
