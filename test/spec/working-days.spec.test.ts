/**
 * Working days as Chinese offices count them (工作日): statutory holidays and 调休 make-up Saturdays and Sundays of
 * the State Council's notices (from the official data the engine ships), counting working days across 国庆 and 春节,
 * the dekads (旬) of a month, month ends, and where a moment on a day off goes.
 *
 * The property tests of the same functions are in test/calendar.test.ts and test/holidays.test.ts; these are the
 * cases an office would check by hand, one per row.
 */
import {
  addWorkingDays, campaignMoments, countdownOf, dayOffName, dekadsOf, dueMoments, inWorkingTime, isWorkingDay, itemMoments, onWorkingDay,
} from '../../domain/calendar';
import { buildWorkingCalendar, dayStatus, officialYears, parseHolidaysFile, uncoveredYears } from '../../domain/holidays';
import { DEFAULT_LADDER } from '../../domain/schema';
import { countdownLabel } from '../../domain/i18n';
import type { WorkingCalendar } from '../../domain/holidays';
import { at, CADENCE, CN, dayAndTime, settings, shanghai, WEEKENDS, ZONE } from './support';

describe('isWorkingDay on the official calendar (国务院办公厅 notices, 2024 to 2026)', () => {
  test.each<[string, string, boolean, string | undefined]>([
    ['an ordinary Wednesday', '2026-03-04', true, undefined],
    ['an ordinary Saturday', '2026-03-07', false, 'weekend'],
    ['an ordinary Sunday', '2026-03-08', false, 'weekend'],
    ['元旦 2026 (Thursday)', '2026-01-01', false, '元旦'],
    ['元旦 2026 bridged to Friday', '2026-01-02', false, '元旦'],
    ['Sunday 2026-01-04, worked for 元旦 (调休)', '2026-01-04', true, undefined],
    ['Saturday 2026-02-14, worked before 春节 (调休)', '2026-02-14', true, undefined],
    ['春节 2026: Monday 2026-02-16', '2026-02-16', false, '春节'],
    ['春节 2026: its last day, Monday 2026-02-23', '2026-02-23', false, '春节'],
    ['the Tuesday after 春节 2026', '2026-02-24', true, undefined],
    ['Saturday 2026-02-28, worked after 春节 (调休)', '2026-02-28', true, undefined],
    ['清明 2026 (Saturday, in the holiday)', '2026-04-04', false, '清明'],
    ['清明 2026 moved to Monday', '2026-04-06', false, '清明'],
    ['劳动节 2026: Tuesday 2026-05-05', '2026-05-05', false, '劳动节'],
    ['Saturday 2026-05-09, worked for 劳动节 (调休)', '2026-05-09', true, undefined],
    ['端午 2026 (Friday)', '2026-06-19', false, '端午'],
    ['Sunday 2026-09-20, worked for 国庆 (调休)', '2026-09-20', true, undefined],
    ['中秋 2026 (Friday)', '2026-09-25', false, '中秋'],
    ['国庆 2026: Thursday 2026-10-01', '2026-10-01', false, '国庆节'],
    ['国庆 2026: its last day, Wednesday 2026-10-07', '2026-10-07', false, '国庆节'],
    ['the Thursday after 国庆 2026', '2026-10-08', true, undefined],
    ['Saturday 2026-10-10, worked for 国庆 (调休)', '2026-10-10', true, undefined],
    ['中秋 2025 inside 国庆 (Monday 2025-10-06)', '2025-10-06', false, '中秋'],
    ['国庆 2025 ran to Wednesday 2025-10-08', '2025-10-08', false, '国庆节'],
    ['Saturday 2025-10-11, worked for 国庆 (调休)', '2025-10-11', true, undefined],
    ['Sunday 2025-01-26, worked before 春节 (调休)', '2025-01-26', true, undefined],
    ['春节 2025: Tuesday 2025-01-28 (除夕)', '2025-01-28', false, '春节'],
    ['Sunday 2024-02-04, worked before 春节 (调休)', '2024-02-04', true, undefined],
    ['Sunday 2024-02-18, worked after 春节 (调休)', '2024-02-18', true, undefined],
  ])('%s: working %s', (_case, date, working, name) => {
    expect([isWorkingDay(shanghai(`${date} 12:00`), CN), dayOffName(shanghai(`${date} 12:00`), CN)]).toEqual([working, name]);
  });
});

