/**
 * Normalising: a valid campaign file → the `CampaignPlan` that workflows receive.
 *
 * Deadlines written in working days become dates (before validation sees them), each item gets
 * its workflow key and its people resolved against the directory, and a past campaign can be
 * moved to start on another day (`rebaseTo`).
 */
import { DateTime } from 'luxon';
import { cadence, defaultLadder, isoDate } from '../schema';
import type { CampaignFile, ItemInput, Person } from '../schema';
import { noticeSettings, type CampaignPlan, type ItemPlan, type Recipient } from '../types';
import { itemKeyOf } from '../keys';
import { buildWorkingCalendar, officialYears, type YearArrangement } from '../holidays';
import { addWorkingDays, isWorkingDay } from '../calendar';
import { findLeader, resolveContact, unitHeadsOf } from './directory';

/** "20个工作日", "20 working days": a deadline counted in working days from the campaign start. */
const WORKING_DAYS = /^\s*(\d{1,3})\s*(?:个工作日|工作日|working days?)\s*$/i;

/**
 * Deadlines written as N working days (立行立改 items often are) become dates
 * here, counted from the campaign start on its working-day calendar (holidays
 * and 调休 included), before anything else looks at them. Anything odd is left
 * for the schema to refuse with its usual message.
 */
export function resolveWorkingDayDeadlines(raw: unknown, loadedYears: YearArrangement[] = []): unknown {
  const r = raw as { campaign?: { start?: unknown }; cadence?: unknown; items?: unknown } | null;
  if (!r || typeof r !== 'object' || !Array.isArray(r.items)) return raw;
  if (!r.items.some((i) => i && typeof i === 'object' && typeof (i as { deadline?: unknown }).deadline === 'string' && WORKING_DAYS.test((i as { deadline: string }).deadline))) return raw;
  const start = isoDate.safeParse(r.campaign?.start);
  const cad = cadence.safeParse(r.cadence ?? {});
  if (!start.success || !cad.success) return raw;
  const cal = cad.data.calendar === 'weekends' ? buildWorkingCalendar({ ...cad.data, calendar: 'weekends' }) : buildWorkingCalendar(cad.data, officialYears(loadedYears));
  const from = DateTime.fromISO(start.data, { zone: 'UTC' });
  return {
    ...r,
    items: r.items.map((i) => {
      const m = i && typeof i === 'object' && typeof (i as { deadline?: unknown }).deadline === 'string' ? WORKING_DAYS.exec((i as { deadline: string }).deadline) : null;
      // The start day counts as day one when it is a working day.
      return m ? { ...(i as object), deadline: addWorkingDays(from, Number(m[1]) - (isWorkingDay(from, cal) ? 1 : 0), cal).toISODate() } : i;
    }),
  };
}

/**
 * Workflow-id-safe keys, one per id, unique: `itemKeyOf` (keys.ts, which the CLI also uses to
 * find an item's workflow): "(12)" → "12", "（3）" → "3", else only [A-Za-z0-9_-]. Ids whose
 * key is taken by an earlier item (e.g. two ids with no Latin letters or digits) get "-2", "-3".
 */
export function itemKeys(ids: string[]): string[] {
  const natural = ids.map(itemKeyOf);
  const claimed = new Set<string>();
  const keys = natural.map((k) => {
    if (claimed.has(k)) return undefined;
    claimed.add(k);
    return k;
  });
  return keys.map((k, i) => {
    if (k !== undefined) return k;
    let n = 2;
    while (claimed.has(`${natural[i]}-${n}`)) n++;
    const key = `${natural[i]}-${n}`;
    claimed.add(key);
    return key;
  });
}

/** An item's plan: its people resolved against the directory (validation has made sure they are there). */
function itemPlan(it: ItemInput, key: string, people: Person[]): ItemPlan {
  const l = findLeader(people, it.leader);
  const leader = l.person as Person;
  const contacts: Recipient[] = [];
  for (const c of it.contacts) {
    const r = resolveContact(people, c) as Recipient;
    if (!contacts.some((x) => x.name === r.name && x.email === r.email)) contacts.push(r);
  }
  return {
    id: it.id,
    key,
    section: it.section,
    ...(it.topic ? { topic: it.topic } : {}),
    ...(it.title ? { title: it.title } : {}),
    problem: it.problem,
    measures: [...it.measures],
    kind: it.kind,
    leader: { name: leader.name, email: leader.email },
    leadUnit: it.leadUnit,
    coUnits: [...it.coUnits],
    contacts,
    unitHeads: unitHeadsOf(people, it.leadUnit),
    leaderId: leader.id ?? `p${l.index + 1}`,
    deadline: it.deadline,
    milestones: it.milestones.map((m) => ({ date: m.date, deliverable: m.deliverable })),
  };
}

/** The names the directory gives these addresses (people listed with the same address, any case). */
function addressNames(addresses: string[], people: Person[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const a of addresses) {
    const p = people.find((x) => x.email.toLowerCase() === a.toLowerCase());
    if (p) names[a.toLowerCase()] = p.name;
  }
  return names;
}

const DAY = 86400000;
const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY;
const shiftDate = (iso: string, days: number) => new Date((dayNumber(iso) + days) * DAY).toISOString().slice(0, 10);

/**
 * The plan of a valid campaign file and its valid items. `rebaseTo` (YYYY-MM-DD, or "today" in
 * the campaign's time zone) moves the start, the end of the concentrated period, every deadline
 * and every milestone by the same number of days.
 */
export function normaliseCampaign(data: CampaignFile, valid: ItemInput[], rebaseTo?: string): CampaignPlan {
  const keys = itemKeys(valid.map((it) => it.id));
  const items = valid.map((it, i) => itemPlan(it, keys[i], data.people));
  const c = data.campaign;
  const day = rebaseTo === 'today' ? (DateTime.now().setZone(c.timeZone).toISODate() ?? undefined) : rebaseTo;
  const shift = day ? dayNumber(day) - dayNumber(c.start) : 0;
  const move = (d: string) => (shift ? shiftDate(d, shift) : d);
  return {
    id: c.id,
    name: c.name,
    committee: c.committee,
    timeZone: c.timeZone,
    start: move(c.start),
    concentratedEnd: move(c.concentratedEnd),
    language: c.language,
    cadence: data.cadence,
    ladder: data.escalation ?? defaultLadder(data.campaign.language),
    notices: noticeSettings(data.notices, data.campaign.language),
    workingGroup: [...data.addresses.workingGroup],
    committeeAddresses: [...data.addresses.committee],
    coordinators: data.people.filter((p) => p.role === 'coordinator').map((p) => ({ name: p.name, email: p.email })),
    assessment: data.assessment,
    lookBack: data.lookBack,
    ...(data.announcement ? { announcement: data.announcement } : {}),
    ...(c.previous ? { previous: c.previous } : {}),
    addressNames: addressNames([...data.addresses.workingGroup, ...data.addresses.committee], data.people),
    items: items.map((it) => ({
      ...it,
      deadline: move(it.deadline),
      milestones: it.milestones.map((m) => ({ date: move(m.date), deliverable: m.deliverable })),
    })),
  };
}
