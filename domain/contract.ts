/**
 * The contract at the bottom: every plain-JSON shape that crosses a boundary —
 * between the CLI or the web and the workflows (snapshots, answers), between
 * workflows (signals), and between workflows and activities (inputs, results).
 * One definition each; workflows/messages.ts defines the signals, updates and
 * queries over them, activities/types.ts the activity interface. Update
 * payloads (what people submit) are defined once, as zod schemas, in
 * ./payloads.ts.
 *
 * Types only (and two pure constants): workflows, activities, documents, the
 * CLI and the web all import it.
 */
import type {
  CampaignPlan, CarriedOut, EscalationRecord, ItemPlan, ItemState, ItemStatus, Light, Moment, Notice, NoticeRecord, OpenNotice, Recipient, Rung,
} from './types';
import type { Closeout, DispatchDecision, ProgressReport } from './payloads';
import type { AnnouncementText } from './announcement-text';
import type { ScheduledDocumentKind } from './documents';

// ── The campaign ──────────────────────────────────────────────────────────
/** The campaign without its items: what every item workflow carries. */
export type CampaignSettings = Omit<CampaignPlan, 'items'>;

// ── Starting an item workflow ─────────────────────────────────────────────
/** What every item of a campaign is started with. */
export interface ItemStartCommon {
  settings: CampaignSettings;
  campaignWorkflowId: string;
  clockOffsetMs?: number;
  historyLimit?: number;
  desks?: number;
  /** Timing of mail activities (tests shorten it). */
  mail?: MailPolicy;
}

/** How far ahead one calendar call plans an item's (or the campaign's) moments. */
export const PLAN_AHEAD_MS = 8 * 7 * 24 * 3600 * 1000;

/**
 * What visibility shows of an item's progress: the search attributes that
 * change. Times are the server's (without a simulation's clock offset).
 */
export interface ProgressAttributes { state: ItemState; light: Light; percent: number; nextDueAt: number | null; lastReportAt: number | null }

/** Equal fingerprints: nothing to upsert. */
export const progressFingerprint = (a: ProgressAttributes): string => JSON.stringify([a.state, a.light, a.percent, a.nextDueAt, a.lastReportAt]);

/**
 * An item's first plan, made by the activity that starts it: the item's first
 * task then needs no calendar call and no search-attribute upsert (a city's
 * start is 10,000 local activities and 10,000 visibility writes lighter).
 */
export interface FirstPlan {
  /** Campaign time the plan starts at (the campaign's clock when it handed the batch over). */
  fromMs: number;
  untilMs: number;
  timeline: ItemTimeline;
  /** The progress attributes the item is started with. */
  attributes: ProgressAttributes;
}

export interface ItemInput {
  campaign: CampaignSettings;
  item: ItemPlan;
  campaignWorkflowId: string;
  /** Only `simulate` sets this: campaign time = server time + offset. */
  clockOffsetMs?: number;
  /** History events before continuing as new (default 2000; tests set it low). */
  historyLimit?: number;
  /** 收发室: the campaign shares out its mail over this many desks (0 or absent: the campaign gathers it). */
  desks?: number;
  /** Timing of mail activities (the campaign's; tests shorten it). */
  mail?: MailPolicy;
  /** The first plan, made by the activity that started the item (absent: the item asks the calendar). */
  firstPlan?: FirstPlan;
  /**
   * Set for items started since v0.2: the item sleeps through moments that would change nothing (a due time
   * whose report is in, a follow-up with nothing missing), and its next due time is the next one still owed.
   * Absent in histories of older items, which keep waking at every moment.
   */
  quietMoments?: boolean;
  /**
   * The loop waits on timers it does not cancel when they are due about now (workflows/wait.ts). Set for every item
   * started since; older items take it up under the patch kept-timers (a marker and a search-attribute upsert that a
   * new item need not carry).
   */
  keptTimers?: boolean;
  /**
   * A closed item whose workflow ended on 销号 (accepted before v0.5), started again under its id to take a
   * reopening, a note or a correction: the run waits for that update before it may end again.
   */
  resumed?: boolean;
  carried?: ItemCarried;
}

