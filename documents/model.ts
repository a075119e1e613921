/**
 * What each document says, as a neutral list of blocks (headings, paragraphs,
 * tables) built from a CampaignState, the pieces every layout shares, and the
 * documents made on request (announcement, packet); the documents sent on a
 * schedule are laid out in ./kinds.ts. The HTML and .docx renderers lay these
 * blocks out; neither computes a figure. Chinese by default, English when the
 * state's language is 'en'.
 */
import { DateTime } from 'luxon';
import { kindLabel, levelLabel, lightLabel, stateLabel, T, type Language } from '../domain/i18n';
import type { Light } from '../domain/types';
import type { DocumentKind } from '../domain/documents';
import { evidenceForReviewer } from '../domain/evidence';
import type { CampaignState, Counts, Group, StateItem } from './state';

export type Cell = string | { text: string; light?: Light; cls?: string };
/**
 * A document's blocks also make its mail body (./text.ts), where the layout
 * marks them: `mail` puts a heading, a paragraph or a table there too (a table
 * as its `mail` rows, one `· ` line each: the columns the mail shows);
 * `document: false` keeps a block out of the HTML, .docx and Markdown (a note
 * only the mail carries, or the mail's shorter heading).
 */
export type Block =
  | { type: 'h1' | 'h2' | 'h3'; text: string; mail?: true; document?: false }
  /** mail 'indented': a placeholder (无) under a heading; 'blank': only the blank line that ends its section. */
  | { type: 'p'; text: string; cls?: string; mail?: true | 'indented' | 'blank'; document?: false }
  | { type: 'list'; items: string[] }
  | { type: 'table'; head: string[]; rows: Cell[][]; cls?: string; id?: string; mail?: string[][] };

export type TableBlock = Extract<Block, { type: 'table' }>;

export interface Doc {
  kind: DocumentKind;
  lang: Language;
  title: string;
  subtitle: string;
  blocks: Block[];
}

/** The blocks the document itself shows (HTML, .docx, Markdown): all but the mail's own. */
export const documentBlocks = (doc: Doc): Block[] => doc.blocks.filter((b) => !('document' in b) || b.document !== false);

export const w = (l: Language, zh: string, en: string): string => (l === 'en' ? en : zh);
export const cellText = (c: Cell): string => (typeof c === 'string' ? c : c.text);

export const humanDate = (ms: number, zone: string, l: Language, withTime = true): string => {
  const d = DateTime.fromMillis(ms, { zone });
  if (l === 'en') return d.toFormat(withTime ? 'd LLL yyyy HH:mm' : 'd LLL yyyy');
  return d.toFormat(withTime ? 'yyyy年M月d日 HH:mm' : 'yyyy年M月d日');
};
const dayText = (iso: string, l: Language): string => {
  const d = DateTime.fromISO(iso);
  return l === 'en' ? d.toFormat('d LLL yyyy') : d.toFormat('yyyy年M月d日');
};

export function completionSentence(c: Counts, l: Language): string {
  const withdrawn = !c.withdrawn ? '' : l === 'en' ? ` ${c.withdrawn} item(s) withdrawn from the plan, not counted.` : `另有 ${c.withdrawn} 个事项已撤销，不计入。`;
  return T[l].completion(c.total, c.done, c.continuing, c.open, c.rate) + withdrawn;
}

export const lightCell = (i: StateItem, l: Language): Cell => ({ text: lightLabel(i.light, l), light: i.light });

/** The columns every item table shares. */
export function itemTable(items: StateItem[], l: Language, extra?: { head: string; cell: (i: StateItem) => Cell }[], id?: string): TableBlock {
  const head = [w(l, '序号', 'item'), w(l, '事项', 'title'), w(l, '牵头单位', 'lead unit'), w(l, '责任领导', 'leader'),
    w(l, '状态', 'state'), w(l, '灯色', 'light'), w(l, '进度', 'progress'), w(l, '整改时限', 'deadline'), ...(extra ?? []).map((e) => e.head)];
  return {
    type: 'table', head, id,
    rows: items.map((i) => [i.id, i.title ?? '', i.leadUnit, i.leader, stateLabel(i.state, l), lightCell(i, l), `${i.percent}%`, i.deadline,
      ...(extra ?? []).map((e) => e.cell(i))]),
  };
}

