/**
 * Gathering one mail per person per instant (one digest: 周报告提醒 and the
 * chases, warnings and escalations of the same instant). A campaign does this
 * itself; a large campaign's desks (workflows/desk.ts) each do it for their
 * share of the recipients. Workflow code: deterministic, no I/O of its own.
 */
import { patched } from '@temporalio/workflow';
import type { RectifyActivities } from '../activities/types';
import { remindedFor } from '../domain/rules';
import type { Moment, Notice, Recipient } from '../domain/types';
import type { CampaignSettings, DeskRow } from './messages';

/** After an outage (or any delay) the backlog goes out in the order of its instants: moments and digests alike. */
export const BACKLOG_ORDER_PATCH = 'backlog-in-moment-order';

/** What gathering needs of an item: who to remind, and what the reminder says of it. */
export type GatherRow = DeskRow;

/** What goes out for one instant: one mail per person, whatever moments coincide. */
export interface PendingDigest {
  at: number;
  atLocal: string;
  /** Campaign time at which the gathered mail goes out. */
  flushAt: number;
  notices: Notice[];
  /** 周报告提醒 of this instant, per contact. */
  reminders: { recipient: Recipient; dueLocal?: string; items: string[] }[];
}

/** Plain JSON: the rows, the digests gathering, the instants mailed. */
export interface DigestBook<R extends GatherRow = GatherRow> {
  registry: Record<string, R>;
  pending: PendingDigest[];
  /** Instants already mailed, with how many times (a late notice goes out as a second digest, never dropped). */
  flushed: [number, number][];
}

export interface Gathering {
  settings: CampaignSettings;
  now(): number;
  windowMs: number;
  /** The mail activities, timed as the campaign says (workflows/mail.ts). */
  mail: Pick<RectifyActivities, 'sendDigest' | 'recordEvents'>;
  /** This many digests went out (a campaign counts those sent during a mail outage). */
  sent?(count: number): void;
  /** Desks: only these recipients' reminders are gathered here (default: everyone's). */
  mine?(email: string): boolean;
}

/** The digest of an instant, opened by its first notice or reminder. */
export function pendingAt(book: DigestBook, g: Gathering, at: number, atLocal: string): PendingDigest {
  let p = book.pending.find((d) => d.at === at);
  if (!p) {
    // A late instant (its notices are all in) goes out at once, in its place among the others.
    const flushAt = patched(BACKLOG_ORDER_PATCH) ? Math.max(g.now(), at + g.windowMs) : Math.max(g.now(), at) + g.windowMs;
    p = { at, atLocal, flushAt, notices: [], reminders: [] };
    book.pending.push(p);
  }
  return p;
}

export function gatherNotices(book: DigestBook, g: Gathering, notices: Notice[]): void {
  for (const n of notices) pendingAt(book, g, n.at, n.atLocal).notices.push(n);
}

/** The digest to send next: of those due, the earliest instant (after an outage the backlog goes out in order); else the one due first. */
export function nextFlush(book: DigestBook, now: number): PendingDigest | undefined {
  const ordered = book.pending.length > 0 && patched(BACKLOG_ORDER_PATCH);
  const due = ordered ? book.pending.filter((p) => p.flushAt <= now) : [];
  return due.length ? due.reduce((a, p) => (p.at < a.at ? p : a))
    : book.pending.reduce<PendingDigest | undefined>((a, p) => (!a || p.flushAt < a.flushAt ? p : a), undefined);
}

/** 周报告 reminder: each contact's items still to report this cycle, mailed with the notices of the same instant. */
export function remind(book: DigestBook, g: Gathering, m: Moment): void {
  const byContact = new Map<string, PendingDigest['reminders'][number]>();
  for (const row of Object.values(book.registry)) {
    if (!remindedFor(row, m.cycle)) continue;
    for (const contact of row.contacts) {
      if (g.mine && !g.mine(contact.email)) continue;
      const entry = byContact.get(contact.email) ?? { recipient: contact, dueLocal: m.dueLocal, items: [] };
      entry.items.push(row.key);
      byContact.set(contact.email, entry);
    }
  }
  if (byContact.size) pendingAt(book, g, m.at, m.local).reminders.push(...byContact.values());
}

/** Everything of one instant: one mail per recipient (reminder and notices together). */
export async function flush(book: DigestBook, g: Gathering, p: PendingDigest): Promise<void> {
  book.pending.splice(book.pending.indexOf(p), 1);
  const earlier = book.flushed.find(([at]) => at === p.at);
  const round = earlier ? ++earlier[1] : 1;
  if (!earlier) book.flushed.push([p.at, 1]);
  if (book.flushed.length > 100) book.flushed.shift();
  const byRecipient = new Map<string, { recipient: Recipient; notices: Notice[]; reminder?: PendingDigest['reminders'][number] }>();
  const entry = (r: Recipient) => {
    const e = byRecipient.get(r.email) ?? { recipient: r, notices: [] };
    byRecipient.set(r.email, e);
    return e;
  };
  for (const r of p.reminders) entry(r.recipient).reminder = r;
  for (const n of p.notices) for (const r of n.to) entry(r).notices.push(n);
  // Each notice is recorded once, with every recipient, however many desks mail it.
  const recorded = p.notices.filter((n) => !n.copy);
  if (recorded.length) {
    await g.mail.recordEvents(recorded.map((n) => ({
      at: n.atLocal, kind: n.kind, item: n.item, level: n.level, rung: n.rung, notice: n.notice, to: n.recordTo ?? n.to.map((r) => r.email),
      ...(n.placedBy ? { placedBy: n.placedBy } : {}),
    })));
  }
  const itemOf = (key: string) => {
    const r = book.registry[key];
    // A 督办单 waiting for its reply is one line under its item, week after week, instead of a new notice each cycle.
    return { id: r.id, title: r.title, deadline: r.deadline, light: r.light, ...(r.openNotices?.length ? { openNotices: r.openNotices } : {}) };
  };
  const bare = (n: Notice): Notice => {
    const { recordTo: _r, copy: _c, ...rest } = n;
    return rest;
  };
  await Promise.all([...byRecipient.values()].map(({ recipient, notices, reminder }) => g.mail.sendDigest({
    campaign: g.settings, atLocal: p.atLocal, round, recipient, notices: notices.map(bare),
    reminder: reminder && { dueLocal: reminder.dueLocal, items: reminder.items.filter((k) => book.registry[k]).map(itemOf) },
  })));
  g.sent?.(byRecipient.size);
}
