/** What the activities are built over: the mail transport, the sent-mail store, the event sink, and where data lives. */
import type { Transporter } from 'nodemailer';
import type { EngineEvent } from '../domain/types';
import type { DocumentStore } from '../documents/store';
import type { LinkSettings } from '../config/links';
import type { HolidaysData } from '../domain/holidays';

/**
 * What a claim found: 'claimed' (this attempt sends it now, then marks or releases it), 'sent' (sent
 * already: not again), 'busy' (another attempt, maybe on another host, holds it until its lease ends).
 */
export type Claim = 'claimed' | 'sent' | 'busy';

/**
 * The sent-mail store: a message is claimed, atomically, before it is sent, so that of several
 * workers (one host or many) exactly one sends a Message-ID. A claim whose attempt died (a killed
 * worker) lapses after its lease, the attempt's start-to-close timeout: the retry takes it over.
 */
export interface SentStore {
  claim(messageId: string, holder: string, leaseMs: number): Promise<Claim>;
  /** Sent: marked for good. */
  mark(messageId: string): Promise<void>;
  /** The send failed: the claim is given back at once, for the retry. */
  release(messageId: string, holder: string): Promise<void>;
}

export interface EventSink {
  record(events: EngineEvent[]): Promise<void>;
}

/** The event log as `rectify events` reads it: each event once, in the order recorded. */
export interface EventLog extends EventSink {
  read(): Promise<EngineEvent[]>;
}

/** The official holiday years loaded with `rectify calendar update` (the data folder's holidays.json, or the database's). */
export interface HolidayStore {
  read(): Promise<HolidaysData>;
  /** Replaces what is loaded; says where it went. */
  write(data: HolidaysData): Promise<string>;
}

/**
 * 事项名录 (the item listing): per campaign, per item, what the campaign's own list of a campaign with desks does
 * not keep (domain/contract.ts CampaignItemRow: id, key and state only) and the board shows: the title and
 * section, and the lead unit, leader (directory id and name) and deadline as the campaign file gave them.
 *
 * Title and section change only with a plan change (整改方案变更, `rectify start` on a changed file, which
 * rewrites the item's row); the lead unit, leader and deadline may change after start (a dispatch's
 * reassignment or extension, a plan change): for those the board reads visibility's search attributes
 * (RectifyUnit, RectifyLeader, RectifyDeadline), which follow every change, and the listing only names the
 * leader's id (every leader an item of the campaign was ever given is in it).
 */
export interface ListedItem {
  id: string;
  key: string;
  title: string;
  section: string;
  leadUnit: string;
  leaderId: string;
  /** The leader's name as the campaign file gives it. */
  leader: string;
  deadline: string;
}

export interface ItemListing {
  /**
   * The rows of a batch just started (startItemWorkflows): a row already there is kept (a retried batch writes the
   * same rows; a plan change applied meanwhile is not undone).
   */
  list(campaignId: string, rows: ListedItem[]): Promise<void>;
  /** Rows of changed items (整改方案变更): they replace what was listed. */
  amend(campaignId: string, rows: ListedItem[]): Promise<void>;
  /** Every row of a campaign, in one read (none: the campaign has no listing). */
  read(campaignId: string): Promise<ListedItem[]>;
}

export interface ActivityDeps {
  transport: Pick<Transporter, 'sendMail'>;
  /** The From: address of every mail. */
  from: string;
  /** The From's display name (RECTIFY_MAIL_FROM_NAME); none: the campaign's name. */
  fromName?: string;
  sent: SentStore;
  events: EventSink;
  /** Where loaded holiday years live (holidays.json); default RECTIFY_DATA or ./data. */
  dataDir?: string;
  /** The loaded holiday years of a shared store (read before each plan); none: holidays.json in dataDir. */
  holidays?: HolidayStore;
  /** 事项名录: where startItemWorkflows lists the items it starts (the board of a campaign with desks reads it); none: not listed. */
  listing?: ItemListing;
  /** Where the documents sent are kept (rectify documents reads it); none: attached to the mail only. */
  documents?: DocumentStore;
  /** Signs a form link per item into reminder and chase digests (rectify serve answers them); none: no links. */
  links?: LinkSettings;
  /** A second mail server, used only to tell the working group that the first one is failing. */
  fallback?: Pick<Transporter, 'sendMail'>;
  /** A mail failing this many attempts in a row tells its campaign that mail is failing (default 3: about 1.5 minutes). */
  mailAlertAfterAttempts?: number;
}
