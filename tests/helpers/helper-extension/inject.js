// Test fixture: the delivery MV3 "helper" extensions use — a MAIN-world content script that inserts a script from
// the seller's CDN into the page, so the auto-clicker runs in the page world.
(() => {
  if (!document.querySelector('[data-action="add-to-cart"]')) return;
  const script = document.createElement('script');
  script.src = 'https://helper-cdn.test/autobuy.js';
  document.documentElement.appendChild(script);
})();
