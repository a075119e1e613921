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

/** Timing of mail activities. Production uses the defaults; tests shorten them. */
export interface MailPolicy {
  /** A send taking longer is taken as lost (a dead worker) and retried. Default 30. */
  timeoutSeconds?: number;
  /** First retry after this long, then twice as long each time. Default 30. */
  retryInitialSeconds?: number;
  /** At most this long between retries. Default 1800 (30 minutes). */
  retryMaxSeconds?: number;
}

export function mailActivityOptions(p: MailPolicy = {}): ActivityOptions {
  return {
    // A mail is sent in seconds; a worker that died mid-send is noticed after this and the send retried.
    startToCloseTimeout: `${p.timeoutSeconds ?? 30} seconds`,
    // Retried without limit: nothing is dropped, however long the mail server is down.
    retry: { initialInterval: `${p.retryInitialSeconds ?? 30} seconds`, backoffCoefficient: 2, maximumInterval: `${p.retryMaxSeconds ?? 1800} seconds` },
  };
}

/** What a mail activity tells its campaign: this mail keeps failing, or went out after failing. */
export interface MailTrouble {
  messageId: string;
  failing: boolean;
  /** The mail server's answer (no secrets: SMTP errors carry no credentials). */
  error?: string;
  /** Not the campaign's own mail (an item's decision or review mail, a desk's digest): counted late here, not by the campaign. */
  fromItem?: boolean;
  /** Server time the mail's first attempt was scheduled: when it started failing. */
  firstAttemptAt?: number;
}

/** The outage as the campaign records it (carried across continue-as-new). */
export interface MailOutage {
  /** Campaign time of the first report. */
  since: number;
  /** Campaign time the first failing mail went out again; unset while mail still fails. */
  until?: number;
  error: string;
  /** Message-IDs reported failing and not yet sent. */
  failing: string[];
  /** Mails that went out while the outage was open (failed, or waited behind those that did). */
  late: number;
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
