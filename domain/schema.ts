/**
 * The campaign file (整改方案 as data), validated with zod at the edge.
 *
 * A campaign file is YAML or JSON. It names the campaign and its cadence
 * (周报告、旬调度、月督查), the escalation ladder, the directory of people and
 * the items (整改事项), inline or from a ledger spreadsheet (整改台账).
 *
 * This module only describes shapes; `load.ts` reads files and turns them into
 * the normalised `CampaignPlan` that workflows receive.
 */
import { z } from 'zod';
import { DateTime } from 'luxon';
import { LIMITS } from './limits';
import { unsafeCharacter, unsafeCharacterMessage } from './text';
import { TRIGGER_FIELDS, triggerSpec, type Trigger as TriggerFields, type TriggerField } from './triggers';

/** YYYY-MM-DD that exists on the calendar (2023-02-30 is refused). */
export const isoDate = z.string().trim().superRefine((s, ctx) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    ctx.addIssue({ code: 'custom', message: `not a date in the form YYYY-MM-DD: "${s}"` });
    return;
  }
  const d = DateTime.fromISO(s, { zone: 'UTC' });
  if (!d.isValid) ctx.addIssue({ code: 'custom', message: `no such day: "${s}"` });
});

/** HH:MM on a 24-hour clock. */
export const clockTime = z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM (00:00 to 23:59)');

const timeZone = z.string().trim().refine((tz) => DateTime.local().setZone(tz).isValid, {
  message: 'not an IANA time zone (e.g. Asia/Shanghai)',
});

export const email = z.string().trim().email('not an e-mail address');

/**
 * No control or bidirectional-text characters (domain/text.ts): a campaign's texts reach mails, file
 * names, terminals and tables. One-line texts (all but a problem) hold no line break either.
 */
const safe = (multiline: boolean) => (s: string, ctx: z.core.$RefinementCtx<string>) => {
  const bad = unsafeCharacter(s, multiline);
  if (bad) ctx.addIssue({ code: 'custom', message: unsafeCharacterMessage(bad) });
};
/** One-line text, trimmed. */
const line = () => z.string().trim().superRefine(safe(false));
/** Text of a campaign file or ledger cell: trimmed, not empty, at most `max` characters (a ledger cell can hold a megabyte). */
const text = (max: number, multiline = false) => z.string().trim().min(1).max(max, `at most ${max} characters`).superRefine(safe(multiline));

/** 整改类型. Chinese as offices write it, or English. */
export const KIND_ALIASES: Record<string, ItemKind> = {
  立行立改: 'immediate', immediate: 'immediate', 'fix-at-once': 'immediate',
  限期整改: 'deadline', deadline: 'deadline', 'by-deadline': 'deadline',
  长期坚持: 'longTerm', 'long-term': 'longTerm', longterm: 'longTerm', longTerm: 'longTerm',
};
export type ItemKind = 'immediate' | 'deadline' | 'longTerm';
export const itemKind = z.string().trim().transform((s, ctx) => {
  const k = KIND_ALIASES[s] ?? KIND_ALIASES[s.toLowerCase()];
  if (!k) {
    ctx.addIssue({ code: 'custom', message: `unknown kind "${s}" (立行立改, 限期整改 or 长期坚持; immediate, deadline or long-term)` });
    return z.NEVER;
  }
  return k;
});

const WEEKDAYS: Record<string, number> = {
  monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7,
  mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7,
  周一: 1, 周二: 2, 周三: 3, 周四: 4, 周五: 5, 周六: 6, 周日: 7, 星期一: 1, 星期二: 2, 星期三: 3, 星期四: 4, 星期五: 5, 星期六: 6, 星期日: 7,
};
/** ISO weekday 1 (Monday) to 7 (Sunday), or its name. */
export const weekday = z.union([
  z.number().int().min(1).max(7),
  z.string().trim().transform((s, ctx) => {
    const n = WEEKDAYS[s.toLowerCase()];
    if (!n) {
      ctx.addIssue({ code: 'custom', message: `not a weekday: "${s}" (1-7, monday..sunday, 周一..周日)` });
      return z.NEVER;
    }
    return n;
  }),
]);