describe("isWorkingDay: the 'weekends' calendar and the campaign's own days", () => {
  const OWN: WorkingCalendar = buildWorkingCalendar(
    { ...CADENCE, extraDaysOff: ['2026-03-04', '2026-10-08'], extraWorkingDays: ['2026-03-07', '2026-10-05'] }, officialYears(),
  );
  test.each<[string, WorkingCalendar, string, boolean, string | undefined]>([
    ["'weekends': 春节 Monday is worked", WEEKENDS, '2026-02-16', true, undefined],
    ["'weekends': the 调休 Saturday is off", WEEKENDS, '2026-02-14', false, 'weekend'],
    ["'weekends': 国庆 Thursday is worked", WEEKENDS, '2026-10-01', true, undefined],
    ['own day off on an ordinary Wednesday', OWN, '2026-03-04', false, '本单位休息日'],
    ['own day off right after 国庆', OWN, '2026-10-08', false, '本单位休息日'],
    ['own working Saturday', OWN, '2026-03-07', true, undefined],
    ['own working day inside 国庆 wins over the holiday', OWN, '2026-10-05', true, undefined],
    ['the official holiday next to it stays off', OWN, '2026-10-06', false, '国庆节'],
  ])('%s', (_case, cal, date, working, name) => {
    expect([isWorkingDay(shanghai(`${date} 12:00`), cal), dayOffName(shanghai(`${date} 12:00`), cal)]).toEqual([working, name]);
  });

  it("dayStatus names the make-up day's holiday", () => {
    expect(dayStatus(CN, '2026-02-14')).toEqual({ working: true, name: '春节' });
  });
});

describe('addWorkingDays: N working days after (before) a day, same time of day', () => {
  test.each<[string, string, number, WorkingCalendar, string]>([
    ['Friday + 1 → Monday', '2026-03-06 12:00', 1, CN, '2026-03-09 Mon 12:00'],
    ['Friday + 3 → Wednesday', '2026-03-06 12:00', 3, CN, '2026-03-11 Wed 12:00'],
    ['Monday − 1 → Friday', '2026-03-09 12:00', -1, CN, '2026-03-06 Fri 12:00'],
    ['+ 0 on a day off → the same instant', '2026-10-03 12:00', 0, CN, '2026-10-03 Sat 12:00'],
    ['the day before 国庆 2026 + 1 → the Thursday after it', '2026-09-30 12:00', 1, CN, '2026-10-08 Thu 12:00'],
    ['the day before 国庆 2026 + 3 → the 调休 Saturday', '2026-09-30 12:00', 3, CN, '2026-10-10 Sat 12:00'],
    ['the Thursday after 国庆 2026 − 1 → the day before it', '2026-10-08 12:00', -1, CN, '2026-09-30 Wed 12:00'],
    ['Friday 2026-09-18 + 1 → the 调休 Sunday', '2026-09-18 12:00', 1, CN, '2026-09-20 Sun 12:00'],
    ['Thursday before 中秋 + 3 → Wednesday 2026-09-30 (中秋 Friday and the weekend skipped)', '2026-09-24 12:00', 3, CN, '2026-09-30 Wed 12:00'],
    ['the day before 国庆 2025 + 1 → Thursday 2025-10-09', '2025-09-30 12:00', 1, CN, '2025-10-09 Thu 12:00'],
    ['Friday before 春节 2026 + 1 → the 调休 Saturday', '2026-02-13 12:00', 1, CN, '2026-02-14 Sat 12:00'],
    ['Friday before 春节 2026 + 2 → the Tuesday after it', '2026-02-13 12:00', 2, CN, '2026-02-24 Tue 12:00'],
    ['the Tuesday after 春节 2026 − 2 → the Friday before it', '2026-02-24 12:00', -2, CN, '2026-02-13 Fri 12:00'],
    ['the Monday before 春节 2025 + 1 → Wednesday 2025-02-05', '2025-01-27 12:00', 1, CN, '2025-02-05 Wed 12:00'],
    ['in 春节 + 1 counts from the next working day → Wednesday 2026-02-25', '2026-02-18 12:00', 1, CN, '2026-02-25 Wed 12:00'],
    ['in 春节 − 1 counts from the next working day → the 调休 Saturday before it', '2026-02-18 12:00', -1, CN, '2026-02-14 Sat 12:00'],
    ['Saturday + 1 counts from Monday → Tuesday', '2026-03-07 12:00', 1, CN, '2026-03-10 Tue 12:00'],
    ['Saturday − 1 counts from Monday → Friday', '2026-03-07 12:00', -1, CN, '2026-03-06 Fri 12:00'],
    ['Tuesday 2026-09-22 00:00 + 10 → Tuesday 2026-10-13 (over 中秋, 国庆 and its 调休 Saturday)', '2026-09-22 00:00', 10, CN, '2026-10-13 Tue 00:00'],
    ["'weekends': the day before 国庆 + 1 → Thursday 2026-10-01", '2026-09-30 12:00', 1, WEEKENDS, '2026-10-01 Thu 12:00'],
    ["'weekends': Friday before 春节 + 1 → Monday 2026-02-16", '2026-02-13 12:00', 1, WEEKENDS, '2026-02-16 Mon 12:00'],
  ])('%s', (_case, from, n, cal, to) => {
    expect(dayAndTime(addWorkingDays(shanghai(from), n, cal))).toBe(to);
  });

  it('refuses half a working day', () => {
    expect(() => addWorkingDays(shanghai('2026-03-06 12:00'), 0.5, CN)).toThrow(RangeError);
  });
});

