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
import type { DeskItemChanged, DeskRow } from './contract';
import type { Notice, Recipient } from './types';

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

/** The desks of these people, each once, in the order they first appear. */
export const desksOf = (people: Recipient[], desks: number): number[] => [...new Set(people.map((p) => deskOf(p.email, desks)))];

/**
 * What an item of a campaign with desks tells each desk, in the order the signals go out: its status (when it
 * changed) to the desks of its contacts — and of its former contacts, which drop it —, and each notice to the
 * desks of its recipients; one copy (the first recipient's desk) records the event with every recipient.
 */
export function deskWords(desks: number, told: { status?: DeskRow; contactDesks: number[]; contacts: Recipient[]; notices: Notice[] }): {
  words: [number, DeskItemChanged][];
  contactDesks: number[];
} {
  const words = new Map<number, DeskItemChanged>();
  const word = (d: number): DeskItemChanged => {
    const w = words.get(d) ?? { notices: [] };
    words.set(d, w);
    return w;
  };
  let contactDesks = told.contactDesks;
  if (told.status) {
    const now = desksOf(told.contacts, desks);
    for (const d of new Set([...contactDesks, ...now])) word(d).status = told.status;
    contactDesks = now;
  }
  for (const n of told.notices) {
    const byDesk = new Map<number, Recipient[]>();
    for (const r of n.to) {
      const d = deskOf(r.email, desks);
      byDesk.set(d, [...(byDesk.get(d) ?? []), r]);
    }
    const first = n.to.length ? deskOf(n.to[0].email, desks) : undefined;
    for (const [d, to] of byDesk) {
      word(d).notices.push(d === first ? { ...n, to, recordTo: n.to.map((r) => r.email) } : { ...n, to, copy: true });
    }
  }
  return { words: [...words], contactDesks };
}
