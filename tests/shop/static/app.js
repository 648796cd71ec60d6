// Shop-wide client code (first-party, parser-inserted). Reads window.shopConfig, which the
// inline bootstrap script at the top of <head> sets from tests/shop/config.ts.
/* global window, document, setTimeout */ // classic browser script served to the page, not a module
(function () {
  'use strict';
  var config = window.shopConfig;

  // The shop's own lazily loaded chunk: a benign dynamically inserted first-party script.
  function loadReviewsChunk() {
    var script = document.createElement('script');
    script.src = config.chunkReviews;
    script.async = true;
    document.head.appendChild(script);
  }

  window.shopUpdateCartCount = function (cart) {
    var total = 0;
    Object.keys(cart).forEach(function (key) {
      total += cart[key];
    });
    document.querySelectorAll(config.selectors.cartCount).forEach(function (el) {
      el.textContent = String(total);
    });
  };

  window.addEventListener('load', function () {
    setTimeout(loadReviewsChunk, config.limits.chunkDelayMs);
  });
})();
