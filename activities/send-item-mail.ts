/** sendItemMail: one item's mail — a review request, a receipt, a dispatch decision — and its wording (composeItemMail). */
import { formatLocal } from '../domain/calendar';
import { T } from '../domain/i18n';
import { lang, type Composed, type Deliver } from './mail';
import type { ItemMailInput, RectifyActivities } from './types';

export function composeItemMail(m: ItemMailInput): Composed {
  const l = lang(m.campaign.language);
  const t = T[l];
  const subject = m.kind === 'review' ? t.reviewSubject(m.campaign.name, m.item.id)
    : m.kind === 'receipt' ? t.receiptSubject(m.campaign.name, m.item.id) : t.decisionSubject(m.campaign.name, m.item.id);
  return { subject, text: [`${m.item.id} ${m.item.title ?? ''}`.trim(), '', ...m.lines, '', t.footer].join('\n'), items: [m.item.id] };
}

export const sendItemMail = (deliver: Deliver): RectifyActivities['sendItemMail'] => async (input) => {
  const mail = composeItemMail(input);
  return deliver(input.campaign.id, input.to.map((r) => r.email), input.key, mail,
    { at: formatLocal(input.atMs, input.campaign.timeZone), kind: input.kind, item: input.item.id });
};
