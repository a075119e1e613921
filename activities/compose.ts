/**
 * What each mail says: digests, documents and item mails, in the campaign's
 * language. Pure functions of their input (plus luxon for local dates).
 */
import { DateTime } from 'luxon';
import { T, levelLabel, lightLabel, stateLabel, Language } from '../domain/i18n';
import type { DigestInput, DocumentInput, ItemMailInput, RegistryRow } from './types';
import { describeMove } from '../domain/calendar';

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

export function composeDigest(d: DigestInput): Composed {
  const l = lang(d.campaign.language);
  const t = T[l];
  const parts: string[] = [];
  const subjects: string[] = [];
  const items: string[] = [];
  if (d.reminder) {
    const due = human(d.reminder.dueLocal ?? d.atLocal, d.campaign.timeZone, l);
    subjects.push(t.reminderSubject(d.campaign.name, due));
    parts.push(t.reminderIntro(d.recipient.name, due, d.reminder.items.length), '',
      ...d.reminder.items.map((i) => line([`· ${i.id}`, i.title, `${t.deadline} ${i.deadline}`, `${t.light} ${lightLabel(i.light as never, l)}`])), '');
    items.push(...d.reminder.items.map((i) => i.id));
  }
  if (d.notices.length) {
    const names = [...new Set(d.notices.map((n) => n.notice))].join('、');
    if (!d.reminder) subjects.push(t.noticesSubject(d.campaign.name, names));
    else subjects[0] = subjects[0].replace(/^【([^】]+)】/, `【$1·${names}】`).replace(/^\[([^\]]+)\]/, `[$1 · ${names}]`);
    parts.push(d.reminder ? t.noticesMore : t.noticesIntro(d.recipient.name), '',
      ...d.notices.map((n) => line([`· ${n.item}`, `${n.notice}（${levelLabel(n.level, l)}）`, `${t.reason}: ${n.reason}`])), '');
    items.push(...d.notices.map((n) => n.item).filter((i) => !items.includes(i)));
  }
  return { subject: subjects[0], text: [...parts, t.footer].join('\n'), items: [...new Set(items)] };
}

/** 完成情况 as announcements print it: completed, basically completed and continuing, not completed, rate. */
export function completionCounts(rows: RegistryRow[]): { total: number; done: number; continuing: number; open: number; rate: string } {
  const total = rows.length;
  const done = rows.filter((r) => r.state === 'closed').length;
  const continuing = rows.filter((r) => r.state === 'continuing' || r.state === 'submitted').length;
  const open = total - done - continuing;
  const rate = total ? `${(((done + continuing) / total) * 100).toFixed(2)}%` : '0.00%';
  return { total, done, continuing, open, rate };
}

const rowLine = (r: RegistryRow, l: Language): string =>
  line([`· ${r.id}`, r.title, r.leadUnit, stateLabel(r.state, l), lightLabel(r.light, l), `${r.percent}%`, `${T[l].deadline} ${r.deadline}`]);

export function composeDocument(d: DocumentInput): Composed {
  const l = lang(d.campaign.language);
  const t = T[l];
  const date = human(d.moment.local, d.campaign.timeZone, l);
  const section = (title: string, rows: RegistryRow[]): string[] =>
    [`${title}（${rows.length}）`, ...(rows.length ? rows.map((r) => rowLine(r, l)) : [`  ${t.none}`]), ''];
  const open = d.rows.filter((r) => r.state !== 'closed');
  if (d.kind === 'weekly-summary') {
    const missing = open.filter((r) => ['notStarted', 'inProgress', 'returned'].includes(r.state) && r.lastReportCycle !== d.moment.cycle);
    const reported = open.filter((r) => !missing.includes(r));
    return {
      subject: t.summarySubject(d.campaign.name, date),
      text: [...section(t.notReported, missing), ...section(t.reported, reported), t.footer].join('\n'),
      items: missing.map((r) => r.id),
    };
  }
  if (d.kind === 'dispatch-sheet') {
    const redYellow = open.filter((r) => r.light === 'red' || r.light === 'yellow');
    const missed = open.filter((r) => r.missedInARow > 0);
    // A dispatch moved off a day off still belongs to the dekad whose end it was.
    const day = DateTime.fromISO(d.moment.moved?.from ?? d.moment.local, { setZone: true }).setZone(d.campaign.timeZone);
    const nextEnd = (day.day <= 10 ? day.set({ day: 20 }) : day.day <= 20 ? day.endOf('month') : day.plus({ months: 1 }).set({ day: 10 })).toISODate()!;
    const dueNext = open.filter((r) => r.deadline > day.toISODate()! && r.deadline <= nextEnd);
    const review = open.filter((r) => r.state === 'submitted');
    const decided = open.filter((r) => r.lastDecision);
    const listed = [...new Set([...redYellow, ...missed, ...dueNext, ...review].map((r) => r.id))];
    return {
      subject: t.dispatchSubject(d.campaign.name, date),
      text: [
        ...section(t.redYellow, redYellow), ...section(t.missed, missed), ...section(t.dueNext, dueNext),
        ...section(t.waitingReview, review),
        `${t.decisions}（${decided.length}）`, ...decided.map((r) => `· ${r.id}  ${r.lastDecision!.instruction}`), '',
        ...(d.moment.moved ? [l === 'en' ? `Moved: ${d.moment.placedBy}.` : `时间调整：${describeMove(d.moment.kind, d.moment.moved, d.campaign.timeZone, 'zh')}。`, ''] : []),
        ...(d.uncoveredYears?.length ? [l === 'en'
          ? `Note: no official working-day calendar is loaded for ${d.uncoveredYears.join(', ')}; moments there are placed by weekends alone (rectify calendar update --from FILE).`
          : `注意：${d.uncoveredYears.join('、')}年的法定节假日安排尚未载入，这些年份的时间点暂按周末安排（rectify calendar update --from 文件）。`, ''] : []),
        t.footer,
      ].join('\n'),
      items: listed,
    };
  }
  const counts = completionCounts(d.rows);
  const late = open.filter((r) => r.overdue || r.light === 'red');
  const byUnit = new Map<string, RegistryRow[]>();
  for (const r of d.rows) byUnit.set(r.leadUnit, [...(byUnit.get(r.leadUnit) ?? []), r]);
  const unitLines = [...byUnit.entries()].map(([unit, rs]) => {
    const c = completionCounts(rs);
    return `· ${unit}: ${c.total} / ${c.done} / ${c.continuing} / ${c.open}  ${c.rate}`;
  });
  return {
    subject: t.inspectionSubject(d.campaign.name, d.moment.local.slice(0, 7)),
    text: [t.completion(counts.total, counts.done, counts.continuing, counts.open, counts.rate), '', ...unitLines, '',
      ...section(l === 'en' ? 'Named for being late' : '通报的滞后事项', late), t.footer].join('\n'),
    items: late.map((r) => r.id),
  };
}

export function composeItemMail(m: ItemMailInput): Composed {
  const l = lang(m.campaign.language);
  const t = T[l];
  const subject = m.kind === 'review' ? t.reviewSubject(m.campaign.name, m.item.id) : t.decisionSubject(m.campaign.name, m.item.id);
  return { subject, text: [`${m.item.id} ${m.item.title ?? ''}`.trim(), '', ...m.lines, '', t.footer].join('\n'), items: [m.item.id] };
}

