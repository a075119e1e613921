/**
 * sendDigest: one mail to one person for one instant — the weekly reminder
 * and/or the notices due then — with a signed form link per item when the
 * deployment signs links. Its wording is composeDigest, below.
 */
import { DateTime } from 'luxon';
import { countdownOf, nextDue, workingCalendarOf, type Countdown } from '../domain/calendar';
import { T, countdownLabel, levelLabel, lightLabel } from '../domain/i18n';
import { linkUrl, signLink, type LinkSettings } from '../config/links';
import type { CalendarSettingsOf } from './calendar-settings';
import type { ActivityDeps } from './deps';
import { lang, type Composed, type Deliver } from './mail';
import { mailDate, mailLine } from '../documents/text';
import type { DigestInput, RectifyActivities } from './types';

/** Items in the plan's order: (3) before (11). */
const itemOrder = (id: string): number => Number(/\d+/.exec(id)?.[0] ?? Number.MAX_SAFE_INTEGER);

/**
 * The digest; `linkFor` (set when the deployment signs form links) gives the
 * form link of an item for this recipient, printed under the item's line.
 */
export function composeDigest(d: DigestInput, linkFor?: (item: string) => string | undefined, countdownFor?: (deadline: string) => Countdown): Composed {
  const l = lang(d.campaign.language);
  const t = T[l];
  const linked = new Set<string>();
  const link = (item: string, when = true): string[] => {
    const url = when && !linked.has(item) ? linkFor?.(item) : undefined;
    if (!url) return [];
    linked.add(item);
    return [`  ${t.formLink}${l === 'en' ? ': ' : '：'}${url}`];
  };
  const parts: string[] = [];
  const subjects: string[] = [];
  const items: string[] = [];
  if (d.reminder) {
    const due = mailDate(d.reminder.dueLocal ?? d.atLocal, d.campaign.timeZone, l);
    subjects.push(t.reminderSubject(d.campaign.name, due));
    parts.push(t.reminderIntro(d.recipient.name, due, d.reminder.items.length), '',
      ...d.reminder.items.flatMap((i) => {
        // 剩余/逾期 N 个工作日 on the digest's own day: the same words however late a retry sends it.
        const left = countdownFor ? (l === 'en' ? ` (${countdownLabel(countdownFor(i.deadline), l)})` : `（${countdownLabel(countdownFor(i.deadline), l)}）`) : '';
        return [mailLine([`· ${i.id}`, i.title, `${t.deadline} ${i.deadline}${left}`, `${t.light} ${lightLabel(i.light as never, l)}`]),
          ...(i.openNotices ?? []).map((n) => t.noticeLine(n.number, n.notice, n.replyBy, n.overdue)), ...link(i.id)];
      }), '');
    items.push(...d.reminder.items.map((i) => i.id));
  }
  if (d.notices.length) {
    // In item order, whatever order the items' signals arrived in: the same moment gives the same mail.
    const notices = [...d.notices].sort((a, b) => itemOrder(a.item) - itemOrder(b.item) || a.item.localeCompare(b.item) || a.notice.localeCompare(b.notice));
    const names = [...new Set(notices.map((n) => n.notice))].join('、');
    if (!d.reminder) subjects.push(t.noticesSubject(d.campaign.name, names));
    else subjects[0] = subjects[0].replace(/^【([^】]+)】/, `【$1·${names}】`).replace(/^\[([^\]]+)\]/, `[$1 · ${names}]`);
    parts.push(d.reminder ? t.noticesMore : t.noticesIntro(d.recipient.name), '',
      ...notices.flatMap((n) => {
        const level = levelLabel(n.level, l);
        // Chases and warnings ask the person for a report: the form is one click away. Escalations to leaders carry none.
        return [mailLine([`· ${n.item}`, n.title, n.notice === level ? n.notice : `${n.notice}（${level}）`, `${t.reason}${l === 'en' ? ': ' : '：'}${n.reason}`]),
          ...link(n.item, n.kind !== 'escalation')];
      }), '');
    items.push(...notices.map((n) => n.item).filter((i) => !items.includes(i)));
  }
  return { subject: subjects[0], text: [...parts, t.footer].join('\n'), items: [...new Set(items)] };
}

/**
 * The recipient's form link for each item of a digest: valid until the next
 * due time (the reminder's own, else the next one after the digest) plus the grace.
 */
const formLinks = (links: LinkSettings, input: DigestInput, calendarSettings: CalendarSettingsOf): (item: string) => string => {
  const atMs = DateTime.fromISO(input.atLocal, { setZone: true }).toMillis();
  const { start, cadence } = input.campaign;
  const due = input.reminder?.dueLocal ? DateTime.fromISO(input.reminder.dueLocal, { setZone: true }).toMillis()
    : start && cadence ? nextDue(calendarSettings({ timeZone: input.campaign.timeZone, start, cadence }), atMs).at.toMillis()
      : atMs + 7 * 24 * 3600 * 1000;
  const expiresAt = Math.max(due, atMs) + links.graceHours * 3600 * 1000;
  return (item) => linkUrl(links, signLink(links.key, {
    campaign: input.campaign.id, item, name: input.recipient.name, email: input.recipient.email, expiresAt,
  }));
};

export const sendDigest = (deps: Pick<ActivityDeps, 'links'>, deliver: Deliver, calendarSettings: CalendarSettingsOf): RectifyActivities['sendDigest'] =>
  async (input) => {
    const { start, cadence, timeZone } = input.campaign;
    const atMs = DateTime.fromISO(input.atLocal, { setZone: true }).toMillis();
    const calendar = start && cadence ? workingCalendarOf(calendarSettings({ timeZone, start, cadence })) : undefined;
    const mail = composeDigest(input, deps.links && formLinks(deps.links, input, calendarSettings),
      calendar && ((deadline) => countdownOf(calendar, deadline, atMs, timeZone)));
    return deliver(input.campaign, [input.recipient], `digest:${input.atLocal}${(input.round ?? 1) > 1 ? `#${input.round}` : ''}`, mail,
      input.reminder ? { at: input.atLocal, kind: 'reminder', items: input.reminder.items.map((i) => i.id) }
        : { at: input.atLocal, kind: 'notice-digest', items: mail.items });
  };
