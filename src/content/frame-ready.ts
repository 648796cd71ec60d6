/**
 * The event a same-origin about:blank or about:srcdoc frame's first script (frame-handover.iife.ts) sends its
 * frame element, so that the parent document's Saq adopts the frame's new realm before the frame's own scripts
 * run (sensors/pristine-frames.main.ts). Kept in a module of its own: the handover bundle must stay a few hundred
 * bytes, since it is parsed in every shop document.
 */
export const FRAME_READY_EVENT = 'saq:frame-ready/v1';