/** Plain JSON carried across continue-as-new. */
export interface ItemCarried {
  item: ItemPlan;
  state: ItemState;
  percent: number;
  reports: ProgressReport[];
  decisions: DispatchDecision[];
  escalations: EscalationRecord[];
  closeout?: Closeout;
  reviews: ItemSnapshot['reviews'];
  log: AuditEntry[];
  reportedCycles: number[];
  missedCycles: number[];
  missedInARow: number;
  redInspections: number;
  milestonesDelivered: number[];
  extensions: number;
  fired: string[];
  /** Moments up to this instant have been handled. */
  cursorMs: number;
  requestIds: string[];
  /** Mails to the contacts about a decision or review, sent by the main loop (an update never waits on SMTP). */
  outbox: ItemMailInput[];
  /** Corrections of reports (更正), appended; absent in records carried by v0.1. */
  corrections?: Correction[];
  /** The item as the campaign file gave it last (整改方案变更): set by a plan change; absent, the plan the item started with. */
  planned?: ItemPlan;
  /** 督办单 issued to this item, oldest first; absent before v0.4. */
  notices?: NoticeRecord[];
  /**
   * Accepted since v0.5 (patch `look-back`): when, and whether its look-backs are planned. The item is followed
   * after acceptance (a 持续整改 item keeps reporting; its workflow runs until its last look-back is answered).
   * A reopening clears it; absent, the item ends on 销号 as before.
   */
  accepted?: { at: number; planned: boolean };
  /** 回头看: every look-back planned, asked and answered, oldest first (absent before v0.5). */
  lookBacks?: LookBackCheck[];
  /** 公示稿: the item's paragraph in the public announcement, drafted, edited, approved (absent until drafted). */
  announcement?: AnnouncementText;
  /** 已转入下一轮: handed over to the next round (patch `carried-out`); absent while the item is this round's. */
  carriedOut?: CarriedOut;
}

/** 回头看: one look-back of an accepted item, N months after its acceptance. */
export interface LookBackCheck {
  /** The acceptance it follows (a reopened item accepted again is looked back at anew). */
  acceptedAt: number;
  months: number;
  /** When it is due (campaign time) and as the campaign's clock reads it. */
  at: number;
  local: string;
  /** The unit was asked (mailed). */
  askedAt?: number;
  /** The unit's answer: the fix holds, or the problem came back (which reopens the item). */
  answer?: { at: number; holds: boolean; note?: string; by: string };
  /** Asked, not answered, when the item was reopened: settled by the reopening. */
  settledAt?: number;
}

// ── What an item answers and shows ────────────────────────────────────────
/** What an update on an item answers. */
export interface ItemAnswer {
  item: string;
  state: ItemState;
  light: Light;
  message: string;
}

/** The whole record of an item, as `status --item` and the history show it. */
export interface ItemSnapshot {
  item: ItemPlan;
  status: ItemStatus;
  nextDue?: { at: number; local: string };
  reports: ProgressReport[];
  decisions: DispatchDecision[];
  escalations: EscalationRecord[];
  closeout?: Closeout;
  reviews: { at: number; accepted: boolean; reason?: string; by: string }[];
  log: AuditEntry[];
  /** Indexes (0-based) of the milestones reports have delivered. */
  milestonesDelivered?: number[];
  /** The weekly cycles whose due time passed without a report (漏报), as 考核 counts them; absent before v0.4. */
  missedCycles?: number[];
  /** Corrections of reports, oldest first (absent before v0.2). */
  corrections?: Correction[];
  /** Decision, review and receipt mails decided but not yet sent (waiting for working time, or for the mail server). */
  mailsWaiting?: MailWaiting[];
  /** The item as the campaign file gave it last (the plan it started with, or its last plan change): `rectify start` compares the file with it. */
  planned?: ItemPlan;
  /** 督办单 issued to the item, oldest first (absent before v0.4). */
  notices?: NoticeRecord[];
  /** 回头看 planned, asked and answered, oldest first (absent before v0.5). */
  lookBacks?: LookBackCheck[];
  /** 公示稿 (absent until drafted). */
  announcement?: AnnouncementText;
  /** 已转入下一轮: where the item went, who handed it over and when (absent while the item is this round's). */
  carriedOut?: CarriedOut;
}

