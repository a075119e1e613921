/**
 * What every mail activity shares: the composed mail, the campaign's language,
 * the stable Message-ID and the one delivery path. Local dates and lines are
 * printed as in documents' mails (documents/text.ts).
 *
 * Idempotency: every mail has a Message-ID derived from campaign, recipient
 * and moment; a retried activity finds it in the sent store and does not mail
 * twice.
 */
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { Language } from '../domain/i18n';
import type { EngineEvent } from '../domain/types';
import { campaignWorkflowId, mailTroubleSignal } from '../workflows/messages';
import type { ActivityDeps } from './deps';

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

/** Sends a composed mail once (the sent store remembers its Message-ID) and records its event either way. */
export type Deliver = (
  campaignId: string, to: string[], key: string, mail: Composed, event: Omit<EngineEvent, 'to' | 'messageId' | 'subject'>, cc?: string[],
  attachments?: Attachment[],
) => Promise<{ messageId: string; sent: boolean }>;

export const deliverer = (deps: ActivityDeps): Deliver => async (campaignId, to, key, mail, event, cc = [], attachments) => {
  const messageId = messageIdFor(campaignId, to.join(','), key);
  const threshold = deps.mailAlertAfterAttempts ?? 3;
  let sent = false;
  if (!(await deps.sent.has(messageId))) {
    try {
      await deps.transport.sendMail({
        from: deps.from, to, cc: cc.length ? cc : undefined, subject: mail.subject, text: mail.text, messageId, attachments,
        headers: { 'X-Rectify-Campaign': campaignId, 'X-Rectify-Moment': key },
      });
    } catch (err) {
      await tellCampaign(campaignId, messageId, true, threshold, err);
      throw err;
    }
    await deps.sent.mark(messageId);
    sent = true;
  }
  await tellCampaign(campaignId, messageId, false, threshold);
  await deps.events.record([{ ...event, to, subject: mail.subject, messageId }]);
  return { messageId, sent };
};
