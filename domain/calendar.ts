/**
 * Cadence arithmetic (周报告、旬调度、月督查) in the campaign's time zone.
 *
 * Pure: luxon only, no I/O, no clock. Every instant is computed from the
 * campaign's IANA zone (never the host's), so results are the same on a host
 * whose TZ is UTC and across DST changes (a due time at 12:00 local stays at
 * 12:00 local).
 *
 * Conventions:
 * - Calendar dates are handled as plain dates (year, month, day) and only
 *   turned into instants at the end, with the wanted wall-clock time, in the
 *   campaign zone. A wall-clock time that does not exist (DST gap) is moved
 *   forward by luxon.
 * - The campaign starts at its start day's 00:00 local. No moment before it
 *   is ever returned.
 * - Ranges are [fromMs, untilMs): a moment exactly at fromMs is included,
 *   one at untilMs is not.
 * - Moment keys are `${kind}${tag}:${local}${#milestone}` where tag is `+N`
 *   for followup/deadlineLate (N working days after) and `-N` for
 *   deadlineWarning/milestoneWarning (N days before). `rules.ts` reads N back
 *   with /[+-](\d+):/.
 */
import { DateTime } from 'luxon';
import type { Cadence, Moment, MomentKind, Rung } from './types';

export interface CalendarSettings {
  timeZone: string;
  /** YYYY-MM-DD: the campaign starts at this day's 00:00 local. */
  start: string;
  cadence: Cadence;
}

export interface Dekad {
  index: 1 | 2 | 3;
  firstDay: number;
  lastDay: number;
}

const DAY_MS = 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;
const WEEK_MS = 7 * DAY_MS;

/** Tie-break order of moments at the same instant. */
const KIND_ORDER: MomentKind[] = [
  'reminder', 'due', 'summary', 'followup', 'dispatch', 'inspection',
  'deadlineWarning', 'deadline', 'deadlineLate', 'milestoneWarning', 'milestone',
];

// ---------------------------------------------------------------------------
// Plain calendar dates. A date is a luxon DateTime at 00:00 UTC standing for a
// calendar day (its year/month/day/weekday are those of the local day), so
// date arithmetic never meets DST.

type PlainDate = DateTime;

function plainDate(year: number, month: number, day: number): PlainDate {
  return DateTime.utc(year, month, day);
}

function parsePlainDate(date: string): PlainDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const d = m ? plainDate(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
  if (!m || !d || !d.isValid || d.day !== Number(m[3])) throw new RangeError(`not a date in the form YYYY-MM-DD: "${date}"`);
  return d;
}

/** The calendar day of an instant as seen in its own zone. */
function plainDateOf(dt: DateTime): PlainDate {
  return plainDate(dt.year, dt.month, dt.day);
}

function parseClock(time: string): { hour: number; minute: number } {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  const hour = m ? Number(m[1]) : NaN;
  const minute = m ? Number(m[2]) : NaN;
  if (!m || hour > 23 || minute > 59) throw new RangeError(`not a time of day HH:MM: "${time}"`);
  return { hour, minute };
}

function checkZone(timeZone: string): void {
  if (!DateTime.fromMillis(0, { zone: timeZone }).isValid) throw new RangeError(`not an IANA time zone: "${timeZone}"`);
}

/** The instant of a wall-clock time on a calendar day in a zone. */
function atLocal(date: PlainDate, time: { hour: number; minute: number; second?: number; millisecond?: number }, zone: DateTime['zone'] | string): DateTime {
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour: time.hour, minute: time.minute, second: time.second ?? 0, millisecond: time.millisecond ?? 0 },
    { zone },
  );
}

/** Move by hours: whole days as calendar days (keeping the wall-clock time across DST), the rest as elapsed time. */
function shiftHours(dt: DateTime, hours: number): DateTime {
  const sign = hours < 0 ? -1 : 1;
  const abs = Math.abs(hours);
  const days = Math.floor(abs / 24);
  const restMs = Math.round((abs - days * 24) * HOUR_MS);
  return dt.plus({ days: sign * days }).plus({ milliseconds: sign * restMs });
}

