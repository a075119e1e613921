/**
 * The layout of each document sent on a schedule (the kinds are listed once,
 * in domain/documents.ts): its blocks, built from a CampaignState, with the
 * ones its mail body shows marked (./text.ts renders them), its mail's
 * subject and the items the mail is about. The record type makes the list
 * complete: a kind without a layout does not compile.
 */
import { DateTime } from 'luxon';
import { describeMove } from '../domain/calendar';
import { T, levelLabel, type Language } from '../domain/i18n';
import type { ScheduledDocumentKind } from '../domain/documents';
import type { Moment } from '../domain/types';
import type { CampaignState, StateItem } from './state';
import {
  completionSentence, groupTable, humanDate, itemLine, itemTable, lastReportText, section, w, type Block, type Cell, type Doc,
} from './model';
import { mailDate } from './text';
import { rankingTable, scoringNote } from './assessment';
import { noticeStateLabel } from './notice';

/** The moment a document is sent at, and what its mail adds: years without official working-day data. */
export interface Occasion {
  moment: Moment;
  uncoveredYears?: number[];
}

export interface ScheduledLayout {
  /** The document's blocks (HTML, .docx and the mail body). Without an occasion: as the CLI and tests lay it out. */
  layout: (s: CampaignState, at?: Occasion) => Doc;
  subject: (s: CampaignState, at: Occasion) => string;
  /** The items the mail is about (its event record). */
  listed: (s: CampaignState) => string[];
}

/** 周汇总: every open item's latest report, who has not reported. */
export function weeklySummary(s: CampaignState): Doc {
  const l = s.lang;
  const line = (i: StateItem): string[] => itemLine(i, l);
  return {
    kind: 'weekly-summary', lang: l,
    title: w(l, `${s.campaign.name}周汇总`, `${s.campaign.name}: weekly summary`),
    subtitle: humanDate(s.asOf.ms, s.campaign.timeZone, l),
    blocks: [
      { type: 'p', text: completionSentence(s.counts, l), cls: 'completion', mail: true },
      ...section(T[l].notReported, s.notReported, l, [
        { head: w(l, '连续漏报', 'missed in a row'), cell: (i) => String(i.missedInARow) },
        { head: w(l, '最近进展', 'latest report'), cell: (i) => lastReportText(i, s) },
      ], { line }),
      ...section(T[l].reported, s.reported, l, [{ head: w(l, '最近进展', 'latest report'), cell: (i) => lastReportText(i, s) }], { line }),
    ],
  };
}

/** What only the dispatch sheet's mail says: that its moment was moved (the years without official data are the coordinators' note, below). */
const mailNotes = (s: CampaignState, at?: Occasion): Block[] => {
  const l = s.lang;
  if (!at?.moment.moved) return [];
  const text = l === 'en' ? `Moved: ${at.moment.placedBy}.` : `时间调整：${describeMove(at.moment.kind, at.moment.moved, s.campaign.timeZone, 'zh')}。`;
  return [{ type: 'p', text, document: false }];
};

/**
 * The operators' note that years lack official working-day data: what to load, and how. It goes to the
 * coordinators (专班办公室) as a mail of its own, never in the sheet the working group reads and forwards.
 */
export function calendarNote(campaignName: string, years: number[], l: Language): { subject: string; text: string } {
  return l === 'en' ? {
    subject: `[For the office] ${campaignName}: working-day calendar for ${years.join(', ')} not loaded`,
    text: [`No official working-day calendar is loaded for ${years.join(', ')}; moments there are placed by weekends alone.`,
      'Load the State Council\'s arrangement when it is published: rectify calendar update --from FILE.', '', T[l].footer].join('\n'),
  } : {
    subject: `【专班办公室提示】${campaignName}：${years.join('、')}年节假日安排尚未载入`,
    text: [`${years.join('、')}年的法定节假日安排尚未载入，这些年份的时间点暂按周末安排。`,
      '国务院办公厅公布安排后，请运行 rectify calendar update --from 文件 载入。', '', T[l].footer].join('\n'),
  };
}

