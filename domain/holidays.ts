/**
 * Working days as China counts them: statutory holidays (法定节假日) and 调休
 * make-up working days, turned into one plain-JSON `WorkingCalendar` that the
 * pure cadence module (calendar.ts) takes.
 *
 * Sources, later ones winning for a whole year:
 * 1. the `chinese-days` package (State Council notices, 2004 to 2026 in 1.5.7);
 * 2. years loaded with `rectify calendar update --from FILE` (the data folder's
 *    holidays.json, read by activities and the CLI, never by workflows);
 * 3. the campaign's own days (cadence.extraDaysOff / extraWorkingDays).
 *
 * Vocabulary: in `chinese-days`, `holidays` are every day off of a holiday
 * period (weekend days inside it included), `workdays` are the make-up working
 * days (调休上班), and `inLieuDays` are days *off* given in exchange for them
 * (a subset of `holidays`), NOT working days. Only the first two are used.
 *
 * No I/O here: the package's JSON is data bundled with the code; files are
 * read by the caller and passed in.
 */
import { z } from 'zod';
import { holidayProblem, type Language } from './i18n';
import { isoDate } from './schema';
import type { Cadence } from './types';

/** One year's official arrangement, as a State Council notice gives it. */
export interface YearArrangement {
  year: number;
  /** Where it comes from (the notice's title, or "chinese-days 1.5.7"). */
  source?: string;
  /** Every day off of the holiday periods, weekend days inside them included: date → name (春节, 国庆节 …). */
  daysOff: Record<string, string>;
  /** Weekend days that are working days (调休上班): date → name of the holiday they make up for. */
  workingDays: Record<string, string>;
}

/** What calendar.ts needs to tell a working day from a day off. Plain JSON. */
export interface WorkingCalendar {
  kind: 'cn' | 'weekends';
  /** ISO weekdays (1 Monday .. 7 Sunday) worked in an ordinary week. */
  weekdays: number[];
  /** Days off that are not ordinary weekends' days (holidays, the campaign's own): date → name. */
  daysOff: Record<string, string>;
  /** Days worked that are ordinarily off (调休, the campaign's own): date → name. */
  workingDays: Record<string, string>;
  /** Years the official data covers ('cn'); empty for 'weekends' (nothing is missing there). */
  coveredYears: number[];
  /** A fingerprint of the data: changes when a year is loaded or the package's data changes. */
  version: string;
}

// ── The file format of `rectify calendar update --from FILE` ────────────────

/** A day, or a span of days as notices write them ("2月15日至23日"). */
const daySpec = z.union([
  isoDate,
  z.strictObject({ date: isoDate, name: z.string().trim().min(1).optional() }),
  z.strictObject({ from: isoDate, to: isoDate, name: z.string().trim().min(1).optional() }),
]);

export const yearFile = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  /** The notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知. */
  source: z.string().trim().min(1).optional(),
  /** 放假: every day off, spans allowed; weekend days inside a span may be listed or not. */
  daysOff: z.array(daySpec).min(1),
  /** 调休上班: the weekend days that are working days. */
  workingDays: z.array(daySpec).default([]),
});
export type YearFile = z.infer<typeof yearFile>;

/** One year, or several (a whole holidays.json can be loaded back). */
export const holidaysFile = z.union([
  yearFile,
  z.strictObject({ format: z.literal('rectify-holidays/1'), years: z.array(yearFile).min(1) }),
]);

/** What the data folder keeps (holidays.json). */
export interface HolidaysData {
  format: 'rectify-holidays/1';
  years: YearArrangement[];
}

const DAY_MS = 86400000;
const dayMs = (d: string): number => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const isoOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** ISO weekday of a YYYY-MM-DD, 1 Monday .. 7 Sunday. */
export const weekdayOf = (d: string): number => ((new Date(dayMs(d)).getUTCDay() + 6) % 7) + 1;

function expand(spec: z.infer<typeof daySpec>, fallback: string): { date: string; name: string }[] {
  if (typeof spec === 'string') return [{ date: spec, name: fallback }];
  if ('date' in spec) return [{ date: spec.date, name: spec.name ?? fallback }];
  const out: { date: string; name: string }[] = [];
  for (let t = dayMs(spec.from); t <= dayMs(spec.to); t += DAY_MS) out.push({ date: isoOf(t), name: spec.name ?? fallback });
  return out;
}

/**
 * A validated year file as an arrangement, or the problems with it (`where:
 * what`): dates outside the year, a span backwards, a day both off and
 * working, a make-up working day that is not a Saturday or Sunday (often an
 * "in lieu" day off copied by mistake).
 */
export function arrangementOf(f: YearFile): { arrangement?: YearArrangement; problems: string[] } {
  const a = placedArrangement(f);
  return { arrangement: a.arrangement, problems: a.problems.map((p) => p.text) };
}

