/**
 * Mail as the workflows see it: how mail activities are timed and retried,
 * and what the campaign knows about a mail outage (邮件发送失败).
 *
 * A mail activity that keeps failing tells its campaign (the `mailTrouble`
 * signal, sent by the activity itself after a few failed attempts); the
 * campaign opens one outage record, shows it in its snapshot (`rectify
 * status`), logs it once and alerts the working group once; when the mails
 * go out again it closes the record and tells the working group how long
 * mail was down and how many mails went out late.
 */
import type { ActivityOptions } from '@temporalio/workflow';
import type { MailOutage, MailPolicy, MailTrouble } from '../domain/contract';

export type { MailOutage, MailPolicy, MailTrouble } from '../domain/contract';


export function mailActivityOptions(p: MailPolicy = {}): ActivityOptions {
  return {
    // A mail is sent in seconds; a worker that died mid-send is noticed after this and the send retried.
    startToCloseTimeout: `${p.timeoutSeconds ?? 30} seconds`,
    // Retried without limit: nothing is dropped, however long the mail server is down.
    retry: { initialInterval: `${p.retryInitialSeconds ?? 30} seconds`, backoffCoefficient: 2, maximumInterval: `${p.retryMaxSeconds ?? 1800} seconds` },
  };
}



/**
 * The campaign's record after a report at campaign time `at` (`offset`: campaign time minus server time);
 * `opened` when this report starts an outage.
 */
export function noteMailTrouble(o: MailOutage | undefined, t: MailTrouble, at: number, offset = 0): { outage?: MailOutage; opened: boolean } {
  if (t.failing) {
    const since = t.firstAttemptAt !== undefined ? Math.min(at, t.firstAttemptAt + offset) : at;
    if (!o) return { outage: { since, error: t.error ?? '', failing: [t.messageId], late: 0 }, opened: true };
    return {
      outage: { ...o, until: undefined, error: t.error ?? o.error, failing: o.failing.includes(t.messageId) ? o.failing : [...o.failing, t.messageId] },
      opened: false,
    };
  }
  if (!o) return { outage: o, opened: false };
  return {
    outage: { ...o, until: o.until ?? at, failing: o.failing.filter((id) => id !== t.messageId), late: o.late + (t.fromItem ? 1 : 0) },
    opened: false,
  };
}

/** Over: mail works again and every mail reported failing has gone out. */
export const outageOver = (o: MailOutage | undefined): o is MailOutage & { until: number } =>
  o !== undefined && o.until !== undefined && o.failing.length === 0;
