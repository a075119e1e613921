/**
 * 公示稿: the text an item's paragraph in the public announcement prints, kept in the item's record.
 *
 * rectify drafts it from the record — the close-out's four dimensions (问题解决 and its evidence first), the
 * measures and the reports — as sentences in the seed announcement's manner ("关于……的问题。整改措施：一是……；
 * 二是……。整改进展：已完成整改。……"), never with state tags or percents in brackets. The office edits it and
 * approves it; an edit after approval makes it a draft again. Who and when are in the record (its log and
 * `announcement`). Pure: no luxon, no Node (the item workflow runs these rules).
 */
import type { AnnouncementInput, Closeout, ProgressReport } from './payloads';
import type { Correction } from './contract';
import type { ItemState } from './types';
import { evidenceName, readEvidenceRef } from './evidence';
import { msg, type Language } from './i18n';
import type { ItemRecord, RecordContext, SubmissionStep } from './item-record';
import { isRepeat, logged, payloadRefusal } from './item-record';

/** An item's 公示稿 on record: the text, whether approved, who wrote it last and who approved it. */
export interface AnnouncementText {
  text: string;
  status: 'draft' | 'approved';
  /** Drafted by rectify (on whose request), or written by the office (edit). */
  source: 'drafted' | 'edited';
  /** Who drafted or edited it last, and when (campaign time). */
  by: string;
  at: number;
  approvedBy?: string;
  approvedAt?: number;
}

/** What a draft is made of: the item's plan, state and reports (as corrected), and its close-out. */
export interface DraftSource {
  item: { title?: string; problem?: string; measures: string[] };
  state: ItemState;
  percent: number;
  reports: Pick<ProgressReport, 'progress'>[];
  corrections?: Pick<Correction, 'report' | 'progress'>[];
  closeout?: Closeout;
}

const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 一是、二是 … (past ten: 第11是 would not read; the seed never goes past 四是). */
const ordinal = (n: number): string => CHINESE_NUMERALS[n] ?? `第${n + 1}`;
/** A fragment as a sentence: trimmed, without its own closing punctuation (the caller ends it). */
const clause = (s: string): string => s.trim().replace(/[。；;，,.！!\s]+$/u, '');
/** Sentences as the seed ends them: each with 。 (English: a full stop). */
const sentence = (s: string, l: Language): string => (clause(s) ? `${clause(s)}${l === 'en' ? '. ' : '。'}` : '');

/** The reports' distinct texts as they read after their corrections (更正), without "no news" and fragments too short to be a sentence. */
function reportedWork(src: DraftSource): string[] {
  const texts = src.reports.map((r, n) => [...(src.corrections ?? [])].reverse().find((c) => c.report === n)?.progress ?? r.progress);
  const meaningful = texts.map(clause).filter((t) => t.length >= 4 && !/^(本周)?无新进展$|^no new progress/iu.test(t));
  // The latest three distinct texts, oldest first: weekly reports repeat themselves.
  return [...new Set(meaningful.reverse())].slice(0, 3).reverse();
}

/** A dimension's statement with its evidence named (文件、台账), as the seed cites documents. */
function withEvidence(d: { statement: string; evidence: string[] }, l: Language): string {
  const names = d.evidence.map((e) => evidenceName(readEvidenceRef(e))).filter(Boolean);
  if (!names.length) return sentence(d.statement, l);
  return sentence(`${clause(d.statement)}${msg(l, 'announcementEvidence', names.join(l === 'en' ? ', ' : '、'))}`, l);
}

/** The measures as the seed lists them: 一是……；二是……。 (planned: 拟采取的整改措施). */
function measuresText(measures: string[], planned: boolean, l: Language): string {
  if (!measures.length) return '';
  const list = l === 'en' ? measures.map((m, n) => `${n + 1}) ${clause(m)}`).join('; ')
    : measures.length === 1 ? clause(measures[0]) : measures.map((m, n) => `${ordinal(n)}是${clause(m)}`).join('；');
  return sentence(msg(l, planned ? 'announcementPlannedMeasures' : 'announcementMeasures', list), l);
}

