/**
 * Every signal, update and query of rectify's workflows, and the typed search
 * attributes. Shared by the workflows, the CLI and the tests.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type {
  CampaignPlan, Closeout, DispatchDecision, EscalationRecord, ItemPlan, ItemState, ItemStatus, Light,
  Notice, ProgressReport, Recipient,
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
export const TASK_QUEUE = 'rectify';

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
export interface CampaignSnapshot {
  campaign: CampaignSettings;
  items: ItemStatus[];
  pendingNotices: number;
  itemsToStart: number;
}
export const campaignSnapshotQuery = defineQuery<CampaignSnapshot>('campaignSnapshot');
