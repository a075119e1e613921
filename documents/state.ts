/**
 * The one view every document is built from: the campaign's registry rows and
 * (when read) each item's whole record, with every figure computed here once —
 * completion counts as announcements print them, per unit, per leader, per
 * section, behind plan (序时进度), late items, supervision notices. Renderers
 * only lay these figures out; they never count.
 */
import { DateTime } from 'luxon';
import { noticeRows, waitsForReply, type NoticeRow } from './notice';
import { planShare } from '../domain/calendar';
import { expectsReports } from '../domain/rules';
import type { Language } from '../domain/i18n';
import type { EscalationRecord, ItemPlan, ItemState, Light, Recipient } from '../domain/types';
import type { Closeout, DispatchDecision } from '../domain/payloads';
import type { CampaignSettings, ItemSnapshot, RegistryRow } from '../domain/contract';
import { effectiveReports, type EffectiveReport } from './audit';
import type { AnnouncementText } from '../domain/announcement-text';
import { assess, isSupervisionNotice, type Assessment } from './assessment';

/** 完成情况: completed, basically completed and continuing, not completed, and the rate. */
export interface Counts {
  total: number;
  done: number;
  continuing: number;
  open: number;
  /** 完成率 as announcements print it: completed / total, two decimals, with the % sign ("688 of 697" → "98.71%"). */
  rate: string;
  red: number;
  yellow: number;
  green: number;
  /** 已撤销: withdrawn from the plan (rectify start --withdraw), not counted in the total; the documents say how many. */
  withdrawn: number;
  /** 上轮转入: counted items carried over from the previous round (campaign file `campaign.previous`). */
  carried: number;
  /**
   * 已转入下一轮: items handed over to the next round, counted in the total but neither completed nor open here
   * (total = done + continuing + open + carriedOut); the documents say how many, and where they went.
   */
  carriedOut: number;
}

/** One item: its registry status, its plan and (when read) its record. */
export interface StateItem {
  id: string;
  key: string;
  section: string;
  topic?: string;
  title?: string;
  problem?: string;
  measures: string[];
  kind?: ItemPlan['kind'];
  leader: string;
  leadUnit: string;
  coUnits: string[];
  contacts: Recipient[];
  deadline: string;
  milestones: { date: string; deliverable: string; delivered: boolean }[];
  state: ItemState;
  light: Light;
  percent: number;
  overdue: boolean;
  missedInARow: number;
  extensions: number;
  lastReportAt?: number;
  lastReportCycle?: number;
  lastDecision?: { at: number; instruction: string };
  /** Whether the unit reported after the last decision (the decision was acted on). */
  decisionFollowed?: boolean;
  /** Reports as their corrections (更正) say they read. */
  reports: EffectiveReport[];
  lastReport?: EffectiveReport;
  decisions: DispatchDecision[];
  escalations: EscalationRecord[];
  closeout?: Closeout;
  /** 公示稿: the item's paragraph in the announcement, drafted, edited and approved (absent until drafted). */
  announcement?: AnnouncementText;
  reviews: ItemSnapshot['reviews'];
  /** 序时进度: the percent the plan expects by now, and how many points the item is behind it. */
  planPercent: number;
  behindBy: number;
  behindPlan: boolean;
  /** Whether the item is open (neither closed nor continuing nor submitted). */
  open: boolean;
  /** 上轮转入: carried over from the previous round (its campaign and item id). */
  carriedFrom?: { campaignId: string; itemId: string };
  /** 已转入下一轮: handed over to the next round (its campaign and item id). */
  carriedTo?: { campaignId: string; itemId: string };
}

export interface Group {
  name: string;
  counts: Counts;
  items: StateItem[];
}

export interface SupervisionNotice {
  item: string;
  notice: string;
  level: EscalationRecord['level'];
  at: number;
  atLocal: string;
  to: string[];
  reason: string;
  resolved: boolean;
  /** A tracked 督办单: its number, reply deadline and whether it was answered. */
  number?: string;
  replyBy?: string;
  state?: NoticeRow['state'];
}

