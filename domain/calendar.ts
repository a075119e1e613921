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
 *   for followup/deadlineLate (N working days after), `-N` for
 *   deadlineWarning/milestoneWarning (N days before) and `-Nw` for them in
 *   working days. Keys are idempotency keys in running workflows: they never
 *   change. The moment carries N as `days` and `workingDays` too.
 */
import { DateTime } from 'luxon';
import type { Cadence, Moment, MomentKind, MomentMove, Rung } from './types';
import { dayStatus, weekendsCalendar, type WorkingCalendar } from './holidays';
import { placementsOf, type Placement } from './triggers';
import { planShareAt } from './rules';

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
function stepToWorkingDay(day: PlainDate, dir: Direction, cal: WorkingCalendar): PlainDate {
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
function earlierInWorkingTime(at: DateTime, c: Cadence, cal: WorkingCalendar, tz: string): Placed {
  const p = onWorkingDay(at, 'previous', cal, tz);
  const { start, end } = hoursOf(c);
  const m = p.at.hour * 60 + p.at.minute;
  if (m >= minutesOf(start) && m < minutesOf(end)) return p;
  const day = plainDateOf(p.at);
  const target = m >= minutesOf(end) ? day : stepToWorkingDay(day, 'previous', cal);
  return { at: atLocal(target, start, tz), moved: { from: p.moved?.from ?? formatLocal(at.toMillis(), tz), reason: p.moved?.reason ?? 'night', to: 'earlier' } };
}

const KIND_LABEL: Record<MomentKind, [string, string]> = {
  reminder: ['reminder', '报送提醒'], due: ['weekly due', '周报告截止'], followup: ['follow-up', '逾期跟踪'], summary: ['weekly summary', '周汇总'],
  dispatch: ['dispatch', '旬调度'], inspection: ['inspection', '月督查'], deadlineWarning: ['deadline warning', '到期提醒'],
  deadline: ['deadline notice', '到期通报'], deadlineLate: ['deadline passed', '逾期通报'], milestoneWarning: ['milestone warning', '节点提醒'],
  milestone: ['milestone notice', '节点通报'],
};

/** Why a moment is where it is, in English or Chinese. */
export function describeMove(kind: MomentKind, moved: MomentMove, timeZone: string, lang: 'zh' | 'en' = 'en'): string {
  const from = DateTime.fromISO(moved.from, { setZone: true }).setZone(timeZone);
  if (lang === 'zh') {
    const when = from.setLocale('zh-CN').toFormat('yyyy-MM-dd（ccc）HH:mm');
    const why = moved.reason === 'night' ? '不在工作时间' : moved.reason === 'weekend' ? '是周末' : `是休息日（${moved.reason}）`;
    const to = { previous: '提前到前一个工作日', next: '顺延到下一个工作日', morning: '顺延到下一个工作日上午', earlier: '提前到工作时间' }[moved.to];
    return `${KIND_LABEL[kind][1]} ${when} ${why} → ${to}`;
  }
  const when = from.setLocale('en').toFormat('ccc yyyy-MM-dd HH:mm');
  const why = moved.reason === 'night' ? 'outside working hours' : moved.reason === 'weekend' ? 'a weekend day' : `a day off (${moved.reason})`;
  const to = { previous: 'previous working day', next: 'next working day', morning: 'next working morning', earlier: 'earlier, in working hours' }[moved.to];
  return `${KIND_LABEL[kind][0]} ${when} is ${why} → ${to}`;
}

/** The calendar day of weekly due time cycle 0 (as the rule puts it, before any day off moves it). */
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
  return dueCache(s)(cycle).at;
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
  const { firstMs } = cadenceMemo(s);
  let k = Math.max(0, Math.floor((fromMs - firstMs) / WEEK_MS));
  while (k > 0 && f(k - 1) >= fromMs) k--;
  while (f(k) < fromMs) k++;
  return k;
}

/**
 * Memoised placed due times for one call. A due on a day off moves to the
 * previous (default) or next working day at the same time; to the previous
 * only within its own week (Monday on), else to the next; it always stays
 * after the previous cycle's due day (a long holiday never gives two cycles
 * one due day: the later one goes to the next working day after it).
 */
function dueCache(s: CalendarSettings): (k: number) => Placed {
  return cadenceMemo(s).due;
}

/**
 * What one campaign's cadence places, kept between calls: the due time of each
 * cycle, its first due instant, and windows of the moments every item shares
 * (a city's start plans 10,000 items on one calendar, and each digest's form
 * link asks for the next due time). Keyed by the working calendar (one object
 * per holidays version) and the zone, start and cadence; pure values only, so
 * a memoised answer is the answer.
 */
