/**
 * Which requests the network observer asks the browser for. Only the types it remembers (page loads and
 * what scripts send) are worth an event: asking for every type made the browser wake the worker and copy
 * the details of each stylesheet, script and image the shop loads, only for the worker to drop them.
 *
 * The browsers name the types differently — Firefox has `beacon`, Chrome files beacons under `ping` and
 * rejects a filter naming a type it does not know — so the filter keeps only the types the browser lists
 * in `webRequest.ResourceType`. A browser that lists none gets no type filter (every type, as before).
 */

/** Request types worth remembering: page loads (reload storms) and what scripts send. */
export const OBSERVED_TYPES: ReadonlySet<string> = new Set(['main_frame', 'xmlhttprequest', 'ping', 'beacon', 'other']);

/** The `types` of the webRequest filter, given the browser's `webRequest.ResourceType` (an enum object). */
export function observedTypesFilter(resourceType: unknown): string[] | undefined {
  if (typeof resourceType !== 'object' || resourceType === null) return undefined;
  const known = new Set(Object.values(resourceType).filter((value): value is string => typeof value === 'string'));
  const types = [...OBSERVED_TYPES].filter((type) => known.has(type));
  // A browser listing none of them names its types some other way: ask for every type and filter here.
  return types.length > 0 ? types : undefined;
}
