/**
 * Every signal, update and query of rectify's workflows, and the typed search
 * attributes. Shared by the workflows, the CLI and the tests.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import type { ItemInput } from './item';
import type { ItemTimeline } from '../activities/types';
import type { MailOutage, MailPolicy, MailTrouble } from './mail';
import type {
  CampaignPlan, Closeout, DispatchDecision, EscalationRecord, ItemPlan, ItemState, ItemStatus, Light,
  Moment, Notice, ProgressReport, Recipient,
} from '../domain/types';

// ── Search attributes (no personal data: ids, units, states only) ──────────
export const CampaignIdKey = defineSearchAttributeKey('RectifyCampaign', SearchAttributeType.KEYWORD);
export const ItemIdKey = defineSearchAttributeKey('RectifyItem', SearchAttributeType.KEYWORD);
export const UnitKey = defineSearchAttributeKey('RectifyUnit', SearchAttributeType.KEYWORD);
export const LeaderKey = defineSearchAttributeKey('RectifyLeader', SearchAttributeType.KEYWORD);
export const StateKey = defineSearchAttributeKey('RectifyState', SearchAttributeType.KEYWORD);
export const LightKey = defineSearchAttributeKey('RectifyLight', SearchAttributeType.KEYWORD);
export const NextDueKey = defineSearchAttributeKey('RectifyNextDue', SearchAttributeType.DATETIME);
export const LastReportKey = defineSearchAttributeKey('RectifyLastReport', SearchAttributeType.DATETIME);
export const PercentKey = defineSearchAttributeKey('RectifyPercent', SearchAttributeType.INT);

/** What the servers must have registered (dev server flags, operator service for the test server). */
export const SEARCH_ATTRIBUTES = [CampaignIdKey, ItemIdKey, UnitKey, LeaderKey, StateKey, LightKey, NextDueKey, LastReportKey, PercentKey];

// ── Workflow ids ────────────────────────────────────────────────────────────
export const campaignWorkflowId = (campaignId: string): string => `rectify:${campaignId}`;
export const itemWorkflowId = (campaignId: string, itemKey: string): string => `rectify:${campaignId}:item:${itemKey}`;
/** 收发室: a large campaign's desk n (0-based) gathering the digests of its share of the recipients. */
export const deskWorkflowId = (campaignId: string, n: number): string => `rectify:${campaignId}:desk:${n}`;
export const TASK_QUEUE = 'rectify';

// ── Starting an item workflow ──────────────────────────────────────────────
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
export const progressAttributes = (a: ProgressAttributes): SearchAttributePair[] => [
  { key: StateKey, value: a.state },
  { key: LightKey, value: a.light },
  { key: PercentKey, value: a.percent },
  { key: NextDueKey, value: a.nextDueAt !== null ? new Date(a.nextDueAt) : null },
  { key: LastReportKey, value: a.lastReportAt !== null ? new Date(a.lastReportAt) : null },
] as SearchAttributePair[];

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

/** An item workflow's id, input and search attributes: the same whoever starts it (the campaign, or its startItems activity). */
export function itemStart(common: ItemStartCommon, item: ItemPlan, firstPlan?: FirstPlan): { workflowId: string; input: ItemInput; typedSearchAttributes: SearchAttributePair[] } {
  const progress: SearchAttributePair[] = firstPlan
    ? progressAttributes(firstPlan.attributes).filter((a) => a.value !== null)
    : [{ key: StateKey, value: 'notStarted' }, { key: LightKey, value: 'green' }];
  return {
    workflowId: itemWorkflowId(common.settings.id, item.key),
    input: {
      campaign: common.settings, item, campaignWorkflowId: common.campaignWorkflowId, clockOffsetMs: common.clockOffsetMs,
      historyLimit: common.historyLimit, mail: common.mail, ...(common.desks ? { desks: common.desks } : {}),
      ...(firstPlan ? { firstPlan } : {}),
      // Every item started since v0.2 sleeps through quiet moments (workflows/item.ts).
      quietMoments: true,
    },
    typedSearchAttributes: [
      { key: CampaignIdKey, value: common.settings.id }, { key: ItemIdKey, value: item.id }, { key: UnitKey, value: item.leadUnit },
      { key: LeaderKey, value: item.leaderId }, ...progress,
    ],
  };
}

// ── Payloads ────────────────────────────────────────────────────────────────
/** The campaign without its items: what every item workflow carries. */
export type CampaignSettings = Omit<CampaignPlan, 'items'>;

export interface ReportInput {
  progress: string;
  percent?: number;
  evidence?: string[];
  by: string;
  /** Index (0-based) of a milestone this report delivers. */
  milestoneDelivered?: number;
  requestId?: string;
  /** Confirm by mail to this person (the web form sets it; the receipt goes through the item's outbox). */
  receipt?: Recipient;
}

/**
 * 更正: corrects a report already on record. The report stays as it was; the
 * correction is a new entry of the record that names the entry it corrects.
 */
