/**
 * The campaign's cycles: the weekly due times (周报告, cycle 0, 1, …, each
 * placed on a working day and remembered per calendar), the dekads of a month
 * (旬) and the month ends (月), placed as their rules say. The conventions are
 * in ./index.ts.
 */
import { DateTime } from 'luxon';
import type { Moment } from '../types';
import type { WorkingCalendar } from '../holidays';
import { DAY_MS, DEFAULT_ON_DAY_OFF, WEEK_MS, atLocal, campaignStart, checkRange, inWorkingTime, onWorkingDay, parseClock, plainDate, plainDateOf, stepToWorkingDay, workingCalendarOf, type CalendarSettings, type Direction, type Placed, type PlainDate } from './days';

export interface Dekad {
  index: 1 | 2 | 3;
  firstDay: number;
  lastDay: number;
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
export function cyclesWhere(s: CalendarSettings, f: (k: number) => number, fromMs: number, untilMs: number): number[] {
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
export function dueCache(s: CalendarSettings): (k: number) => Placed {
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
export const WINDOWS_PER_MEMO = 256;

export function cadenceMemo(s: CalendarSettings): CadenceMemo {
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

/**
 * Month ends (at `time`) and, if `dekads`, dekad ends, placed on working days
 * (`dir` when the day is off) and in working hours, whose placed instant is in
 * [fromMs, untilMs).
 */
export function monthlyInstants(s: CalendarSettings, time: string, dekads: boolean, dir: Direction, fromMs: number, untilMs: number): Placed[] {
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
