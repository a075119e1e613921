/**
 * What `rectify calendar show` prints: every cadence moment of a span, in the
 * campaign's zone, with the rule that placed it; and the years the official
 * working-day data does not cover (also warned about by `rectify start`).
 */
import { DateTime } from 'luxon';
import { campaignMoments, describeMove, dueMoments, itemMoments, localDay, yearsOf, type CalendarSettings } from '../domain/calendar';
import { dayStatus, uncoveredYears, type WorkingCalendar, type YearArrangement } from '../domain/holidays';
import type { Cadence, CampaignPlan, Moment, MomentKind, Rung } from '../domain/types';
import { workingCalendarOf } from '../activities/holidays-store';
import type { Language } from '../domain/i18n';
import { momentNumber, placementOf } from '../domain/triggers';

export interface CalendarRow {
  /** ISO with offset, campaign zone. */
  local: string;
  kind: MomentKind;
  item?: string;
  /** The rule as the campaign file sets it. */
  rule: string;
  /** Why it is not where the rule first put it. */
  placedBy?: string;
  moment: Moment;
}

export interface CalendarView {
  timeZone: string;
  calendarVersion: string;
  rows: CalendarRow[];
  /** Days off (beyond ordinary weekends) and make-up working days in the span. */
  days: { date: string; working: boolean; name: string }[];
  uncoveredYears: number[];
}

const WEEKDAY_ZH = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const WEEKDAY_EN = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function ruleOf(m: Moment, c: Cadence, lang: Language, deadline?: string, milestone?: string): string {
  const zh = lang === 'zh';
  const trigger = placementOf(m);
  if (trigger) return trigger.describe(momentNumber(m)!.days, lang, { deadline, milestone });
  const due = `${zh ? WEEKDAY_ZH[c.weeklyDue.weekday] : WEEKDAY_EN[c.weeklyDue.weekday]} ${c.weeklyDue.time}`;
  switch (m.kind) {
    case 'due': return zh ? `周报告：每${due}截止` : `weekly report due ${due}`;
    case 'reminder': return zh ? `报送提醒：截止前 ${c.reminderLeadHours} 小时` : `reminder ${c.reminderLeadHours} h before the due time`;
    case 'summary': return zh ? `周汇总：截止后 ${c.summaryDelayHours} 小时` : `weekly summary ${c.summaryDelayHours} h after the due time`;
    case 'dispatch': return zh ? `旬调度：每旬最后一天 ${c.dispatchTime}` : `dispatch on each dekad's last day at ${c.dispatchTime}`;
    case 'inspection': return zh ? `月督查：每月最后一天 ${c.inspectionTime}` : `inspection on each month's last day at ${c.inspectionTime}`;
    case 'deadline': return zh ? `整改时限 ${deadline} 已过（次日 00:00）` : `deadline ${deadline} passed (00:00 the day after)`;
    case 'milestone': return zh ? `节点 ${milestone} 已过` : `milestone ${milestone} passed`;
    // Trigger moments are worded by their trigger (above).
    default: return m.kind;
  }
}

/**
 * The moments of [from, until] (whole days, campaign zone): the campaign's,
 * the weekly due times and follow-ups, and, with items, each item's deadline
 * and milestone moments.
 */
export function calendarView(
  s: { timeZone: string; start: string; cadence: Cadence; ladder: Rung[]; items?: CampaignPlan['items'] },
  from: string, until: string, loaded: YearArrangement[], lang: Language,
): CalendarView {
  const cal: WorkingCalendar = workingCalendarOf(s.cadence, loaded);
  const settings: CalendarSettings = { timeZone: s.timeZone, start: s.start, cadence: s.cadence, calendar: cal };
  const fromMs = localDay(from, s.timeZone).toMillis();
  const untilMs = localDay(until, s.timeZone).plus({ days: 1 }).toMillis();
  const rows: CalendarRow[] = [];
  const add = (m: Moment, item?: string, deadline?: string, milestone?: string): void => {
    rows.push({ local: m.local, kind: m.kind, item, rule: ruleOf(m, s.cadence, lang, deadline, milestone),
      placedBy: m.moved ? describeMove(m.kind, m.moved, s.timeZone, lang) : undefined, moment: m });
  };
  for (const m of [...dueMoments(settings, fromMs, untilMs), ...campaignMoments(settings, fromMs, untilMs)]) add(m);
  // Trigger moments counted from due times (follow-ups) are the same for every item: shown once.
  const fromDue = (m: Moment): boolean => placementOf(m)?.anchor === 'due';
  const followups = itemMoments(settings, { deadline: '2999-12-31', milestones: [] }, s.ladder, fromMs, untilMs).filter(fromDue);
  for (const m of followups) add(m);
  for (const item of s.items ?? []) {
    for (const m of itemMoments(settings, item, s.ladder, fromMs, untilMs)) {
      if (m.kind === 'due' || m.kind === 'inspection' || fromDue(m)) continue;
      add(m, item.id, item.deadline, m.milestone !== undefined ? item.milestones[m.milestone]?.date : undefined);
    }
  }
  rows.sort((a, b) => a.moment.at - b.moment.at || (a.item ?? '').localeCompare(b.item ?? ''));
  const days: CalendarView['days'] = [];
  for (let d = DateTime.fromISO(from, { zone: 'UTC' }); d.toISODate()! <= until; d = d.plus({ days: 1 })) {
    const iso = d.toISODate()!;
    const st = dayStatus(cal, iso);
    if (st.name && st.name !== 'weekend') days.push({ date: iso, working: st.working, name: st.name });
  }
  const years = new Set(yearsOf(rows.map((r) => r.moment)));
  for (let y = Number(from.slice(0, 4)); y <= Number(until.slice(0, 4)); y++) years.add(y);
  return { timeZone: s.timeZone, calendarVersion: cal.version, rows, days, uncoveredYears: uncoveredYears(cal, years) };
}

/** Years of a campaign (start to its last deadline or the concentrated period's end) without official data. */
export function campaignUncoveredYears(plan: CampaignPlan, loaded: YearArrangement[]): number[] {
  const cal = workingCalendarOf(plan.cadence, loaded);
  const last = [plan.concentratedEnd, ...plan.items.map((i) => i.deadline)].sort().at(-1)!;
  const years: number[] = [];
  for (let y = Number(plan.start.slice(0, 4)); y <= Number(last.slice(0, 4)); y++) years.push(y);
  return uncoveredYears(cal, years);
}

export function uncoveredWarning(years: number[], lang: Language): string {
  return lang === 'en'
    ? `warning: no official working-day calendar is loaded for ${years.join(', ')}: moments there are placed by weekends alone (load the State Council's arrangement with rectify calendar update --from FILE)`
    : `注意：${years.join('、')}年的法定节假日安排尚未载入，这些年份的时间点暂按周末安排（国务院办公厅通知发布后用 rectify calendar update --from 文件 载入）`;
}
