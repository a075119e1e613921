/** sendItemMail: one item's mail — a review request, a receipt, a dispatch decision — and its wording (composeItemMail). */
import { formatLocal } from '../domain/calendar';
import { T } from '../domain/i18n';
import { planChangeSubject } from '../domain/plan-changes';
import { lang, type Composed, type Deliver } from './mail';
import type { ItemMailInput, RectifyActivities } from './types';

/**
 * An uploaded file as its sender knows it: `方案.pdf [upload:1/5a83….pdf] [flags:…]` (the record's reference,
 * which keeps the storage key and the reviewer's flags) reads `方案.pdf` in a mail.
 */
export const fileNamesOnly = (line: string): string => line.replace(/ \[upload:[^\]\s]+\]( \[flags:[a-z0-9,-]+\])?/g, '');

export function composeItemMail(m: ItemMailInput): Composed {
  const l = lang(m.campaign.language);
  const t = T[l];
  const subject = m.kind === 'review' ? t.reviewSubject(m.campaign.name, m.item.id)
    : m.kind === 'receipt' ? t.receiptSubject(m.campaign.name, m.item.id)
      : m.kind === 'plan-change' ? planChangeSubject(l, m.campaign.name, m.item.id) : t.decisionSubject(m.campaign.name, m.item.id);
  return { subject, text: [`${m.item.id} ${m.item.title ?? ''}`.trim(), '', ...m.lines.map(fileNamesOnly), '', t.footer].join('\n'), items: [m.item.id] };
}

export const sendItemMail = (deliver: Deliver): RectifyActivities['sendItemMail'] => async (input) => {
  const mail = composeItemMail(input);
  return deliver(input.campaign, input.to, input.key, mail,
    {
      // The instant it went out for (its working-time slot), and why it waited; histories before the patch: when it was decided.
      at: formatLocal(input.sendAtMs ?? input.atMs, input.campaign.timeZone), kind: input.kind, item: input.item.id,
      ...(input.placedBy ? { placedBy: input.placedBy } : {}),
    });
};