export interface CampaignState {
  campaign: CampaignSettings;
  lang: Language;
  /** The instant the state describes. */
  asOf: { ms: number; local: string; date: string };
  /** Whether the items' records were read (reports, decisions, escalations, close-outs). */
  detailed: boolean;
  items: StateItem[];
  counts: Counts;
  byUnit: Group[];
  byLeader: Group[];
  /** Sections in the plan's order, each with its topics in order. */
  sections: (Group & { topics: Group[] })[];
  behindPlan: StateItem[];
  /** Named for being late: overdue or red. */
  late: StateItem[];
  redYellow: StateItem[];
  missed: StateItem[];
  waitingReview: StateItem[];
  /** Due in the dekad after asOf. */
  dueNext: StateItem[];
  nextDekad: { from: string; to: string };
  decided: StateItem[];
  /** Open items that owe this cycle's report (weekly summary). */
  notReported: StateItem[];
  reported: StateItem[];
  /** 督办单 issued (supervision level and above) in the month of asOf, oldest first. */
  notices: SupervisionNotice[];
  /** Tracked 督办单 still waiting for their reply, whenever issued, in the order of their numbers. */
  openNotices: NoticeRow[];
  /** Escalations of every level, counted once. */
  escalationCount: number;
  /** 重新打开: items reopened in the month of asOf (by the office, or a look-back that found the problem back); counted as not completed. */
  reopened: StateItem[];
  /** 考核: units and leaders scored and ranked over the month of asOf (or the range asked for). */
  assessment: Assessment;
  /** 已转入下一轮: items handed over to the next round (each with where it went); neither completed nor open nor late here. */
  carriedOut: StateItem[];
}

export function countsOf(all: (Pick<StateItem, 'state' | 'light'> & Partial<Pick<StateItem, 'carriedFrom'>>)[]): Counts {
  const items = all.filter((r) => r.state !== 'withdrawn');
  const withdrawn = all.length - items.length;
  const total = items.length;
  const done = items.filter((r) => r.state === 'closed').length;
  const continuing = items.filter((r) => r.state === 'continuing' || r.state === 'submitted').length;
  const carriedOut = items.filter((r) => r.state === 'carriedOut').length;
  const open = total - done - continuing - carriedOut;
  const rate = total ? `${((done / total) * 100).toFixed(2)}%` : '0.00%';
  const light = (l: Light) => items.filter((r) => r.light === l).length;
  return {
    total, done, continuing, open, rate, red: light('red'), yellow: light('yellow'), green: light('green'), withdrawn,
    carried: items.filter((r) => r.carriedFrom).length, carriedOut,
  };
}

const groupBy = (items: StateItem[], key: (i: StateItem) => string): Group[] => {
  const map = new Map<string, StateItem[]>();
  for (const i of items) map.set(key(i), [...(map.get(key(i)) ?? []), i]);
  return [...map.entries()].map(([name, its]) => ({ name, counts: countsOf(its), items: its }));
};

const num = (id: string): number => Number(/\d+/.exec(id)?.[0] ?? Number.MAX_SAFE_INTEGER);

export interface StateInput {
  campaign: CampaignSettings;
  rows: (RegistryRow | ItemSnapshot['status'])[];
  /** Item records by key (from itemSnapshotQuery); missing ones fall back to the registry row. */
  snapshots?: Map<string, ItemSnapshot>;
  asOfMs: number;
  /** The weekly cycle a summary is about. */
  cycle?: number;
  /** The day whose dekad the document is about, when it differs from asOf (a dispatch moved off a holiday). */
  dekadOf?: string;
  lang?: Language;
  /** The range 考核 covers (YYYY-MM-DD, both included); default: the month of asOf up to asOf. */
  assessment?: { from?: string; to?: string };
}