function checkRange(fromMs: number, untilMs: number): void {
  if (!Number.isFinite(fromMs) || !Number.isFinite(untilMs)) throw new RangeError('fromMs and untilMs must be finite epoch milliseconds');
}

// ---------------------------------------------------------------------------
// Public API

/** The three dekads (旬) of a month: days 1-10 (上旬), 11-20 (中旬), 21-last (下旬, 8 to 11 days). */
export function dekadsOf(year: number, month: number): Dekad[] {
  const first = plainDate(year, month, 1);
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12 || !first.isValid) {
    throw new RangeError(`no such month: ${year}-${month}`);
  }
  const last = first.daysInMonth as number;
  return [
    { index: 1, firstDay: 1, lastDay: 10 },
    { index: 2, firstDay: 11, lastDay: 20 },
    { index: 3, firstDay: 21, lastDay: last },
  ];
}

/**
 * Whether the calendar day of `date` (in the zone `date` carries) is a working
 * day: `cadence.workingDays` lists the ISO weekdays (1 Monday .. 7 Sunday)
 * that are working days. The single place where public holidays and 调休
 * (working weekends) will be added.
 */
export function isWorkingDay(date: DateTime, cadence: Cadence): boolean {
  return cadence.workingDays.includes(date.weekday);
}

/**
 * The day n working days after (n < 0: before) `date`, at the same wall-clock
 * time in the same zone. n = 0 returns `date` unchanged. Moving from a day off
 * counts from the next working day: Saturday + 1 is Tuesday, Saturday − 1 is
 * Friday (Monday − 1); from a working day, Friday + 3 is Wednesday.
 */