/** A mail to the item's people that has not gone out yet: what, to whom (names), decided when, due when (absent until placed). */
export interface MailWaiting {
  kind: ItemMailInput['kind'];
  to: string[];
  decidedAt: number;
  sendAt?: number;
}

/** A correction on record: which report it corrects and what the report should have said. */
export interface Correction {
  at: number;
  by: string;
  /** The entry of the record it names (1-based). */
  corrects: number;
  /** Index (0-based) of the corrected report in `reports`. */
  report: number;
  progress: string;
  percent?: number;
  evidence?: string[];
  reason?: string;
}

/** The append-only record of an item: every change, who did it, when. */
export interface AuditEntry {
  at: number;
  what: 'started' | 'report' | 'closeout' | 'review' | 'dispatch' | 'escalation' | 'state' | 'missed' | 'continued' | 'correction' | 'amendment' | 'withdrawal' | 'notice' | 'reply'
    | 'lookBack' | 'lookBackAnswer' | 'reopen' | 'note' | 'announcement' | 'carriedIn' | 'carriedOut';
  by: string;
  detail: string;
  /** A correction: the number (1-based) of the entry it corrects. */
  corrects?: number;
}

// ── Signals between workflows ─────────────────────────────────────────────
/**
 * The working-day calendar changed (`rectify calendar update` loaded a year):
 * drop the planned moments and plan again from where the workflow left off.
 * The new moments come from the calendar activity, so replay stays deterministic.
 */
export interface ReplanInput {
  reason?: string;
}

/** An item tells its campaign what changed and what it wants mailed. */
export interface ItemChanged {
  status: ItemStatus;
  notices: Notice[];
}

/** An item of a campaign with desks tells its state to the campaign (which only needs the state). */
export interface ItemStateChanged {
  key: string;
  state: ItemState;
  /** Closed but followed (look-backs to come): the campaign runs on (absent: not followed). */
  following?: true;
}

/** What a desk keeps of an item: its status, who to remind, and what the reminder says of it. */
export type DeskRow = ItemStatus & { title?: string; contacts: Recipient[] };

/** An item tells a desk its status (when one of its contacts is at that desk) and the notices for that desk's people. */
export interface DeskItemChanged {
  status?: DeskRow;
  notices: Notice[];
}

// ── Snapshots of the campaign and its desks ───────────────────────────────
/**
 * The campaign's own list. A campaign without desks keeps every item's whole
 * status; one with desks keeps only id, key and state (the rest is in each
 * item's snapshot and in visibility).
 */
export type CampaignItemRow = Pick<ItemStatus, 'id' | 'key' | 'state'> & Partial<ItemStatus>;

export interface CampaignSnapshot {
  campaign: CampaignSettings;
  items: CampaignItemRow[];
  pendingNotices: number;
  itemsToStart: number;
  /** Desks sharing out the digests (0 or absent: the campaign gathers them itself). */
  desks?: number;
  /** Set while mail is failing (邮件发送失败), until the working group has been told it is back. */
  mailOutage?: Pick<MailOutage, 'since' | 'until' | 'error' | 'late'> & {
    /** Mails failing now, plus the digests waiting behind them. */
    waiting: number;
    /** Moments already due that the campaign has not reached yet (their mails come on top). */
    momentsWaiting: number;
  };
}

/** How far starting has got, without the list (a city's list is megabytes; `start` asks every fraction of a second). */
export interface CampaignProgress {
  items: number;
  itemsToStart: number;
  desks: number;
}

