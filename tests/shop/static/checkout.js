// Checkout: toggles address / branch fields, creates the order, then enables the payment form
// (a native form POST to the payment provider, submitted by the user's own click).
/* global window, document, fetch */ // classic browser script served to the page, not a module
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
