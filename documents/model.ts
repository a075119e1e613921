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
import { draftAnnouncementText } from '../domain/announcement-text';
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
  const carried = !c.carried ? '' : l === 'en' ? ` ${c.carried} of them carried over from the previous round.` : `其中上轮转入 ${c.carried} 项。`;
  const carriedOut = !c.carriedOut ? '' : l === 'en' ? ` ${c.carriedOut} carried into the next round.` : `已转入下一轮 ${c.carriedOut} 项。`;
  return T[l].completion(c.total, c.done, c.continuing, c.open, c.rate) + carried + carriedOut + withdrawn;
}

/**
 * 上轮转入 / 已转入下一轮: the mark after a carried item's title in tables, mail lines and the announcement ('' for an
 * item of this round only).
 */
export const carriedMark = (i: Pick<StateItem, 'carriedFrom' | 'carriedTo'>, l: Language): string =>
  (i.carriedFrom ? w(l, '（上轮转入）', ' (carried over)') : '') + (i.carriedTo ? w(l, `（已转入下一轮：${i.carriedTo.campaignId} ${i.carriedTo.itemId}）`, ` (carried into the next round: ${i.carriedTo.campaignId} ${i.carriedTo.itemId})`) : '');

export const lightCell = (i: StateItem, l: Language): Cell => ({ text: lightLabel(i.light, l), light: i.light });

/** The columns every item table shares. */
export function itemTable(items: StateItem[], l: Language, extra?: { head: string; cell: (i: StateItem) => Cell }[], id?: string): TableBlock {
  const head = [w(l, '序号', 'item'), w(l, '事项', 'title'), w(l, '牵头单位', 'lead unit'), w(l, '责任领导', 'leader'),
    w(l, '状态', 'state'), w(l, '灯色', 'light'), w(l, '进度', 'progress'), w(l, '整改时限', 'deadline'), ...(extra ?? []).map((e) => e.head)];
  return {
    type: 'table', head, id,
    rows: items.map((i) => [i.id, `${i.title ?? ''}${carriedMark(i, l)}`, i.leadUnit, i.leader, stateLabel(i.state, l), lightCell(i, l), `${i.percent}%`, i.deadline,
      ...(extra ?? []).map((e) => e.cell(i))]),
  };
}

/** An item's line in a mail body: id, title, lead unit, state, light, progress, deadline. */
export const itemLine = (i: StateItem, l: Language): string[] =>
  [i.id, `${i.title ?? ''}${carriedMark(i, l)}`, i.leadUnit, stateLabel(i.state, l), lightLabel(i.light, l), `${i.percent}%`, `${T[l].deadline} ${i.deadline}`];

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
  // 已转入下一轮: a column of its own, only in a round that handed items over.
  const out = groups.some((g) => g.counts.carriedOut > 0);
  return {
    type: 'table', id, cls: 'counts',
    head: [first, w(l, '事项数', 'items'), w(l, '已完成', 'completed'), w(l, '基本完成、持续推进', 'continuing'), w(l, '未完成', 'not completed'),
      ...(out ? [w(l, '已转入下一轮', 'carried into the next round')] : []), w(l, '红灯', 'red'), w(l, '黄灯', 'yellow'), w(l, '完成率', 'rate')],
    rows: groups.map((g) => [g.name, String(g.counts.total), String(g.counts.done), String(g.counts.continuing), String(g.counts.open),
      ...(out ? [String(g.counts.carriedOut)] : []),
      { text: String(g.counts.red), light: g.counts.red ? 'red' : undefined }, { text: String(g.counts.yellow), light: g.counts.yellow ? 'yellow' : undefined }, g.counts.rate]),
  };
}

export const lastReportText = (i: StateItem, s: CampaignState): string =>
  (i.lastReport ? `${humanDate(i.lastReport.at, s.campaign.timeZone, s.lang)} ${i.lastReport.progress}` : '—');