/** Who a rung of the escalation ladder is addressed to, by role. */
export const ROLES = ['contact', 'unitHead', 'leader', 'workingGroup', 'committee'] as const;
export type Role = (typeof ROLES)[number];

/** Rungs of the ladder, lowest first. */
export const LEVELS = ['reminder', 'chase', 'supervision', 'working-group', 'committee'] as const;
export type Level = (typeof LEVELS)[number];

/**
 * What makes a rung fire: exactly one trigger per rung, each a field of the table in triggers.ts (its
 * meaning is the field's description there and in the JSON schema).
 */
const triggerShape = Object.fromEntries(TRIGGER_FIELDS.map((field) => {
  const { value, doc } = triggerSpec(field);
  const schema = value === true ? z.literal(true)
    : value === 'rungs' ? z.array(z.string().trim().min(1).regex(/^[\w-]+$/, 'rung ids: letters, digits, - and _ only')).min(1)
      : z.number().int().min(value.min).max(value.max);
  return [field, schema.optional().describe(doc)];
})) as unknown as { [K in TriggerField]: z.ZodOptional<z.ZodType<NonNullable<TriggerFields[K]>, NonNullable<TriggerFields[K]>>> };
export const trigger = z.strictObject(triggerShape).refine((t) => Object.values(t).filter((v) => v !== undefined).length === 1, {
  message: 'name exactly one trigger (e.g. missedReports: 1)',
});
export type Trigger = z.infer<typeof trigger>;

export const rung = z.strictObject({
  id: z.string().trim().min(1).regex(/^[\w-]+$/, 'letters, digits, - and _ only'),
  level: z.enum(LEVELS),
  /** The notice as offices name it: 提醒, 催办, 督办单(黄), 督办单(红), ... */
  notice: line().min(1),
  when: trigger,
  to: z.array(z.enum(ROLES)).min(1),
  /**
   * 督办单 as tracked documents: the rung issues one numbered notice per item and cause, with a reply deadline
   * (限期回复) of this many working days; while it is open the rung issues nothing more for the item, and no reply
   * by the deadline fires the rungs whose `when` is `unanswered: [this rung]`.
   */
  replyWorkingDays: z.number().int().min(1).max(60).optional(),
});
export type Rung = z.infer<typeof rung>;

/** The default ladder of DOMAIN.md; every step can be replaced in the campaign file. */
export const DEFAULT_LADDER: Rung[] = [
  { id: 'deadline-warning', level: 'reminder', notice: '到期提醒', when: { beforeDeadlineDays: 7 }, to: ['contact'] },
  { id: 'chase', level: 'chase', notice: '催办', when: { missedReports: 1 }, to: ['contact', 'unitHead'] },
  { id: 'behind-plan', level: 'chase', notice: '催办', when: { behindPlanPoints: 30 }, to: ['contact', 'unitHead'] },
  { id: 'milestone-missed', level: 'chase', notice: '催办', when: { milestonePassed: true }, to: ['contact', 'unitHead'] },
  // 督办单: numbered, issued once per item and cause, 限期 5 个工作日回复; no reply in time climbs to the next.
  { id: 'supervision', level: 'supervision', notice: '督办单(黄)', when: { missedForWorkingDays: 3 }, to: ['leader'], replyWorkingDays: 5 },
  { id: 'working-group', level: 'working-group', notice: '督办单(红)', when: { unanswered: ['supervision'] }, to: ['leader', 'workingGroup'], replyWorkingDays: 5 },
  { id: 'deadline-passed', level: 'working-group', notice: '督办单(红)', when: { deadlinePassedWorkingDays: 0 }, to: ['leader', 'workingGroup'], replyWorkingDays: 5 },
  { id: 'committee', level: 'committee', notice: '督办单(红)', when: { unanswered: ['working-group', 'deadline-passed'] }, to: ['committee'], replyWorkingDays: 5 },
  { id: 'committee-red', level: 'committee', notice: '督办单(红)', when: { redAtInspections: 2 }, to: ['committee'], replyWorkingDays: 5 },
];

