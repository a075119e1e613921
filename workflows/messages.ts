/**
 * Every signal, update and query of rectify's workflows, and the typed search
 * attributes. Shared by the workflows, the CLI, the web and the tests.
 *
 * It depends on domain/ only: the shapes these messages carry are defined once
 * in domain/contract.ts (and the update payloads in domain/payloads.ts, as zod
 * schemas); they are re-exported here for the modules that talk to workflows.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import type { ItemPlan, Moment } from '../domain/types';
import type { CampaignPage, CampaignPageRequest } from '../domain/list-page';
import type {
  CampaignProgress, CampaignSettings, CampaignSnapshot, DeskItemChanged, DeskRow, DeskSnapshot, FirstPlan, ItemAnswer, ItemChanged, ItemInput,
  ItemSnapshot, ItemStartCommon, ItemStateChanged, MailTrouble, NoticeNumberRequest, ProgressAttributes, ReplanInput,
} from '../domain/contract';
import type {
  AmendInput, AnnouncementInput, CarryOutInput, CloseoutInput, CorrectionInput, DispatchInput, LookBackInput, NoteInput, NoticeReplyInput, ReopenInput, ReportInput, ReviewInput,
  WithdrawInput,
} from '../domain/payloads';

export { PLAN_AHEAD_MS, progressFingerprint } from '../domain/contract';
export type {
  AuditEntry, CampaignItemRow, CampaignProgress, CampaignSettings, CampaignSnapshot, Correction, DeskItemChanged, DeskRow, DeskSnapshot,
  FirstPlan, ItemAnswer, ItemChanged, ItemSnapshot, ItemStartCommon, ItemStateChanged, ProgressAttributes, ReplanInput,
} from '../domain/contract';
export type {
  AmendInput, AnnouncementInput, CarryOutInput, CloseoutInput, CorrectionInput, DispatchInput, LookBackInput, NoteInput, NoticeReplyInput, ReopenInput, ReportInput, ReviewInput, WithdrawInput,
} from '../domain/payloads';

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
/** 整改时限, YYYY-MM-DD (a keyword: ISO dates sort as text); for the countdown (剩余/逾期 N 个工作日) without a query per item. */
export const DeadlineKey = defineSearchAttributeKey('RectifyDeadline', SearchAttributeType.KEYWORD);

/** 督办单 waiting for the unit's reply: how many (a count, no personal data); the board of a campaign with desks filters on it. */
export const OpenNoticesKey = defineSearchAttributeKey('RectifyOpenNotices', SearchAttributeType.INT);

/** What the servers must have registered (dev server flags, operator service for the test server). */
export const SEARCH_ATTRIBUTES = [CampaignIdKey, ItemIdKey, UnitKey, LeaderKey, StateKey, LightKey, NextDueKey, LastReportKey, PercentKey, DeadlineKey, OpenNoticesKey];

// ── Workflow ids ────────────────────────────────────────────────────────────
export const campaignWorkflowId = (campaignId: string): string => `rectify:${campaignId}`;
export const itemWorkflowId = (campaignId: string, itemKey: string): string => `rectify:${campaignId}:item:${itemKey}`;
/** 收发室: a large campaign's desk n (0-based) gathering the digests of its share of the recipients. */
export const deskWorkflowId = (campaignId: string, n: number): string => `rectify:${campaignId}:desk:${n}`;
export const TASK_QUEUE = 'rectify';
/**
 * The task queue of the campaigns (and their desks) whose items run on `itemQueue`: their own, so that a
 * campaign's workflow tasks (its queries: status, the board, start's progress) never wait behind a city's
 * thousands of item tasks. The worker polls both (worker/index.ts).
 */
export const campaignTaskQueue = (itemQueue: string): string => `${itemQueue}-campaigns`;

// ── Starting an item workflow ──────────────────────────────────────────────
export const progressAttributes = (a: ProgressAttributes): SearchAttributePair[] => [
  { key: StateKey, value: a.state },
  { key: LightKey, value: a.light },
  { key: PercentKey, value: a.percent },
  { key: NextDueKey, value: a.nextDueAt !== null ? new Date(a.nextDueAt) : null },
  { key: LastReportKey, value: a.lastReportAt !== null ? new Date(a.lastReportAt) : null },
] as SearchAttributePair[];

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
      keptTimers: true,
    },
    typedSearchAttributes: [
      { key: CampaignIdKey, value: common.settings.id }, { key: ItemIdKey, value: item.id }, { key: UnitKey, value: item.leadUnit },
      { key: LeaderKey, value: item.leaderId }, { key: DeadlineKey, value: item.deadline }, ...progress,
    ],
  };
}

