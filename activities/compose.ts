/**
 * What each mail says: digests, documents and item mails, in the campaign's
 * language. Pure functions of their input (plus luxon for local dates).
 */
import { DateTime } from 'luxon';
import { T, levelLabel, lightLabel, stateLabel, Language } from '../domain/i18n';
import type { DigestInput, DocumentInput, ItemMailInput, MailAlertInput } from './types';
import { describeMove } from '../domain/calendar';
import type { CampaignState, StateItem } from '../documents/state';

export interface Composed {
  subject: string;
  text: string;
  /** The items the mail lists (for the event record). */
  items: string[];
}

const lang = (l: string): Language => (l === 'en' ? 'en' : 'zh');
const human = (iso: string, zone: string, l: Language): string => {
  const d = DateTime.fromISO(iso, { setZone: true }).setZone(zone);
  return l === 'en' ? d.toFormat('ccc d LLL yyyy HH:mm') : d.setLocale('zh-CN').toFormat('yyyy年M月d日（ccc）HH:mm');
};
const line = (parts: (string | undefined)[]): string => parts.filter(Boolean).join('  ');
/** Items in the plan's order: (3) before (11). */
const itemOrder = (id: string): number => Number(/\d+/.exec(id)?.[0] ?? Number.MAX_SAFE_INTEGER);

/**
 * The digest; `linkFor` (set when the deployment signs form links) gives the
 * form link of an item for this recipient, printed under the item's line.
 */
export function composeDigest(d: DigestInput, linkFor?: (item: string) => string | undefined): Composed {
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
    const due = human(d.reminder.dueLocal ?? d.atLocal, d.campaign.timeZone, l);
    subjects.push(t.reminderSubject(d.campaign.name, due));
    parts.push(t.reminderIntro(d.recipient.name, due, d.reminder.items.length), '',
      ...d.reminder.items.flatMap((i) => [line([`· ${i.id}`, i.title, `${t.deadline} ${i.deadline}`, `${t.light} ${lightLabel(i.light as never, l)}`]), ...link(i.id)]), '');
    items.push(...d.reminder.items.map((i) => i.id));
  }
  if (d.notices.length) {
    const names = [...new Set(d.notices.map((n) => n.notice))].join('、');
    if (!d.reminder) subjects.push(t.noticesSubject(d.campaign.name, names));
    else subjects[0] = subjects[0].replace(/^【([^】]+)】/, `【$1·${names}】`).replace(/^\[([^\]]+)\]/, `[$1 · ${names}]`);
    parts.push(d.reminder ? t.noticesMore : t.noticesIntro(d.recipient.name), '',
      ...[...d.notices].sort((a, b) => itemOrder(a.item) - itemOrder(b.item) || a.item.localeCompare(b.item)).flatMap((n) => {
        const level = levelLabel(n.level, l);
        // Chases and warnings ask the person for a report: the form is one click away. Escalations to leaders carry none.
        return [line([`· ${n.item}`, n.title, n.notice === level ? n.notice : `${n.notice}（${level}）`, `${t.reason}${l === 'en' ? ': ' : '：'}${n.reason}`]),
          ...link(n.item, n.kind !== 'escalation')];
      }), '');
    items.push(...d.notices.map((n) => n.item).filter((i) => !items.includes(i)));
  }
  return { subject: subjects[0], text: [...parts, t.footer].join('\n'), items: [...new Set(items)] };
}

const rowLine = (r: StateItem, l: Language): string =>
  line([`· ${r.id}`, r.title, r.leadUnit, stateLabel(r.state, l), lightLabel(r.light, l), `${r.percent}%`, `${T[l].deadline} ${r.deadline}`]);

/**
 * The plain-text body of a document's mail. Every figure comes from the
 * CampaignState (documents/state.ts); the full document is attached as HTML and .docx.
 */
export function composeDocument(d: DocumentInput, s: CampaignState): Composed {
  const l = lang(d.campaign.language);
  const t = T[l];
  const date = human(d.moment.local, d.campaign.timeZone, l);
  const section = (title: string, rows: StateItem[]): string[] =>
    [`${title}（${rows.length}）`, ...(rows.length ? rows.map((r) => rowLine(r, l)) : [`  ${t.none}`]), ''];
  const attached = l === 'en' ? 'The full document is attached (HTML and Word).' : '完整文件见附件（HTML 和 Word 格式）。';
  const completion = t.completion(s.counts.total, s.counts.done, s.counts.continuing, s.counts.open, s.counts.rate);
  if (d.kind === 'weekly-summary') {
    return {
      subject: t.summarySubject(d.campaign.name, date),
      text: [completion, '', ...section(t.notReported, s.notReported), ...section(t.reported, s.reported), attached, t.footer].join('\n'),
      items: s.notReported.map((r) => r.id),
    };
  }
  if (d.kind === 'dispatch-sheet') {
    const listed = [...new Set([...s.redYellow, ...s.missed, ...s.dueNext, ...s.waitingReview].map((r) => r.id))];
    return {
      subject: t.dispatchSubject(d.campaign.name, date),
      text: [
        ...section(t.redYellow, s.redYellow), ...section(t.missed, s.missed), ...section(t.dueNext, s.dueNext),
        ...section(t.waitingReview, s.waitingReview),
        `${t.decisions}（${s.decided.length}）`, ...s.decided.map((r) => `· ${r.id}  ${r.lastDecision!.instruction}`), '',
        ...(d.moment.moved ? [l === 'en' ? `Moved: ${d.moment.placedBy}.` : `时间调整：${describeMove(d.moment.kind, d.moment.moved, d.campaign.timeZone, 'zh')}。`, ''] : []),
        ...(d.uncoveredYears?.length ? [l === 'en'
          ? `Note: no official working-day calendar is loaded for ${d.uncoveredYears.join(', ')}; moments there are placed by weekends alone (rectify calendar update --from FILE).`
          : `注意：${d.uncoveredYears.join('、')}年的法定节假日安排尚未载入，这些年份的时间点暂按周末安排（rectify calendar update --from 文件）。`, ''] : []),
        attached, t.footer,
      ].join('\n'),
      items: listed,
    };
  }
  const unitLines = s.byUnit.map(({ name, counts: c }) => `· ${name}: ${c.total} / ${c.done} / ${c.continuing} / ${c.open}  ${c.rate}`);
  return {
    subject: t.inspectionSubject(d.campaign.name, d.moment.local.slice(0, 7)),
    text: [completion, '', ...unitLines, '',
      ...section(l === 'en' ? 'Named for being late' : '通报的滞后事项', s.late), attached, t.footer].join('\n'),
    items: s.late.map((r) => r.id),
  };
}

export function composeItemMail(m: ItemMailInput): Composed {
  const l = lang(m.campaign.language);
  const t = T[l];
  const subject = m.kind === 'review' ? t.reviewSubject(m.campaign.name, m.item.id)
    : m.kind === 'receipt' ? t.receiptSubject(m.campaign.name, m.item.id) : t.decisionSubject(m.campaign.name, m.item.id);
  return { subject, text: [`${m.item.id} ${m.item.title ?? ''}`.trim(), '', ...m.lines, '', t.footer].join('\n'), items: [m.item.id] };
}


/** To the working group: mail is failing (through the fallback server), or it was down and is back. */
export function composeMailAlert(a: MailAlertInput): Composed {
  const l = lang(a.campaign.language);
  const t = T[l];
  const at = (ms: number): string => human(DateTime.fromMillis(ms).toISO()!, a.campaign.timeZone, l);
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
