/**
 * Behaviour numbers the background's aggregators and the rules share. The feed may override any of
 * them (and add new ones); these defaults keep a feed that omits a name working. Rules refer to them
 * by name (`{"threshold": "cart_requests_per_sec"}`), so tuning needs no rule edit.
 */
export const DEFAULT_THRESHOLDS = {
  /** Window over which untrusted activations of purchase controls are counted. */
  untrusted_activation_window_ms: 10_000,
  /** Untrusted activations in that window from which the verdict becomes `danger`. */
  untrusted_activations_danger: 3,
  /** Window over which trusted purchase actions are timed for rate and regularity. */
  purchase_window_ms: 10_000,
  /** Sustained trusted purchase actions per second no human keeps up. */
  purchase_actions_per_sec: 6,
  /** Fewest actions before the interval regularity is judged (fewer says nothing). */
  purchase_cadence_min_actions: 6,
  /** Coefficient of variation of click intervals at or below which timing is machine-like. Human clicking stays well above 0.15. */
  purchase_interval_cv_max: 0.08,
  /** Consecutive purchase clicks closer than this, at the same point, are a double click to a real mouse (the browser counts it). */
  purchase_double_click_ms: 500,
  /** Same-point repeats whose click count never rose (only synthesized input does that) that mark a driver. */
  purchase_synthetic_repeats: 3,
  /** Window for counting cart requests. */
  cart_burst_window_ms: 1_000,
  /** Cart requests per second that mark a burst (the threat model speaks of tens per second). */
  cart_requests_per_sec: 6,
  /** Window in which refusals (HTTP 409/429) of this tab's cart requests are remembered. */
  cart_refusal_window_ms: 10_000,
  /** Cart requests still sent after this many refusals in that window ignore the shop's limit and rate answers. */
  cart_refusals_ignored: 5,
  /**
   * How far apart a request the network saw and its page hooks' report may be, either way: how long the
   * background waits for the report after the request started (the two race), and how long before the start the
   * page may have made it (a loaded browser starts requests late: 710 ms measured in Firefox).
   */
  network_grace_ms: 1_500,
  /** The usual lead of a hook report over its request's start (fetch() call → request start): the bound when the request is answered. */
  network_match_ms: 400,
  /** Window for a polling loop: requests to one shop URL by an actor that is not the shop. */
  polling_window_ms: 10_000,
  /** Requests to one URL in that window that make a loop. */
  polling_min_requests: 8,
  /** Coefficient of variation of the polling intervals at or below which the period is fixed (a timer). */
  polling_interval_cv_max: 0.25,
  /** Window for counting reloads of shop pages. */
  reload_window_ms: 60_000,
  /** Reloads per window that mark a storm (a keen human pressing F5 stays below). */
  reloads_per_minute: 30,
  /** How long after a sensitive read a send to a foreign host counts as "read then sent". */
  sensitive_send_window_ms: 5_000,
} as const satisfies Record<string, number>;

export type KnownThreshold = keyof typeof DEFAULT_THRESHOLDS;
