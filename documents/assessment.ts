/**
 * 考核: the figures a working group ranks units and leaders by, over a date
 * range, computed once (buildState calls `assess`; the monthly bulletin and
 * `rectify export assessment` only lay them out):
 *
 * - on-time report rate (按时报送率): weekly cycles due in the range whose
 *   report was in by the due time ÷ cycles due in the range (a report counts
 *   for the next due time, so a late report is a missed cycle, and the next
 *   cycle's report on time);
 * - completion rate (完成率): closed ÷ items, as the range ends;
 * - items behind plan (落后序时进度) and overdue items (逾期), as the range ends;
 * - notices received (督办单): escalations of supervision level and above in
 *   the range;
 * - a score from the campaign's weights (domain/schema.ts `assessment`), and a
 *   rank: by score, ties share a rank (1, 2, 2, 4) and keep the plan's order;
 *   units and leaders with fewer items than `minItems` are listed after the
 *   ranked ones, not ranked (不参与排名).
 */
import { DateTime } from 'luxon';
import { deadlineMoment, dueTime, planShare, type CalendarSettings } from '../domain/calendar';
import { expectsReports } from '../domain/rules';
import { assessment as assessmentSchema, type AssessmentSettings } from '../domain/schema';
import { STATES, type EscalationRecord, type ItemState } from '../domain/types';
import type { CampaignSettings, ItemSnapshot } from '../domain/contract';
import type { Language } from '../domain/i18n';
import type { StateItem } from './state';
import { w, type TableBlock } from './model';
import { sheetsXlsx, tableCsv, type Column, type Sheet } from './table';

/** 督办单: escalations of supervision level and above (reminders and chases are not notices). */
export const isSupervisionNotice = (e: Pick<EscalationRecord, 'level'>): boolean =>
  e.level === 'supervision' || e.level === 'working-group' || e.level === 'committee';

/** One unit's or leader's figures. Rates are 0..1; the score has two decimals. */
export interface AssessmentRow {
  name: string;
  items: number;
  reportsDue: number;
  reportsOnTime: number;
  /** Undefined when no report was due in the range (the criterion then gives its whole weight). */
  onTimeRate?: number;
  closed: number;
  completionRate: number;
  behindPlan: number;
  overdue: number;
  notices: number;
  score: number;
  /** 1-based, shared by ties; undefined: not ranked (fewer items than the minimum). */
  rank?: number;
}

export interface Assessment {
  /** The range, as YYYY-MM-DD days in the campaign's zone (both included). */
  from: string;
  to: string;
  /** The instant the as-of figures (completion, behind plan, overdue) describe: the range's end, or the state's instant if earlier. */
  at: number;
  settings: AssessmentSettings;
  /** Ranked rows by rank, then the rows not ranked, in the plan's order. */
  units: AssessmentRow[];
  leaders: AssessmentRow[];
}

/** The campaign's 考核 settings, with the defaults for what it does not declare (plans before v0.4 declare nothing). */
export const assessmentSettings = (c: CampaignSettings): AssessmentSettings => c.assessment ?? assessmentSchema.parse({});

interface ItemFigures { due: number; onTime: number; closed: boolean; behindPlan: boolean; overdue: boolean; notices: number }

/** What the item's record said at instant t (before the state's own instant): state, percent, deadline in force. */
function pastFigures(i: StateItem, snap: ItemSnapshot, t: number, cal: CalendarSettings): Pick<ItemFigures, 'closed' | 'behindPlan' | 'overdue'> {
  const entry = snap.log.filter((e) => e.what === 'state' && e.at <= t).at(-1);
  const named = entry && /→\s*(\w+)\s*$/.exec(entry.detail)?.[1];
  const state: ItemState = !entry ? 'notStarted' : (STATES as readonly string[]).includes(named ?? '') ? named as ItemState : i.state;
  const percent = i.reports.filter((r) => r.at <= t && r.percent !== undefined).at(-1)?.percent ?? 0;
  const started = /deadline (\d{4}-\d{2}-\d{2})/.exec(snap.log.find((e) => e.what === 'started')?.detail ?? '')?.[1];
  const deadline = snap.decisions.filter((d) => d.at <= t && d.newDeadline).at(-1)?.newDeadline ?? started ?? i.deadline;
  const open = expectsReports(state);
  return {
    closed: state === 'closed',
    overdue: open && t >= deadlineMoment(deadline, cal.timeZone).toMillis(),
    behindPlan: open && Math.round(planShare(cal, deadline, t) * 100) - percent > 0,
  };
}