/** The default ladder's notices as an English campaign names them. */
const NOTICE_EN: Record<string, string> = {
  到期提醒: 'Deadline reminder', 催办: 'Chase', '督办单(黄)': 'Supervision notice (yellow)', '督办单(红)': 'Supervision notice (red)',
};

/** The default ladder in the campaign's language (a campaign file's own ladder is taken as written). */
export function defaultLadder(language: 'zh' | 'en'): Rung[] {
  return DEFAULT_LADDER.map((r) => ({ ...structuredClone(r), notice: language === 'en' ? NOTICE_EN[r.notice] ?? r.notice : r.notice }));
}

export const cadence = z.strictObject({
  /** 周报告: reports are due each week on this weekday at this time. */
  weeklyDue: z.strictObject({ weekday: weekday.default(5), time: clockTime.default('12:00') }).prefault({}),
  /** The reminder digest goes out this many hours before the due time. */
  reminderLeadHours: z.number().min(1).max(24 * 6).default(24),
  /** The weekly summary is compiled this many hours after the due time. */
  summaryDelayHours: z.number().min(0).max(48).default(2),
  /** 旬调度: the dispatch sheet goes out on each dekad's last day at this time, before the meeting. */
  dispatchTime: clockTime.default('09:00'),
  /** 月督查: the monthly inspection runs on each month's last day at this time. */
  inspectionTime: clockTime.default('17:00'),
  /** Notices from many items at one moment are gathered this long into one digest per person. */
  digestWindowMinutes: z.number().int().min(1).max(120).default(10),
  /** How close (days) a milestone or deadline must be to turn an item lagging behind plan yellow. */
  yellowWindowDays: z.number().int().min(1).max(60).default(7),
  /** Extensions (延期) a single item may be granted; 0 forbids them. */
  maxExtensions: z.number().int().min(0).max(10).default(2),
  /** Working days of an ordinary week (ISO weekdays); holidays and 调休 come with the working-day calendar. */
  workingDays: z.array(z.number().int().min(1).max(7)).default([1, 2, 3, 4, 5]),
  /**
   * The working-day calendar: 'cn' (default) is mainland China's official one (statutory holidays and
   * 调休 make-up working days); 'weekends' counts `workingDays` only.
   */
  calendar: z.enum(['cn', 'weekends']).optional(),
  /** The campaign's own days off (e.g. an office's closure), on top of the calendar. */
  extraDaysOff: z.array(isoDate).optional(),
  /** The campaign's own working days (e.g. a Saturday the office works), on top of the calendar. */
  extraWorkingDays: z.array(isoDate).optional(),
  /** Nothing is mailed outside these hours on working days (default 08:30 to 18:00): it waits for the next working morning. */
  workingHours: z.strictObject({ start: clockTime, end: clockTime }).refine((h) => h.start < h.end, { message: 'start must be before end' }).optional(),
  /**
   * Receipts (回执: what a contact submitted through the web form, confirmed to them) go out at once, day or
   * night, instead of waiting for the next working morning like every other mail (default: they wait).
   */
  receiptsAtOnce: z.boolean().optional(),
  /**
   * Where a moment that falls on a day off goes: the previous or the next working day. Defaults: weekly due
   * → previous (Friday a holiday → Thursday), dispatch → next (the next working day's morning), inspection →
   * previous (the month's last working day), deadline and milestone warnings → previous.
   */
  onDayOff: z.strictObject({
    weeklyDue: z.enum(['previous', 'next']).optional(),
    dispatch: z.enum(['previous', 'next']).optional(),
    inspection: z.enum(['previous', 'next']).optional(),
    warning: z.enum(['previous', 'next']).optional(),
  }).optional(),
}).prefault({});
export type Cadence = z.infer<typeof cadence>;

/**
 * 考核: how the monthly bulletin and `export assessment` score and rank units and leaders. Each weight is the
 * points its criterion gives at best (the defaults add up to 100): the on-time report rate and the completion
 * rate give their share of the points; items behind plan, overdue items and notices received take their share
 * per item away (a unit with as many notices as items gets none of the notices' points).
 */
