/**
 * The sign-in mail (登录链接): one link, for one person, valid 15 minutes and
 * once. Sent by `rectify serve` itself over the worker's SMTP settings
 * (RECTIFY_SMTP_*, RECTIFY_MAIL_FROM), with the headers every rectify mail
 * carries (no auto-replies back).
 */
import type { Transporter } from 'nodemailer';
import { randomUUID } from 'node:crypto';
import { fromAddress, mailAddress, mailHeaders } from '../activities/mail';
import { SIGN_IN_LINK_MS } from '../config/links';
import type { Language } from '../domain/i18n';

export interface SignInMail {
  to: { name: string; email: string };
  campaign: { id: string; name: string };
  lang: Language;
  url: string;
}

/** What sends the sign-in mails (SMTP in service, anything that records them in tests). */
export type SignInMailer = (mail: SignInMail) => Promise<void>;

export function composeSignIn(m: SignInMail): { subject: string; text: string } {
  const minutes = SIGN_IN_LINK_MS / 60e3;
  if (m.lang === 'en') {
    return {
      subject: `Sign-in link: ${m.campaign.name}`,
      text: [`${m.to.name},`, '', `Open this link to sign in to ${m.campaign.name} (it works once, within ${minutes} minutes):`, m.url, '',
        'If you did not ask for it, ignore this mail: nobody can sign in without the link.'].join('\n'),
    };
  }
  return {
    subject: `【登录链接】${m.campaign.name}`,
    text: [`${m.to.name}：`, '', `请点击下面的链接登录“${m.campaign.name}”（${minutes} 分钟内有效，只能使用一次）：`, m.url, '',
      '如非本人申请，请忽略本邮件：没有此链接，任何人都无法以您的身份登录。'].join('\n'),
  };
}

/** A mailer over a nodemailer transport. */
export function smtpSignInMailer(transport: Transporter, from: { from: string; fromName?: string }): SignInMailer {
  return async (m) => {
    const { subject, text } = composeSignIn(m);
    await transport.sendMail({
      from: fromAddress(from, m.campaign), to: mailAddress(m.to, m.campaign), subject, text,
      messageId: `<signin-${randomUUID()}@${m.campaign.id}.rectify>`, headers: mailHeaders(m.campaign, 'signin'),
    });
  };
}
