/**
 * 收发室 (desks): how a large campaign shares out the gathering of digests.
 *
 * A campaign of a district round gathers every person's mail itself. A city's
 * campaign of thousands of items would outgrow one workflow's history and
 * payload limits, so its recipients are shared out over a fixed number of
 * desk workflows by a hash of their e-mail address: each person's mail of an
 * instant is still gathered in one place, and so still goes out as one
 * digest. Pure: workflows use it.
 */

/** Items a campaign gathers itself before it shares the work out (automatic choice). */
export const ITEMS_PER_CAMPAIGN_WITHOUT_DESKS = 1000;
/** Items per desk, roughly (automatic choice). */
export const ITEMS_PER_DESK = 500;
export const MAX_DESKS = 64;

/** The number of desks for a campaign of this many items: 0 (the campaign gathers itself) up to MAX_DESKS. */
export function desksFor(items: number): number {
  if (items <= ITEMS_PER_CAMPAIGN_WITHOUT_DESKS) return 0;
  return Math.min(MAX_DESKS, Math.ceil(items / ITEMS_PER_DESK));
}

/** The desk (0 … desks-1) that gathers this person's mail: FNV-1a of the lower-cased address. */
export function deskOf(email: string, desks: number): number {
  let h = 0x811c9dc5;
  const s = email.trim().toLowerCase();
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % desks;
}