/** 旬调度单. */
export function dispatchSheet(s: CampaignState, at?: Occasion): Doc {
  const l = s.lang;
  const line = (i: StateItem): string[] => itemLine(i, l);
  const followed = (i: StateItem): Cell => (i.decisionFollowed === undefined ? '—'
    : i.decisionFollowed ? w(l, '已落实', 'carried out') : { text: w(l, '未落实', 'not carried out'), light: 'red' });
  return {
    kind: 'dispatch-sheet', lang: l,
    title: w(l, `${s.campaign.name}旬调度单`, `${s.campaign.name}: dispatch sheet`),
    subtitle: humanDate(s.asOf.ms, s.campaign.timeZone, l),
    blocks: [
      { type: 'p', text: completionSentence(s.counts, l), cls: 'completion' },
      ...section(T[l].redYellow, s.redYellow, l, undefined, { line }),
      ...section(T[l].missed, s.missed, l, [{ head: w(l, '连续漏报', 'missed in a row'), cell: (i) => String(i.missedInARow) }], { line }),
      ...section(`${T[l].dueNext} ${s.nextDekad.from} — ${s.nextDekad.to}`, s.dueNext, l, undefined, { line, title: T[l].dueNext }),
      ...section(T[l].waitingReview, s.waitingReview, l, undefined, { line }),
      ...section(T[l].decisions, s.decided, l, [
        { head: w(l, '调度决定', 'decision'), cell: (i) => i.lastDecision?.instruction ?? '' },
        { head: w(l, '落实情况', 'carried out'), cell: followed },
      ], { line: (i) => [i.id, i.lastDecision?.instruction ?? ''], none: 'blank' }),
      ...mailNotes(s, at),
    ],
  };
}

/** Where an item carried into the next round went: the campaign and item. */
const carriedTo = (i: StateItem): string => (i.carriedTo ? `${i.carriedTo.campaignId} ${i.carriedTo.itemId}` : '');