describe('dekadsOf: the three dekads (旬) of a month', () => {
  test.each<[string, number, number, number]>([
    ['February of a leap year (2024)', 2024, 2, 29],
    ['February of a common year (2026)', 2026, 2, 28],
    ['February 2000 (leap: divisible by 400)', 2000, 2, 29],
    ['February 2100 (common: divisible by 100 only)', 2100, 2, 28],
    ['April (30 days)', 2026, 4, 30],
    ['January (31 days)', 2026, 1, 31],
    ['December (31 days)', 2026, 12, 31],
  ])('%s: 上旬 1-10, 中旬 11-20, 下旬 21-%d', (_case, year, month, last) => {
    expect(dekadsOf(year, month)).toEqual([
      { index: 1, firstDay: 1, lastDay: 10 },
      { index: 2, firstDay: 11, lastDay: 20 },
      { index: 3, firstDay: 21, lastDay: last },
    ]);
  });

  test.each<[number, number]>([[2026, 0], [2026, 13], [2026, 2.5]])('no month %d-%d', (year, month) => {
    expect(() => dekadsOf(year, month)).toThrow(RangeError);
  });
});

describe('month ends (月督查) and dekad ends (旬调度) on the official calendar, 2026', () => {
  const s = settings('2026-01-01');
  const moments = campaignMoments(s, at('2026-01-01'), at('2027-01-01'));
  const of = (kind: 'inspection' | 'dispatch') => moments.filter((m) => m.kind === kind);
  const inspections = new Map(of('inspection').map((m) => [m.local.slice(0, 7), m]));
  const dispatches = of('dispatch');

  test.each<[string, string, string]>([
    ['January 31 is a Saturday → Friday 30th', '2026-01', '2026-01-30 Fri 17:00'],
    ['February 28 is a Saturday, but worked after 春节 (调休) → stays', '2026-02', '2026-02-28 Sat 17:00'],
    ['March 31 is a Tuesday → stays', '2026-03', '2026-03-31 Tue 17:00'],
    ['May 31 is a Sunday → Friday 29th', '2026-05', '2026-05-29 Fri 17:00'],
    ['September 30 is a Wednesday, the eve of 国庆 → stays', '2026-09', '2026-09-30 Wed 17:00'],
    ['October 31 is a Saturday → Friday 30th', '2026-10', '2026-10-30 Fri 17:00'],
  ])('inspection: %s', (_case, month, placed) => {
    expect(dayAndTime(inspections.get(month)!.at)).toBe(placed);
  });

  test.each<[string, string, string]>([
    ['February 20 is in 春节 → the next working day, Tuesday', '2026-02-20', '2026-02-24 Tue 09:00'],
    ['October 10 is a 调休 Saturday, worked → stays', '2026-10-10', '2026-10-10 Sat 09:00'],
    ['March 10 is a Tuesday → stays', '2026-03-10', '2026-03-10 Tue 09:00'],
    ['January 10 is a Saturday → Monday 12th', '2026-01-10', '2026-01-12 Mon 09:00'],
    ['May 31 is a Sunday → Monday June 1st', '2026-05-31', '2026-06-01 Mon 09:00'],
  ])('dispatch: %s', (_case, rule, placed) => {
    const m = dispatches.find((d) => (d.moved?.from ?? d.local).startsWith(rule));
    expect(m && dayAndTime(m.at)).toBe(placed);
  });
});

