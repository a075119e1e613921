/**
 * Working days and local dates (工作日): which days are working days on the
 * official calendar (调休 included), adding N working days, working hours, and
 * placing an instant on a working day and in working hours, in the campaign's
 * zone. The conventions are in ./index.ts.
 */
import { DateTime } from 'luxon';
import type { Cadence, MomentMove } from '../types';
import { dayStatus, weekendsCalendar, type WorkingCalendar } from '../holidays';
import { planShareAt } from '../rules';

export interface CalendarSettings {
  timeZone: string;
  /** YYYY-MM-DD: the campaign starts at this day's 00:00 local. */
  start: string;
  cadence: Cadence;
  /**
   * The working-day calendar (holidays, 调休, the campaign's own days), built
   * from data by the caller (activities, CLI). Without it: `cadence.workingDays`
   * and the campaign's own days only.
   */
  calendar?: WorkingCalendar;
}

/** Either a whole working-day calendar, or a cadence (its weekdays and own days, no holidays). */
export type DayRules = WorkingCalendar | Cadence;

const weekendCache = new WeakMap<Cadence, WorkingCalendar>();
function calendarOf(rules: DayRules): WorkingCalendar {
  if ('weekdays' in rules) return rules;
  let cal = weekendCache.get(rules);
  if (!cal) weekendCache.set(rules, cal = weekendsCalendar(rules));
  return cal;
}

/** The settings' working-day calendar. */
export function workingCalendarOf(s: CalendarSettings): WorkingCalendar {
  return s.calendar ?? calendarOf(s.cadence);
}

/** Default quiet hours: nothing is mailed before 08:30 or from 18:00 on, nor on a day off. */
export const DEFAULT_WORKING_HOURS = { start: '08:30', end: '18:00' };
/** Default placement of a moment that falls on a day off. */
export const DEFAULT_ON_DAY_OFF = { weeklyDue: 'previous', dispatch: 'next', inspection: 'previous', warning: 'previous' } as const;

export const DAY_MS = 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;
export const WEEK_MS = 7 * DAY_MS;

// ---------------------------------------------------------------------------
// Plain calendar dates. A date is a luxon DateTime at 00:00 UTC standing for a
// calendar day (its year/month/day/weekday are those of the local day), so
// date arithmetic never meets DST.

export type PlainDate = DateTime;

export function plainDate(year: number, month: number, day: number): PlainDate {
  return DateTime.utc(year, month, day);
}

export function parsePlainDate(date: string): PlainDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const d = m ? plainDate(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
  if (!m || !d || !d.isValid || d.day !== Number(m[3])) throw new RangeError(`not a date in the form YYYY-MM-DD: "${date}"`);
  return d;
}

/** The calendar day of an instant as seen in its own zone. */
export function plainDateOf(dt: DateTime): PlainDate {
  return plainDate(dt.year, dt.month, dt.day);
}

export function parseClock(time: string): { hour: number; minute: number } {
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
export function atLocal(date: PlainDate, time: { hour: number; minute: number; second?: number; millisecond?: number }, zone: DateTime['zone'] | string): DateTime {
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour: time.hour, minute: time.minute, second: time.second ?? 0, millisecond: time.millisecond ?? 0 },
    { zone },
  );
}

/** Move by hours: whole days as calendar days (keeping the wall-clock time across DST), the rest as elapsed time. */
export function shiftHours(dt: DateTime, hours: number): DateTime {
  const sign = hours < 0 ? -1 : 1;
  const abs = Math.abs(hours);
  const days = Math.floor(abs / 24);
  const restMs = Math.round((abs - days * 24) * HOUR_MS);
  return dt.plus({ days: sign * days }).plus({ milliseconds: sign * restMs });
}

export function checkRange(fromMs: number, untilMs: number): void {
  if (!Number.isFinite(fromMs) || !Number.isFinite(untilMs)) throw new RangeError('fromMs and untilMs must be finite epoch milliseconds');
}

/**
 * Whether the calendar day of `date` (in the zone `date` carries) is a working
 * day: a make-up working day (调休) or the campaign's own working day is; a
 * holiday or the campaign's own day off is not; otherwise its ISO weekday must
 * be among the ordinary working weekdays.
 */
export function isWorkingDay(date: DateTime, rules: DayRules): boolean {
  return dayStatus(calendarOf(rules), date.toISODate()!).working;
}

/** Why the day of `date` is off (holiday name, "weekend"), or undefined on a working day. */
export function dayOffName(date: DateTime, rules: DayRules): string | undefined {
  const st = dayStatus(calendarOf(rules), date.toISODate()!);
  return st.working ? undefined : st.name;
}

/**
 * The day n working days after (n < 0: before) `date`, at the same wall-clock
 * time in the same zone. n = 0 returns `date` unchanged. Moving from a day off
 * counts from the next working day: Saturday + 1 is Tuesday, Saturday − 1 is
 * Friday (Monday − 1); from a working day, Friday + 3 is Wednesday.
 */
