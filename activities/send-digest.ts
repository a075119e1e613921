/**
 * sendDigest: one mail to one person for one instant — the weekly reminder
 * and/or the notices due then — with one signed "my items" link (我的事项)
 * for the person when the deployment signs links: a page of all their open
 * items (web/mine.ts), whatever the digest lists. Its wording is composeDigest, below.
 */
import { DateTime } from 'luxon';
import { countdownOf, nextDue, workingCalendarOf, type Countdown } from '../domain/calendar';
import { T, countdownLabel, levelLabel, lightLabel } from '../domain/i18n';
import { mineUrl, signMine, type LinkSettings } from '../config/links';
import type { CalendarSettingsOf } from './calendar-settings';
import type { ActivityDeps } from './deps';
import { lang, type Composed, type Deliver } from './mail';
import { mailDate, mailLine } from '../documents/text';
import type { DigestInput, RectifyActivities } from './types';

/** Items in the plan's order: (3) before (11). */
const itemOrder = (id: string): number => Number(/\d+/.exec(id)?.[0] ?? Number.MAX_SAFE_INTEGER);

/**
 * The digest; `mineLink` (set when the deployment signs links) is the
 * recipient's one link to their items, printed once under the lists: the
 * contacts report there, leaders and unit heads see their own items.
 */
export function composeDigest(d: DigestInput, mineLink?: (items: string[]) => string, countdownFor?: (deadline: string) => Countdown): Composed {
  const l = lang(d.campaign.language);
  const t = T[l];
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
          ...(i.openNotices ?? []).map((n) => t.noticeLine(n.number, n.notice, n.replyBy, n.overdue))];
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
        return [mailLine([`· ${n.item}`, n.title, n.notice === level ? n.notice : `${n.notice}（${level}）`, `${t.reason}${l === 'en' ? ': ' : '：'}${n.reason}`])];
      }), '');
    items.push(...notices.map((n) => n.item).filter((i) => !items.includes(i)));
  }
  const listed = [...new Set(items)];
  // One link for the person, not one per item: their items page (a leader's or unit head's view of theirs).
  if (mineLink) parts.push(`${t.mineLink}${l === 'en' ? ': ' : '：'}${mineLink(listed)}`, '');
  return { subject: subjects[0], text: [...parts, t.footer].join('\n'), items: listed };
}

/**
 * The recipient's "my items" link for a digest: valid until the next due time
 * (the reminder's own, else the next one after the digest) plus the grace.
 */
const mineLinkOf = (links: LinkSettings, input: DigestInput, calendarSettings: CalendarSettingsOf): (items: string[]) => string => {
  const atMs = DateTime.fromISO(input.atLocal, { setZone: true }).toMillis();
  const { start, cadence } = input.campaign;
  const due = input.reminder?.dueLocal ? DateTime.fromISO(input.reminder.dueLocal, { setZone: true }).toMillis()
    : start && cadence ? nextDue(calendarSettings({ timeZone: input.campaign.timeZone, start, cadence }), atMs).at.toMillis()
      : atMs + 7 * 24 * 3600 * 1000;
  const expiresAt = Math.max(due, atMs) + links.graceHours * 3600 * 1000;
  return (items) => mineUrl(links, signMine(links.key, {
    campaign: input.campaign.id, items, name: input.recipient.name, email: input.recipient.email, expiresAt,
  }));
};

export const sendDigest = (deps: Pick<ActivityDeps, 'links'>, deliver: Deliver, calendarSettings: CalendarSettingsOf): RectifyActivities['sendDigest'] =>
  async (input) => {
    const { start, cadence, timeZone } = input.campaign;
    const atMs = DateTime.fromISO(input.atLocal, { setZone: true }).toMillis();
    const calendar = start && cadence ? workingCalendarOf(calendarSettings({ timeZone, start, cadence })) : undefined;
    const mail = composeDigest(input, deps.links && mineLinkOf(deps.links, input, calendarSettings),
      calendar && ((deadline) => countdownOf(calendar, deadline, atMs, timeZone)));
    return deliver(input.campaign, [input.recipient], `digest:${input.atLocal}${(input.round ?? 1) > 1 ? `#${input.round}` : ''}`, mail,
      input.reminder ? { at: input.atLocal, kind: 'reminder', items: input.reminder.items.map((i) => i.id) }
        : { at: input.atLocal, kind: 'notice-digest', items: mail.items });
  };