describe('a weekly due time (Friday 12:00) on a day off goes to the previous working day of its week', () => {
  const s = settings('2026-01-05');
  const dues = dueMoments(s, at('2026-01-05'), at('2027-01-01'));
  test.each<[string, string, string, string | undefined]>([
    ['an ordinary Friday → stays', '2026-03-06', '2026-03-06 Fri 12:00', undefined],
    ['Friday 元旦 bridge day 2026-01-02 is before the campaign: the first due is the next Friday', '2026-01-09', '2026-01-09 Fri 12:00', undefined],
    ['中秋 Friday 2026-09-25 → Thursday', '2026-09-25', '2026-09-24 Thu 12:00',
      'weekly due Fri 2026-09-25 12:00 is a day off (中秋) → previous working day'],
    ['国庆 Friday 2026-10-02 → Wednesday 30 September', '2026-10-02', '2026-09-30 Wed 12:00',
      'weekly due Fri 2026-10-02 12:00 is a day off (国庆节) → previous working day'],
    ['端午 Friday 2026-06-19 → Thursday', '2026-06-19', '2026-06-18 Thu 12:00',
      'weekly due Fri 2026-06-19 12:00 is a day off (端午) → previous working day'],
    ['春节 Friday 2026-02-20, its whole week off → the next working day instead (not into the week before)', '2026-02-20', '2026-02-24 Tue 12:00',
      'weekly due Fri 2026-02-20 12:00 is a day off (春节) → next working day'],
  ])('%s', (_case, rule, placed, placedBy) => {
    const m = dues.find((d) => (d.moved?.from ?? d.local).startsWith(rule));
    expect([m && dayAndTime(m.at), m?.placedBy]).toEqual([placed, placedBy]);
  });
});

describe('the first weekly due time of a campaign', () => {
  test.each<[string, string, string]>([
    ['starting on a Monday → that Friday', '2026-03-02', '2026-03-06 Fri 12:00'],
    ['starting on a Wednesday → that Friday (two days later)', '2026-03-04', '2026-03-06 Fri 12:00'],
    ['starting on a Thursday → not the next day: the Friday after', '2026-03-05', '2026-03-13 Fri 12:00'],
    ['starting on the Friday itself → the Friday after', '2026-03-06', '2026-03-13 Fri 12:00'],
  ])('%s', (_case, start, first) => {
    const [m] = dueMoments(settings(start), at(start), at('2026-04-01'));
    expect([m.cycle, dayAndTime(m.at)]).toEqual([0, first]);
  });
});