/** Chinese text without the spaces phrases put around figures ("共 40 个问题" → "共40个问题"); English as it is. */
export const tidy = (text: string, l: Language): string => (l === 'en' ? text
  : text.replace(/([\p{Script=Han}，。；：、（）“”])[ \u00a0]+(?=[0-9])/gu, '$1').replace(/([0-9%])[ \u00a0]+(?=[\p{Script=Han}，。；：、（）“”])/gu, '$1'));

/** "2023年2月27日至4月27日" (the year once when both days are in it); "27 Feb to 27 Apr 2023". */
function periodText(from: string | undefined, to: string | undefined, l: Language): string {
  if (!from || !to) return from ? w(l, `${dayText(from, l)}起`, `from ${dayText(from, l)}`) : to ? w(l, `至${dayText(to, l)}`, `until ${dayText(to, l)}`) : '';
  if (l === 'en') return `${dayText(from, l)} to ${dayText(to, l)}`;
  return from.slice(0, 4) === to.slice(0, 4) ? `${dayText(from, l)}至${DateTime.fromISO(to).toFormat('M月d日')}` : `${dayText(from, l)}至${dayText(to, l)}`;
}

/**
 * An item's paragraph: its approved 公示稿 as the office approved it; without one, the text on record (or a draft
 * made now) marked 【公示稿未审定】, so a draft announcement shows what is still to approve. Never a state tag.
 */
export function itemParagraph(i: StateItem, l: Language): { text: string; approved: boolean } {
  const a = i.announcement;
  if (a?.status === 'approved') return { text: `${i.id}${a.text}`, approved: true };
  const draft = a?.text ?? draftAnnouncementText({ item: { title: i.title, problem: i.problem, measures: i.measures }, state: i.state, percent: i.percent,
    reports: i.reports, closeout: i.closeout }, l);
  return { text: `${i.id}${w(l, '【公示稿未审定】', '[text not approved] ')}${draft}`, approved: false };
}

/** The items an announcement prints (a withdrawn item is not announced) and those of them without an approved 公示稿. */
export const announcedItems = (s: CampaignState): StateItem[] => s.items.filter((i) => i.state !== 'withdrawn');
export const unapprovedItems = (s: CampaignState): StateItem[] => announcedItems(s).filter((i) => i.announcement?.status !== 'approved');

/** The opening, in the seed's words when the campaign file names the inspection; else from the campaign's dates. */
function opening(s: CampaignState, kind: string): string {
  const l = s.lang;
  const a = s.campaign.announcement;
  const i = a?.inspection;
  const by = i?.by ?? w(l, `${kind}组`, 'the inspection team');
  const fed = a?.feedbackDate ? w(l, `${dayText(a.feedbackDate, l)}${by}反馈了${kind}意见。`, `${by} fed back its findings on ${dayText(a.feedbackDate, l)}. `) : '';
  const publish = w(l, `按照${kind}工作有关要求，现将${kind}整改进展情况予以公布。`, 'As required, the progress of the rectification is made public.');
  if (i) {
    const period = periodText(i.from, i.to, l);
    const visit = w(l, `${i.basis ? `${i.basis}，` : ''}${period ? `${period}，` : ''}${by}对${i.inspected ?? s.campaign.committee}进行了${kind}。`,
      `${i.basis ? `${i.basis}, ` : ''}${by} inspected ${i.inspected ?? s.campaign.committee}${period ? ` ${period}` : ''}. `);
    return `${visit}${fed}${publish}`;
  }
  const start = dayText(s.campaign.start, l);
  const end = dayText(s.campaign.concentratedEnd, l);
  return `${fed}${w(l, `${s.campaign.committee}自${start}起开展${s.campaign.name}，集中整改期至${end}。`,
    `${s.campaign.committee} has rectified the findings of ${s.campaign.name} since ${start}; the concentrated period runs to ${end}. `)}${publish}`;
}

