/**
 * sendMailAlert: the working group told that mail is failing (through the
 * fallback server, if any) or that it was down and is back; its wording is
 * composeMailAlert, below.
 */
import { DateTime } from 'luxon';
import { formatLocal } from '../domain/calendar';
import { T } from '../domain/i18n';
import type { ActivityDeps } from './deps';
import { fromAddress, lang, mailAddress, mailHeaders, messageIdFor, sendOnce, type Composed } from './mail';
import { mailDate } from '../documents/text';
import type { MailAlertInput, RectifyActivities } from './types';

/** To the working group: mail is failing (through the fallback server), or it was down and is back. */
export function composeMailAlert(a: MailAlertInput): Composed {
  const l = lang(a.campaign.language);
  const t = T[l];
  const at = (ms: number): string => mailDate(DateTime.fromMillis(ms).toISO()!, a.campaign.timeZone, l);
  if (a.phase === 'failing') {
    return l === 'en' ? {
      subject: `[Mail failing] ${a.campaign.name}`,
      text: [`The mail server has been refusing rectify's mails since ${at(a.since)} (${a.error}).`,
        `${a.count} mail(s) are waiting. They are retried with backoff and go out in order once the server answers; nothing is dropped.`,
        'You will get one more mail when mail works again. Meanwhile `rectify status` shows the outage.', '', t.footer].join('\n'),
      items: [],
    } : {
      subject: `【邮件发送失败】${a.campaign.name}`,
      text: [`自 ${at(a.since)} 起，邮件服务器拒收本系统邮件（${a.error}）。`,
        `目前有 ${a.count} 封邮件待发。系统将按退避间隔自动重试，恢复后按时间顺序补发，不会遗漏。`,
        '邮件恢复后将再发一封通知。期间可用 rectify status 查看。', '', t.footer].join('\n'),
      items: [],
    };
  }
  const until = at(a.until ?? a.since);
  return l === 'en' ? {
    subject: `[Mail restored] ${a.campaign.name}`,
    text: [`Mail was down from ${at(a.since)} to ${until} (${a.error}).`,
      `${a.count} mail(s) went out late, in the order of their moments; none was dropped.`, '', t.footer].join('\n'),
    items: [],
  } : {
    subject: `【邮件发送恢复】${a.campaign.name}`,
    text: [`邮件发送自 ${at(a.since)} 至 ${until} 中断（${a.error}）。`,
      `期间 ${a.count} 封邮件延迟发出，已按时间顺序补发，无遗漏。`, '', t.footer].join('\n'),
    items: [],
  };
}

export const sendMailAlert = (deps: ActivityDeps): RectifyActivities['sendMailAlert'] => async (input) => {
  const mail = composeMailAlert(input);
  const to = input.campaign.workingGroup;
  const messageId = messageIdFor(input.campaign.id, to.join(','), `mail-${input.phase}:${input.since}`);
  const at = formatLocal(input.phase === 'recovered' ? input.until ?? input.since : input.since, input.campaign.timeZone);
  // While mail fails, only the fallback server can carry the alert; without one, status and the log say it.
  const transport = input.phase === 'failing' ? deps.fallback : deps.transport;
  const sent = !!transport && await sendOnce(deps.sent, messageId, () => transport.sendMail({
    from: fromAddress(deps, input.campaign), to: to.map((a) => mailAddress(a, input.campaign)), subject: mail.subject, text: mail.text, messageId,
    headers: mailHeaders(input.campaign, `mail-${input.phase}`),
  }));
  await deps.events.record([{ at, kind: input.phase === 'failing' ? 'mail-failing' : 'mail-recovered', to, subject: mail.subject, messageId, reason: input.error }]);
  return { messageId, sent };
};