describe("an item's deadline moments on the official calendar (default ladder, and a rung 10 working days late)", () => {
  // Deadline 2026-09-30, the eve of 国庆: it passes at 00:00 on 1 October, a holiday.
  const s = settings('2026-09-01');
  const moments = itemMoments(s, { deadline: '2026-09-30', milestones: [] },
    [...DEFAULT_LADDER, { id: 'late', level: 'committee', notice: '督办单(红)', when: { deadlinePassedWorkingDays: 10 }, to: ['committee'] }], at('2026-09-01'), at('2026-12-01'));
  const one = (kind: string) => moments.filter((m) => m.kind === kind).map((m) => dayAndTime(m.at));
  test.each<[string, string, string[]]>([
    ['the reminder 7 days before: Wednesday 23 September, at the due time of day', 'deadlineWarning', ['2026-09-23 Wed 12:00']],
    ['the deadline notice: the first working morning after the deadline day (after 国庆)', 'deadline', ['2026-10-08 Thu 08:30']],
    ['10 working days late: counted from 1 October over 国庆 and its 调休 Saturday', 'deadlineLate', ['2026-10-21 Wed 08:30']],
  ])('%s', (_case, kind, placed) => {
    expect(one(kind)).toEqual(placed);
  });
});

describe('quiet hours (08:30 to 18:00 on working days): where a notice waits', () => {
  test.each<[string, string, string, string | undefined]>([
    ['Tuesday 10:00, in working time → stays', '2026-03-10 10:00', '2026-03-10 Tue 10:00', undefined],
    ['Tuesday 08:30 sharp, the first minute → stays', '2026-03-10 08:30', '2026-03-10 Tue 08:30', undefined],
    ['Tuesday 18:00 sharp, the end → the next working morning', '2026-03-10 18:00', '2026-03-11 Wed 08:30', 'night'],
    ['Tuesday 07:00, before hours → that morning', '2026-03-10 07:00', '2026-03-10 Tue 08:30', 'night'],
    ['Friday 20:00 → Monday morning', '2026-03-06 20:00', '2026-03-09 Mon 08:30', 'night'],
    ['Saturday noon → Monday morning', '2026-03-07 12:00', '2026-03-09 Mon 08:30', 'weekend'],
    ['00:00 on a 国庆 holiday → the first working morning after it', '2026-10-01 00:00', '2026-10-08 Thu 08:30', '国庆节'],
    ['00:00 on a 调休 Saturday, worked → that morning', '2026-10-10 00:00', '2026-10-10 Sat 08:30', 'night'],
  ])('%s', (_case, from, to, reason) => {
    const p = inWorkingTime({ at: shanghai(from) }, CADENCE, CN, ZONE);
    expect([dayAndTime(p.at), p.moved?.reason]).toEqual([to, reason]);
  });

  test.each<[string, string, 'previous' | 'next', string]>([
    ['a Saturday, to the previous working day → Friday, same time', '2026-03-07 12:00', 'previous', '2026-03-06 Fri 12:00'],
    ['a Saturday, to the next working day → Monday, same time', '2026-03-07 12:00', 'next', '2026-03-09 Mon 12:00'],
    ['春节 Friday, to the previous working day → the 调休 Saturday before it', '2026-02-20 12:00', 'previous', '2026-02-14 Sat 12:00'],
    ['春节 Friday, to the next working day → Tuesday after it', '2026-02-20 12:00', 'next', '2026-02-24 Tue 12:00'],
    ['a working day either way → stays', '2026-03-10 12:00', 'previous', '2026-03-10 Tue 12:00'],
  ])('onWorkingDay: %s', (_case, from, dir, to) => {
    expect(dayAndTime(onWorkingDay(shanghai(from), dir, CN, ZONE).at)).toBe(to);
  });
});