export function addWorkingDays(date: DateTime, n: number, rules: DayRules): DateTime {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number: ${n}`);
  if (!date.isValid) throw new RangeError(`invalid date: ${date.invalidExplanation ?? date.invalidReason ?? ''}`);
  if (n === 0) return date;
  const cadence = calendarOf(rules);
  if (cadence.weekdays.length === 0 && Object.keys(cadence.workingDays).length === 0) throw new RangeError('the cadence has no working day');
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

/** How many days a countdown counts on the working-day calendar before it counts weekdays only. */
const COUNTED_DAYS = 3660;

/** Monday to Friday from `from` to `to`, both counted (0 when `to` is before `from`). */
function weekdaysBetween(from: DateTime, to: DateTime): number {
  const days = Math.round(to.diff(from, 'days').days) + 1;
  if (days <= 0) return 0;
  let n = Math.floor(days / 7) * 5;
  for (let i = 0; i < days % 7; i++) if (from.plus({ days: i }).weekday <= 5) n++;
  return n;
}

/** 剩余/逾期 N 个工作日: the working days left before a deadline, or passed since it. */
export interface Countdown { overdue: boolean; workingDays: number }

/**
 * The countdown to a deadline day on the working-day calendar, on the local day of `ms`. Not overdue
 * up to the deadline day: the working days from that day to the deadline day, both counted (a deadline
 * today, a working day, leaves 1; a deadline on a day off with no working day before it leaves 0).
 * Overdue from the day after: the working days since the deadline day up to that day, counted (the
 * Saturday after a Friday deadline is overdue by 0 working days, the Monday by 1).
 */
export function countdownOf(rules: DayRules, deadline: string, ms: number, timeZone: string): Countdown {
  const today = plainDateOf(DateTime.fromMillis(ms, { zone: timeZone }));
  const due = parsePlainDate(deadline);
  const cal = calendarOf(rules);
  const overdue = due < today;
  const from = overdue ? due.plus({ days: 1 }) : today;
  const to = overdue ? today : due;
  // Day by day on the calendar for ten years; past that no official calendar is published, so Monday to Friday.
  const known = DateTime.min(to, from.plus({ days: COUNTED_DAYS - 1 }));
  let n = 0;
  for (let d = from; d <= known; d = d.plus({ days: 1 })) if (isWorkingDay(d, cal)) n++;
  return { overdue, workingDays: n + weekdaysBetween(known.plus({ days: 1 }), to) };
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

// ---------------------------------------------------------------------------
// Placement on working days and in working hours

export type Direction = 'previous' | 'next';

export interface Placed {
  at: DateTime;
  moved?: MomentMove;
}

const isoDay = (d: PlainDate): string => d.toISODate()!;

/** The first working day strictly before (previous) or after (next) `day`. */
export function stepToWorkingDay(day: PlainDate, dir: Direction, cal: WorkingCalendar): PlainDate {
  const step = dir === 'previous' ? -1 : 1;
  let d = day;
  for (let guard = 0; guard < 3660; guard++) {
    d = d.plus({ days: step });
    if (dayStatus(cal, isoDay(d)).working) return d;
  }
  throw new RangeError('no working day within ten years');
}

function hoursOf(c: Cadence): { start: { hour: number; minute: number }; end: { hour: number; minute: number } } {
  const h = c.workingHours ?? DEFAULT_WORKING_HOURS;
  return { start: parseClock(h.start), end: parseClock(h.end) };
}

const minutesOf = (t: { hour: number; minute: number }): number => t.hour * 60 + t.minute;

/** A moment on a day off goes to the previous or next working day, at the same time of day; one on a working day stays. */
export function onWorkingDay(at: DateTime, dir: Direction, cal: WorkingCalendar, tz: string): Placed {
  const day = plainDateOf(at);
  const st = dayStatus(cal, isoDay(day));
  if (st.working) return { at };
  const to = stepToWorkingDay(day, dir, cal);
  return { at: atLocal(to, { hour: at.hour, minute: at.minute }, tz), moved: { from: formatLocal(at.toMillis(), tz), reason: st.name ?? 'day off', to: dir } };
}

/**
 * Quiet hours: a moment on a day off, or outside working hours, waits for the
 * next working morning (working day at workingHours.start). Stable: a moment
 * in working time does not move.
 */
export function inWorkingTime(p: Placed, c: Cadence, cal: WorkingCalendar, tz: string): Placed {
  const { start, end } = hoursOf(c);
  const day = plainDateOf(p.at);
  const st = dayStatus(cal, isoDay(day));
  const m = p.at.hour * 60 + p.at.minute + (p.at.second || p.at.millisecond ? 1 / 60 : 0);
  if (st.working && m >= minutesOf(start) && m < minutesOf(end)) return p;
  const target = st.working && m < minutesOf(start) ? day : stepToWorkingDay(day, 'next', cal);
  return {
    at: atLocal(target, start, tz),
    moved: { from: p.moved?.from ?? formatLocal(p.at.toMillis(), tz), reason: p.moved?.reason ?? (st.working ? 'night' : st.name ?? 'day off'), to: p.moved ? p.moved.to : 'morning' },
  };
}

/**
 * A reminder is never late: on a day off it goes to the previous working day;
 * outside working hours to a working day's start (that day's when it is after
 * hours, the previous working day's when it is before them).
 */
export function earlierInWorkingTime(at: DateTime, c: Cadence, cal: WorkingCalendar, tz: string): Placed {
  const p = onWorkingDay(at, 'previous', cal, tz);
  const { start, end } = hoursOf(c);
  const m = p.at.hour * 60 + p.at.minute;
  if (m >= minutesOf(start) && m < minutesOf(end)) return p;
  const day = plainDateOf(p.at);
  const target = m >= minutesOf(end) ? day : stepToWorkingDay(day, 'previous', cal);
  return { at: atLocal(target, start, tz), moved: { from: p.moved?.from ?? formatLocal(at.toMillis(), tz), reason: p.moved?.reason ?? 'night', to: 'earlier' } };
}

/**
 * 序时进度: the share (0..1) of the item's time, from the campaign start to its
 * deadline moment (00:00 after the deadline day), that has passed at ms
 * (`planShareAt`, by instants, as the item workflow computes it).
 */
export function planShare(s: CalendarSettings, deadline: string, ms: number): number {
  return planShareAt(ms, campaignStart(s).toMillis(), deadlineMoment(deadline, s.timeZone).toMillis());
}