export const assessment = z.strictObject({
  weights: z.strictObject({
    /** 按时报送率: weekly reports in on time ÷ reports due. */
    onTime: z.number().min(0).max(100).default(30),
    /** 完成率: closed ÷ items. */
    completion: z.number().min(0).max(100).default(30),
    /** 落后序时进度: 1 − items behind plan ÷ items. */
    behindPlan: z.number().min(0).max(100).default(15),
    /** 逾期: 1 − overdue items ÷ items. */
    overdue: z.number().min(0).max(100).default(15),
    /** 督办单: 1 − notices received ÷ items (not below 0). */
    notices: z.number().min(0).max(100).default(10),
  }).prefault({}),
  /** Units and leaders with fewer items are listed apart, not ranked (不参与排名). */
  minItems: z.number().int().min(1).max(1000).default(3),
}).prefault({});
export type AssessmentSettings = z.infer<typeof assessment>;

/**
 * 回头看: what follows an item after acceptance. A long-term item (长期坚持, 持续整改 once accepted) keeps
 * reporting at `longTermReports` (the first weekly due time of each month by default); every accepted item is
 * looked back at `afterMonths` months after its acceptance (销号), its unit asked to confirm the fix holds.
 */
export const lookBack = z.strictObject({
  /** How often a 持续整改 item reports after acceptance: every weekly due time, the first of each month, or of each quarter. */
  longTermReports: z.enum(['weekly', 'monthly', 'quarterly']).default('monthly'),
  /** 回头看: months after acceptance at which the unit is asked whether the fix holds (none: []). */
  afterMonths: z.array(z.number().int().min(1).max(60)).max(12).default([3, 6])
    .refine((m) => new Set(m).size === m.length, { message: 'each month once' }),
}).prefault({});
export type LookBackSettings = z.infer<typeof lookBack>;

const name = text(LIMITS.nameChars);
const list = <T extends z.ZodType>(of: T, max: number) => z.array(of).max(max, `at most ${max}`);

export const person = z.strictObject({
  id: line().min(1).optional(),
  name,
  /**
   * contact (联络员), unitHead (单位负责人), leader (责任领导), secretary (书记), coordinator (专班办公室).
   * What each may see and do once signed in to `rectify serve`: web/directory.ts.
   */
  role: z.enum(['contact', 'unitHead', 'leader', 'secretary', 'coordinator'], {
    error: (i) => (i.input === undefined ? undefined : `not a role: ${JSON.stringify(i.input)} (contact 联络员, unitHead 单位负责人, leader 责任领导, secretary 书记, coordinator 专班办公室)`),
  }),
  unit: name.optional(),
  email,
});
export type Person = z.infer<typeof person>;

export const contactRef = z.union([
  name,
  z.strictObject({ name, email: email.optional() }),
]);


export const milestone = z.strictObject({ date: isoDate, deliverable: text(LIMITS.itemFieldChars) });

export const item = z.strictObject({
  /** As printed in the plan, e.g. "(12)" or "12". */
  id: z.union([text(LIMITS.idChars), z.number().int()]).transform(String),
  section: text(LIMITS.itemFieldChars),
  topic: line().max(LIMITS.itemFieldChars, `at most ${LIMITS.itemFieldChars} characters`).optional(),
  title: line().max(LIMITS.itemFieldChars, `at most ${LIMITS.itemFieldChars} characters`).optional(),
  problem: text(LIMITS.problemChars, true),
  measures: list(text(LIMITS.problemChars), LIMITS.listItems).min(1),
  kind: itemKind,
  leader: name,
  leadUnit: name,
  coUnits: list(name, LIMITS.listItems).default([]),
  contacts: list(contactRef, LIMITS.listItems).min(1),
  deadline: isoDate,
  milestones: list(milestone, LIMITS.listItems).default([]),
});
export type ItemInput = z.infer<typeof item>;

