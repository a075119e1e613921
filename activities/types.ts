/**
 * The activity interface as workflows see it (types only). The implementation
 * is `createActivities` in ./index.ts.
 */
import type { EngineEvent, ItemPlan, ItemStatus, Moment, Notice, Recipient, Rung } from '../domain/types';
import type { CampaignSettings, ItemStartCommon } from '../workflows/messages';

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
  reminder?: { dueLocal?: string; items: { id: string; title?: string; deadline: string; light: string }[] };
  /** Chases, warnings and escalations addressed to this person at this instant. */
  notices: Notice[];
}

export interface DocumentInput {
  campaign: CampaignSettings;
  kind: 'weekly-summary' | 'dispatch-sheet' | 'inspection';
  moment: Moment;
  rows: RegistryRow[];
  /** A campaign with desks passes its item keys only (rows empty): the activity reads each item itself. */
  keys?: string[];
  /** Years the working-day calendar has no official data for (moments there placed by weekends alone). */
  uncoveredYears?: number[];
}

export interface CampaignTimeline {
  moments: Moment[];
  calendarVersion?: string;
  uncoveredYears?: number[];
}

export interface ItemMailInput {
  campaign: Pick<CampaignSettings, 'id' | 'name' | 'language' | 'timeZone'>;
  /** receipt: what a contact submitted through the web form (rectify serve), confirmed to them. */
  kind: 'dispatch-decision' | 'review' | 'receipt';
  /** Stable key for the message id (idempotency). */
  key: string;
  item: { id: string; title?: string };
  to: Recipient[];
  lines: string[];
  atMs: number;
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

export interface RectifyActivities {
  planItemMoments(input: PlanItemInput): Promise<ItemTimeline>;
  planCampaignMoments(input: PlanCampaignInput): Promise<CampaignTimeline>;
  sendDigest(input: DigestInput): Promise<{ messageId: string; sent: boolean }>;
  sendDocument(input: DocumentInput): Promise<{ messageId: string; sent: boolean }>;
  sendItemMail(input: ItemMailInput): Promise<{ messageId: string; sent: boolean }>;
  recordEvents(events: EngineEvent[]): Promise<void>;
  startItemWorkflows(input: StartItemsInput): Promise<{ started: number; running: number }>;
  sendMailAlert(input: MailAlertInput): Promise<{ messageId: string; sent: boolean }>;
}
