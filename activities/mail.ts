/**
 * What every mail activity shares: the composed mail, the campaign's language,
 * the stable Message-ID and the one delivery path. Local dates and lines are
 * printed as in documents' mails (documents/text.ts).
 *
 * Idempotency: every mail has a Message-ID derived from campaign, recipient
 * and moment; a retried activity finds it in the sent store and does not mail
 * twice.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { Language } from '../domain/i18n';
import type { EngineEvent } from '../domain/types';
import { campaignWorkflowId, mailTroubleSignal } from '../workflows/messages';
import type { ActivityDeps, SentStore } from './deps';

export interface Composed {
  subject: string;
  text: string;
  /** The items the mail lists (for the event record). */
  items: string[];
}

export const lang = (l: string): Language => (l === 'en' ? 'en' : 'zh');

/** The first line of a mail server's answer, short (an SMTP error carries no credentials). */
const smtpError = (err: unknown): string => {
  const e = err as { response?: unknown; message?: unknown } | undefined;
  return String(typeof e?.response === 'string' ? e.response : e?.message ?? err).split('\n')[0].slice(0, 200);
};

/**
 * A mail activity that keeps failing tells its campaign once (at the Nth attempt),
 * and once more when it finally goes out; outside an activity (no context) nothing is told.
 */
async function tellCampaign(campaignId: string, messageId: string, failing: boolean, threshold: number, err?: unknown): Promise<void> {
  let ctx: Context;
  try { ctx = Context.current(); } catch { return; }
  const { attempt, workflowType, scheduledTimestampMs } = ctx.info;
  if (failing ? attempt !== threshold : attempt <= threshold) return;
  try {
    await ctx.client.workflow.getHandle(campaignWorkflowId(campaignId)).signal(mailTroubleSignal, {
      // Mails of items and desks are counted late here; the campaign counts its own as it sends them.
      messageId, failing, fromItem: workflowType !== 'campaignWorkflow', firstAttemptAt: scheduledTimestampMs,
      ...(err !== undefined ? { error: smtpError(err) } : {}),
    });
  } catch (e) {
    ctx.log.warn('could not tell the campaign about failing mail', { campaign: campaignId, error: smtpError(e) });
  }
}

export function messageIdFor(campaignId: string, recipient: string, key: string): string {
  const h = createHash('sha256').update(`${campaignId}\n${recipient.toLowerCase()}\n${key}`).digest('hex').slice(0, 32);
  return `<${h}@${campaignId}.rectify>`;
}

export interface Attachment { filename: string; content: Buffer | string; contentType: string }

/** Whom a mail goes to: an address, or a person as the campaign's directory has them (name and address). */
export type Addressee = string | { name?: string; email: string };

/** The campaign a mail is about: its id (Message-ID, headers), name (the sender's display name), zone and directory names. */
export type MailCampaign = { id: string; name?: string; timeZone?: string; addressNames?: Record<string, string> };

const emailOf = (a: Addressee): string => (typeof a === 'string' ? a : a.email);

/**
 * An address as mail clients show it, `"周洁" <zhou.jie@example.org>`: the person's name, else the name the
 * directory gives that address; nodemailer encodes the name (RFC 2047) and quotes it.
 */
export function mailAddress(a: Addressee, campaign: MailCampaign): string | { name: string; address: string } {
  const email = emailOf(a);
  const name = (typeof a === 'string' ? undefined : a.name) ?? campaign.addressNames?.[email.toLowerCase()];
  return name && name !== email ? { name, address: email } : email;
}

/**
 * The From of a campaign's mails: the configured address with its display name (RECTIFY_MAIL_FROM_NAME, else
 * the campaign's name); an address given with its own name ("专班办公室 <office@…>") is kept as it is.
 */
export function fromAddress(deps: Pick<ActivityDeps, 'from' | 'fromName'>, campaign: MailCampaign): string | { name: string; address: string } {
  if (deps.from.includes('<')) return deps.from;
  const name = deps.fromName ?? campaign.name;
  return name ? { name, address: deps.from } : deps.from;
}

/**
 * Headers of every mail rectify sends: RFC 3834's Auto-Submitted (no vacation or out-of-office reply to a machine,
 * so no loop), Exchange's X-Auto-Response-Suppress for the same, and rectify's own (campaign, moment, the campaign's
 * zone that `rectify mail` prints times in).
 */
export const mailHeaders = (campaign: MailCampaign, key: string): Record<string, string> => ({
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'All',
  'X-Rectify-Campaign': campaign.id,
  'X-Rectify-Moment': key,
  ...(campaign.timeZone ? { 'X-Rectify-Time-Zone': campaign.timeZone } : {}),
});

/** A claim's holder (this attempt of this activity, in this process) and its lease (the attempt's start-to-close timeout). */
function attempt(): { holder: string; leaseMs: number } {
  try {
    const i = Context.current().info;
    return { holder: `${i.workflowExecution?.workflowId ?? i.activityType}/${i.activityId}/${i.attempt}/${process.pid}`, leaseMs: i.startToCloseTimeoutMs || 60e3 };
  } catch {
    return { holder: `call/${process.pid}/${randomBytes(4).toString('hex')}`, leaseMs: 60e3 };
  }
}

/** Another attempt holds the message's claim: this one is retried (by then the other has sent it, or its lease lapsed). */
export class SendBusy extends Error {}

/**
 * Sends a message at most once across every worker: claimed before sending, marked after, given
 * back when the send failed (the error goes on to the retry). False when it was sent already.
 */
export async function sendOnce(sent: SentStore, messageId: string, send: () => Promise<unknown>): Promise<boolean> {
  const { holder, leaseMs } = attempt();
  const claim = await sent.claim(messageId, holder, leaseMs);
  if (claim === 'sent') return false;
  if (claim === 'busy') throw new SendBusy(`${messageId}: being sent by another attempt; retried`);
  try {
    await send();
  } catch (err) {
    await sent.release(messageId, holder);
    throw err;
  }
  await sent.mark(messageId);
  return true;
}

/** Sends a composed mail once (the sent store remembers its Message-ID) and records its event either way. */
export type Deliver = (
  campaign: MailCampaign, to: Addressee[], key: string, mail: Composed, event: Omit<EngineEvent, 'to' | 'messageId' | 'subject'>, cc?: Addressee[],
  attachments?: Attachment[],
) => Promise<{ messageId: string; sent: boolean }>;

export const deliverer = (deps: ActivityDeps): Deliver => async (campaign, recipients, key, mail, event, copied = [], attachments) => {
  const to = recipients.map(emailOf);
  // The id is the addresses' alone (as before names were shown): a mail sent before an upgrade is not sent again.
  const messageId = messageIdFor(campaign.id, to.join(','), key);
  const threshold = deps.mailAlertAfterAttempts ?? 3;
  const sent = await sendOnce(deps.sent, messageId, async () => {
    try {
      await deps.transport.sendMail({
        from: fromAddress(deps, campaign), to: recipients.map((a) => mailAddress(a, campaign)),
        cc: copied.length ? copied.map((a) => mailAddress(a, campaign)) : undefined,
        subject: mail.subject, text: mail.text, messageId, attachments, headers: mailHeaders(campaign, key),
      });
    } catch (err) {
      await tellCampaign(campaign.id, messageId, true, threshold, err);
      throw err;
    }
  });
  await tellCampaign(campaign.id, messageId, false, threshold);
  await deps.events.record([{ ...event, to, subject: mail.subject, messageId }]);
  return { messageId, sent };
};
