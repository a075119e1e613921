/**
 * What the spec tables share: instants written as offices read them, moments
 * built the way the calendar builds them, and the schema's defaults.
 *
 * No server, no clock: every table imports only the pure rules and this file.
 */
import { DateTime } from 'luxon';
import type { CalendarSettings } from '../../domain/calendar';
import { buildWorkingCalendar, officialYears, weekendsCalendar, type WorkingCalendar } from '../../domain/holidays';
import { DEFAULT_LADDER, cadence as cadenceSchema } from '../../domain/schema';
import type { Cadence, Moment, MomentKind, Rung } from '../../domain/types';

export const ZONE = 'Asia/Shanghai';
export const DAY_MS = 86_400_000;

/** The schema's defaults: reports due Friday 12:00, reminder a day before, dispatch 09:00, inspection 17:00. */
export const CADENCE: Cadence = cadenceSchema.parse({});
/** Mainland China's official calendar (holidays and 调休) from the package's data. */
export const CN: WorkingCalendar = buildWorkingCalendar(CADENCE, officialYears());
/** Monday to Friday, no holidays. */
export const WEEKENDS: WorkingCalendar = weekendsCalendar(CADENCE);

/** Epoch ms of a local time in Shanghai: "2026-03-06 12:00" or "2026-03-06". */
export function at(local: string): number {
  const d = DateTime.fromISO(local.replace(' ', 'T'), { zone: ZONE });
  if (!d.isValid) throw new Error(`bad test time ${local}`);
  return d.toMillis();
}

/** A Shanghai wall-clock time as luxon holds it (what calendar.ts takes). */
export function shanghai(local: string): DateTime {
  return DateTime.fromMillis(at(local), { zone: ZONE });
}

/** ISO with offset, as moments carry `local`: 2026-03-06T12:00:00+08:00. */
export function localOf(ms: number): string {
  return DateTime.fromMillis(ms, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

/** "2026-03-06 Fri 12:00": how a table says where a moment landed. */
export function dayAndTime(d: DateTime | number): string {
  const dt = typeof d === 'number' ? DateTime.fromMillis(d, { zone: ZONE }) : d.setZone(ZONE);
  return dt.setLocale('en').toFormat('yyyy-MM-dd ccc HH:mm');
}

export function settings(start: string, calendar: WorkingCalendar = CN, cadence: Partial<Cadence> = {}): CalendarSettings {
  return { timeZone: ZONE, start, cadence: { ...CADENCE, ...cadence }, calendar };
}

/** What a moment says beyond its kind and time. */
export interface MomentFacts {
  /** Days before (warnings) or working days after (follow-ups, late deadlines). */
  n?: number;
  /** The warning counts working days (`-Nw` in the key). */
  workingDays?: boolean;
  cycle?: number;
  milestone?: number;
}

/**
 * A moment as the calendar makes it: key `${kind}${tag}:${local}${#milestone}`, tag `+N` after the due time or the
 * deadline, `-N` (`-Nw` in working days) before a deadline or milestone.
 */
export function moment(kind: MomentKind, local: string, facts: MomentFacts = {}): Moment {
  const ms = at(local);
  const loc = localOf(ms);
  const after = kind === 'followup' || kind === 'deadlineLate';
  const tag = facts.n === undefined ? '' : `${after ? '+' : '-'}${facts.n}${facts.workingDays ? 'w' : ''}`;
  const m: Moment = { at: ms, local: loc, kind, key: `${kind}${tag}:${loc}${facts.milestone !== undefined ? `#${facts.milestone}` : ''}` };
  if (facts.cycle !== undefined) m.cycle = facts.cycle;
  if (facts.milestone !== undefined) m.milestone = facts.milestone;
  return m;
}

/** A rung of the default ladder by its id. */
export function defaultRung(id: string): Rung {
  const r = DEFAULT_LADDER.find((x) => x.id === id);
  if (!r) throw new Error(`no rung ${id} in the default ladder`);
  return r;
}

/** A one-trigger rung of a campaign's own ladder. */
export function customRung(id: string, when: Rung['when'], level: Rung['level'] = 'chase'): Rung {
  return { id, level, notice: '催办', when, to: ['contact'] };
}