/** A problem and the path of the entry it is about (`daysOff`, 2: that list's third day), so a caller can name its line. */
interface PlacedProblem { at: (string | number)[]; text: string }

function placedArrangement(f: YearFile): { arrangement?: YearArrangement; problems: PlacedProblem[] } {
  const problems: PlacedProblem[] = [];
  const daysOff: Record<string, string> = {};
  const workingDays: Record<string, string> = {};
  const add = (field: 'daysOff' | 'workingDays', i: number, what: string) => problems.push({ at: [field, i], text: `${field}[${i}]: ${what}` });
  f.daysOff.forEach((spec, i) => {
    if (typeof spec === 'object' && 'from' in spec && spec.to < spec.from) add('daysOff', i, `${spec.from} to ${spec.to} runs backwards`);
    for (const d of expand(spec, '休')) {
      if (!d.date.startsWith(`${f.year}-`)) add('daysOff', i, `${d.date} is not in ${f.year}`);
      daysOff[d.date] = d.name;
    }
  });
  f.workingDays.forEach((spec, i) => {
    for (const d of expand(spec, '调休上班')) {
      if (!d.date.startsWith(`${f.year}-`)) add('workingDays', i, `${d.date} is not in ${f.year}`);
      if (weekdayOf(d.date) < 6) add('workingDays', i, `${d.date} is a weekday; list only the Saturdays and Sundays that are worked (调休上班), not days off given in lieu`);
      if (daysOff[d.date]) add('workingDays', i, `${d.date} is also listed as a day off`);
      workingDays[d.date] = d.name;
    }
  });
  if (problems.length) return { problems };
  return { arrangement: { year: f.year, source: f.source, daysOff: sortKeys(daysOff), workingDays: sortKeys(workingDays) }, problems };
}

/** The line of the file an entry (by its path) is written on, when the caller knows the text. */
export type LineOf = (at: (string | number)[]) => number | undefined;

/**
 * Parses the content of a file given to `calendar update` (already YAML/JSON-decoded). With `lineOf`, each
 * problem names the line too (`2027.yaml line 5: …`). The problems are said in `lang` (`2027.yaml 第 5 行：…` under zh).
 */
export function parseHolidaysFile(raw: unknown, where = 'file', lineOf?: LineOf, lang: Language = 'en'): { years: YearArrangement[]; problems: string[] } {
  const at = (p: PropertyKey[]): string => {
    const line = lineOf?.(p.map((k) => (typeof k === 'number' ? k : String(k))));
    return line === undefined ? where : `${where} line ${line}`;
  };
  // One year, or a whole holidays.json: parsed with the schema it claims, so problems name the field.
  const multi = typeof raw === 'object' && raw !== null && 'years' in raw;
  const locale = lang === 'en' ? undefined : { error: z.locales.zhCN().localeError };
  const r = multi ? holidaysFile.safeParse(raw, locale) : yearFile.safeParse(raw, locale);
  const said = (problems: string[]): string[] => problems.map((p) => holidayProblem(p, lang));
  if (!r.success) return { years: [], problems: said(r.error.issues.map((i) => `${at(i.path)}: ${i.path.join('.') || '(top)'}: ${i.message}`)) };
  const files: YearFile[] = 'years' in r.data ? r.data.years : [r.data];
  const years: YearArrangement[] = [];
  const problems: string[] = [];
  files.forEach((f, k) => {
    const a = placedArrangement(f);
    problems.push(...a.problems.map((p) => `${at([...(multi ? ['years', k] : []), ...p.at])}: ${f.year}: ${p.text}`));
    if (a.arrangement) years.push(a.arrangement);
  });
  return { years, problems: said(problems) };
}

/** The data folder's holidays.json with `years` merged in (a loaded year replaces the same year). */
export function mergeYears(data: HolidaysData | undefined, years: YearArrangement[]): HolidaysData {
  const byYear = new Map<number, YearArrangement>((data?.years ?? []).map((y) => [y.year, y]));
  for (const y of years) byYear.set(y.year, y);
  return { format: 'rectify-holidays/1', years: [...byYear.values()].sort((a, b) => a.year - b.year) };
}

/** Reads holidays.json content back; undefined when absent, throws on a broken file. */
export function readHolidaysData(raw: unknown): HolidaysData {
  const { years, problems } = parseHolidaysFile(raw, 'holidays.json');
  if (problems.length) throw new Error(problems.join('\n'));
  return { format: 'rectify-holidays/1', years };
}

/** As a file `calendar update` accepts back: spans are not folded, each day listed. */
export function holidaysDataFile(data: HolidaysData): unknown {
  return {
    format: 'rectify-holidays/1',
    years: data.years.map((y) => ({
      year: y.year, ...(y.source ? { source: y.source } : {}),
      daysOff: Object.entries(y.daysOff).map(([date, name]) => ({ date, name })),
      workingDays: Object.entries(y.workingDays).map(([date, name]) => ({ date, name })),
    })),
  };
}

