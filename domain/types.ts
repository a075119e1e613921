/**
 * Plain-JSON shapes that cross the workflow boundary. Nothing here imports
 * luxon or Node: workflows import these types and `rules.ts`.
 */
import type { AssessmentSettings, Cadence, ItemKind, Level, LookBackSettings, Role, Rung } from './schema';

export type { Cadence, ItemKind, Level, Role, Rung };

/**
 * 整改状态: 未启动 · 整改中 · 待验收 · 已销号 · 持续整改 · 已退回 · 已撤销 (withdrawn from the plan: recorded, never deleted) ·
 * 已转入下一轮 (carried out: handed over to the next round's campaign, which follows it from then on)
 */
export const STATES = ['notStarted', 'inProgress', 'submitted', 'closed', 'continuing', 'returned', 'withdrawn', 'carriedOut'] as const;
export type ItemState = (typeof STATES)[number];

/** 红黄绿灯; grey for closed items. */
export type Light = 'green' | 'yellow' | 'red' | 'grey';

export interface Recipient {
  name: string;
  email: string;
}

/** One item, normalised: people resolved to names and addresses. */
export interface ItemPlan {
  id: string;
  /** Workflow-safe key derived from id: "(12)" → "12". */
  key: string;
  section: string;
  topic?: string;
  title?: string;
  problem: string;
  measures: string[];
  kind: ItemKind;
  leader: Recipient;
  leadUnit: string;
  coUnits: string[];
  contacts: Recipient[];
  unitHeads: Recipient[];
  /** Directory id of the responsible leader (for search attributes: no names there). */
  leaderId: string;
  deadline: string;
  milestones: { date: string; deliverable: string }[];
  /** 上轮转入: the item comes over from the previous round (campaign file `campaign.previous`), as it stood there. */
  previous?: PreviousRound;
}

/**
 * Where a carried item (上轮转入) comes from: the previous round's campaign and item, and how the item stood there
 * when the new round started (the new round's item starts from this state and percent).
 */
export interface PreviousRound {
  campaignId: string;
  campaignName: string;
  itemId: string;
  key: string;
  state: ItemState;
  percent: number;
  /** A 待验收 item's close-out, waiting for review in the new round (a `Closeout` of domain/payloads.ts, which this module does not import). */
  closeout?: Record<string, unknown>;
}

/**
 * 已转入下一轮: where an item of this round went when the next round's `rectify start` handed it over (its
 * campaign and item), who and when, and how it stood then (the next round started from this state and percent).
 */
export interface CarriedOut {
  at: number;
  by: string;
  campaignId: string;
  campaignName: string;
  itemId: string;
  state: ItemState;
  percent: number;
}

export interface CampaignPlan {
  id: string;
  name: string;
  committee: string;
  timeZone: string;
  start: string;
  concentratedEnd: string;
  language: 'zh' | 'en';
  cadence: Cadence;
  ladder: Rung[];
  /** 督办单: the number's format ({year}, {n}) and the issuing office; absent in plans before v0.4 (the defaults apply). */
  notices?: NoticeSettings;
  workingGroup: string[];
  committeeAddresses: string[];
  /** The directory's name for each working-group and committee address (lower case), shown in mails' To; absent in plans before v0.3. */
  addressNames?: Record<string, string>;
  /** The directory's coordinators (专班办公室, role coordinator): operators' notes go to them (none: to the working group); absent before v0.3. */
  coordinators?: Recipient[];
  /** 考核: weights and the minimum items of a ranked unit; absent in plans before v0.4 (the defaults apply). */
  assessment?: AssessmentSettings;
  /** 回头看 and the reports of 持续整改 items; absent in plans before v0.5 (the defaults apply: `lookBackSettings`). */
  lookBack?: LookBackSettings;
  /** 整改进展情况公告: the inspection, its feedback, the public's contact, sections 一 and 三 (absent: the defaults). */
  announcement?: AnnouncementSettings;
  /** 第二轮: the previous round's campaign id; `rectify start` carries over its open and long-term items (absent: a first round). */
  previous?: string;
  items: ItemPlan[];
}