describe('a year loaded with `calendar update`: what is refused', () => {
  test.each<[string, unknown, string[]]>([
    ['a well-formed year → no problem', { year: 2027, daysOff: [{ from: '2027-10-01', to: '2027-10-07', name: '国庆节' }], workingDays: ['2027-10-09'] }, []],
    ['a make-up day on a weekday (an in-lieu day off copied by mistake)', { year: 2027, daysOff: ['2027-10-01'], workingDays: ['2027-10-08'] }, [
      'f: 2027: workingDays[0]: 2027-10-08 is a weekday; list only the Saturdays and Sundays that are worked (调休上班), not days off given in lieu']],
    ['a span running backwards', { year: 2027, daysOff: [{ from: '2027-10-07', to: '2027-10-01' }] }, ['f: 2027: daysOff[0]: 2027-10-07 to 2027-10-01 runs backwards']],
    ['a day of another year', { year: 2027, daysOff: ['2028-01-01'] }, ['f: 2027: daysOff[0]: 2028-01-01 is not in 2027']],
    ['a day both off and worked', { year: 2027, daysOff: ['2027-10-09'], workingDays: ['2027-10-09'] }, ['f: 2027: workingDays[0]: 2027-10-09 is also listed as a day off']],
    ['no days off at all', { year: 2027, daysOff: [] }, ['f: daysOff: Too small: expected array to have >=1 items']],
  ])('%s', (_case, file, problems) => {
    expect(parseHolidaysFile(file, 'f').problems).toEqual(problems);
  });

  test.each<[string, WorkingCalendar, number[], number[]]>([
    ['years the official data has (it covers 2004 to 2026) → none missing', CN, [2024, 2025, 2026], []],
    ['a campaign running into 2027 needs that year loaded', CN, [2026, 2027], [2027]],
    ["'weekends' misses nothing", WEEKENDS, [2030], []],
  ])('uncoveredYears: %s', (_case, cal, years, missing) => {
    expect(uncoveredYears(cal, years)).toEqual(missing);
  });
});

describe('the countdown (剩余/逾期 N 个工作日) on the official calendar, as the office reads it on a given day', () => {
  test.each<[string, string, string, string]>([
    ['Monday, deadline that Friday: five working days, both counted', '2026-03-09 10:00', '2026-03-13', '剩余 5 个工作日'],
    ['the deadline day itself, in the evening: still one (today)', '2026-03-13 22:00', '2026-03-13', '剩余 1 个工作日'],
    ['over 国庆: from Wednesday 30 September to Friday 9 October counts 30 Sept, 8 and 9 October', '2026-09-30 09:00', '2026-10-09', '剩余 3 个工作日'],
    ['a deadline on a 调休 Saturday that is worked counts it', '2026-10-09 09:00', '2026-10-10', '剩余 2 个工作日'],
    ['a deadline on a holiday seen that day: no working day left', '2026-10-03 09:00', '2026-10-03', '剩余 0 个工作日'],
    ['the Saturday after a Friday deadline: overdue, by no working day yet', '2026-03-14 09:00', '2026-03-13', '逾期 0 个工作日'],
    ['the Monday after: overdue by one', '2026-03-16 09:00', '2026-03-13', '逾期 1 个工作日'],
    ['deadline on the eve of 国庆, seen on Friday 9 October: 8 and 9 October', '2026-10-09 09:00', '2026-09-30', '逾期 2 个工作日'],
  ])('%s', (_case, seen, deadline, words) => {
    expect(countdownLabel(countdownOf(CN, deadline, shanghai(seen).toMillis(), ZONE), 'zh')).toBe(words);
  });

  test('a deadline extended to 2099: counted (weekdays past the published calendars), never an error that stops status', () => {
    const at = shanghai('2026-03-09 10:00').toMillis();
    const far = countdownOf(CN, '2099-06-30', at, ZONE);
    expect(far.overdue).toBe(false);
    // Every Monday to Friday from that day to the deadline, less the holidays of the years the calendar knows.
    let weekdays = 0;
    for (let d = shanghai('2026-03-09 10:00').startOf('day'); d.toISODate()! <= '2099-06-30'; d = d.plus({ days: 1 })) if (d.weekday <= 5) weekdays++;
    expect(far.workingDays).toBeLessThan(weekdays);
    expect(far.workingDays).toBeGreaterThan(weekdays - 150);
    // Tuesday 30 June 2099 counts one more than Monday 29; Saturday 4 July none more than Friday 3.
    expect(far.workingDays - countdownOf(CN, '2099-06-29', at, ZONE).workingDays).toBe(1);
    expect(countdownOf(CN, '2099-07-04', at, ZONE).workingDays).toBe(countdownOf(CN, '2099-07-03', at, ZONE).workingDays);
  });

  test('English, and one or several', () => {
    expect(countdownLabel({ overdue: false, workingDays: 1 }, 'en')).toBe('1 working day left');
    expect(countdownLabel({ overdue: true, workingDays: 3 }, 'en')).toBe('overdue 3 working days');
  });
});