/** 整改进展情况公告 in the campaign file: every key optional; dates as YYYY-MM-DD, the inspection's end not before its start. */
const announcementSettings = z.strictObject({
  inspection: z.strictObject({
    /** 巡察 (default), 巡视 or 督查. */
    kind: line().min(1).max(10).optional(),
    /** Who inspected, e.g. 市委第四联动巡察组. */
    by: line().min(1).max(LIMITS.nameChars).optional(),
    /** Who was inspected, e.g. 高新区 (default: the committee). */
    inspected: line().min(1).max(LIMITS.nameChars).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** On whose arrangement, e.g. 根据省委统一部署. */
    basis: line().min(1).max(LIMITS.itemFieldChars).optional(),
  }).refine((i) => !i.from || !i.to || i.from <= i.to, { message: 'the inspection cannot end (to) before it starts (from)', path: ['to'] }).optional(),
  feedbackDate: isoDate.optional(),
  contact: z.strictObject({
    name: line().min(1).max(LIMITS.nameChars).optional(),
    phone: line().regex(/^[0-9+()\- ]{5,30}$/, 'a phone number (digits, spaces, + - and brackets)').optional(),
    address: line().min(1).max(LIMITS.itemFieldChars).optional(),
    mailbox: email.optional(),
    /** How many days after publication the public may send its views. */
    days: z.number().int().min(1).max(365).optional(),
  }).optional(),
  organisation: z.strictObject({
    title: line().min(1).max(LIMITS.itemFieldChars).optional(),
    paragraphs: z.array(text(LIMITS.problemChars, true)).min(1).max(LIMITS.listItems),
  }).optional(),
  commitments: z.strictObject({
    title: line().min(1).max(LIMITS.itemFieldChars).optional(),
    intro: text(LIMITS.problemChars, true).optional(),
    items: z.array(z.strictObject({ title: line().min(1).max(LIMITS.itemFieldChars), text: text(LIMITS.problemChars, true) })).min(1).max(LIMITS.listItems),
  }).optional(),
}).refine((a) => !a.feedbackDate || !a.inspection?.to || a.feedbackDate >= a.inspection.to,
  { message: 'the feedback date comes after the inspection (inspection.to)', path: ['feedbackDate'] });
const campaignId = z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and -, 2 to 63 characters');

export const campaignFile = z.strictObject({
  campaign: z.strictObject({
    id: campaignId,
    name: line().min(1),
    /** The inspected party committee, as it signs the announcement. */
    committee: line().min(1),
    timeZone: timeZone.default('Asia/Shanghai'),
    start: isoDate,
    /** End of the concentrated period (集中整改期). */
    concentratedEnd: isoDate,
    language: z.enum(['zh', 'en']).default('zh'),
    /** 第二轮: the previous round's campaign id; its open and long-term (持续整改) items come over at `rectify start`. */
    previous: campaignId.optional(),
  }),
  cadence,
  escalation: z.array(rung).min(1).optional(),
  /** 考核: weights and the minimum items of a ranked unit (defaults: see `assessment`). */
  assessment,
  /** 回头看: the report cadence of 持续整改 items and the look-backs after acceptance (defaults: monthly; 3 and 6 months). */
  lookBack,
  /** 督办单: how the office numbers them and who issues them. */
  notices: z.strictObject({
    /** The number as the office prints it: {year} and {n} are replaced (default 督办〔{year}〕第{n}号). */
    format: line().min(1).max(60).refine((f) => f.includes('{n}'), { message: 'must contain {n} (the notice\'s number in its year)' }).optional(),
    /** The issuing office, as it signs the notice (default: 整改工作领导专班办公室). */
    office: line().min(1).max(LIMITS.nameChars).optional(),
  }).optional(),
  /** 整改进展情况公告: the inspection and its feedback (the opening), the public's contact (the closing), sections 一 and 三. */
  announcement: announcementSettings.optional(),
  addresses: z.strictObject({
    workingGroup: z.array(email).min(1),
    committee: z.array(email).min(1),
  }),
  people: z.array(person).default([]),
  items: z.array(item).optional(),
  /** A ledger spreadsheet (.csv or .xlsx), relative to the campaign file. */
  itemsFrom: line().min(1).optional(),
});
export type CampaignFile = z.infer<typeof campaignFile>;
