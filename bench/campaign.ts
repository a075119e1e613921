/**
 * Benchmark campaigns, generated: N items, one contact (联络员) per 10 items,
 * two contacts per lead unit (each unit with a head), one responsible leader
 * per 100 items, deadlines far enough away that no warning or deadline notice
 * falls into a run.
 *
 * The one weekly moment a fan-out round measures is placed at a chosen wall
 * instant: every day is a working day (calendar `weekends`, workingDays 1-7),
 * working hours span the whole day, the reminder is a little more than the
 * schema's minimum of one hour before the weekly due time (the lead in
 * fractional hours places it on the second), and the campaign starts a week before
 * the reminder's day, so the reminder of the second weekly cycle falls on the
 * instant. The campaign's zone is a fixed-offset zone (Etc/GMT±N) that puts
 * the instant near local noon, so no run meets midnight or a DST change. The
 * dispatch and inspection times are twelve hours away from the instant.
 */
import { DateTime } from 'luxon';

export const ITEMS_PER_CONTACT = 10;
const CONTACTS_PER_UNIT = 2;
const ITEMS_PER_LEADER = 100;
/** The schema's minimum: the gathering delay after a moment before its digests go out. */
export const DIGEST_WINDOW_MINUTES = 1;
const REMINDER_LEAD_HOURS = 1;

export interface BenchMoment {
  /** The reminder's instant (epoch ms, a whole minute). */
  at: number;
  /** When its digests go out: the instant plus the digest window. */
  flushAt: number;
  timeZone: string;
  /** As the engine writes it (formatLocal): the digests' moment key. */
  local: string;
}

/** A whole-second instant `leadMs` from `nowMs`, in a zone where it is between 06:00 and 18:00. */
export function benchMoment(nowMs: number, leadMs: number): BenchMoment {
  const at = Math.ceil((nowMs + leadMs) / 1000) * 1000;
  const utcHour = DateTime.fromMillis(at, { zone: 'UTC' }).hour;
  // Etc/GMT-N is N hours ahead of UTC (the sign is POSIX's); offsets from -12 to +14.
  let offset = 12 - utcHour;
  if (offset < -12) offset += 24;
  if (offset > 14) offset -= 24;
  const timeZone = offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  const local = DateTime.fromMillis(at, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
  return { at, flushAt: at + DIGEST_WINDOW_MINUTES * 60000, timeZone, local };
}

export const contactEmail = (campaignId: string, n: number): string => `contact-${String(n).padStart(4, '0')}@${campaignId}.bench.example`;

export interface GeneratedCampaign {
  file: Record<string, unknown>;
  /** Every contact's address: each gets one reminder digest at the moment. */
  contacts: string[];
}

export interface CampaignShape {
  start: string;
  timeZone: string;
  /** Every item's deadline. */
  deadline: string;
  /** The cadence block (default: the schema's defaults). */
  cadence?: Record<string, unknown>;
}

/** A campaign file (the JSON form of what README describes). */
export function generateCampaign(id: string, items: number, shape: CampaignShape): GeneratedCampaign {
  const contacts = Math.ceil(items / ITEMS_PER_CONTACT);
  const units = Math.ceil(contacts / CONTACTS_PER_UNIT);
  const leaders = Math.ceil(items / ITEMS_PER_LEADER);
  const unitName = (u: number): string => `单位${String(u + 1).padStart(4, '0')}`;
  const mail = (who: string, n: number): string => `${who}-${String(n).padStart(4, '0')}@${id}.bench.example`;
  const people: Record<string, unknown>[] = [];
  for (let l = 0; l < leaders; l++) people.push({ name: `领导${l + 1}`, role: 'leader', email: mail('leader', l + 1) });
  for (let u = 0; u < units; u++) people.push({ name: `负责人${u + 1}`, role: 'unitHead', unit: unitName(u), email: mail('head', u + 1) });
  for (let c = 0; c < contacts; c++) {
    people.push({ name: `联络员${c + 1}`, role: 'contact', unit: unitName(Math.floor(c / CONTACTS_PER_UNIT)), email: contactEmail(id, c + 1) });
  }
  const list = Array.from({ length: items }, (_, i) => {
    const c = Math.floor(i / ITEMS_PER_CONTACT);
    return {
      id: `(${i + 1})`,
      section: `（${Math.floor(i / 50) + 1}）第${Math.floor(i / 50) + 1}部分`,
      title: `整改事项${i + 1}`,
      problem: `巡察反馈问题${i + 1}：制度执行不到位`,
      measures: ['制定整改方案', '完善制度并抓好落实'],
      kind: '限期整改',
      leader: `领导${Math.floor(i / ITEMS_PER_LEADER) + 1}`,
      leadUnit: unitName(Math.floor(c / CONTACTS_PER_UNIT)),
      contacts: [`联络员${c + 1}`],
      deadline: shape.deadline,
    };
  });
  const file = {
    campaign: {
      id, name: `基准测试整改 ${items} 项`, committee: '基准测试党委', timeZone: shape.timeZone, start: shape.start,
      concentratedEnd: shape.deadline, language: 'zh',
    },
    cadence: shape.cadence ?? {},
    addresses: { workingGroup: [`office@${id}.bench.example`], committee: [`committee@${id}.bench.example`] },
    people,
    items: list,
  };
  return { file, contacts: Array.from({ length: contacts }, (_, c) => contactEmail(id, c + 1)) };
}

/** A campaign whose weekly reminder falls on `moment.at` (see the top of this file). */
export function fanOutCampaign(id: string, items: number, moment: BenchMoment): GeneratedCampaign {
  const local = DateTime.fromMillis(moment.at, { zone: moment.timeZone });
  // The due time is a whole minute; the reminder's lead (hours, fractional) puts the reminder on the second.
  const due = local.plus({ hours: REMINDER_LEAD_HOURS }).startOf('minute').plus({ minutes: 1 });
  const clock = (d: DateTime): string => d.toFormat('HH:mm');
  return generateCampaign(id, items, {
    start: due.minus({ days: 7 }).toISODate()!,
    timeZone: moment.timeZone,
    deadline: local.plus({ days: 120 }).toISODate()!,
    cadence: {
      weeklyDue: { weekday: due.weekday, time: clock(due) },
      reminderLeadHours: due.diff(local, 'hours').hours,
      summaryDelayHours: 2,
      dispatchTime: clock(local.plus({ hours: 12 })),
      inspectionTime: clock(local.plus({ hours: 12, minutes: 5 })),
      digestWindowMinutes: DIGEST_WINDOW_MINUTES,
      calendar: 'weekends',
      workingDays: [1, 2, 3, 4, 5, 6, 7],
      workingHours: { start: '00:00', end: '23:59' },
    },
  });
}
