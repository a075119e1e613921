/**
 * The layout of each document sent on a schedule (the kinds are listed once,
 * in domain/documents.ts): its blocks, built from a CampaignState. The
 * record type makes the list complete: a kind without a layout does not compile.
 */
import { DateTime } from 'luxon';
import { T, levelLabel } from '../domain/i18n';
import type { ScheduledDocumentKind } from '../domain/documents';
import type { CampaignState, StateItem } from './state';
import { completionSentence, groupTable, humanDate, itemTable, lastReportText, section, w, type Cell, type Doc } from './model';

/** 周汇总: every open item's latest report, who has not reported. */
export function weeklySummary(s: CampaignState): Doc {
  const l = s.lang;
  return {
    kind: 'weekly-summary', lang: l,
    title: w(l, `${s.campaign.name}周汇总`, `${s.campaign.name}: weekly summary`),
    subtitle: humanDate(s.asOf.ms, s.campaign.timeZone, l),
    blocks: [
      { type: 'p', text: completionSentence(s.counts, l), cls: 'completion' },
      ...section(T[l].notReported, s.notReported, l, [
        { head: w(l, '连续漏报', 'missed in a row'), cell: (i) => String(i.missedInARow) },
        { head: w(l, '最近进展', 'latest report'), cell: (i) => lastReportText(i, s) },
      ]),
      ...section(T[l].reported, s.reported, l, [{ head: w(l, '最近进展', 'latest report'), cell: (i) => lastReportText(i, s) }]),
    ],
  };
}

/** 旬调度单. */
export function dispatchSheet(s: CampaignState): Doc {
  const l = s.lang;
  const followed = (i: StateItem): Cell => (i.decisionFollowed === undefined ? '—'
    : i.decisionFollowed ? w(l, '已落实', 'carried out') : { text: w(l, '未落实', 'not carried out'), light: 'red' });
  return {
    kind: 'dispatch-sheet', lang: l,
    title: w(l, `${s.campaign.name}旬调度单`, `${s.campaign.name}: dispatch sheet`),
    subtitle: humanDate(s.asOf.ms, s.campaign.timeZone, l),
    blocks: [
      { type: 'p', text: completionSentence(s.counts, l), cls: 'completion' },
      ...section(T[l].redYellow, s.redYellow, l),
      ...section(T[l].missed, s.missed, l, [{ head: w(l, '连续漏报', 'missed in a row'), cell: (i) => String(i.missedInARow) }]),
      ...section(`${T[l].dueNext} ${s.nextDekad.from} — ${s.nextDekad.to}`, s.dueNext, l),
      ...section(T[l].waitingReview, s.waitingReview, l),
      ...section(T[l].decisions, s.decided, l, [
        { head: w(l, '调度决定', 'decision'), cell: (i) => i.lastDecision?.instruction ?? '' },
        { head: w(l, '落实情况', 'carried out'), cell: followed },
      ]),
    ],
  };
}

/** 月督查通报. */
export function bulletin(s: CampaignState): Doc {
  const l = s.lang;
  const month = DateTime.fromMillis(s.asOf.ms, { zone: s.campaign.timeZone });
  return {
    kind: 'inspection', lang: l,
    title: w(l, `${s.campaign.name}月督查通报（${month.toFormat('yyyy年M月')}）`, `${s.campaign.name}: monthly bulletin (${month.toFormat('LLLL yyyy')})`),
    subtitle: humanDate(s.asOf.ms, s.campaign.timeZone, l),
    blocks: [
      { type: 'h2', text: w(l, '一、总体进展', '1. Overall progress') },
      { type: 'p', text: completionSentence(s.counts, l), cls: 'completion' },
      { type: 'p', text: w(l, `红灯 ${s.counts.red} 项，黄灯 ${s.counts.yellow} 项，绿灯 ${s.counts.green} 项；落后序时进度 ${s.behindPlan.length} 项。`,
        `${s.counts.red} red, ${s.counts.yellow} yellow, ${s.counts.green} green; ${s.behindPlan.length} behind plan.`), cls: 'lights' },
      { type: 'h2', text: w(l, '二、各单位整改情况', '2. By unit') },
      groupTable(s.byUnit, w(l, '牵头单位', 'lead unit'), l, 'by-unit'),
      { type: 'h2', text: w(l, '三、各责任领导分管事项', '3. By responsible leader') },
      groupTable(s.byLeader, w(l, '责任领导', 'leader'), l, 'by-leader'),
      { type: 'h2', text: w(l, `四、落后序时进度事项（${s.behindPlan.length}）`, `4. Behind plan (${s.behindPlan.length})`) },
      s.behindPlan.length ? itemTable(s.behindPlan, l, [
        { head: w(l, '序时进度', 'plan'), cell: (i) => `${i.planPercent}%` },
        { head: w(l, '落后', 'behind by'), cell: (i) => w(l, `${i.behindBy} 个百分点`, `${i.behindBy} points`) },
      ], 'behind-plan') : { type: 'p', text: T[l].none },
      { type: 'h2', text: w(l, `五、通报滞后事项（${s.late.length}）`, `5. Named for being late (${s.late.length})`) },
      s.late.length ? itemTable(s.late, l, undefined, 'late') : { type: 'p', text: T[l].none },
      { type: 'h2', text: w(l, `六、发出督办单（${s.notices.length}）`, `6. Supervision notices issued (${s.notices.length})`) },
      s.notices.length ? {
        type: 'table', id: 'notices',
        head: [w(l, '事项', 'item'), w(l, '督办单', 'notice'), w(l, '层级', 'level'), w(l, '时间', 'when'), w(l, '原因', 'reason'), w(l, '状态', 'status')],
        rows: s.notices.map((n) => [n.item, n.notice, levelLabel(n.level, l), n.atLocal.slice(0, 16).replace('T', ' '), n.reason,
          n.resolved ? w(l, '已消除', 'resolved') : w(l, '未消除', 'open')]),
      } : { type: 'p', text: T[l].none },
    ],
  };
}

const LAYOUTS: { [K in ScheduledDocumentKind]: (s: CampaignState) => Doc } = {
  'weekly-summary': weeklySummary,
  'dispatch-sheet': dispatchSheet,
  inspection: bulletin,
};

export const buildDoc = (kind: ScheduledDocumentKind, s: CampaignState): Doc => LAYOUTS[kind](s);
