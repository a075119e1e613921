/**
 * 督办单: the supervision notice as offices lay it out — its number, the item and its problem, what is overdue,
 * what is required, the reply deadline (限期回复), the issuing office and the date — as blocks, which the HTML
 * and .docx renderers lay out like every other document. Chinese by default, English for an English campaign.
 */
import { DateTime } from 'luxon';
import type { ItemSnapshot, NoticeDocument } from '../domain/contract';
import { levelLabel, msg, type Language } from '../domain/i18n';
import { hasEnded } from '../domain/rules';
import type { Doc } from './model';
import { w } from './model';

const day = (iso: string, l: Language): string => {
  const d = DateTime.fromISO(iso, { setZone: true });
  return l === 'en' ? d.toFormat('d LLLL yyyy') : d.toFormat('yyyy年M月d日');
};

export function noticeDoc(n: NoticeDocument, l: Language): Doc {
  const { item } = n;
  const required = w(l,
    `请${item.leadUnit}接此督办单后，立即组织整改并按周报送进展，于${day(n.replyBy, l)}前将整改措施和完成时限书面回复${n.office}。逾期未回复的，提级督办。`,
    `${item.leadUnit} is to act on this notice at once, report its progress weekly, and reply in writing to the ${n.office} by ${day(n.replyBy, l)} with its measures and the date they will be done by. A notice not answered by then is escalated.`);
  return {
    kind: 'notice', lang: l,
    title: w(l, n.notice, n.notice),
    subtitle: n.number,
    blocks: [
      { type: 'p', text: w(l, `${n.to.join('、')}：`, `To: ${n.to.join(', ')}`) },
      {
        type: 'table', id: 'notice', cls: 'form', head: [w(l, '项目', 'Field'), w(l, '内容', 'Details')],
        rows: [
          [w(l, '督办编号', 'Number'), n.number],
          [w(l, '督办等级', 'Level'), `${n.notice}（${levelLabel(n.level, l)}）`],
          [w(l, '督办事项', 'Item'), `${item.id} ${item.title ?? ''}`.trim()],
          [w(l, '反馈问题', 'Problem'), item.problem],
          [w(l, '整改措施', 'Measures'), item.measures.map((m, i) => `${i + 1}. ${m}`).join('\n')],
          [w(l, '牵头单位', 'Lead unit'), item.leadUnit],
          [w(l, '责任领导', 'Responsible leader'), item.leader],
          [w(l, '整改时限', 'Deadline'), day(item.deadline, l)],
          [w(l, '督办事由（逾期情况）', 'What is overdue'), n.reason],
          [w(l, '督办要求', 'What is required'), required],
          [w(l, '限期回复', 'Reply by'), day(n.replyBy, l)],
        ],
      },
      { type: 'p', text: n.office, cls: 'signature' },
      { type: 'p', text: day(n.issuedLocal, l), cls: 'signature' },
    ],
  };
}

/** A 督办单 as the lists show it (`rectify notices`, the monthly bulletin). */
export interface NoticeRow {
  number: string;
  year: number;
  n: number;
  item: string;
  title?: string;
  unit: string;
  rung: string;
  notice: string;
  issued: string;
  replyBy: string;
  /**
   * open: waiting for its reply; overdue: its reply deadline passed (the ladder climbed); replied: closed by the
   * unit's reply; settled: never answered, but its item was closed (已销号), so nothing waits for it any more;
   * carried: never answered, closed when its item was carried into the next round (已转入下一轮).
   */
  state: 'open' | 'overdue' | 'replied' | 'settled' | 'carried';
  reply?: { at: number; measures: string; date: string; by: string };
}

/** Every 督办单 of the items' records, in the order of their numbers (year, then count). */
export function noticeRows(snapshots: Iterable<Pick<ItemSnapshot, 'item' | 'status' | 'notices'>>): NoticeRow[] {
  const rows: NoticeRow[] = [];
  for (const s of snapshots) {
    for (const n of s.notices ?? []) {
      rows.push({
        number: n.number, year: n.year, n: n.n, item: s.item.id, title: s.item.title, unit: s.status.leadUnit ?? s.item.leadUnit, rung: n.rung,
        notice: n.notice, issued: n.issuedLocal, replyBy: n.replyBy,
        state: n.reply ? 'replied' : n.carriedOver ? 'carried' : hasEnded(s.status.state) ? 'settled' : n.overdueAt !== undefined ? 'overdue' : 'open',
        ...(n.reply ? { reply: n.reply } : {}),
      });
    }
  }
  return rows.sort((a, b) => a.year - b.year || a.n - b.n);
}

/** A notice's state in words. */
export const noticeStateLabel = (state: NoticeRow['state'], l: Language): string =>
  ({ open: w(l, '待回复', 'waiting for reply'), overdue: w(l, '逾期未回复', 'reply overdue'), replied: w(l, '已回复', 'replied'),
    settled: w(l, '事项已销号', 'item closed'), carried: msg(l, 'noticeCarriedOver') })[state];

/** Whether a notice still waits for its reply. */
export const waitsForReply = (r: NoticeRow): boolean => r.state === 'open' || r.state === 'overdue';