export function addWorkingDays(date: DateTime, n: number, cadence: Cadence): DateTime {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number: ${n}`);
  if (!date.isValid) throw new RangeError(`invalid date: ${date.invalidExplanation ?? date.invalidReason ?? ''}`);
  if (n === 0) return date;
  if (![1, 2, 3, 4, 5, 6, 7].some((d) => cadence.workingDays.includes(d))) throw new RangeError('the cadence has no working day');
  let day = plainDateOf(date);
  let guard = 0;
  while (!isWorkingDay(day, cadence)) {
    day = day.plus({ days: 1 });
    if (++guard > 3660) throw new RangeError('no working day within ten years');
  }
  const step = n > 0 ? 1 : -1;
  for (let left = Math.abs(n); left > 0;) {
    day = day.plus({ days: step });
    if (isWorkingDay(day, cadence)) left--;
    if (++guard > 3660 + Math.abs(n) * 400) throw new RangeError('no working day within reach');
  }
  return atLocal(day, { hour: date.hour, minute: date.minute, second: date.second, millisecond: date.millisecond }, date.zone);
}

/** Parse YYYY-MM-DD in the zone as the start of that day (00:00 local). */
export function localDay(date: string, timeZone: string): DateTime {
  checkZone(timeZone);
  const d = parsePlainDate(date);
  return atLocal(d, { hour: 0, minute: 0 }, timeZone);
}

/** ISO 8601 with offset, no milliseconds, in the zone: 2023-07-14T12:00:00+08:00. */
export function formatLocal(ms: number, timeZone: string): string {
  checkZone(timeZone);
  return DateTime.fromMillis(ms, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

/** The campaign's first instant: its start day at 00:00 local. */
export function campaignStart(s: CalendarSettings): DateTime {
  return localDay(s.start, s.timeZone);
}

/**
 * The instant an item's deadline (or a milestone) passes: the start (00:00
 * local) of the day after it, so the whole deadline day is usable.
 */
export function deadlineMoment(date: string, timeZone: string): DateTime {
  checkZone(timeZone);
  return atLocal(parsePlainDate(date).plus({ days: 1 }), { hour: 0, minute: 0 }, timeZone);
}

/** The calendar day of weekly due time cycle 0. */
function firstDueDate(s: CalendarSettings): PlainDate {
  const start = campaignStart(s);
  const { weekday } = s.cadence.weeklyDue;
  const clock = parseClock(s.cadence.weeklyDue.time);
  const startDate = plainDateOf(start);
  let date = startDate.plus({ days: (weekday - startDate.weekday + 7) % 7 });
  // A first due less than 2 days after the start is skipped (a campaign that
  // starts on Thursday does not ask for a report on Friday).
  if (atLocal(date, clock, s.timeZone) < atLocal(startDate.plus({ days: 2 }), { hour: 0, minute: 0 }, s.timeZone)) {
    date = date.plus({ days: 7 });
  }
  return date;
}

/** The weekly due time (周报告) of a cycle: cycle 0 is the first kept one. */
export function dueTime(s: CalendarSettings, cycle: number): DateTime {
  if (!Number.isInteger(cycle) || cycle < 0) throw new RangeError(`not a cycle: ${cycle}`);
  return atLocal(firstDueDate(s).plus({ days: 7 * cycle }), parseClock(s.cadence.weeklyDue.time), s.timeZone);
}

/**
 * The cycles k whose instant f(k) is in [fromMs, untilMs), for f
 * non-decreasing in k and within a few weeks of the due time of k.
 */
function cyclesWhere(s: CalendarSettings, f: (k: number) => number, fromMs: number, untilMs: number): number[] {
  if (untilMs <= fromMs) return [];
  const out: number[] = [];
  for (let k = firstCycleWhere(s, f, fromMs); f(k) < untilMs; k++) out.push(k);
  return out;
}

/** The first cycle k with f(k) >= fromMs, for f as in cyclesWhere. */
function firstCycleWhere(s: CalendarSettings, f: (k: number) => number, fromMs: number): number {
  const firstMs = dueTime(s, 0).toMillis();
  let k = Math.max(0, Math.floor((fromMs - firstMs) / WEEK_MS));
  while (k > 0 && f(k - 1) >= fromMs) k--;
  while (f(k) < fromMs) k++;
  return k;
}

/** Memoised due times for one call. */
function dueCache(s: CalendarSettings): (k: number) => DateTime {
  const first = firstDueDate(s);
  const clock = parseClock(s.cadence.weeklyDue.time);
  const cache = new Map<number, DateTime>();
  return (k) => {
    let d = cache.get(k);
    if (!d) {
      d = atLocal(first.plus({ days: 7 * k }), clock, s.timeZone);
      cache.set(k, d);
    }
    return d;
  };
}

/**
 * Weekly due times (周报告) in [fromMs, untilMs). Cycle 0 is the first day with
 * weekday cadence.weeklyDue.weekday, at cadence.weeklyDue.time, at or after the
 * start day's 00:00 local; if it is less than 2 days after the start it is
 * skipped and the next week's is cycle 0.
 */
export function weeklyDueTimes(s: CalendarSettings, fromMs: number, untilMs: number): { cycle: number; at: DateTime }[] {
  checkRange(fromMs, untilMs);
  const due = dueCache(s);
  return cyclesWhere(s, (k) => due(k).toMillis(), fromMs, untilMs).map((cycle) => ({ cycle, at: due(cycle) }));
}

/** The first weekly due time at or after ms (a report made at ms counts for it). */
export function nextDue(s: CalendarSettings, ms: number): { cycle: number; at: DateTime } {
  const due = dueCache(s);
  if (!Number.isFinite(ms)) throw new RangeError('ms must be finite epoch milliseconds');
  const cycle = firstCycleWhere(s, (k) => due(k).toMillis(), ms);
  return { cycle, at: due(cycle) };
}

function makeMoment(kind: MomentKind, at: DateTime, timeZone: string, extra: { tag?: string; cycle?: number; milestone?: number } = {}): Moment {
  const ms = at.toMillis();
  const local = formatLocal(ms, timeZone);
  const m: Moment = { at: ms, local, kind, key: `${kind}${extra.tag ?? ''}:${local}${extra.milestone !== undefined ? `#${extra.milestone}` : ''}` };
  if (extra.cycle !== undefined) m.cycle = extra.cycle;
  if (extra.milestone !== undefined) m.milestone = extra.milestone;
  return m;
}

function sortMoments(moments: Moment[]): Moment[] {
  return moments.sort((a, b) => a.at - b.at || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Month ends (at `time`) and, if `dekads`, dekad ends, as instants in [fromMs, untilMs). */
function monthlyInstants(s: CalendarSettings, time: string, dekads: boolean, fromMs: number, untilMs: number): DateTime[] {
  if (untilMs <= fromMs) return [];
  const clock = parseClock(time);
  const from = DateTime.fromMillis(fromMs, { zone: s.timeZone });
  let month = plainDate(from.year, from.month, 1).minus({ months: 1 });
  const out: DateTime[] = [];
  for (;;) {
    for (const d of dekadsOf(month.year, month.month)) {
      if (!dekads && d.index !== 3) continue;
      const at = atLocal(plainDate(month.year, month.month, d.lastDay), clock, s.timeZone);
      const ms = at.toMillis();
      if (ms >= untilMs) return out;
      if (ms >= fromMs) out.push(at);
    }
    month = month.plus({ months: 1 });
  }
}

/**
 * Campaign-wide moments in [fromMs, untilMs), never before the campaign start:
 * reminder (due − reminderLeadHours), summary (due + summaryDelayHours), both
 * with the due time's cycle; dispatch (each dekad's last day at dispatchTime,
 * 旬调度); inspection (each month's last day at inspectionTime, 月督查). Hours
 * of lead or delay count whole days as calendar days (24 h before a Monday
 * 12:00 is the Sunday 12:00 even across a DST change), the rest as elapsed
 * time. Sorted by time, then reminder, summary, dispatch, inspection.
 */
export function campaignMoments(s: CalendarSettings, fromMs: number, untilMs: number): Moment[] {
  checkRange(fromMs, untilMs);
  const lo = Math.max(fromMs, campaignStart(s).toMillis());
  if (untilMs <= lo) return [];
  const due = dueCache(s);
  const tz = s.timeZone;
  const out: Moment[] = [];
  const reminder = (k: number) => shiftHours(due(k), -s.cadence.reminderLeadHours);
  const summary = (k: number) => shiftHours(due(k), s.cadence.summaryDelayHours);
  for (const k of cyclesWhere(s, (k) => reminder(k).toMillis(), lo, untilMs)) out.push(makeMoment('reminder', reminder(k), tz, { cycle: k }));
  for (const k of cyclesWhere(s, (k) => summary(k).toMillis(), lo, untilMs)) out.push(makeMoment('summary', summary(k), tz, { cycle: k }));
  for (const at of monthlyInstants(s, s.cadence.dispatchTime, true, lo, untilMs)) out.push(makeMoment('dispatch', at, tz));
  for (const at of monthlyInstants(s, s.cadence.inspectionTime, false, lo, untilMs)) out.push(makeMoment('inspection', at, tz));
  return sortMoments(out);
}

function distinctTriggers(ladder: Rung[], pick: (r: Rung) => number | undefined): number[] {
  const set = new Set<number>();
  for (const r of ladder) {
    const n = pick(r);
    if (n !== undefined) set.add(n);
  }
  return [...set].sort((a, b) => a - b);
}

/**
 * One item's moments in [fromMs, untilMs), never before the campaign start,
 * sorted by time (then kind, then key):
 * - 'due' at every weekly due time (with cycle);
 * - 'followup' at due + N working days for each rung missedForWorkingDays N
 *   (key `followup+N:<local>`, with the due's cycle);
 * - 'inspection' at month ends (the campaign's instant);
 * - 'deadlineWarning' on the day N days before the deadline at the weekly due
 *   time of day, for each rung beforeDeadlineDays N (key `deadlineWarning-N:<local>`);
 * - 'deadline' at 00:00 local of the day after the deadline (the deadline day
 *   is fully usable);
 * - 'deadlineLate' at the deadline moment + N working days for each rung
 *   deadlinePassedWorkingDays N > 0 (key `deadlineLate+N:<local>`);
 * - 'milestoneWarning' (rungs beforeMilestoneDays N, key
 *   `milestoneWarning-N:<local>#i`) and 'milestone' (00:00 after the
 *   milestone day, key `milestone:<local>#i`) per milestone i.
 */
