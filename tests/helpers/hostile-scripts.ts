/**
 * Hostile page code used by end-to-end tests and the demo, served by the shop replica from the
 * helpers' "CDN" host. Each is what a real helper does, reduced to its behaviour.
 */
export const HELPER_CDN = 'helper-cdn.test';

/** The classic "helper": clicks add to cart N times at a fixed cadence, as soon as the button is enabled. */
export function autoBuyScript(clicks = 5, intervalMs = 150): string {
  return `(() => {
  let done = 0;
  const timer = setInterval(() => {
    const button = document.querySelector('[data-action="add-to-cart"]');
    if (!button || button.disabled) return;
    const quantity = document.querySelector('[data-role="quantity"]');
    if (quantity) quantity.value = '5';
    button.click();
    if (++done >= ${clicks}) clearInterval(timer);
  }, ${intervalMs});
})();`;
}