/** Section 一's paragraphs in the seed's manner (一是……二是……三是……), from what the campaign knows. */
function organisation(s: CampaignState, kind: string): string[] {
  const l = s.lang;
  const c = s.campaign.committee;
  return [
    w(l, `一是加强组织领导。${c}担负${kind}整改主体责任，成立整改工作领导专班，统筹推进整改工作；班子成员按照分工，各负其责，督促责任单位逐条落实整改措施。`,
      `First, leadership: ${c} bears the primary responsibility; a working group runs the rectification, and each member of the leadership answers for the items in their area.`),
    w(l, `二是压实整改责任。对${kind}反馈的${s.counts.total}个问题逐项明确责任领导、牵头单位、整改措施和整改时限，${s.byUnit.length}个牵头单位倒排时间、挂图作战。`,
      `Second, responsibility: each of the ${s.counts.total} problems fed back has a responsible leader, a lead unit, measures and a deadline; the ${s.byUnit.length} lead units count back from their deadlines and work by the wall chart.`),
    w(l, '三是健全推进机制。建立“周报告、旬调度、月督查”工作机制，每周汇总整改进展情况，每旬调度整改工作，每月督查整改落实；坚持从问题解决、产生原因及追责问责、举一反三、长效机制4个维度聚焦发力，系统推动问题整改。',
      'Third, routine: progress is summed up each week, the working group dispatches each dekad and inspects each month; every item is closed on four dimensions: the problem solved, causes and accountability, similar cases, and a long-term mechanism.'),
  ];
}

/** Section 三's commitments in the seed's manner: (一) responsibility, (二) mechanisms, (三) the work as a whole. */
function commitments(s: CampaignState, kind: string): { title: string; text: string }[] {
  const l = s.lang;
  const c = s.counts;
  const rest = c.open + c.continuing;
  return [
    { title: w(l, '切实履行主体责任', 'Carry the primary responsibility'), text: w(l,
      `坚持全面从严治党，切实担当领导之责、教育之责、检查之责、追究之责，发扬“钉钉子”精神，确保整改工作不留尾巴、不落死角。${rest ? `对尚未完成和需持续推进的${rest}个问题，倒排时间、挂图作战，确保按期整改到位。` : ''}`,
      `Every duty of leadership, education, inspection and accountability is carried until nothing is left undone.${rest ? ` The ${rest} problems not yet completed or kept up stay on the wall chart until done.` : ''}`) },
    { title: w(l, '构建长效管理机制', 'Build long-term mechanisms'), text: w(l,
      '继续加大建章立制力度，对现有制度进行梳理完善，对实践检验行之有效的，长期坚持；对存在制度漏洞、制度缺失、制度失效问题的，逐一加以改进、完善和优化，切实增强制度的严肃性和约束力。',
      'Rules that proved themselves are kept; gaps and rules that failed are mended one by one, so that the rules bind.') },
    { title: w(l, '统筹推进各项工作', 'Carry the results into the work as a whole'), text: w(l,
      `以${kind}整改落实为契机，把整改成果转化为推动各项工作的实际成效${c.done ? `，对已完成的${c.done}个问题适时开展“回头看”，巩固整改成果` : ''}。`,
      `The rectification becomes lasting results in the daily work${c.done ? `; the ${c.done} completed problems will be looked back at` : ''}.`) },
  ];
}

