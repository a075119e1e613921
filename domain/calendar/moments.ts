/**
 * Moments: the campaign's (reminder, weekly summary, dispatch sheet, monthly
 * inspection) and an item's (due times, follow-ups, deadline and milestone
 * warnings, the deadline and its passing), each with its stable key, sorted,
 * and how a moved moment is described. The conventions are in ./index.ts.
 */
import { DateTime } from 'luxon';
import type { Moment, MomentKind, MomentMove, Rung } from '../types';
import { placementsOf, type Placement } from '../triggers';
import { DAY_MS, DEFAULT_ON_DAY_OFF, addWorkingDays, atLocal, campaignStart, checkRange, deadlineMoment, earlierInWorkingTime, formatLocal, inWorkingTime, onWorkingDay, parseClock, parsePlainDate, plainDateOf, shiftHours, workingCalendarOf, type CalendarSettings, type Placed, type PlainDate } from './days';
import { WINDOWS_PER_MEMO, cadenceMemo, cyclesWhere, dueCache, monthlyInstants } from './cycles';

/** Tie-break order of moments at the same instant. */
const KIND_ORDER: MomentKind[] = [
  'reminder', 'due', 'summary', 'followup', 'dispatch', 'inspection',
  'deadlineWarning', 'deadline', 'deadlineLate', 'milestoneWarning', 'milestone', 'replyDue',
];

const KIND_LABEL: Record<MomentKind, [string, string]> = {
  reminder: ['reminder', '报送提醒'], due: ['weekly due', '周报告截止'], followup: ['follow-up', '逾期跟踪'], summary: ['weekly summary', '周汇总'],
  dispatch: ['dispatch', '旬调度'], inspection: ['inspection', '月督查'], deadlineWarning: ['deadline warning', '到期提醒'],
  deadline: ['deadline notice', '到期通报'], deadlineLate: ['deadline passed', '逾期通报'], milestoneWarning: ['milestone warning', '节点提醒'],
  milestone: ['milestone notice', '节点通报'], replyDue: ['reply deadline', '限期回复'],
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

/**
 * When an item's mail (a dispatch decision, a review's result, a receipt) decided at `ms` may go out: at
 * once in working time, else at the next working morning, as every other mail (README: nothing is mailed
 * outside working hours). `placedBy` says why it waits.
 */
export function itemMailTime(s: CalendarSettings, ms: number): { at: number; local: string; placedBy?: string } {
  const cal = workingCalendarOf(s);
  const tz = s.timeZone;
  const placed = inWorkingTime({ at: DateTime.fromMillis(ms, { zone: tz }) }, s.cadence, cal, tz);
  if (!placed.moved) return { at: ms, local: formatLocal(ms, tz) };
  const at = placed.at.toMillis();
  const from = DateTime.fromMillis(ms, { zone: tz }).setLocale('en').toFormat('ccc yyyy-MM-dd HH:mm');
  const why = placed.moved.reason === 'night' ? 'outside working hours' : placed.moved.reason === 'weekend' ? 'a weekend day' : `a day off (${placed.moved.reason})`;
  return { at, local: formatLocal(at, tz), placedBy: `mail decided ${from} is ${why} → next working morning` };
}

/**
 * 限期回复: a 督办单 issued at `ms` is to be answered within n working days — by the n-th working day after its
 * issue day (holidays skipped, 调休 counted); unanswered, it is overdue from 00:00 after that day, acted on at the
 * next working morning.
 */
export function replyDeadline(s: CalendarSettings, ms: number, n: number): { replyBy: string; dueAt: number; dueLocal: string } {
  const tz = s.timeZone;
  const replyBy = addWorkingDays(DateTime.fromMillis(ms, { zone: tz }), n, workingCalendarOf(s)).toISODate()!;
  const due = itemMailTime(s, deadlineMoment(replyBy, tz).toMillis());
  return { replyBy, dueAt: due.at, dueLocal: due.local };
}

/**
 * 回头看: the instants `months` months after an acceptance at `ms` (the same time of day), each on a working day
 * (a day off: the next) in working hours (outside them: the next working morning).
 */
export function lookBackTimes(s: CalendarSettings, ms: number, months: number[]): { months: number; at: number; local: string }[] {
  const tz = s.timeZone;
  const cal = workingCalendarOf(s);
  const accepted = DateTime.fromMillis(ms, { zone: tz });
  return [...months].sort((a, b) => a - b).map((n) => {
    const at = inWorkingTime(onWorkingDay(accepted.plus({ months: n }), 'next', cal, tz), s.cadence, cal, tz).at.toMillis();
    return { months: n, at, local: formatLocal(at, tz) };
  });
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
