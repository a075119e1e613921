/** What the activities are built over: the mail transport, the sent-mail store, the event sink, and where data lives. */
import type { Transporter } from 'nodemailer';
import type { EngineEvent } from '../domain/types';
import type { DocumentStore } from '../documents/store';
import type { LinkSettings } from '../config/links';

export interface SentStore {
  has(messageId: string): Promise<boolean>;
  mark(messageId: string): Promise<void>;
}

export interface EventSink {
  record(events: EngineEvent[]): Promise<void>;
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
  /** Where the documents sent are kept (rectify documents reads it); none: attached to the mail only. */
  documents?: DocumentStore;
  /** Signs a form link per item into reminder and chase digests (rectify serve answers them); none: no links. */
  links?: LinkSettings;
  /** A second mail server, used only to tell the working group that the first one is failing. */
  fallback?: Pick<Transporter, 'sendMail'>;
  /** A mail failing this many attempts in a row tells its campaign that mail is failing (default 3: about 1.5 minutes). */
  mailAlertAfterAttempts?: number;
}