// ── Item workflow messages ─────────────────────────────────────────────────
export const reportUpdate = defineUpdate<ItemAnswer, [ReportInput]>('report');
export const submitCloseoutUpdate = defineUpdate<ItemAnswer, [CloseoutInput]>('submitCloseout');
export const reviewCloseoutUpdate = defineUpdate<ItemAnswer, [ReviewInput]>('reviewCloseout');
export const dispatchUpdate = defineUpdate<ItemAnswer, [DispatchInput]>('dispatch');
/** Appends a correction of an earlier report (v0.2; guarded by the patch `report-corrections`). */
export const correctReportUpdate = defineUpdate<ItemAnswer, [CorrectionInput]>('correctReport');
/** 整改方案变更: the changed campaign file's plan for the item, approved (`rectify start --amend --approved-by`; patch `plan-changes`). */
export const amendItemUpdate = defineUpdate<ItemAnswer, [AmendInput]>('amendItem');
/** 撤销: an item no longer in the campaign file ends as withdrawn (`rectify start --withdraw --approved-by`). */
export const withdrawItemUpdate = defineUpdate<ItemAnswer, [WithdrawInput]>('withdrawItem');
/** 督办单回复: the unit answers a notice; the reply closes it (v0.4, patch tracked-notices). */
export const noticeReplyUpdate = defineUpdate<ItemAnswer, [NoticeReplyInput]>('noticeReply');
/** 重新打开: the office reopens a closed or long-term item (v0.5, patch look-back). */
export const reopenItemUpdate = defineUpdate<ItemAnswer, [ReopenInput]>('reopenItem');
/** 回头看: the unit answers a look-back; "the problem came back" reopens the item (v0.5). */
export const lookBackUpdate = defineUpdate<ItemAnswer, [LookBackInput]>('lookBack');
/** 备注: an office note on the item's record, in any state (v0.5). */
export const noteUpdate = defineUpdate<ItemAnswer, [NoteInput]>('note');
/** 公示稿: draft, edit or approve the item's announcement text (patch `announcement-text`). */
export const announcementUpdate = defineUpdate<ItemAnswer, [AnnouncementInput]>('announcement');
/** 已转入下一轮: the next round's `rectify start` hands the item over to its item of the same key; the item ends in this round (patch `carried-out`). */
export const carryOutUpdate = defineUpdate<ItemAnswer, [CarryOutInput]>('carryOut');
export const itemSnapshotQuery = defineQuery<ItemSnapshot>('snapshot');
/** The input a next run of the item starts with (its record carried), as continue-as-new would pass it: an ended run is resumed from it (v0.5). */
export const itemContinuationQuery = defineQuery<ItemInput>('continuation');

// ── Both workflows ─────────────────────────────────────────────────────────
export const replanSignal = defineSignal<[ReplanInput]>('replan');

// ── Campaign workflow messages ─────────────────────────────────────────────
export const itemChangedSignal = defineSignal<[ItemChanged]>('itemChanged');
/** Items are handed to the campaign in batches (a city's campaign does not fit one payload). */
export const addItemsUpdate = defineUpdate<{ added: number; known: number }, [ItemPlan[]]>('addItems');
/** A mail activity tells its campaign that its mail keeps failing, or went out after failing (see workflows/mail.ts). */
export const mailTroubleSignal = defineSignal<[MailTrouble]>('mailTrouble');
export const campaignSnapshotQuery = defineQuery<CampaignSnapshot>('campaignSnapshot');
/** 督办单 numbers: the campaign hands out the next of the year, once per key (the issueNotice activity asks). */
export const noticeNumberUpdate = defineUpdate<{ n: number }, [NoticeNumberRequest]>('noticeNumber');
export const campaignProgressQuery = defineQuery<CampaignProgress>('campaignProgress');
/** The campaign's settings alone (zone, language, name): what an item's page needs of it, without the list of 10,000 items. */
export const campaignSettingsQuery = defineQuery<CampaignSettings>('campaignSettings');
/** One page of the list in item order and the whole list's counts (domain/list-page.ts): what `status` reads of a city's campaign. */
export const campaignPageQuery = defineQuery<CampaignPage, [CampaignPageRequest]>('campaignPage');

// ── Campaigns with desks (收发室) ───────────────────────────────────────────
export const itemStateSignal = defineSignal<[ItemStateChanged]>('itemState');

export const deskItemSignal = defineSignal<[DeskItemChanged]>('deskItemChanged');
/** The campaign hands a desk the rows of items about to start (as listed: not started yet); an item speaks only once something changed. */
export const deskRowsSignal = defineSignal<[DeskRow[]]>('deskRows');
/** The campaign's weekly reminder moment: each desk reminds its own contacts. */
export const deskRemindSignal = defineSignal<[Moment]>('deskRemind');
/** Every item is closed: the desk mails what it still holds and ends. */
export const deskWrapUpSignal = defineSignal<[]>('deskWrapUp');
export const deskSnapshotQuery = defineQuery<DeskSnapshot>('deskSnapshot');