interface CadenceMemo {
  due: (k: number) => Placed;
  firstMs: number;
  /** Shared item moments of whole UTC days, by ladder triggers and window. */
  windows: Map<string, Moment[]>;
}
const memos = new WeakMap<WorkingCalendar, Map<string, CadenceMemo>>();
const MEMOS_PER_CALENDAR = 16;
const WINDOWS_PER_MEMO = 256;

function cadenceMemo(s: CalendarSettings): CadenceMemo {
  const cal = workingCalendarOf(s);
  let byKey = memos.get(cal);
  if (!byKey) memos.set(cal, byKey = new Map());
  const key = JSON.stringify([s.timeZone, s.start, s.cadence]);
  let m = byKey.get(key);
  if (!m) {
    if (byKey.size >= MEMOS_PER_CALENDAR) byKey.clear();
    m = {
      due: placeDueTimes(s),
      firstMs: atLocal(firstDueDate(s), parseClock(s.cadence.weeklyDue.time), s.timeZone).toMillis(),
      windows: new Map(),
    };
    byKey.set(key, m);
  }
  return m;
}

function placeDueTimes(s: CalendarSettings): (k: number) => Placed {
  const first = firstDueDate(s);
  const clock = parseClock(s.cadence.weeklyDue.time);
  const cal = workingCalendarOf(s);
  const dir = s.cadence.onDayOff?.weeklyDue ?? DEFAULT_ON_DAY_OFF.weeklyDue;
  const cache = new Map<number, Placed>();
  const get = (k: number): Placed => {
    let d = cache.get(k);
    if (!d) {
      const rawDate = first.plus({ days: 7 * k });
      const raw = atLocal(rawDate, clock, s.timeZone);
      d = onWorkingDay(raw, dir, cal, s.timeZone);
      // A week's report is not due in the week before: a week off from Monday to the due day (春节) moves it to after.
      if (d.moved && dir === 'previous' && plainDateOf(d.at) < rawDate.minus({ days: rawDate.weekday - 1 })) {
        d = onWorkingDay(raw, 'next', cal, s.timeZone);
      }
      if (k > 0 && d.moved) {
        // Fill the cache from below without deep recursion.
        for (let j = Math.max(0, k - 2); j < k; j++) get(j);
        const prev = plainDateOf(get(k - 1).at);
        if (plainDateOf(d.at) <= prev) {
          d = { at: atLocal(stepToWorkingDay(prev, 'next', cal), clock, s.timeZone), moved: { ...d.moved, to: 'next' } };
        }
      }
      cache.set(k, d);
    }
    return d;
  };
  return (k) => {
    // Cycles are placed in order so that each knows its predecessor.
    if (k > 0 && !cache.has(k - 1)) for (let j = 0; j < k; j++) get(j);
    return get(k);
  };
}

/**
 * Weekly due times (周报告) in [fromMs, untilMs). Cycle 0 is the first day with
 * weekday cadence.weeklyDue.weekday, at cadence.weeklyDue.time, at or after the
 * start day's 00:00 local; if it is less than 2 days after the start it is
 * skipped and the next week's is cycle 0. A due on a day off is moved (see
 * cadence.onDayOff.weeklyDue).
 */
export function weeklyDueTimes(s: CalendarSettings, fromMs: number, untilMs: number): { cycle: number; at: DateTime }[] {
  checkRange(fromMs, untilMs);
  const due = dueCache(s);
  return cyclesWhere(s, (k) => due(k).at.toMillis(), fromMs, untilMs).map((cycle) => ({ cycle, at: due(cycle).at }));
}

/** The first weekly due time at or after ms (a report made at ms counts for it). */
export function nextDue(s: CalendarSettings, ms: number): { cycle: number; at: DateTime } {
  const due = dueCache(s);
  if (!Number.isFinite(ms)) throw new RangeError('ms must be finite epoch milliseconds');
  const cycle = firstCycleWhere(s, (k) => due(k).at.toMillis(), ms);
  return { cycle, at: due(cycle).at };
}

/** N days before (`-N`), N working days before (`-Nw`) or after (`+N`): the key's tag and the moment's fields. */
interface MomentNumber { days: number; workingDays: boolean; before: boolean }
const tagOf = (n: MomentNumber): string => `${n.before ? '-' : '+'}${n.days}${n.before && n.workingDays ? 'w' : ''}`;

