/**
 * The warning's look. Inside a closed shadow root page CSS cannot reach the contents; the host element
 * itself gets its geometry from an inline `!important` style (which beats any page rule) that the
 * warning restores if the page edits it. Colours meet WCAG AA contrast on white text. Text sizes in em of
 * the host's `font: initial` (the browser's default size, which the page cannot change), so they follow a
 * person's larger default font; never rem, which the page's root element would set.
 */
export const HOST_STYLE = [
  'all: initial',
  'display: block',
  'position: fixed',
  'left: 16px',
  'bottom: 16px',
  'right: auto',
  'top: auto',
  'z-index: 2147483647',
  'width: min(380px, calc(100vw - 32px))',
  'max-height: 50vh',
  'margin: 0',
  'padding: 0',
  'visibility: visible',
  'opacity: 1',
  'transform: none',
  'filter: none',
  'clip-path: none',
  'pointer-events: auto',
  'contain: layout paint',
]
  .map((declaration) => `${declaration} !important`)
  .join('; ');

export const SHADOW_CSS = `
:host { all: initial; }
.box {
  box-sizing: border-box; display: flex; gap: 10px; align-items: flex-start;
  width: 100%; max-height: 50vh; overflow: auto; padding: 12px 14px; border-radius: 10px;
  font: 0.875em/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #fff;
  background: #a34a00; box-shadow: 0 6px 24px rgba(0, 0, 0, 0.35); text-align: left;
  overflow-wrap: anywhere;
}
.box.danger { background: #b71c1c; }
.box.critical { background: #7f0000; }
.icon { flex: none; width: 26px; height: 26px; border-radius: 50%; background: #fff; color: #7f0000;
  font-weight: 800; font-size: 18px; line-height: 26px; text-align: center; }
.text { flex: 1; min-width: 0; }
.title { display: block; font-size: 1.07em; font-weight: 700; margin: 0 0 4px; }
p { margin: 0 0 6px; }
.hint { font-size: 0.93em; opacity: 0.95; }
button { font: inherit; font-size: 0.93em; cursor: pointer; color: #1b1f24; background: #fff;
  border: 0; border-radius: 6px; padding: 5px 10px; margin-top: 2px; }
button:focus-visible { outline: 3px solid #ffd54f; outline-offset: 2px; }
button[aria-disabled='true'] { cursor: default; opacity: 0.6; }
`;
