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
  /** Where the documents sent are kept (rectify documents reads it); none: attached to the mail only. */
  documents?: DocumentStore;
  /** Signs a form link per item into reminder and chase digests (rectify serve answers them); none: no links. */
  links?: LinkSettings;
  /** A second mail server, used only to tell the working group that the first one is failing. */
  fallback?: Pick<Transporter, 'sendMail'>;
  /** A mail failing this many attempts in a row tells its campaign that mail is failing (default 3: about 1.5 minutes). */
  mailAlertAfterAttempts?: number;
}