/** An item's line in a mail body: id, title, lead unit, state, light, progress, deadline. */
export const itemLine = (i: StateItem, l: Language): string[] =>
  [i.id, i.title ?? '', i.leadUnit, stateLabel(i.state, l), lightLabel(i.light, l), `${i.percent}%`, `${T[l].deadline} ${i.deadline}`];

/** How a section reads in the mail body: each item's line, what an empty one says, and a shorter heading. */
export interface SectionInMail {
  line: (i: StateItem) => string[];
  /** An empty section: 无 under its heading (default), or nothing but the blank line. */
  none?: 'indented' | 'blank';
  /** The heading's title in the mail, where the document's says more. */
  title?: string;
}

/** A heading with its count, then the items' table or 无; with `mail`, in the mail body too. */
export function section(title: string, items: StateItem[], l: Language, extra?: Parameters<typeof itemTable>[2], mail?: SectionInMail): Block[] {
  const heading: Block[] = !mail ? [{ type: 'h2', text: `${title}（${items.length}）` }]
    : mail.title === undefined ? [{ type: 'h2', text: `${title}（${items.length}）`, mail: true }]
      : [{ type: 'h2', text: `${title}（${items.length}）` }, { type: 'h2', text: `${mail.title}（${items.length}）`, document: false }];
  if (!items.length) return [...heading, { type: 'p', text: T[l].none, ...(mail ? { mail: mail.none ?? 'indented' } : {}) }];
  return [...heading, { ...itemTable(items, l, extra), ...(mail ? { mail: items.map(mail.line) } : {}) }];
}

export function groupTable(groups: Group[], first: string, l: Language, id: string): TableBlock {
  return {
    type: 'table', id, cls: 'counts',
    head: [first, w(l, '事项数', 'items'), w(l, '已完成', 'completed'), w(l, '基本完成、持续推进', 'continuing'), w(l, '未完成', 'not completed'),
      w(l, '红灯', 'red'), w(l, '黄灯', 'yellow'), w(l, '完成率', 'rate')],
    rows: groups.map((g) => [g.name, String(g.counts.total), String(g.counts.done), String(g.counts.continuing), String(g.counts.open),
      { text: String(g.counts.red), light: g.counts.red ? 'red' : undefined }, { text: String(g.counts.yellow), light: g.counts.yellow ? 'yellow' : undefined }, g.counts.rate]),
  };
}

export const lastReportText = (i: StateItem, s: CampaignState): string =>
  (i.lastReport ? `${humanDate(i.lastReport.at, s.campaign.timeZone, s.lang)} ${i.lastReport.progress}` : '—');

const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const ordinal = (n: number): string => CHINESE_NUMERALS[n] ?? String(n + 1);

/** What was done on an item, in the announcement's words: reports in order, then the close-out dimensions. */
function doneText(i: StateItem, l: Language): string {
  const parts: string[] = [];
  if (i.measures.length) parts.push(i.measures.map((m, n) => w(l, `${ordinal(n)}是${m.replace(/[。；;]$/, '')}。`, `${n + 1}) ${m}.`)).join(''));
  const progress = [...new Set(i.reports.map((r) => r.progress))].filter(Boolean);
  if (progress.length) parts.push(w(l, `整改进展：${progress.join('；')}。`, `Progress: ${progress.join('; ')}.`));
  if (i.closeout) {
    parts.push(w(l, `${i.closeout.solved.statement}；${i.closeout.mechanism.statement}。`, `${i.closeout.solved.statement}; ${i.closeout.mechanism.statement}.`));
  }
  parts.push(w(l, `（${stateLabel(i.state, l)}，进度 ${i.percent}%）`, `(${stateLabel(i.state, l)}, ${i.percent}%)`));
  return parts.join('');
}