/** Where the item stands, in words (never a state tag): done, waiting for review, in progress, not reported. */
function standing(src: DraftSource, reported: boolean, l: Language): string {
  const { state } = src;
  if (state === 'closed') return msg(l, 'announcementDone');
  if (state === 'continuing') return msg(l, 'announcementContinuing');
  if (state === 'submitted') return msg(l, 'announcementSubmitted');
  if (state === 'returned') return msg(l, 'announcementReturned');
  if (!reported) return msg(l, 'announcementNotReported');
  return msg(l, 'announcementInProgress', src.percent);
}

/**
 * 公示稿 drafted from the record: 关于{标题}的问题。整改措施：……。整改进展：{where it stands}。{问题解决 with its
 * evidence}{原因及追责问责}{举一反三}{长效机制} — or, before a close-out, what the reports say was done.
 */
export function draftAnnouncementText(src: DraftSource, l: Language): string {
  const subject = clause(src.item.title ?? src.item.problem ?? '');
  const work = reportedWork(src);
  const reported = work.length > 0 || src.closeout !== undefined || (src.state !== 'notStarted' && src.reports.length > 0);
  const parts = [
    sentence(msg(l, 'announcementAbout', subject), l),
    measuresText(src.item.measures, !reported, l),
    sentence(msg(l, 'announcementProgress', standing(src, reported, l)), l),
  ];
  const c = src.closeout;
  if (c) {
    parts.push(withEvidence(c.solved, l));
    if (!c.accountability.noneNeeded) parts.push(withEvidence(c.accountability, l));
    parts.push(withEvidence(c.similarCases, l), withEvidence(c.mechanism, l));
  } else parts.push(...work.map((t) => sentence(t, l)));
  return parts.join('').trim();
}

/** Why an act on the 公示稿 is refused (undefined: welcome). */
export function refuseAnnouncementInput(r: ItemRecord, input: AnnouncementInput, lang: Language): string | undefined {
  const bad = payloadRefusal(r, 'announcement', input, lang);
  if (bad) return bad;
  if (isRepeat(r, input.requestId)) return undefined;
  if (r.state === 'withdrawn') return `${r.item.id}: ${msg(lang, 'announcementWithdrawn')}`;
  if (input.act === 'edit' && !input.text) return `${r.item.id}: text: ${msg(lang, 'announcementNeedsText')}`;
  if (input.act !== 'edit' && input.text !== undefined) return `${r.item.id}: text: ${msg(lang, 'announcementNoText')}`;
  if (input.act === 'approve') {
    if (!r.announcement) return `${r.item.id}: ${msg(lang, 'announcementNothingToApprove', r.item.id)}`;
    if (r.announcement.status === 'approved') return `${r.item.id}: ${msg(lang, 'announcementAlreadyApproved', r.announcement.approvedBy ?? '')}`;
  }
  return undefined;
}

/** 起草 / 修改 / 审定 公示稿: the record keeps the text, who and when; the log says what was done. */
export function onAnnouncement(r: ItemRecord, input: AnnouncementInput, ctx: RecordContext): SubmissionStep {
  const lang = ctx.campaign.language;
  const at = ctx.now;
  if (input.act === 'approve') {
    const announcement: AnnouncementText = { ...r.announcement!, status: 'approved', approvedBy: input.by, approvedAt: at };
    return {
      record: { ...r, announcement, log: logged(r, at, 'announcement', input.by, msg(lang, 'announcementApprovedLog', announcement.text)) },
      message: msg(lang, 'announcementApproved'),
    };
  }
  const drafted = input.act === 'draft';
  const text = drafted ? draftAnnouncementText(r, lang) : input.text!.trim();
  const announcement: AnnouncementText = { text, status: 'draft', source: drafted ? 'drafted' : 'edited', by: input.by, at };
  const log = logged(r, at, 'announcement', input.by, msg(lang, drafted ? 'announcementDraftedLog' : 'announcementEditedLog', text));
  const message = [msg(lang, drafted ? 'announcementDrafted' : 'announcementEdited'),
    ...(drafted && !r.closeout ? [msg(lang, 'announcementNoCloseout')] : []),
    ...(r.announcement?.status === 'approved' ? [msg(lang, 'announcementApprovalCleared', r.announcement.approvedBy ?? '')] : [])].join(lang === 'en' ? ' ' : '');
  return { record: { ...r, announcement, log }, message };
}