const SECTION_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 整改进展情况公告: structured like the seed (opening; 一 organisation; 二 every item's 公示稿; 三 commitments; closing). */
export function announcement(s: CampaignState): Doc {
  const l = s.lang;
  const a = s.campaign.announcement;
  const kind = a?.inspection?.kind ?? w(l, '巡察', 'inspection');
  const org = a?.organisation;
  const blocks: Block[] = [
    { type: 'p', cls: 'opening', text: tidy(opening(s, kind), l) },
    { type: 'h2', text: org?.title ? `${w(l, '一、', '1. ')}${org.title}` : w(l, '一、强化政治担当，坚定坚决扛起整改政治责任', '1. How the work was organised') },
    ...(org?.paragraphs ?? organisation(s, kind)).map((text): Block => ({ type: 'p', cls: 'organisation', text: tidy(text, l) })),
    { type: 'p', cls: 'completion', text: tidy(w(l, `截至${dayText(s.asOf.date, l)}，${completionSentence(s.counts, l)}`, `As of ${dayText(s.asOf.date, l)}: ${completionSentence(s.counts, l)}`), l) },
    { type: 'h2', text: w(l, '二、坚持问题导向，有力有效落实整改工作任务', '2. The items') },
  ];
  for (const sec of s.sections) {
    const items = sec.topics.map((t) => ({ ...t, items: t.items.filter((i) => i.state !== 'withdrawn') })).filter((t) => t.items.length);
    if (!items.length) continue;
    blocks.push({ type: 'h3', text: sec.name });
    for (const topic of items) {
      if (topic.name) blocks.push({ type: 'p', cls: 'topic', text: topic.name });
      for (const i of topic.items) {
        const p = itemParagraph(i, l);
        // 上轮转入: marked after the item's number.
        const text = `${i.id}${carriedMark(i, l)}${p.text.slice(i.id.length)}`;
        blocks.push({ type: 'p', cls: p.approved ? 'item' : 'item unapproved', text });
      }
    }
  }
  const promised = a?.commitments;
  blocks.push(
    { type: 'h2', text: promised?.title ? `${w(l, '三、', '3. ')}${promised.title}` : w(l, '三、坚持常抓不懈，从严从实巩固扩展整改成果', '3. Next steps') },
    { type: 'p', cls: 'commitments', text: tidy(promised?.intro ?? w(l, `${s.campaign.committee}将持续履行好${kind}整改主体责任，坚持目标不变、标准不降、力度不减，全力以赴推动所有反馈问题整改到位。`,
      `${s.campaign.committee} keeps the primary responsibility for the rectification until every problem fed back is rectified.`), l) },
    ...(promised?.items ?? commitments(s, kind)).map((c, n): Block => ({ type: 'p', cls: 'commitment',
      text: tidy(w(l, `（${SECTION_NUMBERS[n] ?? n + 1}）${c.title.replace(/[。.]$/, '')}。${c.text}`, `(${n + 1}) ${c.title.replace(/[。.]$/, '')}. ${c.text}`), l) })),
    { type: 'p', cls: 'closing', text: tidy(closing(s, kind), l) },
    { type: 'p', cls: 'signature', text: s.campaign.committee },
    { type: 'p', cls: 'signature', text: dayText(s.asOf.date, l) },
  );
  return {
    kind: 'announcement', lang: l, subtitle: '',
    title: w(l, `${s.campaign.committee}关于${kind}整改进展情况的通报`, `${s.campaign.committee}: progress of the rectification`), blocks,
  };
}

/** The closing: the public is welcome to oversee the work, and where to send its views (the campaign file's contact). */
function closing(s: CampaignState, kind: string): string {
  const l = s.lang;
  const c = s.campaign.announcement?.contact;
  const welcome = w(l, `欢迎广大干部群众对${kind}整改落实情况进行监督。`, 'The public is welcome to oversee the rectification.');
  const ways = c ? [
    c.phone && w(l, `联系电话：${c.phone}`, `phone ${c.phone}`), c.address && w(l, `通信地址：${c.address}`, `post ${c.address}`),
    c.mailbox && w(l, `电子邮箱：${c.mailbox}`, `e-mail ${c.mailbox}`),
  ].filter((x): x is string => Boolean(x)) : [];
  if (!ways.length) return welcome;
  const to = c?.name ?? w(l, '整改工作领导专班办公室', 'the office of the working group');
  const when = c?.days ? w(l, `于公布之日起${c.days}日内`, ` within ${c.days} days of publication`) : '';
  return `${welcome}${w(l, `如有意见建议，请${when}向${to}反映。${ways.join('；')}。`, ` Views may be sent to ${to}${when}: ${ways.join('; ')}.`)}`;
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
