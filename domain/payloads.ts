/**
 * What people submit (update payloads), validated with zod. The same schemas
 * run in the CLI before sending and in the workflows' update validators, so a
 * payload from any client (CLI, form, script) meets the same rules. Messages
 * speak the given language. Pure: no luxon, no Node.
 *
 * One definition per shape: the payload types below are inferred from these
 * schemas, and the records an item keeps of them (a report, a decision, a
 * close-out) are those types plus when they happened.
 */
import type * as Zod from 'zod';
import { LIMITS } from './limits';
import type { Language } from './i18n';
import { unsafeCharacter, unsafeCharacterMessage } from './text';
import type { PlanChange } from './plan-changes';

/**
 * zod, loaded on first use: the CLI's commands that never validate a payload
 * start faster. (The workflow worker preloads zod and this module once for all
 * its workflows: worker/bundle-options.ts.)
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const zod = (): typeof Zod => require('zod') as typeof Zod;

function schemas(lang: Language) {
  const { z } = zod();
  const zh = lang !== 'en';
  // Control and bidirectional-text characters are refused (domain/text.ts); line breaks only in texts of several lines.
  const safe = (multiline: boolean) => (s: string, ctx: Zod.core.$RefinementCtx<string>) => {
    const bad = unsafeCharacter(s, multiline);
    if (bad) ctx.addIssue({ code: 'custom', message: unsafeCharacterMessage(bad, zh ? 'zh' : 'en') });
  };
  const text = (max: number, multiline = true) => z.string().trim()
    .min(1, zh ? '不能为空' : 'must not be empty')
    .max(max, zh ? `最多 ${max} 个字符` : `at most ${max} characters`)
    .superRefine(safe(multiline));
  const name = text(LIMITS.nameChars, false);
  const evidence = z.array(text(LIMITS.evidenceChars, false))
    .max(LIMITS.evidenceItems, zh ? `最多 ${LIMITS.evidenceItems} 项佐证` : `at most ${LIMITS.evidenceItems} references`);
  const requestId = z.string().trim().min(1).max(100).superRefine(safe(false)).optional();
  const recipient = z.strictObject({ name, email: z.string().trim().email(zh ? '不是电子邮件地址' : 'not an e-mail address') });
  const date = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, zh ? '日期格式应为 YYYY-MM-DD' : 'a date as YYYY-MM-DD');
  const dimension = z.strictObject({ statement: text(LIMITS.statementChars), evidence: evidence.default([]) });
  return {
    report: z.strictObject({
      progress: text(LIMITS.progressChars),
      percent: z.number().int(zh ? '应为整数' : 'a whole number').min(0).max(100).optional(),
      evidence: evidence.optional(),
      by: name,
      milestoneDelivered: z.number().int().min(0).optional(),
      requestId,
      receipt: recipient.optional(),
    }),
    closeout: z.strictObject({
      closeout: z.strictObject({
        solved: dimension,
        accountability: dimension.extend({ noneNeeded: z.boolean().optional() }),
        similarCases: dimension,
        mechanism: dimension,
        by: name,
      }),
      requestId,
      receipt: recipient.optional(),
    }),
    // 更正: a later entry that corrects an earlier report; the original stays on record.
    correction: z.strictObject({
      corrects: z.number().int(zh ? '应为整数' : 'a whole number').min(1, zh ? '应为记录中的条目编号（从 1 起）' : 'an entry number of the record (from 1)'),
      progress: text(LIMITS.progressChars),
      percent: z.number().int(zh ? '应为整数' : 'a whole number').min(0).max(100).optional(),
      evidence: evidence.optional(),
      reason: text(LIMITS.reasonChars).optional(),
      by: name,
      requestId,
    }),
    // 督办单回复: the unit's measures and the date it commits to; closes the notice.
    noticeReply: z.strictObject({
      notice: text(LIMITS.nameChars, false),
      measures: text(LIMITS.progressChars),
      date: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, zh ? '日期格式应为 YYYY-MM-DD' : 'a date as YYYY-MM-DD'),
      by: name,
      requestId,
    }),
    review: z.strictObject({ accept: z.boolean(), reason: text(LIMITS.reasonChars).optional(), by: name }),
    dispatch: z.strictObject({
      instruction: text(LIMITS.instructionChars),
      newDeadline: date.optional(),
      approvedBy: name.optional(),
      reassignTo: z.strictObject({ leadUnit: name.optional(), contacts: z.array(recipient).min(1).optional(), unitHeads: z.array(recipient).min(1).optional() }).optional(),
      by: name,
      requestId,
    }),
    // 整改方案变更: the item as the changed campaign file gives it (already normalised by the loader), and who approved.
    amend: z.strictObject({
      item: z.strictObject({
        id: text(LIMITS.idChars, false), key: z.string().regex(/^[\w-]+$/), section: text(LIMITS.itemFieldChars, false),
        topic: text(LIMITS.itemFieldChars, false).optional(), title: text(LIMITS.itemFieldChars, false).optional(),
        problem: text(LIMITS.problemChars), measures: z.array(text(LIMITS.itemFieldChars)).max(LIMITS.listItems),
        kind: z.enum(['immediate', 'deadline', 'longTerm']), leader: recipient, leaderId: text(LIMITS.nameChars, false),
        leadUnit: name, coUnits: z.array(name).max(LIMITS.listItems), contacts: z.array(recipient).min(1).max(LIMITS.listItems),
        unitHeads: z.array(recipient).max(LIMITS.listItems), deadline: date,
        milestones: z.array(z.strictObject({ date, deliverable: text(LIMITS.itemFieldChars, false) })).max(LIMITS.listItems),
      }),
      approvedBy: name,
      by: name,
      requestId,
    }),
    // 重新打开: the office reopens a closed or long-term item; it is in progress again.
    reopen: z.strictObject({ reason: text(LIMITS.reasonChars), by: name, requestId }),
    // 回头看: the unit answers a look-back: the fix holds, or the problem came back (which reopens the item).
    lookBack: z.strictObject({ holds: z.boolean(), note: text(LIMITS.progressChars).optional(), by: name, requestId }),
    // 备注: an office note on the record, in any state (a closed item too).
    note: z.strictObject({ text: text(LIMITS.progressChars), by: name, requestId }),
    // 公示稿: rectify drafts the item's announcement text from its record, the office edits (replaces) or approves it.
    announcement: z.strictObject({
      act: z.enum(['draft', 'edit', 'approve']), text: text(LIMITS.announcementChars).optional(), by: name, requestId,
    }),
    // 撤销: an item the changed campaign file no longer lists, withdrawn (recorded, never deleted).
    withdraw: z.strictObject({ reason: text(LIMITS.reasonChars), approvedBy: name, by: name, requestId }),
    // 已转入下一轮: the next round's `rectify start` hands the item over to its campaign's item of the same key.
    carryOut: z.strictObject({
      campaignId: text(LIMITS.idChars, false), campaignName: text(LIMITS.itemFieldChars, false), itemId: text(LIMITS.idChars, false), by: name, requestId,
    }),
  };
}

type Schemas = ReturnType<typeof schemas>;
export type PayloadKind = keyof Schemas;

// ── What people submit (the update payloads) ───────────────────────────────
/** 周报告: a progress report. `milestoneDelivered` (0-based) names a milestone it delivers; `receipt`: confirm by mail to this person (the web form sets it). */
export type ReportInput = Zod.output<Schemas['report']>;
/**
 * 更正: corrects a report already on record. The report stays as it was; the correction is a new entry of the
 * record that names the entry it corrects (`corrects`: 1-based, as `rectify history` numbers it: a report or a correction).
 */