function itemFigures(i: StateItem, snap: ItemSnapshot | undefined, range: { fromMs: number; endMs: number }, asOfMs: number, cal: CalendarSettings): ItemFigures {
  const inRange = (ms: number): boolean => ms >= range.fromMs && ms < range.endMs;
  const dueIn = (cycle: number): boolean => inRange(dueTime(cal, cycle).toMillis());
  const onTime = new Set(i.reports.flatMap((r) => (r.cycle !== undefined && r.cycle >= 0 && dueIn(r.cycle) ? [r.cycle] : [])));
  // Records before v0.4 show no missed cycles: their 漏报 entries, by when they were recorded, stand in.
  const missed = snap?.missedCycles ? snap.missedCycles.filter(dueIn).length : (snap?.log ?? []).filter((e) => e.what === 'missed' && inRange(e.at)).length;
  const t = range.endMs - 1;
  const now = snap && t < asOfMs ? pastFigures(i, snap, t, cal) : { closed: i.state === 'closed', behindPlan: i.behindPlan, overdue: i.overdue };
  return {
    due: onTime.size + missed, onTime: onTime.size, ...now,
    notices: i.escalations.filter((e) => isSupervisionNotice(e) && inRange(e.at)).length,
  };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function rowOf(name: string, figures: ItemFigures[], weights: AssessmentSettings['weights']): AssessmentRow {
  const items = figures.length;
  const sum = (f: (x: ItemFigures) => number): number => figures.reduce((s, x) => s + f(x), 0);
  const reportsDue = sum((x) => x.due);
  const reportsOnTime = sum((x) => x.onTime);
  const closed = figures.filter((x) => x.closed).length;
  const behindPlan = figures.filter((x) => x.behindPlan).length;
  const overdue = figures.filter((x) => x.overdue).length;
  const notices = sum((x) => x.notices);
  const onTimeRate = reportsDue ? reportsOnTime / reportsDue : undefined;
  const completionRate = items ? closed / items : 0;
  const share = (n: number): number => (items ? Math.max(0, 1 - n / items) : 1);
  const score = round2(weights.onTime * (onTimeRate ?? 1) + weights.completion * completionRate
    + weights.behindPlan * share(behindPlan) + weights.overdue * share(overdue) + weights.notices * share(notices));
  return { name, items, reportsDue, reportsOnTime, onTimeRate, closed, completionRate, behindPlan, overdue, notices, score };
}

/** By score (ties share a rank: 1, 2, 2, 4, and keep the plan's order), then those below the minimum, not ranked. */
export function ranked(rows: AssessmentRow[], minItems: number): AssessmentRow[] {
  const eligible = rows.filter((r) => r.items >= minItems).map((r, n) => ({ r, n }))
    .sort((a, b) => b.r.score - a.r.score || a.n - b.n).map(({ r }) => r);
  const out = eligible.map((r, n) => ({ ...r, rank: n + 1 }));
  out.forEach((r, n) => { if (n > 0 && r.score === out[n - 1].score) r.rank = out[n - 1].rank; });
  return [...out, ...rows.filter((r) => r.items < minItems).map((r) => ({ ...r, rank: undefined }))];
}

export interface AssessInput {
  campaign: CampaignSettings;
  items: StateItem[];
  snapshots?: Map<string, ItemSnapshot>;
  asOfMs: number;
  /** YYYY-MM-DD, both included; default: the month of asOf, from its first day to asOf's day. */
  from?: string;
  to?: string;
}

export function assess(input: AssessInput): Assessment {
  const { campaign } = input;
  const zone = campaign.timeZone;
  const settings = assessmentSettings(campaign);
  const cal: CalendarSettings = { timeZone: zone, start: campaign.start, cadence: campaign.cadence };
  const asOf = DateTime.fromMillis(input.asOfMs, { zone });
  const from = input.from ?? asOf.startOf('month').toISODate()!;
  const to = input.to ?? asOf.toISODate()!;
  const fromMs = DateTime.fromISO(from, { zone }).startOf('day').toMillis();
  const endMs = Math.min(DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day').toMillis(), input.asOfMs + 1);
  // 已撤销: an item withdrawn from the plan is no longer assessed (the completion sentence counts it apart).
  const assessed = input.items.filter((i) => i.state !== 'withdrawn');
  const figures = new Map(assessed.map((i) => [i.key, itemFigures(i, input.snapshots?.get(i.key), { fromMs, endMs }, input.asOfMs, cal)]));
  const table = (by: (i: StateItem) => string): AssessmentRow[] => {
    const groups = new Map<string, ItemFigures[]>();
    for (const i of assessed) groups.set(by(i), [...(groups.get(by(i)) ?? []), figures.get(i.key)!]);
    return ranked([...groups.entries()].map(([name, f]) => rowOf(name, f, settings.weights)), settings.minItems);
  };
  return { from, to, at: Math.max(fromMs, endMs - 1), settings, units: table((i) => i.leadUnit), leaders: table((i) => i.leader) };
}

// ── The columns both the bulletin's table and the export show ─────────────
const percent = (rate: number | undefined): number | undefined => (rate === undefined ? undefined : round2(rate * 100));

/** One column: its header (the export's says when its numbers are percent), its value (a number where it is one; the export types it) and how a document prints it. */
export interface AssessmentColumn {
  head: string;
  exportHead: string;
  value: (r: AssessmentRow) => string | number;
  text: (r: AssessmentRow) => string;
  width: number;
  /** A rate or a score: shown with two decimals in the export. */
  decimals?: true;
}

export function assessmentColumns(l: Language, first: 'unit' | 'leader'): AssessmentColumn[] {
  const notRanked = w(l, '不参与排名', 'not ranked');
  const n = (head: string, f: (r: AssessmentRow) => number, width = 10): AssessmentColumn => ({ head, exportHead: head, value: f, text: (r) => String(f(r)), width });
  const pct = (head: string, f: (r: AssessmentRow) => number | undefined): AssessmentColumn => ({
    head, exportHead: w(l, `${head}(%)`, `${head} (%)`), width: 14, decimals: true, value: (r) => percent(f(r)) ?? '—', text: (r) => { const p = percent(f(r)); return p === undefined ? '—' : `${p.toFixed(2)}%`; },
  });
  return [
    { head: w(l, '名次', 'rank'), exportHead: w(l, '名次', 'rank'), width: 12, value: (r) => r.rank ?? notRanked, text: (r) => (r.rank === undefined ? notRanked : String(r.rank)) },
    ((head) => ({ head, exportHead: head, width: 24, value: (r: AssessmentRow) => r.name, text: (r: AssessmentRow) => r.name }))(
      first === 'unit' ? w(l, '牵头单位', 'lead unit') : w(l, '责任领导', 'leader')),
    n(w(l, '事项数', 'items'), (r) => r.items),
    n(w(l, '应报次数', 'reports due'), (r) => r.reportsDue),
    n(w(l, '按时报送', 'on time'), (r) => r.reportsOnTime),
    pct(w(l, '按时报送率', 'on-time rate'), (r) => r.onTimeRate),
    n(w(l, '已销号', 'closed'), (r) => r.closed),
    pct(w(l, '完成率', 'completion rate'), (r) => r.completionRate),
    n(w(l, '落后序时进度', 'behind plan'), (r) => r.behindPlan, 12),
    n(w(l, '逾期', 'overdue'), (r) => r.overdue),
    n(w(l, '督办单', 'notices'), (r) => r.notices),
    { ...n(w(l, '得分', 'score'), (r) => r.score), text: (r) => r.score.toFixed(2), decimals: true },
  ];
}

/** How the score is made, in a sentence the bulletin prints under its tables. */
export function scoringNote(a: Assessment, l: Language): string {
  const x = a.settings.weights;
  return l === 'en'
    ? `Score out of ${x.onTime + x.completion + x.behindPlan + x.overdue + x.notices}: on-time rate × ${x.onTime}, completion rate × ${x.completion}, `
      + `(1 − behind plan ÷ items) × ${x.behindPlan}, (1 − overdue ÷ items) × ${x.overdue}, (1 − notices ÷ items, not below 0) × ${x.notices}; `
      + `no report due counts as on time. Equal scores share a rank. Units and leaders with fewer than ${a.settings.minItems} items are not ranked.`
    : `得分（满分 ${x.onTime + x.completion + x.behindPlan + x.overdue + x.notices}）= 按时报送率×${x.onTime} + 完成率×${x.completion}`
      + ` + （1－落后序时进度事项数÷事项数）×${x.behindPlan} + （1－逾期事项数÷事项数）×${x.overdue} + （1－督办单数÷事项数，最低为0）×${x.notices}；`
      + `期内无应报周报告的按全部按时计。得分相同的名次并列。事项少于 ${a.settings.minItems} 项的单位和领导不参与排名。`;
}

/** A ranking as a document's table (the bulletin's), with a short line per row for the mail body. */
export function rankingTable(rows: AssessmentRow[], first: 'unit' | 'leader', l: Language, id: string, mail = false): TableBlock {
  const cols = assessmentColumns(l, first);
  const [rank, name, , , , onTime, , completion, , , , score] = cols;
  return {
    type: 'table', id, cls: 'counts', head: cols.map((c) => c.head), rows: rows.map((r) => cols.map((c) => c.text(r))),
    ...(mail ? { mail: rows.map((r) => [rank.text(r), name.text(r), ...[score, onTime, completion].map((c) => `${c.head} ${c.text(r)}`)]) } : {}),
  };
}

/**
 * `rectify export assessment`: the same rows and columns as the bulletin's tables, numbers typed as numbers
 * (rates in percent). An xlsx holds the units' sheet and the leaders' (or the one `by` names); a CSV one table
 * (`by`, default the units).
 */
export async function assessmentFile(format: 'xlsx' | 'csv', a: Assessment, l: Language, by?: 'unit' | 'leader'): Promise<Buffer> {
  const sheet = (of: 'unit' | 'leader'): Sheet<AssessmentRow> => ({
    name: of === 'unit' ? w(l, '牵头单位', 'Lead units') : w(l, '责任领导', 'Leaders'),
    cols: assessmentColumns(l, of).map((c, n): Column<AssessmentRow> => ({
      header: c.exportHead, width: c.width, value: (r) => String(c.value(r)),
      ...(n === 1 ? {} : { typed: (r) => { const v = c.value(r); return typeof v === 'string' ? { text: v } : c.decimals ? { decimal: v } : { count: v }; } }),
    })),
    rows: of === 'unit' ? a.units : a.leaders,
    frozenColumns: 2,
  });
  if (format === 'csv') {
    const { cols, rows } = sheet(by ?? 'unit');
    return tableCsv(cols, rows);
  }
  return sheetsXlsx(by ? [sheet(by)] : [sheet('unit'), sheet('leader')]);
}