/** 月督查通报. */
export function bulletin(s: CampaignState): Doc {
  const l = s.lang;
  // The mail's unit lines label every figure with its column (a plain-text mail has no header row to read them by).
  const count = ({ name, counts: c }: CampaignState['byUnit'][number]): string[] => [name,
    ...([['事项数', 'items', c.total], ['已完成', 'completed', c.done], ['基本完成、持续推进', 'continuing', c.continuing],
      ['未完成', 'not completed', c.open], ...(s.counts.carriedOut ? [['已转入下一轮', 'carried into the next round', c.carriedOut] as const] : []),
      ['完成率', 'rate', c.rate]] as const).map(([zh, en, v]) => `${w(l, zh, en)} ${v}`)];
  const month = DateTime.fromMillis(s.asOf.ms, { zone: s.campaign.timeZone });
  const a = s.assessment;
  return {
    kind: 'inspection', lang: l,
    title: w(l, `${s.campaign.name}月督查通报（${month.toFormat('yyyy年M月')}）`, `${s.campaign.name}: monthly bulletin (${month.toFormat('LLLL yyyy')})`),
    subtitle: humanDate(s.asOf.ms, s.campaign.timeZone, l),
    blocks: [
      { type: 'h2', text: w(l, '一、总体进展', '1. Overall progress') },
      { type: 'p', text: completionSentence(s.counts, l), cls: 'completion', mail: true },
      { type: 'p', text: w(l, `红灯 ${s.counts.red} 项，黄灯 ${s.counts.yellow} 项，绿灯 ${s.counts.green} 项；落后序时进度 ${s.behindPlan.length} 项。`,
        `${s.counts.red} red, ${s.counts.yellow} yellow, ${s.counts.green} green; ${s.behindPlan.length} behind plan.`), cls: 'lights' },
      ...(s.reopened.length ? [{
        type: 'p' as const, cls: 'reopened', mail: true as const,
        text: w(l, `本月重新打开 ${s.reopened.length} 项（${s.reopened.map((i) => i.id).join('、')}），按未完成计。`,
          `${s.reopened.length} item(s) reopened this month (${s.reopened.map((i) => i.id).join(', ')}), counted as not completed.`),
      }] : []),
      ...(s.carriedOut.length ? [{
        type: 'p' as const, cls: 'carried-out', mail: true as const,
        text: w(l, `已转入下一轮 ${s.carriedOut.length} 项（${s.carriedOut.map((i) => `${i.id} → ${carriedTo(i)}`).join('、')}），本轮不再督促，不计为已完成或逾期。`,
          `${s.carriedOut.length} item(s) carried into the next round (${s.carriedOut.map((i) => `${i.id} → ${carriedTo(i)}`).join(', ')}): no longer followed in this round, counted neither as completed nor as late.`),
      }] : []),
      { type: 'h2', text: w(l, '二、各单位整改情况', '2. By unit') },
      { ...groupTable(s.byUnit, w(l, '牵头单位', 'lead unit'), l, 'by-unit'), mail: s.byUnit.map(count) },
      { type: 'h2', text: w(l, '三、各责任领导分管事项', '3. By responsible leader') },
      groupTable(s.byLeader, w(l, '责任领导', 'leader'), l, 'by-leader'),
      { type: 'h2', text: w(l, `四、落后序时进度事项（${s.behindPlan.length}）`, `4. Behind plan (${s.behindPlan.length})`) },
      s.behindPlan.length ? itemTable(s.behindPlan, l, [
        { head: w(l, '序时进度', 'plan'), cell: (i) => `${i.planPercent}%` },
        { head: w(l, '落后', 'behind by'), cell: (i) => w(l, `${i.behindBy} 个百分点`, `${i.behindBy} points`) },
      ], 'behind-plan') : { type: 'p', text: T[l].none },
      { type: 'h2', text: w(l, `五、通报滞后事项（${s.late.length}）`, `5. Named for being late (${s.late.length})`) },
      { type: 'h2', text: `${w(l, '通报的滞后事项', 'Named for being late')}（${s.late.length}）`, document: false },
      s.late.length ? { ...itemTable(s.late, l, undefined, 'late'), mail: s.late.map((i) => itemLine(i, l)) } : { type: 'p', text: T[l].none, mail: 'indented' },
      { type: 'h2', text: w(l, `六、发出督办单（本月 ${s.notices.length} 份）`, `6. Supervision notices issued this month (${s.notices.length})`) },
      s.notices.length ? {
        type: 'table', id: 'notices',
        head: [w(l, '编号', 'number'), w(l, '事项', 'item'), w(l, '督办单', 'notice'), w(l, '层级', 'level'), w(l, '时间', 'when'), w(l, '原因', 'reason'),
          w(l, '限期回复', 'reply by'), w(l, '状态', 'status')],
        rows: s.notices.map((n) => [n.number ?? '—', n.item, n.notice, levelLabel(n.level, l), n.atLocal.slice(0, 16).replace('T', ' '), n.reason, n.replyBy ?? '—',
          n.state ? noticeStateLabel(n.state, l) : n.resolved ? w(l, '已消除', 'resolved') : w(l, '未消除', 'open')]),
      } : { type: 'p', text: T[l].none },
      { type: 'h2', text: w(l, `七、尚未回复的督办单（${s.openNotices.length}）`, `7. Notices still waiting for a reply (${s.openNotices.length})`) },
      s.openNotices.length ? {
        type: 'table', id: 'open-notices',
        head: [w(l, '编号', 'number'), w(l, '事项', 'item'), w(l, '牵头单位', 'lead unit'), w(l, '督办单', 'notice'), w(l, '签发', 'issued'), w(l, '限期回复', 'reply by'),
          w(l, '状态', 'status')],
        rows: s.openNotices.map((n) => [n.number, n.item, n.unit, n.notice, n.issued.slice(0, 10), n.replyBy, noticeStateLabel(n.state, l)]),
      } : { type: 'p', text: T[l].none },
      { type: 'h2', text: w(l, `七、考核排名（${a.from} 至 ${a.to}）`, `7. Assessment ranking (${a.from} to ${a.to})`), mail: true },
      { type: 'h3', text: w(l, '（一）牵头单位', 'Lead units') },
      rankingTable(a.units, 'unit', l, 'ranking-units', true),
      { type: 'h3', text: w(l, '（二）责任领导', 'Responsible leaders') },
      rankingTable(a.leaders, 'leader', l, 'ranking-leaders'),
      { type: 'p', text: scoringNote(a, l), cls: 'note' },
    ],
  };
}

export const LAYOUTS: { [K in ScheduledDocumentKind]: ScheduledLayout } = {
  'weekly-summary': {
    layout: weeklySummary,
    subject: (s, at) => T[s.lang].summarySubject(s.campaign.name, mailDate(at.moment.local, s.campaign.timeZone, s.lang)),
    listed: (s) => s.notReported.map((i) => i.id),
  },
  'dispatch-sheet': {
    layout: dispatchSheet,
    subject: (s, at) => T[s.lang].dispatchSubject(s.campaign.name, mailDate(at.moment.local, s.campaign.timeZone, s.lang)),
    listed: (s) => [...new Set([...s.redYellow, ...s.missed, ...s.dueNext, ...s.waitingReview].map((i) => i.id))],
  },
  inspection: {
    layout: bulletin,
    subject: (s, at) => T[s.lang].inspectionSubject(s.campaign.name, at.moment.local.slice(0, 7)),
    listed: (s) => s.late.map((i) => i.id),
  },
};