function makeMoment(kind: MomentKind, placed: Placed, timeZone: string, extra: { n?: MomentNumber; cycle?: number; milestone?: number } = {}): Moment {
  const ms = placed.at.toMillis();
  const local = formatLocal(ms, timeZone);
  const m: Moment = { at: ms, local, kind, key: `${kind}${extra.n ? tagOf(extra.n) : ''}:${local}${extra.milestone !== undefined ? `#${extra.milestone}` : ''}` };
  if (extra.cycle !== undefined) m.cycle = extra.cycle;
  if (extra.milestone !== undefined) m.milestone = extra.milestone;
  if (extra.n) {
    m.days = extra.n.days;
    m.workingDays = extra.n.workingDays;
  }
  if (placed.moved) {
    m.moved = placed.moved;
    m.placedBy = describeMove(kind, placed.moved, timeZone, 'en');
  }
  return m;
}

/** Sorted by time, then kind, then key; a key twice (two rules placed on one instant) is kept once. */
function sortMoments(moments: Moment[]): Moment[] {
  const seen = new Set<string>();
  return moments
    .sort((a, b) => a.at - b.at || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .filter((m) => (seen.has(m.key) ? false : (seen.add(m.key), true)));
}

/**
 * Month ends (at `time`) and, if `dekads`, dekad ends, placed on working days
 * (`dir` when the day is off) and in working hours, whose placed instant is in
 * [fromMs, untilMs).
 */
function monthlyInstants(s: CalendarSettings, time: string, dekads: boolean, dir: Direction, fromMs: number, untilMs: number): Placed[] {
  if (untilMs <= fromMs) return [];
  const clock = parseClock(time);
  const cal = workingCalendarOf(s);
  const from = DateTime.fromMillis(fromMs, { zone: s.timeZone });
  // Two months back: a month end moved forward over a long holiday lands in the next month.
  let month = plainDate(from.year, from.month, 1).minus({ months: 2 });
  const out: Placed[] = [];
  for (;;) {
    for (const d of dekadsOf(month.year, month.month)) {
      if (!dekads && d.index !== 3) continue;
      const raw = atLocal(plainDate(month.year, month.month, d.lastDay), clock, s.timeZone);
      // Far enough past the range that nothing moved back into it is left.
      if (raw.toMillis() >= untilMs + 40 * DAY_MS) return out;
      // A dekad or month that ended before the campaign started is not the campaign's.
      if (raw < campaignStart(s)) continue;
      const placed = inWorkingTime(onWorkingDay(raw, dir, cal, s.timeZone), s.cadence, cal, s.timeZone);
      const ms = placed.at.toMillis();
      if (ms >= fromMs && ms < untilMs) out.push(placed);
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
 * time. Every moment is on a working day, in working hours: a reminder moves
 * earlier, a summary to the next working morning, a dispatch on a day off to
 * the next working day, an inspection to the previous (cadence.onDayOff).
 * Sorted by time, then reminder, summary, dispatch, inspection.
 */
export function campaignMoments(s: CalendarSettings, fromMs: number, untilMs: number): Moment[] {
  checkRange(fromMs, untilMs);
  const lo = Math.max(fromMs, campaignStart(s).toMillis());
  if (untilMs <= lo) return [];
  const due = dueCache(s);
  const tz = s.timeZone;
  const cal = workingCalendarOf(s);
  const c = s.cadence;
  const out: Moment[] = [];
  const reminderCache = new Map<number, Placed>();
  const summaryCache = new Map<number, Placed>();
  const reminder = (k: number): Placed => {
    let p = reminderCache.get(k);
    if (!p) reminderCache.set(k, p = earlierInWorkingTime(shiftHours(due(k).at, -c.reminderLeadHours), c, cal, tz));
    return p;
  };
  const summary = (k: number): Placed => {
    let p = summaryCache.get(k);
    if (!p) summaryCache.set(k, p = inWorkingTime({ at: shiftHours(due(k).at, c.summaryDelayHours) }, c, cal, tz));
    return p;
  };
  for (const k of cyclesWhere(s, (k) => reminder(k).at.toMillis(), lo, untilMs)) out.push(makeMoment('reminder', reminder(k), tz, { cycle: k }));
  for (const k of cyclesWhere(s, (k) => summary(k).at.toMillis(), lo, untilMs)) out.push(makeMoment('summary', summary(k), tz, { cycle: k }));
  for (const p of monthlyInstants(s, c.dispatchTime, true, c.onDayOff?.dispatch ?? DEFAULT_ON_DAY_OFF.dispatch, lo, untilMs)) out.push(makeMoment('dispatch', p, tz));
  for (const p of monthlyInstants(s, c.inspectionTime, false, c.onDayOff?.inspection ?? DEFAULT_ON_DAY_OFF.inspection, lo, untilMs)) out.push(makeMoment('inspection', p, tz));
  return sortMoments(out);
}

/** The weekly due moments (周报告) in [fromMs, untilMs), as `calendar show` lists them with the campaign's. */
export function dueMoments(s: CalendarSettings, fromMs: number, untilMs: number): Moment[] {
  checkRange(fromMs, untilMs);
  const lo = Math.max(fromMs, campaignStart(s).toMillis());
  if (untilMs <= lo) return [];
  const due = dueCache(s);
  return cyclesWhere(s, (k) => due(k).at.toMillis(), lo, untilMs).map((k) => makeMoment('due', due(k), s.timeZone, { cycle: k }));
}

/** The trigger placements of a ladder (triggers.ts), split by what they count from. */
function triggerPlacements(ladder: Rung[]): { item: PlacementDays[]; due: PlacementDays[] } {
  const all = placementsOf(ladder.map((r) => r.when)).filter((p) => p.days.length > 0);
  return { item: all.filter((p) => p.placement.anchor !== 'due'), due: all.filter((p) => p.placement.anchor === 'due') };
}
type PlacementDays = ReturnType<typeof placementsOf>[number];

/** What a trigger's N counts from: a day at a time of day (before it), and an instant (after it). */
interface Anchor {
  day: PlainDate;
  clock: { hour: number; minute: number };
  passed: DateTime;
}

/**
 * The trigger moment N days from an anchor, on a working day in working hours: N days before (a day off:
 * `onDayOff.warning`), N working days before (from a day off: before the next working day), or N working days
 * after the instant the anchor passes.
 */
function placeTrigger(s: CalendarSettings, count: Placement['count'], n: number, anchor: Anchor): Placed {
  const tz = s.timeZone;
  const cal = workingCalendarOf(s);
  const work = (p: Placed): Placed => inWorkingTime(p, s.cadence, cal, tz);
  if (count === 'daysBefore') {
    const warnDir = s.cadence.onDayOff?.warning ?? DEFAULT_ON_DAY_OFF.warning;
    return work(onWorkingDay(atLocal(anchor.day.minus({ days: n }), anchor.clock, tz), warnDir, cal, tz));
  }
  if (count === 'workingDaysBefore') return work({ at: addWorkingDays(atLocal(anchor.day, anchor.clock, tz), -n, cal) });
  return work({ at: addWorkingDays(anchor.passed, n, cal) });
}

const numberOf = (count: Placement['count'], days: number): MomentNumber =>
  ({ days, workingDays: count !== 'daysBefore', before: count !== 'workingDaysAfter' });

/**
 * One item's moments in [fromMs, untilMs), never before the campaign start,
 * sorted by time (then kind, then key), every one on a working day in working
 * hours:
 * - 'due' at every weekly due time (with cycle);
 * - 'inspection' at month ends (the campaign's instant);
 * - 'deadline': the deadline passes at 00:00 local of the day after the
 *   deadline day (the deadline day is fully usable; `deadlineMoment`); its
 *   notice goes out at the next working morning;
 * - 'milestone' (next working morning after the milestone day, key
 *   `milestone:<local>#i`) per milestone i;
 * - the moments of the ladder's triggers (triggers.ts `places`), for each
 *   distinct N: from the deadline or each milestone (its day at the weekly due
 *   time of day, or after the instant it passes), or from each weekly due time
 *   (with its cycle): 'followup' (`followup+N:<local>`), 'deadlineWarning'
 *   (`deadlineWarning-N:<local>`, in working days `-Nw`), 'deadlineLate'
 *   (`deadlineLate+N:<local>`), 'milestoneWarning' (`milestoneWarning-N:<local>#i`).
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
  const cal = workingCalendarOf(s);
  const dueClock = parseClock(s.cadence.weeklyDue.time);
  const placements = triggerPlacements(ladder);
  const out: Moment[] = sharedItemMoments(s, placements.due, lo, untilMs);
  const inRange = (p: Placed) => p.at.toMillis() >= lo && p.at.toMillis() < untilMs;
  const work = (p: Placed): Placed => inWorkingTime(p, s.cadence, cal, tz);
  const anchorOf = (date: string): Anchor => ({ day: parsePlainDate(date), clock: dueClock, passed: deadlineMoment(date, tz) });

  const deadline = anchorOf(item.deadline);
  const notice = work({ at: deadline.passed });
  if (inRange(notice)) out.push(makeMoment('deadline', notice, tz));
  const milestones = item.milestones.map((ms) => anchorOf(ms.date));
  milestones.forEach((anchor, i) => {
    const p = work({ at: anchor.passed });
    if (inRange(p)) out.push(makeMoment('milestone', p, tz, { milestone: i }));
  });
  for (const { placement: { kind, anchor, count }, days } of placements.item) {
    for (const n of days) {
      const place = (a: Anchor, milestone?: number): void => {
        const p = placeTrigger(s, count, n, a);
        if (inRange(p)) out.push(makeMoment(kind, p, tz, { n: numberOf(count, n), milestone }));
      };
      if (anchor === 'deadline') place(deadline);
      else milestones.forEach((a, i) => place(a, i));
    }
  }
  return sortMoments(out);
}

/**
 * The moments every item of a campaign has (weekly due, the trigger moments
 * counted from due times such as follow-ups after a missed report, the
 * monthly inspection) in [lo, untilMs), lo at or after the campaign start.
 * Computed for whole UTC days around the range and kept, then cut to it: what
 * a range holds does not depend on the range it was cut from.
 */
function sharedItemMoments(s: CalendarSettings, fromDue: PlacementDays[], lo: number, untilMs: number): Moment[] {
  const from = Math.max(Math.floor(lo / DAY_MS) * DAY_MS, campaignStart(s).toMillis());
  const until = Math.ceil(untilMs / DAY_MS) * DAY_MS;
  const memo = cadenceMemo(s);
  const key = `${fromDue.map((p) => `${p.placement.kind}/${p.placement.count}:${p.days.join(',')}`).join(';')}|${from}|${until}`;
  let window = memo.windows.get(key);
  if (!window) {
    // Frozen: the same objects are handed to every caller of this window.
    window = placeSharedItemMoments(s, fromDue, from, until).map((m) => Object.freeze(m));
    if (memo.windows.size >= WINDOWS_PER_MEMO) memo.windows.clear();
    memo.windows.set(key, window);
  }
  return window.filter((m) => m.at >= lo && m.at < untilMs);
}

function placeSharedItemMoments(s: CalendarSettings, fromDue: PlacementDays[], lo: number, untilMs: number): Moment[] {
  const tz = s.timeZone;
  const c = s.cadence;
  const cal = workingCalendarOf(s);
  const due = dueCache(s);
  const work = (p: Placed): Placed => inWorkingTime(p, c, cal, tz);
  const out: Moment[] = [];
  const dueAt = (k: number): Placed => work(due(k));
  for (const k of cyclesWhere(s, (k) => dueAt(k).at.toMillis(), lo, untilMs)) out.push(makeMoment('due', dueAt(k), tz, { cycle: k }));
  for (const { placement: { kind, count }, days } of fromDue) {
    for (const n of days) {
      const at = (k: number): Placed => {
        const d = due(k).at;
        return placeTrigger(s, count, n, { day: plainDateOf(d), clock: { hour: d.hour, minute: d.minute }, passed: d });
      };
      for (const k of cyclesWhere(s, (k) => at(k).at.toMillis(), lo, untilMs)) out.push(makeMoment(kind, at(k), tz, { n: numberOf(count, n), cycle: k }));
    }
  }
  for (const p of monthlyInstants(s, c.inspectionTime, false, c.onDayOff?.inspection ?? DEFAULT_ON_DAY_OFF.inspection, lo, untilMs)) out.push(makeMoment('inspection', p, tz));
  return out;
}

/** The years (campaign zone) of the moments and of where their rules first put them. */
export function yearsOf(moments: Moment[]): number[] {
  const ys = new Set<number>();
  for (const m of moments) {
    ys.add(Number(m.local.slice(0, 4)));
    if (m.moved) ys.add(Number(m.moved.from.slice(0, 4)));
  }
  return [...ys].sort((a, b) => a - b);
}

/**
 * 序时进度: the share (0..1) of the item's time, from the campaign start to its
 * deadline moment (00:00 after the deadline day), that has passed at ms
 * (`planShareAt`, by instants, as the item workflow computes it).
 */
export function planShare(s: CalendarSettings, deadline: string, ms: number): number {
  return planShareAt(ms, campaignStart(s).toMillis(), deadlineMoment(deadline, s.timeZone).toMillis());
}