export function buildState(input: StateInput): CampaignState {
  const { campaign } = input;
  const lang: Language = input.lang ?? (campaign.language === 'en' ? 'en' : 'zh');
  const zone = campaign.timeZone;
  const asOf = DateTime.fromMillis(input.asOfMs, { zone });
  const cal = { timeZone: zone, start: campaign.start, cadence: campaign.cadence };
  const items: StateItem[] = input.rows.map((row) => {
    const snap = input.snapshots?.get(row.key);
    const plan = snap?.item;
    const status = { ...row, ...(snap?.status ?? {}) } as RegistryRow;
    const reports = effectiveReports(snap?.reports ?? [], snap?.corrections);
    const lastReport = reports.at(-1);
    const open = expectsReports(status.state);
    const planPercent = Math.round(planShare(cal, status.deadline, input.asOfMs) * 100);
    const behindBy = planPercent - status.percent;
    const decisionAt = status.lastDecision?.at;
    return {
      id: status.id, key: status.key, section: plan?.section ?? status.section ?? '', topic: plan?.topic, title: plan?.title ?? status.title,
      problem: plan?.problem, measures: plan?.measures ?? [], kind: plan?.kind,
      leader: plan?.leader.name ?? status.leader ?? '', leadUnit: plan?.leadUnit ?? status.leadUnit ?? '', coUnits: plan?.coUnits ?? [],
      contacts: plan?.contacts ?? status.contacts ?? [], deadline: status.deadline,
      milestones: (plan?.milestones ?? []).map((m, n) => ({ ...m, delivered: snap?.milestonesDelivered?.includes(n) ?? false })),
      state: status.state, light: status.light, percent: status.percent, overdue: status.overdue, missedInARow: status.missedInARow,
      extensions: status.extensions, lastReportAt: status.lastReportAt, lastReportCycle: status.lastReportCycle,
      lastDecision: status.lastDecision,
      decisionFollowed: decisionAt === undefined ? undefined : (status.lastReportAt ?? 0) > decisionAt || !open,
      reports, lastReport, decisions: snap?.decisions ?? [], escalations: snap?.escalations ?? [], closeout: snap?.closeout,
      ...(snap?.announcement ? { announcement: snap.announcement } : {}),
      reviews: snap?.reviews ?? [], planPercent, behindBy, behindPlan: open && behindBy > 0, open,
      ...(status.carriedFrom ? { carriedFrom: status.carriedFrom } : {}),
      ...(status.carriedTo ? { carriedTo: status.carriedTo } : {}),
    };
  }).sort((a, b) => num(a.id) - num(b.id) || a.id.localeCompare(b.id));

  const day = asOf.toISODate()!;
  // A dispatch moved off a day off still belongs to the dekad whose end it was.
  const anchor = input.dekadOf ? DateTime.fromISO(input.dekadOf, { setZone: true }).setZone(zone) : asOf;
  const nextFrom = anchor.plus({ days: 1 });
  const nextEnd = anchor.day <= 10 ? anchor.set({ day: 20 }) : anchor.day <= 20 ? anchor.endOf('month') : anchor.plus({ months: 1 }).set({ day: 10 });
  const openItems = items.filter((i) => i.state !== 'closed' && i.state !== 'withdrawn' && i.state !== 'carriedOut');
  const month = asOf.toFormat('yyyy-MM');
  const tracked = noticeRows(input.snapshots?.values() ?? []);
  const notices: SupervisionNotice[] = items.flatMap((i) => i.escalations
    .filter((e) => isSupervisionNotice(e) && e.atLocal.slice(0, 7) === month)
    .map((e) => {
      const n = input.snapshots?.get(i.key)?.notices?.find((x) => x.rung === e.rung && x.cycle === e.cycle);
      const row = n && tracked.find((r) => r.number === n.number);
      return {
        item: i.id, notice: e.notice, level: e.level, at: e.at, atLocal: e.atLocal, to: e.to, reason: e.reason, resolved: e.resolvedAt !== undefined,
        ...(row ? { number: row.number, replyBy: row.replyBy, state: row.state } : {}),
      };
    }))
    .sort((a, b) => a.at - b.at);
  const sections = groupBy(items, (i) => i.section).map((g) => ({ ...g, topics: groupBy(g.items, (i) => i.topic ?? '') }));
  return {
    campaign, lang, asOf: { ms: input.asOfMs, local: asOf.toISO()!, date: day },
    detailed: !!input.snapshots && input.snapshots.size > 0,
    items,
    counts: countsOf(items),
    byUnit: groupBy(items, (i) => i.leadUnit),
    byLeader: groupBy(items, (i) => i.leader),
    sections,
    behindPlan: items.filter((i) => i.behindPlan),
    late: openItems.filter((i) => i.overdue || i.light === 'red'),
    redYellow: openItems.filter((i) => i.light === 'red' || i.light === 'yellow'),
    missed: openItems.filter((i) => i.missedInARow > 0),
    waitingReview: items.filter((i) => i.state === 'submitted'),
    dueNext: openItems.filter((i) => i.state !== 'continuing' && i.deadline > day && i.deadline <= nextEnd.toISODate()!),
    nextDekad: { from: nextFrom.toISODate()!, to: nextEnd.toISODate()! },
    decided: openItems.filter((i) => i.lastDecision),
    notReported: openItems.filter((i) => i.open && (input.cycle === undefined || i.lastReportCycle !== input.cycle)),
    reported: openItems.filter((i) => !(i.open && (input.cycle === undefined || i.lastReportCycle !== input.cycle))),
    notices,
    openNotices: tracked.filter(waitsForReply),
    escalationCount: items.reduce((s, i) => s + i.escalations.length, 0),
    reopened: items.filter((i) => i.decisions.some((d) => d.reopened && DateTime.fromMillis(d.at, { zone }).toFormat('yyyy-MM') === month)),
    assessment: assess({ campaign, items, snapshots: input.snapshots, asOfMs: input.asOfMs, ...input.assessment }),
    carriedOut: items.filter((i) => i.state === 'carriedOut'),
  };
}