/** What the announcement's opening, section 一, section 三 and closing say, from the campaign file (all optional). */
export interface AnnouncementSettings {
  /** 巡察/巡视/督查: who inspected whom, from when to when (YYYY-MM-DD), on whose arrangement (根据省委统一部署). */
  inspection?: { kind?: string; by?: string; inspected?: string; from?: string; to?: string; basis?: string };
  /** The day the inspection's findings were fed back (反馈巡察意见), YYYY-MM-DD. */
  feedbackDate?: string;
  /** Where the public sends its views: the office, phone, postal address, mailbox, and for how many days. */
  contact?: { name?: string; phone?: string; address?: string; mailbox?: string; days?: number };
  /** Section 一: how the work was organised, one paragraph each (一是……); absent: paragraphs in the seed's manner. */
  organisation?: { title?: string; paragraphs: string[] };
  /** Section 三: the commitments, (一)(二)(三) …; absent: the seed's three in its manner. */
  commitments?: { title?: string; intro?: string; items: { title: string; text: string }[] };
}

export interface NoticeSettings {
  format: string;
  office: string;
}

/** The defaults of a campaign file without `notices`, in its language. */
export function noticeSettings(given: Partial<NoticeSettings> | undefined, language: 'zh' | 'en'): NoticeSettings {
  return {
    format: given?.format ?? (language === 'en' ? 'Supervision Notice [{year}] No. {n}' : '督办〔{year}〕第{n}号'),
    office: given?.office ?? (language === 'en' ? 'Office of the Rectification Working Group' : '整改工作领导专班办公室'),
  };
}

/** A campaign's look-back settings, the defaults where its plan has none (plans before v0.5). */
export const lookBackSettings = (given: LookBackSettings | undefined): LookBackSettings =>
  given ?? { longTermReports: 'monthly', afterMonths: [3, 6] };

/** A notice's number as the office prints it. */
export const noticeNumber = (format: string, year: number, n: number): string => format.replaceAll('{year}', String(year)).replaceAll('{n}', String(n));

/** What a workflow gets from the calendar activity: an instant, and how a person reads it. */
export interface Moment {
  /** Epoch milliseconds. */
  at: number;
  /** ISO 8601 with offset, in the campaign's time zone. */
  local: string;
  kind: MomentKind;
  /** Stable key: kind + local time (+ milestone index). */
  key: string;
  /** For weekly moments, the due time's index from the campaign start (0, 1, ...). */
  cycle?: number;
  /** For milestones: which one. */
  milestone?: number;
  /**
   * For a moment placed for a trigger (follow-up, deadline and milestone warnings, late notice): its N, the
   * days before or after what it counts from. The key carries it too (`followup+3:…`); read it with `momentNumber`.
   */
  days?: number;
  /** With `days`: whether N counts working days (follow-ups, late notices, `-Nw` warnings) or calendar days. */
  workingDays?: boolean;
  /** For a reminder: the due time it asks for (ISO with offset). */
  dueLocal?: string;
  /** For a `replyDue` moment: the rung whose notice was not answered, and the notice's number. */
  rung?: string;
  number?: string;
  /** Set when the working-day calendar moved the moment: where its rule first put it, and why. */
  moved?: MomentMove;
  /** The same, as a short description: "weekly due Fri 2026-02-20 12:00 is a day off (春节) → previous working day". */
  placedBy?: string;
}

/** How a moment was moved off a day off or out of the night. */
export interface MomentMove {
  /** Where the rule first put it (ISO with offset, campaign zone). */
  from: string;
  /** The day off's name (春节, 国庆节, weekend, 本单位休息日) or "night" (outside working hours). */
  reason: string;
  /** previous / next working day (same time), or the next working morning. */
  to: 'previous' | 'next' | 'morning' | 'earlier';
}

export type MomentKind =
  | 'reminder' // before the weekly due time: digest to contacts
  | 'due' // weekly due time: who has not reported
  | 'followup' // N working days after a due time: still missing?
  | 'summary' // weekly summary to the working group
  | 'dispatch' // dekad dispatch sheet
  | 'inspection' // month-end inspection
  | 'deadlineWarning'
  | 'deadline' // the item's deadline
  | 'deadlineLate' // deadline + N working days
  | 'milestoneWarning'
  | 'milestone'
  | 'replyDue'; // a 督办单's reply deadline (限期回复) passed: not planned by the calendar, kept on the notice itself

/** An escalation or chase, as recorded on the item. */
export interface EscalationRecord {
  rung: string;
  level: Level;
  notice: string;
  cycle: string;
  at: number;
  atLocal: string;
  to: string[];
  reason: string;
  /** Set when the cause is gone. */
  resolvedAt?: number;
}