/** 整改进展情况公告: structured like the seed. */
export function announcement(s: CampaignState): Doc {
  const l = s.lang;
  const c = s.counts;
  const start = dayText(s.campaign.start, l);
  const end = dayText(s.campaign.concentratedEnd, l);
  const blocks: Block[] = [
    { type: 'p', cls: 'opening', text: w(l,
      `${s.campaign.committee}自${start}起开展${s.campaign.name}，集中整改期至${end}。按照巡察工作有关要求，现将巡察整改进展情况予以公布。`,
      `${s.campaign.committee} has rectified the findings of ${s.campaign.name} since ${start}; the concentrated period runs to ${end}. As required, the progress is made public.`) },
    { type: 'h2', text: w(l, '一、整改工作总体情况', '1. Overall') },
    { type: 'p', cls: 'completion', text: w(l,
      `建立“周报告、旬调度、月督查”工作机制，坚持从问题解决、产生原因及追责问责、举一反三、长效机制4个维度推进整改。截至${dayText(s.asOf.date, l)}，${completionSentence(c, l)}`,
      `A weekly-report, dekad-dispatch, monthly-inspection routine drives the work on four dimensions. As of ${dayText(s.asOf.date, l)}: ${completionSentence(c, l)}`) },
    { type: 'h2', text: w(l, '二、整改任务落实情况', '2. Items') },
  ];
  for (const sec of s.sections) {
    blocks.push({ type: 'h3', text: sec.name });
    for (const topic of sec.topics) {
      if (topic.name) blocks.push({ type: 'p', cls: 'topic', text: topic.name });
      for (const i of topic.items) blocks.push({ type: 'p', cls: 'item', text: `${i.id}${i.title ?? i.problem ?? ''}。${doneText(i, l)}` });
    }
  }
  blocks.push(
    { type: 'h2', text: w(l, '三、下一步工作打算', '3. Next steps') },
    { type: 'p', cls: 'closing', text: w(l,
      `对已完成的 ${c.done} 项整改任务，适时开展“回头看”，巩固整改成果；对基本完成、持续推进的 ${c.continuing} 项和尚未完成的 ${c.open} 项，坚持目标不变、标准不降、力度不减，倒排时间、挂图作战，确保按期完成；把巡察整改与建立长效机制结合起来，推动整改常态化、长效化。欢迎广大干部群众对巡察整改落实情况进行监督。`,
      `The ${c.done} completed items will be looked back at; the ${c.continuing} continuing and ${c.open} not yet completed items stay on the wall chart until done; long-term mechanisms keep the results. The public is welcome to oversee the work.`) },
    { type: 'p', cls: 'signature', text: s.campaign.committee },
    { type: 'p', cls: 'signature', text: dayText(s.asOf.date, l) },
  );
  return {
    kind: 'announcement', lang: l, subtitle: '',
    title: w(l, `${s.campaign.committee}关于巡察整改进展情况的通报`, `${s.campaign.committee}: progress of the rectification`), blocks,
  };
}

