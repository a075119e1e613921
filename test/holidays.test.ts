/**
 * The working-day calendar on the real holidays, checked against the State
 * Council's notices (国务院办公厅关于部分节假日安排的通知) for 2023 to 2026, and
 * the loading of a year the package does not have.
 */
import { buildState } from '../documents/state';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { DateTime } from 'luxon';
import {
  addWorkingDays, campaignMoments, inWorkingTime, isWorkingDay, itemMoments, localDay, onWorkingDay, weeklyDueTimes,
  type CalendarSettings,
} from '../domain/calendar';
import {
  buildWorkingCalendar, dayStatus, mergeYears, officialYears, packageYears, parseHolidaysFile, uncoveredYears, type WorkingCalendar,
} from '../domain/holidays';
import { readLoadedYears, workingCalendarFor, writeLoadedYears } from '../activities/holidays-store';
import { createActivities } from '../activities';
import { MemoryEventSink, MemorySentStore } from '../activities/stores';
import { DEFAULT_LADDER, cadence as cadenceSchema } from '../domain/schema';
import { composeDocument } from '../activities/send-document';
import { calendarNote } from '../documents/kinds';
import { rungsAt } from '../domain/rules';
import { tinyPlan } from './support/env';
import type { Cadence } from '../domain/types';

const FIXTURES = path.join(__dirname, 'fixtures', 'holidays');
const CADENCE: Cadence = cadenceSchema.parse({});
const CN: WorkingCalendar = buildWorkingCalendar(CADENCE, officialYears());
const sh = (date: string, time = '12:00'): DateTime => DateTime.fromISO(`${date}T${time}`, { zone: 'Asia/Shanghai' });
const working = (date: string, cal: WorkingCalendar = CN): boolean => isWorkingDay(sh(date), cal);
/** Every day from a to b inclusive. */
const days = (a: string, b: string): string[] => {
  const out: string[] = [];
  for (let d = DateTime.fromISO(a, { zone: 'UTC' }); d.toISODate()! <= b; d = d.plus({ days: 1 })) out.push(d.toISODate()!);
  return out;
};
const settings = (start: string, over: Partial<Cadence> = {}, cal: WorkingCalendar = CN, timeZone = 'Asia/Shanghai'): CalendarSettings =>
  ({ timeZone, start, cadence: { ...CADENCE, ...over }, calendar: cal });
const ms = (iso: string): number => DateTime.fromISO(iso, { setZone: true }).toMillis();

/** A year as the State Council's notice gives it: its days off, and its weekend days that are worked. */
function expectYear(daysOff: string[], makeUp: string[]): void {
  for (const d of daysOff) expect([d, working(d)]).toEqual([d, false]);
  for (const d of makeUp) {
    expect([d, working(d)]).toEqual([d, true]);
    expect(DateTime.fromISO(d).weekday).toBeGreaterThanOrEqual(6); // a make-up day is a Saturday or Sunday
  }
  // Around each holiday, every other weekday is a working day and every other weekend day a day off.
  const year = daysOff[0].slice(0, 4);
  for (const d of days(`${year}-01-01`, `${year}-12-31`)) {
    if (daysOff.includes(d) || makeUp.includes(d)) continue;
    expect([d, working(d)]).toEqual([d, DateTime.fromISO(d).weekday <= 5]);
  }
}