export interface DeskSnapshot {
  desk: number;
  items: number;
  pendingNotices: number;
  pendingDigests: number;
}

// ── Mail as the workflows see it ──────────────────────────────────────────
/** Timing of mail activities. Production uses the defaults; tests shorten them. */
export interface MailPolicy {
  /** A send taking longer is taken as lost (a dead worker) and retried. Default 30. */
  timeoutSeconds?: number;
  /** First retry after this long, then twice as long each time. Default 30. */
  retryInitialSeconds?: number;
  /** At most this long between retries. Default 1800 (30 minutes). */
  retryMaxSeconds?: number;
}

/** What a mail activity tells its campaign: this mail keeps failing, or went out after failing. */
export interface MailTrouble {
  messageId: string;
  failing: boolean;
  /** The mail server's answer (no secrets: SMTP errors carry no credentials). */
  error?: string;
  /** Not the campaign's own mail (an item's decision or review mail, a desk's digest): counted late here, not by the campaign. */
  fromItem?: boolean;
  /** Server time the mail's first attempt was scheduled: when it started failing. */
  firstAttemptAt?: number;
}

/** The outage as the campaign records it (carried across continue-as-new). */
export interface MailOutage {
  /** Campaign time of the first report. */
  since: number;
  /** Campaign time the first failing mail went out again; unset while mail still fails. */
  until?: number;
  error: string;
  /** Message-IDs reported failing and not yet sent. */
  failing: string[];
  /** Mails that went out while the outage was open (failed, or waited behind those that did). */
  late: number;
}

// ── Activity inputs and results ───────────────────────────────────────────
export interface ItemTimeline {
  moments: Moment[];
  /** The working-day calendar the moments were placed with (its data's fingerprint): pinned in history. */
  calendarVersion?: string;
  /** Years of these moments that no official data covers: placed by weekends alone. */
  uncoveredYears?: number[];
  /** Campaign start 00:00 local, the deadline moment, each milestone moment: epoch ms. */
  startAt: number;
  deadlineAt: number;
  milestoneAts: number[];
}

export interface PlanItemInput {
  settings: Pick<CampaignSettings, 'timeZone' | 'start' | 'cadence'>;
  ladder: Rung[];
  deadline: string;
  milestones: { date: string }[];
  fromMs: number;
  untilMs: number;
  /** A deadline that passed in [catchUpFromMs, fromMs) unhandled (an item started late) is still returned, first. */
  catchUpFromMs?: number;
}

export interface PlanCampaignInput {
  settings: Pick<CampaignSettings, 'timeZone' | 'start' | 'cadence'>;
  fromMs: number;
  untilMs: number;
}

export interface CampaignTimeline {
  moments: Moment[];
  calendarVersion?: string;
  uncoveredYears?: number[];
}

/** A registry row as documents need it. */
export interface RegistryRow extends ItemStatus {
  section: string;
  title?: string;
  leadUnit: string;
  leader: string;
  contacts: Recipient[];
}

/** One mail to one person for one instant: the weekly reminder and/or the notices due then. */
export interface DigestInput {
  /** start and cadence (the campaign passes its settings whole) let a form link expire at the next due time. */
  campaign: Pick<CampaignSettings, 'id' | 'name' | 'language' | 'timeZone'> & Partial<Pick<CampaignSettings, 'start' | 'cadence'>>;
  /** The instant, ISO with offset: with the recipient it makes the Message-ID. */
  atLocal: string;
  /** 1 for the instant's digest; 2, 3 … for notices that arrived after it went out. */
  round?: number;
  recipient: Recipient;
  /** 周报告提醒: the items to report on, and by when. */
  reminder?: { dueLocal?: string; items: { id: string; title?: string; deadline: string; light: string; openNotices?: OpenNotice[] }[] };
  /** Chases, warnings and escalations addressed to this person at this instant. */
  notices: Notice[];
}