/** 验收材料: one item's verification packet. */
export function packet(s: CampaignState, key: string): Doc {
  const l = s.lang;
  const i = s.items.find((x) => x.key === key || x.id === key);
  if (!i) throw new Error(`no item ${key}`);
  const zone = s.campaign.timeZone;
  // The packet is the reviewer's: each file with what the upload check flagged in it.
  const evidenceCell = (refs: string[]): string => refs.map((e) => evidenceForReviewer(e, l)).join('、');
  const dims: [string, { statement: string; evidence: string[] } | undefined, string?][] = [
    [w(l, '问题解决', 'problem solved'), i.closeout?.solved],
    [w(l, '产生原因及追责问责', 'causes and accountability'), i.closeout?.accountability,
      i.closeout?.accountability.noneNeeded ? w(l, '（无需追责问责）', ' (none needed)') : undefined],
    [w(l, '举一反三', 'similar cases'), i.closeout?.similarCases],
    [w(l, '长效机制', 'long-term mechanism'), i.closeout?.mechanism],
  ];
  return {
    kind: 'packet', lang: l,
    title: w(l, `整改事项${i.id}验收材料`, `Verification packet, item ${i.id}`),
    subtitle: `${s.campaign.name} · ${humanDate(s.asOf.ms, zone, l, false)}`,
    blocks: [
      {
        type: 'table', id: 'facts', cls: 'facts', head: [w(l, '项目', 'field'), w(l, '内容', 'value')],
        rows: [
          [w(l, '序号', 'item'), i.id], [w(l, '问题类别', 'section'), i.section], [w(l, '专题', 'topic'), i.topic ?? ''],
          [w(l, '标题', 'title'), i.title ?? ''], [w(l, '反馈问题', 'problem'), i.problem ?? ''],
          [w(l, '整改类型', 'kind'), i.kind ? kindLabel(i.kind, l) : ''], [w(l, '责任领导', 'leader'), i.leader],
          [w(l, '牵头单位', 'lead unit'), i.leadUnit], [w(l, '配合单位', 'co-units'), i.coUnits.join('、')],
          [w(l, '整改时限', 'deadline'), i.deadline], [w(l, '状态', 'state'), stateLabel(i.state, l)],
          [w(l, '灯色', 'light'), lightCell(i, l)], [w(l, '进度', 'progress'), `${i.percent}%`],
        ],
      },
      { type: 'h2', text: w(l, '整改措施', 'Measures') },
      i.measures.length ? { type: 'list', items: i.measures } : { type: 'p', text: T[l].none },
      { type: 'h2', text: w(l, `进展报送（${i.reports.length}）`, `Progress reports (${i.reports.length})`) },
      i.reports.length ? {
        type: 'table', id: 'reports', head: [w(l, '时间', 'when'), w(l, '报送人', 'by'), w(l, '进展', 'progress'), w(l, '进度', '%'), w(l, '佐证材料', 'evidence')],
        rows: i.reports.map((r) => [humanDate(r.at, zone, l), r.by,
          r.corrected ? `${r.progress}${w(l, `（${humanDate(r.corrected.at, zone, l)} ${r.corrected.by} 更正）`, ` (corrected ${humanDate(r.corrected.at, zone, l)} by ${r.corrected.by})`)}` : r.progress, r.percent === undefined ? '—' : `${r.percent}%`, evidenceCell(r.evidence)]),
      } : { type: 'p', text: T[l].none },
      { type: 'h2', text: w(l, `调度决定（${i.decisions.length}）`, `Dispatch decisions (${i.decisions.length})`) },
      i.decisions.length ? {
        type: 'table', id: 'decisions', head: [w(l, '时间', 'when'), w(l, '决定', 'instruction'), w(l, '新时限', 'new deadline'), w(l, '批准人', 'approved by'), w(l, '记录人', 'by')],
        rows: i.decisions.map((d) => [humanDate(d.at, zone, l), d.instruction, d.newDeadline ?? '—', d.approvedBy ?? '—', d.by]),
      } : { type: 'p', text: T[l].none },
      { type: 'h2', text: w(l, `督促升级（${i.escalations.length}）`, `Escalations (${i.escalations.length})`) },
      i.escalations.length ? {
        type: 'table', id: 'escalations', head: [w(l, '时间', 'when'), w(l, '措施', 'notice'), w(l, '层级', 'level'), w(l, '原因', 'reason'), w(l, '已消除', 'resolved')],
        rows: i.escalations.map((e) => [e.atLocal.slice(0, 16).replace('T', ' '), e.notice, levelLabel(e.level, l), e.reason, e.resolvedAt ? humanDate(e.resolvedAt, zone, l) : '—']),
      } : { type: 'p', text: T[l].none },
      { type: 'h2', text: w(l, '四个维度', 'Close-out on four dimensions') },
      {
        type: 'table', id: 'dimensions', head: [w(l, '维度', 'dimension'), w(l, '情况', 'statement'), w(l, '佐证材料', 'evidence')],
        rows: dims.map(([label, d, note]) => [label, d ? `${d.statement}${note ?? ''}` : w(l, '（尚未提交）', '(not submitted yet)'), d ? evidenceCell(d.evidence) : '']),
      },
      { type: 'h2', text: w(l, '验收意见', 'Sign-off') },
      { type: 'p', cls: 'sign', text: w(l, '领导专班意见：□ 同意销号  □ 退回整改　　签字：__________　　日期：__________', 'Working group: □ accept  □ return　　Signed: __________　　Date: __________') },
    ],
  };
}