/**
 * 督办单: a numbered supervision notice a rung issues (rungs with `replyWorkingDays`), once per item and cause,
 * with a reply deadline (限期回复). The unit's reply closes it; no reply by the deadline climbs the ladder.
 */
export interface NoticeRecord {
  /** As the office prints it: 督办〔2026〕第3号. */
  number: string;
  year: number;
  /** Its place in the campaign's count of that year (1, 2, …: no gaps). */
  n: number;
  rung: string;
  level: Level;
  /** The rung's notice name: 督办单(黄), 督办单(红). */
  notice: string;
  /** The escalation it was issued for (`rung@cycle` in the item's record). */
  cycle: string;
  issuedAt: number;
  issuedLocal: string;
  /** The reply deadline, a working day (YYYY-MM-DD), and the instant it passes (the next working morning). */
  replyBy: string;
  replyDueAt: number;
  replyDueLocal: string;
  to: string[];
  reason: string;
  /** The unit's reply (整改措施 and the date it commits to); it closes the notice. */
  reply?: { at: number; measures: string; date: string; by: string };
  /** The reply deadline passed without a reply: the ladder climbed. */
  overdueAt?: number;
  /** 已转入下一轮: never answered, closed when its item was handed over to the next round (nothing waits for it here). */
  carriedOver?: { at: number; campaignId: string; itemId: string };
}

/** A notice as the status (and the registry, digests, `status`) shows it while it waits for its reply. */
export interface OpenNotice {
  number: string;
  notice: string;
  replyBy: string;
  overdue: boolean;
}

/** A line of a digest an item asks the campaign to mail at one moment. */
export interface Notice {
  at: number;
  atLocal: string;
  item: string;
  title?: string;
  kind: 'chase' | 'escalation' | 'warning';
  rung: string;
  level: Level;
  notice: string;
  reason: string;
  to: Recipient[];
  /** The moment's placement, when the working-day calendar moved it. */
  placedBy?: string;
  /** A rung that issues 督办单: the item numbers it and mails it as a document (not in a digest). */
  tracked?: { cycle: string; replyWorkingDays: number };
  /**
   * Campaigns with desks: a notice to people at several desks reaches each desk
   * with its own recipients in `to`; one copy (the first recipient's desk)
   * records the event with every recipient, the others are marked `copy`.
   */
  recordTo?: string[];
  copy?: true;
}

/** An item's status as the campaign keeps it (the registry behind digests and sheets). */
export interface ItemStatus {
  id: string;
  key: string;
  state: ItemState;
  light: Light;
  percent: number;
  lastReportAt?: number;
  lastReportCycle?: number;
  missedInARow: number;
  deadline: string;
  extensions: number;
  overdue: boolean;
  openEscalations: string[];
  lastDecision?: { at: number; instruction: string };
  /** Who answers for it now (a dispatch decision may reassign it). */
  leadUnit?: string;
  contacts?: Recipient[];
  /** After a plan change (整改方案变更): the item's title, section and leader's name as they are now. */
  title?: string;
  section?: string;
  leader?: string;
  /** 督办单 waiting for the unit's reply (absent when none). */
  openNotices?: OpenNotice[];
  /** A 持续整改 item: the weekly cycle whose report it owes next (it is reminded for that due time only). */
  longTermDue?: number;
  /** Closed (已销号) but followed: look-backs (回头看) still to come or unanswered, so its workflow runs on. */
  following?: true;
  /** 回头看 asked and not answered yet: when it was asked (local time) and after how many months. */
  lookBackOwed?: { askedLocal: string; months: number };
  /** 上轮转入: carried over from the previous round (its campaign and item id); absent for an item of this round. */
  carriedFrom?: { campaignId: string; itemId: string };
  /** 已转入下一轮: handed over to the next round (its campaign and item id); absent while the item is this round's. */
  carriedTo?: { campaignId: string; itemId: string };
}

/** Everything that happened, as `simulate` prints it and the sink records it. */
export interface EngineEvent {
  at: string;
  kind: string;
  item?: string;
  items?: string[];
  level?: Level;
  rung?: string;
  notice?: string;
  to: string[];
  subject?: string;
  messageId?: string;
  /** A 督办单's number (the mail that issued it). */
  number?: string;
  /** Why something was refused (simulate's report-refused). */
  reason?: string;
  /** When the working-day calendar moved the moment: where its rule first put it, and why. */
  placedBy?: string;
}
