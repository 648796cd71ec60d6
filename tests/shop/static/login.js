// Login: password or EDS-certificate step, then the SMS-code step.
/* global window, document, fetch */ // classic browser script served to the page, not a module
(function () {
  'use strict';
  var config = window.shopConfig;
  var sel = config.selectors;
  var message = document.querySelector(sel.loginMessage);
  var smsForm = document.querySelector(sel.smsForm);

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).then(function (r) {
      return r.json().then(function (data) {
        return { ok: r.ok, data: data };
      });
    });
  }

  function toSms(result) {
    if (!result.ok) {
      message.textContent = config.texts.error;
      return;
    }
    smsForm.hidden = false;
    message.textContent = '';
    smsForm.querySelector(sel.smsCode).focus();
  }

  document.querySelector(sel.loginForm).addEventListener('submit', function (event) {
    event.preventDefault();
    post(config.api.login, {
      username: document.querySelector(sel.username).value,
      password: document.querySelector(sel.password).value,
    }).then(toSms);
  });

  document.querySelector(sel.edsForm).addEventListener('submit', function (event) {
    event.preventDefault();
    post(config.api.loginEds, { certPassword: document.querySelector(sel.certPassword).value }).then(toSms);
  });

  smsForm.addEventListener('submit', function (event) {
    event.preventDefault();
    post(config.api.loginSms, { code: document.querySelector(sel.smsCode).value }).then(function (result) {
      message.textContent = result.ok ? config.texts.loggedIn : config.texts.wrongCode;
      if (result.ok) smsForm.hidden = true;
    });
  });
})();