export interface DocumentInput {
  campaign: CampaignSettings;
  kind: ScheduledDocumentKind;
  moment: Moment;
  rows: RegistryRow[];
  /** A campaign with desks passes its item keys only (rows empty): the activity reads each item itself. */
  keys?: string[];
  /** Years the working-day calendar has no official data for (moments there placed by weekends alone). */
  uncoveredYears?: number[];
}

export interface ItemMailInput {
  campaign: Pick<CampaignSettings, 'id' | 'name' | 'language' | 'timeZone'>;
  /** receipt: what a contact submitted through the web form (rectify serve), confirmed to them; notice: a 督办单, with its Word and HTML attached. */
  kind: 'dispatch-decision' | 'review' | 'receipt' | 'plan-change' | 'notice' | 'look-back' | 'reopen';
  /** For a 督办单: what the document says. */
  notice?: NoticeDocument;
  /** Stable key for the message id (idempotency). */
  key: string;
  item: { id: string; title?: string };
  to: Recipient[];
  lines: string[];
  /** When it was decided (campaign time, epoch ms). */
  atMs: number;
  /** When it may go out (next working morning when decided outside working hours); absent until placed, and in histories before the patch. */
  sendAtMs?: number;
  /** Why it waits (for its event record). */
  placedBy?: string;
}

/** A 督办单 as it is laid out (documents/notice.ts): number, item, problem, what is overdue, what is required, reply deadline, office, date. */
export interface NoticeDocument {
  number: string;
  notice: string;
  rung: string;
  level: NoticeRecord['level'];
  item: { id: string; title?: string; problem: string; leadUnit: string; leader: string; deadline: string; measures: string[] };
  /** Why it was issued (the rung's reason): what is overdue. */
  reason: string;
  replyBy: string;
  issuedLocal: string;
  office: string;
  /** Who it is addressed to, by name. */
  to: string[];
}

/** Number a 督办单 and work out its reply deadline (the issueNotice activity). */
export interface IssueNoticeInput {
  campaign: Pick<CampaignSettings, 'id' | 'timeZone' | 'start' | 'cadence' | 'language' | 'notices'>;
  /** Idempotency: the same key always gets the same number (a retried activity leaves no gap). */
  key: string;
  atMs: number;
  replyWorkingDays: number;
}

export interface IssuedNotice {
  number: string;
  year: number;
  n: number;
  replyBy: string;
  replyDueAt: number;
  replyDueLocal: string;
}

/** What the campaign's numbering update is asked and answers: the next number of the year, once per key. */
export interface NoticeNumberRequest { key: string; year: number }

/** Where an item's mail goes on the calendar: its kind (receipts may go at once) and when it was decided. */
export interface PlaceItemMailInput {
  settings: Pick<CampaignSettings, 'timeZone' | 'start' | 'cadence'>;
  kind: ItemMailInput['kind'];
  atMs: number;
}

/** 回头看: when to look back at an item accepted at `fromMs` (the planLookBacks activity). */
export interface PlanLookBacksInput {
  settings: Pick<CampaignSettings, 'timeZone' | 'start' | 'cadence'>;
  fromMs: number;
  months: number[];
}

/** A batch of a campaign's items to start as workflows (idempotent: one already running is left alone). */
export interface StartItemsInput {
  common: ItemStartCommon;
  taskQueue: string;
  items: ItemPlan[];
  /** The campaign's clock when it handed the batch over: each item is started with its first plan from then (absent: the items plan themselves). */
  nowMs?: number;
}

/** The working group told about a mail outage: while it lasts (through the fallback server, if any), and once it is over. */
export interface MailAlertInput {
  campaign: Pick<CampaignSettings, 'id' | 'name' | 'language' | 'timeZone' | 'workingGroup'>;
  phase: 'failing' | 'recovered';
  /** Campaign time, epoch ms. */
  since: number;
  until?: number;
  error: string;
  /** failing: mails waiting; recovered: mails that went out late. */
  count: number;
}