export function itemMoments(
  s: CalendarSettings,
  item: { deadline: string; milestones: { date: string }[] },
  ladder: Rung[],
  fromMs: number,
  untilMs: number,
): Moment[] {
  checkRange(fromMs, untilMs);
  const lo = Math.max(fromMs, campaignStart(s).toMillis());
  if (untilMs <= lo) return [];
  const tz = s.timeZone;
  const c = s.cadence;
  const due = dueCache(s);
  const dueClock = parseClock(c.weeklyDue.time);
  const out: Moment[] = [];
  const inRange = (at: DateTime) => at.toMillis() >= lo && at.toMillis() < untilMs;

  for (const k of cyclesWhere(s, (k) => due(k).toMillis(), lo, untilMs)) out.push(makeMoment('due', due(k), tz, { cycle: k }));

  for (const n of distinctTriggers(ladder, (r) => r.when.missedForWorkingDays)) {
    const followup = (k: number) => addWorkingDays(due(k), n, c);
    for (const k of cyclesWhere(s, (k) => followup(k).toMillis(), lo, untilMs)) {
      out.push(makeMoment('followup', followup(k), tz, { tag: `+${n}`, cycle: k }));
    }
  }

  for (const at of monthlyInstants(s, c.inspectionTime, false, lo, untilMs)) out.push(makeMoment('inspection', at, tz));

  const deadlineDate = parsePlainDate(item.deadline);
  for (const n of distinctTriggers(ladder, (r) => r.when.beforeDeadlineDays)) {
    const at = atLocal(deadlineDate.minus({ days: n }), dueClock, tz);
    if (inRange(at)) out.push(makeMoment('deadlineWarning', at, tz, { tag: `-${n}` }));
  }
  const deadline = deadlineMoment(item.deadline, tz);
  if (inRange(deadline)) out.push(makeMoment('deadline', deadline, tz));
  for (const n of distinctTriggers(ladder, (r) => r.when.deadlinePassedWorkingDays)) {
    if (n <= 0) continue;
    const at = addWorkingDays(deadline, n, c);
    if (inRange(at)) out.push(makeMoment('deadlineLate', at, tz, { tag: `+${n}` }));
  }

  const warnDays = distinctTriggers(ladder, (r) => r.when.beforeMilestoneDays);
  item.milestones.forEach((ms, i) => {
    const date = parsePlainDate(ms.date);
    for (const n of warnDays) {
      const at = atLocal(date.minus({ days: n }), dueClock, tz);
      if (inRange(at)) out.push(makeMoment('milestoneWarning', at, tz, { tag: `-${n}`, milestone: i }));
    }
    const at = deadlineMoment(ms.date, tz);
    if (inRange(at)) out.push(makeMoment('milestone', at, tz, { milestone: i }));
  });

  return sortMoments(out);
}

/**
 * 序时进度: the share (0..1) of the item's time, from the campaign start to its
 * deadline moment (00:00 after the deadline day), that has passed at ms.
 */
export function planShare(s: CalendarSettings, deadline: string, ms: number): number {
  const start = campaignStart(s).toMillis();
  const end = deadlineMoment(deadline, s.timeZone).toMillis();
  if (ms >= end) return 1;
  if (ms <= start) return 0;
  return (ms - start) / (end - start);
}
