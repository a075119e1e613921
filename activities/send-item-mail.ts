/** sendItemMail: one item's mail — a review request, a receipt, a dispatch decision — and its wording (composeItemMail). */
import { formatLocal } from '../domain/calendar';
import { T, msg } from '../domain/i18n';
import { planChangeSubject } from '../domain/plan-changes';
import { lang, type Attachment, type Composed, type Deliver } from './mail';
import { noticeDoc } from '../documents/notice';
import { renderHtml } from '../documents/html';
import { renderDocx } from '../documents/docx';
import type { ItemMailInput, RectifyActivities } from './types';

/**
 * An uploaded file as its sender knows it: `方案.pdf [upload:1/5a83….pdf] [flags:…]` (the record's reference,
 * which keeps the storage key and the reviewer's flags) reads `方案.pdf` in a mail.
 */
export const fileNamesOnly = (line: string): string => line.replace(/ \[upload:[^\]\s]+\]( \[flags:[a-z0-9,-]+\])?/g, '');

export function composeItemMail(m: ItemMailInput): Composed {
  const l = lang(m.campaign.language);
  const t = T[l];
  const subject = m.kind === 'notice' && m.notice ? t.noticeSubject(m.campaign.name, m.notice.number, m.item.id)
    : m.kind === 'review' ? t.reviewSubject(m.campaign.name, m.item.id)
    : m.kind === 'receipt' ? t.receiptSubject(m.campaign.name, m.item.id)
      : m.kind === 'look-back' ? msg(l, 'lookBackSubject', m.campaign.name, m.item.id)
      : m.kind === 'reopen' ? msg(l, 'reopenSubject', m.campaign.name, m.item.id)
      : m.kind === 'plan-change' ? planChangeSubject(l, m.campaign.name, m.item.id) : t.decisionSubject(m.campaign.name, m.item.id);
  return { subject, text: [`${m.item.id} ${m.item.title ?? ''}`.trim(), '', ...m.lines.map(fileNamesOnly), '', t.footer].join('\n'), items: [m.item.id] };
}

/** A 督办单's attachments: the notice laid out as a document, in HTML and Word, named by its number. */
async function noticeAttachments(input: ItemMailInput): Promise<Attachment[]> {
  if (!input.notice) return [];
  const doc = noticeDoc(input.notice, lang(input.campaign.language));
  const file = `${input.notice.notice}-${input.notice.number}`.replace(/[\\/:*?"<>|\s]+/g, '_');
  return [
    { filename: `${file}.html`, content: renderHtml(doc), contentType: 'text/html; charset=utf-8' },
    { filename: `${file}.docx`, content: await renderDocx(doc), contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  ];
}

export const sendItemMail = (deliver: Deliver): RectifyActivities['sendItemMail'] => async (input) => {
  const mail = composeItemMail(input);
  const n = input.notice;
  return deliver(input.campaign, input.to, input.key, mail,
    {
      // The instant it went out for (its working-time slot), and why it waited; histories before the patch: when it was decided.
      at: formatLocal(input.sendAtMs ?? input.atMs, input.campaign.timeZone), item: input.item.id,
      // A 督办单 is recorded as the escalation it is, with its number.
      ...(n ? { kind: 'escalation', level: n.level, rung: n.rung, notice: n.notice, number: n.number } : { kind: input.kind }),
      ...(input.placedBy ? { placedBy: input.placedBy } : {}),
    }, [], n ? await noticeAttachments(input) : undefined);
};