// ── The package's data ─────────────────────────────────────────────────────

interface PackageData { holidays: Record<string, string>; workdays: Record<string, string>; inLieuDays: Record<string, string> }

let packageCache: { version: string; years: YearArrangement[] } | undefined;

/** The `chinese-days` package's years: "Spring Festival,春节,4" → 春节. */
export function packageYears(): { version: string; years: YearArrangement[] } {
  if (packageCache) return packageCache;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const data = require('chinese-days/dist/chinese-days.json') as PackageData;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const version = (require('chinese-days/package.json') as { version: string }).version;
  const byYear = new Map<number, YearArrangement>();
  const year = (d: string): YearArrangement => {
    const y = Number(d.slice(0, 4));
    let a = byYear.get(y);
    if (!a) byYear.set(y, a = { year: y, source: `chinese-days ${version}`, daysOff: {}, workingDays: {} });
    return a;
  };
  const nameOf = (v: string): string => v.split(',')[1] ?? v;
  for (const [d, v] of Object.entries(data.holidays)) year(d).daysOff[d] = nameOf(v);
  for (const [d, v] of Object.entries(data.workdays)) year(d).workingDays[d] = nameOf(v);
  // inLieuDays are days off given in exchange (already among holidays): deliberately not read as working days.
  const years = [...byYear.values()].sort((a, b) => a.year - b.year).map((a) => ({ ...a, daysOff: sortKeys(a.daysOff), workingDays: sortKeys(a.workingDays) }));
  packageCache = { version, years };
  return packageCache;
}

function sortKeys(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** A short, stable fingerprint (FNV-1a, 32 bits) of a JSON value. */
function fingerprint(value: unknown): string {
  const s = JSON.stringify(value);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The official years: the package's, with loaded years replacing theirs. */
export function officialYears(loaded: YearArrangement[] = []): YearArrangement[] {
  return mergeYears({ format: 'rectify-holidays/1', years: packageYears().years }, loaded).years;
}

/** The settings of a cadence that shape its working-day calendar. */
export type CalendarChoice = Pick<Cadence, 'workingDays'> & Partial<Pick<Cadence, 'calendar' | 'extraDaysOff' | 'extraWorkingDays'>>;

/**
 * The campaign's working-day calendar: 'cn' (default) is mainland China's
 * official one over `years`; 'weekends' counts `workingDays` only. The
 * campaign's own days off and on come last and win.
 */
export function buildWorkingCalendar(choice: CalendarChoice, years: YearArrangement[] = []): WorkingCalendar {
  const kind = choice.calendar ?? 'cn';
  const daysOff: Record<string, string> = {};
  const workingDays: Record<string, string> = {};
  const covered: number[] = [];
  if (kind === 'cn') {
    for (const y of years) {
      covered.push(y.year);
      Object.assign(daysOff, y.daysOff);
      Object.assign(workingDays, y.workingDays);
    }
  }
  for (const d of choice.extraDaysOff ?? []) { daysOff[d] = '本单位休息日'; delete workingDays[d]; }
  for (const d of choice.extraWorkingDays ?? []) { workingDays[d] = '本单位工作日'; delete daysOff[d]; }
  const weekdays = [...choice.workingDays].sort();
  const base = { kind, weekdays, daysOff: sortKeys(daysOff), workingDays: sortKeys(workingDays), coveredYears: covered.sort((a, b) => a - b) };
  return { ...base, version: `${kind}:${fingerprint(base)}` };
}

/** The calendar of a cadence without official data: weekends and the campaign's own days. */
export function weekendsCalendar(choice: CalendarChoice): WorkingCalendar {
  return buildWorkingCalendar({ ...choice, calendar: 'weekends' });
}

/** Whether YYYY-MM-DD is a working day, and if not, why (the holiday's name, or "weekend"). */
export function dayStatus(cal: WorkingCalendar, date: string): { working: boolean; name?: string } {
  if (cal.workingDays[date] !== undefined) return { working: true, name: cal.workingDays[date] };
  if (cal.daysOff[date] !== undefined) return { working: false, name: cal.daysOff[date] };
  const working = cal.weekdays.includes(weekdayOf(date));
  return working ? { working } : { working, name: 'weekend' };
}

/** Years among `years` the official data does not cover (always none for 'weekends'). */
export function uncoveredYears(cal: WorkingCalendar, years: Iterable<number>): number[] {
  if (cal.kind !== 'cn') return [];
  return [...new Set(years)].filter((y) => !cal.coveredYears.includes(y)).sort((a, b) => a - b);
}