export interface CorrectionInput {
  /** The number of the corrected entry in the item's record (1-based, as `rectify history` numbers it): a report or a correction. */
  corrects: number;
  /** The report's text as it should have been. */
  progress: string;
  percent?: number;
  evidence?: string[];
  reason?: string;
  by: string;
  requestId?: string;
}

export interface CloseoutInput {
  closeout: Omit<Closeout, 'at'>;
  requestId?: string;
  receipt?: Recipient;
}

export interface ReviewInput {
  accept: boolean;
  reason?: string;
  by: string;
}

export interface DispatchInput {
  instruction: string;
  newDeadline?: string;
  approvedBy?: string;
  reassignTo?: { leadUnit?: string; contacts?: Recipient[]; unitHeads?: Recipient[] };
  by: string;
  requestId?: string;
}

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
  /** Corrections of reports, oldest first (absent before v0.2). */
  corrections?: Correction[];
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
  what: 'started' | 'report' | 'closeout' | 'review' | 'dispatch' | 'escalation' | 'state' | 'missed' | 'continued' | 'correction';
  by: string;
  detail: string;
  /** A correction: the number (1-based) of the entry it corrects. */
  corrects?: number;
}

// ── Item workflow messages ─────────────────────────────────────────────────
export const reportUpdate = defineUpdate<ItemAnswer, [ReportInput]>('report');
export const submitCloseoutUpdate = defineUpdate<ItemAnswer, [CloseoutInput]>('submitCloseout');
export const reviewCloseoutUpdate = defineUpdate<ItemAnswer, [ReviewInput]>('reviewCloseout');
export const dispatchUpdate = defineUpdate<ItemAnswer, [DispatchInput]>('dispatch');
/** Appends a correction of an earlier report (v0.2; guarded by the patch `report-corrections`). */
export const correctReportUpdate = defineUpdate<ItemAnswer, [CorrectionInput]>('correctReport');
export const itemSnapshotQuery = defineQuery<ItemSnapshot>('snapshot');

// ── Both workflows ─────────────────────────────────────────────────────────
/**
 * The working-day calendar changed (`rectify calendar update` loaded a year):
 * drop the planned moments and plan again from where the workflow left off.
 * The new moments come from the calendar activity, so replay stays deterministic.
 */
export interface ReplanInput {
  reason?: string;
}
export const replanSignal = defineSignal<[ReplanInput]>('replan');

// ── Campaign workflow messages ─────────────────────────────────────────────
/** An item tells its campaign what changed and what it wants mailed. */
export interface ItemChanged {
  status: ItemStatus;
  notices: Notice[];
}
export const itemChangedSignal = defineSignal<[ItemChanged]>('itemChanged');
/** Items are handed to the campaign in batches (a city's campaign does not fit one payload). */
export const addItemsUpdate = defineUpdate<{ added: number; known: number }, [ItemPlan[]]>('addItems');
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
/** A mail activity tells its campaign that its mail keeps failing, or went out after failing (see workflows/mail.ts). */
export const mailTroubleSignal = defineSignal<[MailTrouble]>('mailTrouble');
export const campaignSnapshotQuery = defineQuery<CampaignSnapshot>('campaignSnapshot');
/** How far starting has got, without the list (a city's list is megabytes; `start` asks every fraction of a second). */
export interface CampaignProgress {
  items: number;
  itemsToStart: number;
  desks: number;
}
export const campaignProgressQuery = defineQuery<CampaignProgress>('campaignProgress');

// ── Campaigns with desks (收发室) ───────────────────────────────────────────
/** An item of a campaign with desks tells its state to the campaign (which only needs the state). */
export interface ItemStateChanged {
  key: string;
  state: ItemState;
}
export const itemStateSignal = defineSignal<[ItemStateChanged]>('itemState');

/** What a desk keeps of an item: its status, who to remind, and what the reminder says of it. */
export type DeskRow = ItemStatus & { title?: string; contacts: Recipient[] };
/** An item tells a desk its status (when one of its contacts is at that desk) and the notices for that desk's people. */
export interface DeskItemChanged {
  status?: DeskRow;
  notices: Notice[];
}
export const deskItemSignal = defineSignal<[DeskItemChanged]>('deskItemChanged');
/** The campaign hands a desk the rows of items about to start (as listed: not started yet); an item speaks only once something changed. */
export const deskRowsSignal = defineSignal<[DeskRow[]]>('deskRows');
/** The campaign's weekly reminder moment: each desk reminds its own contacts. */
export const deskRemindSignal = defineSignal<[Moment]>('deskRemind');
/** Every item is closed: the desk mails what it still holds and ends. */
export const deskWrapUpSignal = defineSignal<[]>('deskWrapUp');
export interface DeskSnapshot {
  desk: number;
  items: number;
  pendingNotices: number;
  pendingDigests: number;
}
export const deskSnapshotQuery = defineQuery<DeskSnapshot>('deskSnapshot');