export type CorrectionInput = Zod.output<Schemas['correction']>;
/** 销号申请: the close-out on four dimensions. */
export type CloseoutInput = Zod.output<Schemas['closeout']>;
/** 督办单回复: the unit answers a notice (its number as printed) with its measures and the date they will be done by. */
export type NoticeReplyInput = Zod.output<Schemas['noticeReply']>;
/** 验收: the working group accepts (销号) or returns with a reason. */
export type ReviewInput = Zod.output<Schemas['review']>;
/** 调度决定: an instruction, and maybe a new deadline (with who approved it) or a reassignment. */
export type DispatchInput = Zod.output<Schemas['dispatch']>;

// ── What an item keeps of them ──────────────────────────────────────────────
/** A progress report on record: the weekly cycle it counts for, and when. */
export type ProgressReport = Pick<ReportInput, 'by' | 'progress' | 'percent' | 'requestId'> & {
  at: number;
  atLocal?: string;
  evidence: string[];
  /** The weekly cycle this report counts for. */
  cycle: number;
};
/** One of the four dimensions: a statement and its evidence. */
export type Dimension = CloseoutInput['closeout']['solved'];
/** 四个维度: 问题解决, 原因及追责问责, 举一反三, 长效机制 — as submitted, and when. */
export type Closeout = CloseoutInput['closeout'] & { at?: number };
/** 整改方案变更: the item as the changed campaign file gives it, with who approved the change. */
export type AmendInput = Zod.output<Schemas['amend']>;
/** 重新打开: the office reopens a closed (已销号) or long-term (持续整改) item, with a reason. */
export type ReopenInput = Zod.output<Schemas['reopen']>;
/** 回头看 answer: whether the fix holds; `holds: false` (the problem came back) reopens the item. */
export type LookBackInput = Zod.output<Schemas['lookBack']>;
/** 备注: an office note on the item's record. */
export type NoteInput = Zod.output<Schemas['note']>;
/** 公示稿: draft (from the record), edit (replace the text) or approve the item's announcement text. */
export type AnnouncementInput = Zod.output<Schemas['announcement']>;
/** 撤销: an item no longer in the campaign file, withdrawn with a reason and who approved it. */
export type WithdrawInput = Zod.output<Schemas['withdraw']>;
/** 已转入下一轮: the next round's campaign and item that follow this item from now on. */
export type CarryOutInput = Zod.output<Schemas['carryOut']>;
/**
 * A dispatch decision on record; a plan change (整改方案变更) is recorded as a decision too, with the fields it
 * changed (`changes`), and a withdrawal (撤销) with `withdrawn`.
 */
export type DispatchDecision = DispatchInput & { at: number; changes?: PlanChange[]; withdrawn?: true; reopened?: true };
/** Built once per language; in a worker, shared by every workflow (pure validators). */
const cache: Partial<Record<Language, ReturnType<typeof schemas>>> = {};
const schemasFor = (lang: Language) => (cache[lang] ??= schemas(lang));

/** Every problem with a payload as `field: what is wrong`, empty when valid. */
export function payloadProblems(kind: PayloadKind, value: unknown, lang: Language = 'en'): string[] {
  const { z } = zod();
  const r = schemasFor(lang)[kind].safeParse(value, lang === 'en' ? undefined : { error: z.locales.zhCN().localeError });
  if (r.success) return [];
  return r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'payload'}: ${i.message}`);
}