describe('the package data (chinese-days) against the State Council notices', () => {
  it('covers 2004 to 2026, and "in lieu" days are days off, not working days', () => {
    const years = packageYears().years.map((y) => y.year);
    for (let y = 2020; y <= 2026; y++) expect(years).toContain(y);
    expect(Math.max(...years)).toBe(2026);
    // 2025-02-03/04 are in-lieu days in the package: days off in the Spring Festival week.
    expect(working('2025-02-03')).toBe(false);
    expect(working('2025-02-04')).toBe(false);
  });

  it('2025 notice: Spring Festival Jan 28 to Feb 4 with Jan 26 and Feb 8 worked; National Day and Mid-Autumn Oct 1 to 8 with Sep 28 and Oct 11 worked', () => {
    expectYear([
      '2025-01-01',
      ...days('2025-01-28', '2025-02-04'),
      ...days('2025-04-04', '2025-04-06'),
      ...days('2025-05-01', '2025-05-05'),
      ...days('2025-05-31', '2025-06-02'),
      ...days('2025-10-01', '2025-10-08'),
    ], ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    expect(dayStatus(CN, '2025-01-29')).toEqual({ working: false, name: '春节' });
    expect(dayStatus(CN, '2025-10-11')).toEqual({ working: true, name: '国庆节' });
  });

  it('2026 notice: Spring Festival Feb 15 to 23 with Feb 14 and Feb 28 worked; National Day Oct 1 to 7 with Sep 20 and Oct 10 worked', () => {
    expectYear([
      ...days('2026-01-01', '2026-01-03'),
      ...days('2026-02-15', '2026-02-23'),
      ...days('2026-04-04', '2026-04-06'),
      ...days('2026-05-01', '2026-05-05'),
      ...days('2026-06-19', '2026-06-21'),
      ...days('2026-09-25', '2026-09-27'),
      ...days('2026-10-01', '2026-10-07'),
    ], ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('2024 notice: Spring Festival Feb 10 to 17 with Feb 4 and 18 worked; National Day Oct 1 to 7 with Sep 29 and Oct 12 worked', () => {
    expectYear([
      '2024-01-01',
      ...days('2024-02-10', '2024-02-17'),
      ...days('2024-04-04', '2024-04-06'),
      ...days('2024-05-01', '2024-05-05'),
      '2024-06-10',
      ...days('2024-09-15', '2024-09-17'),
      ...days('2024-10-01', '2024-10-07'),
    ], ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12']);
  });

  it('2023 notice: Spring Festival Jan 21 to 27 with Jan 28 and 29 worked; Mid-Autumn and National Day Sep 29 to Oct 6 with Oct 7 and 8 worked', () => {
    expectYear([
      '2023-01-01', '2023-01-02',
      ...days('2023-01-21', '2023-01-27'),
      '2023-04-05',
      ...days('2023-04-29', '2023-05-03'),
      ...days('2023-06-22', '2023-06-24'),
      ...days('2023-09-29', '2023-10-06'),
    ], ['2023-01-28', '2023-01-29', '2023-04-23', '2023-05-06', '2023-06-25', '2023-10-07', '2023-10-08']);
  });
});

describe('counting and placing on the official calendar', () => {
  it('five working days count the Saturday worked in 调休 (2025-09-26 + 5 = 2025-10-10)', () => {
    // Fri 09-26 → Sun 09-28 (worked), Mon 09-29, Tue 09-30, then Oct 1-8 off, Thu 10-09, Fri 10-10
    expect(addWorkingDays(sh('2025-09-26'), 5, CN).toISODate()).toBe('2025-10-10');
    expect(addWorkingDays(sh('2025-10-10'), -5, CN).toISODate()).toBe('2025-09-26');
    // on weekends alone it would be Friday 10-03
    expect(addWorkingDays(sh('2025-09-26'), 5, CADENCE).toISODate()).toBe('2025-10-03');
  });

  it('a weekly due on a holiday Friday moves to Thursday; a week off moves it to after the holiday', () => {
    // 2025-10-03 is a Friday of the National Day week (Oct 1-8 off, Sep 28 worked): the week Mon 09-29 has Mon and Tue worked
    const s = settings('2025-09-01');
    const dues = weeklyDueTimes(s, ms('2025-09-25T00:00:00+08:00'), ms('2025-10-18T00:00:00+08:00')).map((d) => d.at.toISO({ suppressMilliseconds: true }));
    expect(dues).toEqual(['2025-09-26T12:00:00+08:00', '2025-09-30T12:00:00+08:00', '2025-10-10T12:00:00+08:00', '2025-10-17T12:00:00+08:00']);
    // Thursday before a holiday Friday: 2024-06-10 is a Monday, so take a campaign due Monday
    const mon = settings('2024-06-01', { weeklyDue: { weekday: 1, time: '12:00' } });
    const due = weeklyDueTimes(mon, ms('2024-06-10T00:00:00+08:00'), ms('2024-06-12T00:00:00+08:00'));
    expect(due.map((d) => d.at.toISODate())).toEqual(['2024-06-11']); // no working day before it in its week: the next
  });

  it('dispatch at a dekad end on a day off goes to the next working day, inspection at a month end to the last working day', () => {
    // May 2025: 05-10 is a Saturday; 05-31 (Sat) to 06-02 is the Dragon Boat Festival (端午)
    const s = settings('2025-05-01');
    const m = campaignMoments(s, ms('2025-05-01T00:00:00+08:00'), ms('2025-06-04T00:00:00+08:00'));
    const dispatch = m.filter((x) => x.kind === 'dispatch');
    expect(dispatch.map((x) => x.local)).toEqual(['2025-05-12T09:00:00+08:00', '2025-05-20T09:00:00+08:00', '2025-06-03T09:00:00+08:00']);
    expect(dispatch.map((x) => x.placedBy)).toEqual([
      'dispatch Sat 2025-05-10 09:00 is a weekend day → next working day',
      undefined,
      'dispatch Sat 2025-05-31 09:00 is a day off (端午) → next working day',
    ]);
    expect(m.filter((x) => x.kind === 'inspection').map((x) => x.local)).toEqual(['2025-05-30T17:00:00+08:00']);
    const inspection = campaignMoments(settings('2026-01-01'), ms('2026-05-01T00:00:00+08:00'), ms('2026-06-01T00:00:00+08:00')).filter((x) => x.kind === 'inspection');
    // 2026-05-31 is a Sunday: the last working day of May is Friday 05-29
    expect(inspection.map((x) => x.local)).toEqual(['2026-05-29T17:00:00+08:00']);
  });

  it('a deadline on the eve of a holiday: overdue at 00:00, the notice at the next working morning', () => {
    const s = settings('2026-01-05');
    // A ladder with a rung 10 working days after the deadline (the default ladder climbs from unanswered notices instead).
    const late = [...DEFAULT_LADDER, { id: 'late', level: 'committee', notice: '督办单(红)', when: { deadlinePassedWorkingDays: 10 }, to: ['committee'] }] as typeof DEFAULT_LADDER;
    const m = itemMoments(s, { deadline: '2026-02-14', milestones: [] }, late, ms('2026-02-14T00:00:00+08:00'), ms('2026-03-20T00:00:00+08:00'));
    const d = m.filter((x) => x.kind === 'deadline' || x.kind === 'deadlineLate');
    // + 10 working days from 02-24: 02-25 … 02-28 (a worked Saturday) … 03-09
    expect(d.map((x) => x.local)).toEqual(['2026-02-24T08:30:00+08:00', '2026-03-09T08:30:00+08:00']);
    expect(d[0].placedBy).toBe('deadline notice Sun 2026-02-15 00:00 is a day off (春节) → next working morning');
    // on weekends alone the ten working days would end on 03-02, half of them burnt inside the holiday
    expect(addWorkingDays(sh('2026-02-15', '00:00'), 10, CADENCE).toISODate()).toBe('2026-03-02');
  });

  it('the campaign\'s own days off and on win over the official calendar', () => {
    const own = buildWorkingCalendar({ ...CADENCE, extraDaysOff: ['2026-03-02'], extraWorkingDays: ['2026-02-21'] }, officialYears());
    expect(working('2026-03-02', own)).toBe(false);
    expect(working('2026-02-21', own)).toBe(true);
    expect(dayStatus(own, '2026-03-02').name).toBe('本单位休息日');
    expect(own.version).not.toBe(CN.version);
  });

  it('calendar: weekends ignores the official holidays', () => {
    const weekends = buildWorkingCalendar({ ...CADENCE, calendar: 'weekends' }, officialYears());
    expect(working('2026-02-16', weekends)).toBe(true);
    expect(working('2026-02-14', weekends)).toBe(false);
    expect(uncoveredYears(weekends, [2030])).toEqual([]);
  });

  it('works in other time zones: a campaign in Europe/Berlin keeps its own local times, whatever the host zone', () => {
    const berlin = settings('2026-02-02', {}, CN, 'Europe/Berlin');
    const m = campaignMoments(berlin, 0, ms('2026-03-01T00:00:00+01:00'));
    expect(m.filter((x) => x.kind === 'dispatch').map((x) => x.local)).toEqual([
      '2026-02-10T09:00:00+01:00', '2026-02-24T09:00:00+01:00', '2026-02-28T09:00:00+01:00',
    ]);
    for (const x of m) {
      const local = DateTime.fromMillis(x.at, { zone: 'Europe/Berlin' });
      expect(isWorkingDay(local, CN)).toBe(true);
    }
  });
});

describe('loading a year (rectify calendar update --from FILE)', () => {
  const file = (name: string): unknown => YAML.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));

  it('reads spans and single days, and refuses a bad file naming where and what', () => {
    const ok = parseHolidaysFile(file('2027.yaml'), '2027.yaml');
    expect(ok.problems).toEqual([]);
    expect(Object.keys(ok.years[0].daysOff)).toHaveLength(1 + 9 + 7);
    expect(ok.years[0].workingDays).toEqual({ '2027-02-20': '春节', '2027-10-09': '国庆节' });
    const bad = parseHolidaysFile(file('bad.yaml'), 'bad.yaml');
    expect(bad.years).toEqual([]);
    expect(bad.problems).toEqual([
      'bad.yaml: 2027: daysOff[0]: 2027-02-14 to 2027-02-06 runs backwards',
      'bad.yaml: 2027: daysOff[1]: 2028-01-01 is not in 2027',
      'bad.yaml: 2027: workingDays[0]: 2027-02-15 is a weekday; list only the Saturdays and Sundays that are worked (调休上班), not days off given in lieu',
    ]);
    expect(parseHolidaysFile({ year: 2027 }, 'x.yaml').problems[0]).toMatch(/^x\.yaml: daysOff: /);
  });

  it('a year no data covers is placed by weekends alone and named, until it is loaded; then its moments move', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rectify-holidays-'));
    const before = workingCalendarFor(CADENCE, dir);
    expect(uncoveredYears(before, [2026, 2027])).toEqual([2027]);
    expect(isWorkingDay(sh('2027-02-08'), before)).toBe(true);
    const { years } = parseHolidaysFile(file('2027.yaml'));
    writeLoadedYears(dir, mergeYears(readLoadedYears(dir), years));
    const after = workingCalendarFor(CADENCE, dir);
    expect(uncoveredYears(after, [2026, 2027])).toEqual([]);
    expect(isWorkingDay(sh('2027-02-08'), after)).toBe(false);
    expect(isWorkingDay(sh('2027-02-20'), after)).toBe(true);
    expect(after.version).not.toBe(before.version);
    // loading it again changes nothing; the file round-trips
    writeLoadedYears(dir, mergeYears(readLoadedYears(dir), years));
    expect(workingCalendarFor(CADENCE, dir).version).toBe(after.version);
  });

  it('the planning activities return the uncovered years and place moments with the loaded data', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rectify-holidays-'));
    const acts = createActivities({ transport: { sendMail: async () => ({}) } as never, from: 'x@example.org', sent: new MemorySentStore(), events: new MemoryEventSink(), dataDir: dir });
    const settingsIn = { timeZone: 'Asia/Shanghai', start: '2027-01-04', cadence: CADENCE };
    const span = { fromMs: ms('2027-02-01T00:00:00+08:00'), untilMs: ms('2027-02-20T00:00:00+08:00') };
    const first = await acts.planCampaignMoments({ settings: settingsIn, ...span });
    expect(first.uncoveredYears).toEqual([2027]);
    // Sunday 2027-01-31's dispatch is on Monday 02-01
    expect(first.moments.filter((m) => m.kind === 'dispatch').map((m) => m.local)).toEqual(['2027-02-01T09:00:00+08:00', '2027-02-10T09:00:00+08:00']);
    writeLoadedYears(dir, mergeYears(undefined, parseHolidaysFile(file('2027.yaml')).years));
    const second = await acts.planCampaignMoments({ settings: settingsIn, ...span });
    expect(second.uncoveredYears).toEqual([]);
    expect(second.calendarVersion).not.toBe(first.calendarVersion);
    expect(second.moments.filter((m) => m.kind === 'dispatch').map((m) => m.local)).toEqual(['2027-02-01T09:00:00+08:00', '2027-02-15T09:00:00+08:00']);
    const item = await acts.planItemMoments({ settings: settingsIn, ladder: DEFAULT_LADDER, deadline: '2027-02-05', milestones: [], ...span });
    expect(item.deadlineAt).toBe(ms('2027-02-06T00:00:00+08:00'));
    expect(item.moments.find((m) => m.kind === 'deadline')?.local).toBe('2027-02-15T08:30:00+08:00');
  });
});

describe('placement primitives', () => {
  it('onWorkingDay and inWorkingTime leave a moment in working time alone', () => {
    const at = localDay('2026-02-13', 'Asia/Shanghai').plus({ hours: 10 });
    expect(onWorkingDay(at, 'previous', CN, 'Asia/Shanghai')).toEqual({ at });
    expect(inWorkingTime({ at }, CADENCE, CN, 'Asia/Shanghai')).toEqual({ at });
    const night = localDay('2026-02-13', 'Asia/Shanghai').plus({ hours: 20 });
    expect(inWorkingTime({ at: night }, CADENCE, CN, 'Asia/Shanghai').at.toISO()).toBe('2026-02-14T08:30:00.000+08:00');
    const late = inWorkingTime({ at: night }, { ...CADENCE, workingHours: { start: '09:00', end: '21:00' } }, CN, 'Asia/Shanghai');
    expect(late.at.toISO()).toBe(night.toISO());
  });
});

describe('the dispatch sheet', () => {
  it('says why it moved and names the years without official data, in the campaign\'s language', () => {
    const { items: _items, ...campaign } = tinyPlan();
    const [moment] = campaignMoments(settings('2026-02-02'), ms('2026-02-24T00:00:00+08:00'), ms('2026-02-25T00:00:00+08:00')).filter((m) => m.kind === 'dispatch');
    const state = (c: typeof campaign) => buildState({ campaign: c, rows: [], asOfMs: moment.at });
    const zh = composeDocument({ campaign, kind: 'dispatch-sheet', moment, rows: [], uncoveredYears: [2027] }, state(campaign));
    expect(zh.text).toContain('时间调整：旬调度 2026-02-20（周五）09:00 是休息日（春节） → 顺延到下一个工作日。');
    // The years without official data are the coordinators' note (a mail of its own), not the sheet's.
    expect(zh.text).not.toContain('2027年');
    expect(calendarNote(campaign.name, [2027], 'zh').subject).toBe('【专班办公室提示】示例整改：2027年节假日安排尚未载入');
    const en = composeDocument({ campaign: { ...campaign, language: 'en' }, kind: 'dispatch-sheet', moment, rows: [] }, state({ ...campaign, language: 'en' }));
    expect(en.text).toContain('Moved: dispatch Fri 2026-02-20 09:00 is a day off (春节) → next working day.');
    expect(en.text).not.toContain('no official working-day calendar');
  });
});

describe('warnings counted in working days', () => {
  it('beforeDeadlineWorkingDays: 5 counts the worked Sunday and skips the holiday; the rung fires on that moment only', () => {
    const ladder = [{ id: 'wd', level: 'reminder' as const, notice: '到期提醒', when: { beforeDeadlineWorkingDays: 5 }, to: ['contact' as const] },
      { id: 'cd', level: 'reminder' as const, notice: '到期提醒', when: { beforeDeadlineDays: 5 }, to: ['contact' as const] }];
    const m = itemMoments(settings('2025-09-01'), { deadline: '2025-10-10', milestones: [{ date: '2025-10-10' }] }, ladder, 0, ms('2025-10-11T00:00:00+08:00'));
    const warnings = m.filter((x) => x.kind === 'deadlineWarning');
    // Oct 9, Sep 30, Sep 29, Sun Sep 28 (worked), Fri Sep 26; and 5 calendar days before: Sun Oct 5, off, so the Sep 30 before
    expect(warnings.map((x) => x.key).sort()).toEqual(['deadlineWarning-5:2025-09-30T12:00:00+08:00', 'deadlineWarning-5w:2025-09-26T12:00:00+08:00']);
    const ctx = { state: 'inProgress' as const, missedInARow: 0, reportStillMissing: false, behindPlan: 0, redInspections: 0, milestoneDelivered: false, extensions: 0, reportedThisCycle: false };
    const byKey = (k: string) => rungsAt(ladder, { ...ctx, moment: warnings.find((x) => x.key.startsWith(k))! });
    expect(byKey('deadlineWarning-5w').map((f) => [f.rung.id, f.reason])).toEqual([['wd', 'deadline in 5 working day(s)']]);
    expect(byKey('deadlineWarning-5:').map((f) => f.rung.id)).toEqual(['cd']);
  });
});
