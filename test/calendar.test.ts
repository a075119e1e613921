import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addWorkingDays,
  campaignMoments,
  dekadsOf,
  formatLocal,
  inWorkingTime,
  isWorkingDay,
  itemMoments,
  onWorkingDay,
  localDay,
  planShare,
  weeklyDueTimes,
  type CalendarSettings,
} from '../domain/calendar';
import type { Cadence, Moment, Rung } from '../domain/types';
import { cadence as cadenceSchema } from '../domain/schema';
import { buildWorkingCalendar, officialYears } from '../domain/holidays';
import { momentNumber } from '../domain/triggers';

/** The schema's defaults: reports due Friday 12:00, reminder a day before, dispatch 09:00, inspection 17:00. */
const CADENCE: Cadence = cadenceSchema.parse({});

function settings(start: string, timeZone = 'Asia/Shanghai', cadence: Partial<Cadence> = {}): CalendarSettings {
  return { timeZone, start, cadence: { ...CADENCE, ...cadence } };
}

/** Epoch ms of an ISO string with offset. */
const ms = (iso: string): number => {
  const d = DateTime.fromISO(iso, { setZone: true });
  if (!d.isValid) throw new Error(`bad test date ${iso}`);
  return d.toMillis();
};

const locals = (moments: Moment[], kind: Moment['kind']): string[] => moments.filter((m) => m.kind === kind).map((m) => m.local);

const LADDER: Rung[] = [
  { id: 'deadline-warning', level: 'reminder', notice: '到期提醒', when: { beforeDeadlineDays: 7 }, to: ['contact'] },
  { id: 'chase', level: 'chase', notice: '催办', when: { missedReports: 1 }, to: ['contact', 'unitHead'] },
  { id: 'milestone-warning', level: 'reminder', notice: '节点提醒', when: { beforeMilestoneDays: 3 }, to: ['contact'] },
  { id: 'milestone-missed', level: 'chase', notice: '催办', when: { milestonePassed: true }, to: ['contact', 'unitHead'] },
  { id: 'supervision', level: 'supervision', notice: '督办单(黄)', when: { missedForWorkingDays: 3 }, to: ['leader'] },
  { id: 'deadline-passed', level: 'working-group', notice: '督办单(红)', when: { deadlinePassedWorkingDays: 0 }, to: ['leader', 'workingGroup'] },
  { id: 'committee', level: 'committee', notice: '督办单(红)', when: { deadlinePassedWorkingDays: 10 }, to: ['committee'] },
];

describe('dekadsOf (旬)', () => {
  it('tiles every month of 2020-2030 into 1-10, 11-20, 21-last with a third dekad of 8 to 11 days', () => {
    let months = 0;
    for (let year = 2020; year <= 2030; year++) {
      for (let month = 1; month <= 12; month++) {
        const last = new Date(Date.UTC(year, month, 0)).getUTCDate(); // independent of luxon
        const ds = dekadsOf(year, month);
        expect(ds.map((d) => d.index)).toEqual([1, 2, 3]);
        expect(ds[0]).toEqual({ index: 1, firstDay: 1, lastDay: 10 });
        expect(ds[1]).toEqual({ index: 2, firstDay: 11, lastDay: 20 });
        expect(ds[2]).toEqual({ index: 3, firstDay: 21, lastDay: last });
        // contiguous cover of 1..last, no gap, no overlap
        const days: number[] = [];
        for (const d of ds) for (let x = d.firstDay; x <= d.lastDay; x++) days.push(x);
        expect(days).toEqual(Array.from({ length: last }, (_, i) => i + 1));
        const third = ds[2].lastDay - ds[2].firstDay + 1;
        expect(third).toBeGreaterThanOrEqual(8);
        expect(third).toBeLessThanOrEqual(11);
        months++;
      }
    }
    expect(months).toBe(132);
  });

  it('knows February in leap and common years, and 31-day months', () => {
    const len = (y: number, m: number) => { const d = dekadsOf(y, m)[2]; return d.lastDay - d.firstDay + 1; };
    expect(len(2024, 2)).toBe(9);
    expect(len(2023, 2)).toBe(8);
    expect(len(2000, 2)).toBe(9);
    expect(len(2100, 2)).toBe(8);
    expect(len(2023, 1)).toBe(11);
    expect(len(2023, 4)).toBe(10);
  });

  it('refuses months that do not exist', () => {
    expect(() => dekadsOf(2023, 13)).toThrow();
    expect(() => dekadsOf(2023, 0)).toThrow();
  });
});

describe('working days', () => {
  const sh = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' });

  it('isWorkingDay follows cadence.workingDays (ISO weekdays) in the date\'s zone', () => {
    expect(isWorkingDay(sh('2023-07-14T12:00'), CADENCE)).toBe(true); // Friday
    expect(isWorkingDay(sh('2023-07-15T12:00'), CADENCE)).toBe(false); // Saturday
    expect(isWorkingDay(sh('2023-07-16T12:00'), CADENCE)).toBe(false); // Sunday
    expect(isWorkingDay(sh('2023-07-15T12:00'), { ...CADENCE, workingDays: [6] })).toBe(true);
    // Saturday 01:00 in Shanghai is Friday 17:00 UTC: the zone of the date decides
    expect(isWorkingDay(sh('2023-07-15T01:00'), CADENCE)).toBe(false);
    expect(isWorkingDay(sh('2023-07-15T01:00').setZone('UTC'), CADENCE)).toBe(true);
  });

  it('addWorkingDays skips weekends, keeps the time of day and the zone', () => {
    const fri = sh('2023-07-14T12:00');
    expect(formatLocal(addWorkingDays(fri, 3, CADENCE).toMillis(), 'Asia/Shanghai')).toBe('2023-07-19T12:00:00+08:00'); // Wednesday
    expect(addWorkingDays(fri, 1, CADENCE).toISODate()).toBe('2023-07-17'); // Monday
    expect(addWorkingDays(fri, 5, CADENCE).toISODate()).toBe('2023-07-21');
    expect(addWorkingDays(fri, -5, CADENCE).toISODate()).toBe('2023-07-07');
    expect(addWorkingDays(sh('2023-07-17T08:30'), -1, CADENCE).toISO()).toBe('2023-07-14T08:30:00.000+08:00');
    expect(addWorkingDays(fri, 0, CADENCE).toMillis()).toBe(fri.toMillis());
    expect(addWorkingDays(fri, 3, CADENCE).zoneName).toBe('Asia/Shanghai');
  });

  it('counts from the next working day when starting on a day off', () => {
    const sat = sh('2023-07-15T00:00');
    expect(addWorkingDays(sat, 1, CADENCE).toISODate()).toBe('2023-07-18'); // Mon, then +1 = Tue
    expect(addWorkingDays(sat, -1, CADENCE).toISODate()).toBe('2023-07-14'); // Mon, then -1 = Fri
    expect(addWorkingDays(sat, 10, CADENCE).toISODate()).toBe('2023-07-31');
  });

  it('keeps 12:00 local across a DST change (Europe/London, 2026-03-29)', () => {
    const fri = DateTime.fromISO('2026-03-27T12:00', { zone: 'Europe/London' });
    const mon = addWorkingDays(fri, 1, CADENCE);
    expect(formatLocal(mon.toMillis(), 'Europe/London')).toBe('2026-03-30T12:00:00+01:00');
    expect(mon.toMillis() - fri.toMillis()).toBe((3 * 24 - 1) * 3600_000);
    expect(addWorkingDays(mon, -1, CADENCE).toMillis()).toBe(fri.toMillis());
  });

  it('property: +n then -n returns to a working-day start; results are working days exactly |n| working days away', () => {
    const zones = ['Asia/Shanghai', 'Europe/London', 'America/New_York', 'UTC', 'Australia/Sydney'];
    const base = DateTime.utc(2020, 1, 1);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 10 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom(...zones),
        fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: -60, max: 60 }).filter((n) => n !== 0),
        (offset, hour, minute, zone, workingDays, n) => {
          const cadence = { ...CADENCE, workingDays };
          const day = base.plus({ days: offset });
          const start = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone });
          const out = addWorkingDays(start, n, cadence);
          expect(out.isValid).toBe(true);
          expect(isWorkingDay(out, cadence)).toBe(true);
          expect(out.zoneName).toBe(zone);
          if (n > 0) expect(out.toMillis()).toBeGreaterThan(start.toMillis());
          else expect(out.toMillis()).toBeLessThan(start.toMillis());
          if (isWorkingDay(start, cadence)) {
            // The time of day is kept, unless it does not exist on the day reached (a DST gap: luxon moves it on).
            const exists = start.hour === hour && out.set({ hour, minute }).hour === hour;
            if (exists) {
              expect([out.hour, out.minute]).toEqual([hour, minute]);
              expect(addWorkingDays(out, -n, cadence).toMillis()).toBe(start.toMillis());
            }
            // exactly |n| working days from start (excluded) to out (included)
            let count = 0;
            const [a, b] = n > 0 ? [start, out] : [out, start];
            for (let d = a.startOf('day').plus({ days: 1 }); d <= b; d = d.plus({ days: 1 })) if (isWorkingDay(d, cadence)) count++;
            expect(count).toBe(Math.abs(n));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('localDay and formatLocal', () => {
  it('parse a day as 00:00 in the campaign zone and format with offset, without milliseconds', () => {
    expect(localDay('2023-07-14', 'Asia/Shanghai').toMillis()).toBe(Date.UTC(2023, 6, 13, 16));
    expect(localDay('2026-03-29', 'Europe/London').toMillis()).toBe(Date.UTC(2026, 2, 29, 0));
    expect(localDay('2026-03-30', 'Europe/London').toMillis()).toBe(Date.UTC(2026, 2, 29, 23));
    expect(formatLocal(Date.UTC(2023, 6, 14, 4, 0, 0, 999), 'Asia/Shanghai')).toBe('2023-07-14T12:00:00+08:00');
    expect(formatLocal(Date.UTC(2026, 5, 1, 11), 'Europe/London')).toBe('2026-06-01T12:00:00+01:00');
    expect(() => localDay('2023-02-30', 'Asia/Shanghai')).toThrow();
    expect(() => localDay('2023-07-14', 'Mars/Olympus')).toThrow();
  });

  it('does not depend on the host time zone', () => {
    const saved = process.env.TZ;
    const run = () => JSON.stringify([
      campaignMoments(settings('2023-07-10'), 0, ms('2023-09-01T00:00:00+08:00')),
      itemMoments(settings('2026-03-02', 'Europe/London'), { deadline: '2026-04-30', milestones: [{ date: '2026-03-31' }] }, LADDER, 0, ms('2026-06-01T00:00:00Z')),
    ]);
    try {
      process.env.TZ = 'UTC';
      const utc = run();
      process.env.TZ = 'America/Los_Angeles';
      const la = run();
      process.env.TZ = 'Asia/Tokyo';
      expect(run()).toBe(utc);
      expect(la).toBe(utc);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('weekly due times (周报告)', () => {
  const seed = settings('2023-07-10'); // Monday

  it('seed-like campaign: first reminder Thursday 12:00, first due Friday 12:00 (cycle 0), summary 14:00', () => {
    const dues = weeklyDueTimes(seed, 0, ms('2023-08-01T00:00:00+08:00'));
    expect(dues.map((d) => [d.cycle, formatLocal(d.at.toMillis(), 'Asia/Shanghai')])).toEqual([
      [0, '2023-07-14T12:00:00+08:00'],
      [1, '2023-07-21T12:00:00+08:00'],
      [2, '2023-07-28T12:00:00+08:00'],
    ]);
    const moments = campaignMoments(seed, 0, ms('2023-07-22T00:00:00+08:00'));
    const reminders = moments.filter((m) => m.kind === 'reminder');
    expect(reminders[0]).toEqual({
      at: ms('2023-07-13T12:00:00+08:00'), local: '2023-07-13T12:00:00+08:00', kind: 'reminder', key: 'reminder:2023-07-13T12:00:00+08:00', cycle: 0,
    });
    expect(reminders.map((m) => m.cycle)).toEqual([0, 1]);
    expect(locals(moments, 'summary')).toEqual(['2023-07-14T14:00:00+08:00', '2023-07-21T14:00:00+08:00']);
  });

  it('skips a first due less than 2 days after the start', () => {
    const first = (start: string) => formatLocal(weeklyDueTimes(settings(start), 0, ms('2024-01-01T00:00:00+08:00'))[0].at.toMillis(), 'Asia/Shanghai');
    expect(first('2023-07-12')).toBe('2023-07-14T12:00:00+08:00'); // Wednesday: 2.5 days, kept
    expect(first('2023-07-13')).toBe('2023-07-21T12:00:00+08:00'); // Thursday: skipped
    expect(first('2023-07-14')).toBe('2023-07-21T12:00:00+08:00'); // Friday itself: skipped
    expect(first('2023-07-15')).toBe('2023-07-21T12:00:00+08:00'); // Saturday: 6.5 days
  });

  it('numbers cycles from the campaign start whatever the range asked for', () => {
    const dues = weeklyDueTimes(seed, ms('2023-08-15T00:00:00+08:00'), ms('2023-08-26T00:00:00+08:00'));
    expect(dues.map((d) => [d.cycle, d.at.toISODate()])).toEqual([[5, '2023-08-18'], [6, '2023-08-25']]);
  });

  it('includes a moment exactly at fromMs and excludes one at untilMs', () => {
    const due0 = ms('2023-07-14T12:00:00+08:00');
    const due1 = ms('2023-07-21T12:00:00+08:00');
    expect(weeklyDueTimes(seed, due0, due1).map((d) => d.cycle)).toEqual([0]);
    expect(weeklyDueTimes(seed, due0 + 1, due1 + 1).map((d) => d.cycle)).toEqual([1]);
    expect(weeklyDueTimes(seed, due1, due1)).toEqual([]);
    const m = campaignMoments(seed, ms('2023-07-13T12:00:00+08:00'), ms('2023-07-14T14:00:00+08:00'));
    expect(m.map((x) => x.kind)).toEqual(['reminder']);
    const dispatch = ms('2023-07-20T09:00:00+08:00');
    expect(campaignMoments(seed, dispatch, dispatch + 1).map((x) => x.key)).toEqual(['dispatch:2023-07-20T09:00:00+08:00']);
    expect(campaignMoments(seed, dispatch - 1, dispatch)).toEqual([]);
    const inspection = ms('2023-07-31T17:00:00+08:00');
    expect(campaignMoments(seed, inspection, inspection + 1).map((x) => x.kind)).toEqual(['inspection']);
    // The deadline passes at 00:00 on Sunday 10-01; its notice waits for Monday's working morning.
    const deadline = ms('2023-10-02T08:30:00+08:00');
    const item = { deadline: '2023-09-30', milestones: [] };
    expect(itemMoments(seed, item, [], deadline, deadline + 1).map((x) => x.key)).toEqual(['deadline:2023-10-02T08:30:00+08:00']);
    expect(itemMoments(seed, item, [], deadline - 1, deadline)).toEqual([]);
  });

  it('Europe/London keeps 12:00 local across the 2026-03-29 DST change', () => {
    const london = settings('2026-03-16', 'Europe/London');
    const dues = weeklyDueTimes(london, 0, ms('2026-04-11T00:00:00Z'));
    expect(dues.map((d) => formatLocal(d.at.toMillis(), 'Europe/London'))).toEqual([
      '2026-03-20T12:00:00+00:00',
      '2026-03-27T12:00:00+00:00',
      '2026-04-03T12:00:00+01:00',
      '2026-04-10T12:00:00+01:00',
    ]);
    expect(dues[2].at.toMillis() - dues[1].at.toMillis()).toBe(7 * 24 * 3600_000 - 3600_000);
    // a Monday due: the reminder 24 h before is Sunday 12:00 local on the day the clocks change, a day off:
    // it goes to the previous working day (nothing is mailed on a day off)
    const monday = settings('2026-03-16', 'Europe/London', { weeklyDue: { weekday: 1, time: '12:00' } });
    const m = campaignMoments(monday, ms('2026-03-27T00:00:00Z'), ms('2026-03-31T00:00:00Z'));
    expect(locals(m, 'reminder')).toEqual(['2026-03-27T12:00:00+00:00']);
    expect(m.find((x) => x.kind === 'reminder')?.placedBy).toBe('reminder Sun 2026-03-29 12:00 is a weekend day → previous working day');
    expect(locals(m, 'summary')).toEqual(['2026-03-30T14:00:00+01:00']);
    // and the autumn change back
    const autumn = weeklyDueTimes(london, ms('2026-10-20T00:00:00Z'), ms('2026-11-01T00:00:00Z'));
    expect(autumn.map((d) => formatLocal(d.at.toMillis(), 'Europe/London'))).toEqual(['2026-10-23T12:00:00+01:00', '2026-10-30T12:00:00+00:00']);
  });

  it('never returns a reminder before the campaign start', () => {
    // start Wednesday, due Friday: the 72-hour reminder of cycle 0 would be on Tuesday
    const s = settings('2023-07-12', 'Asia/Shanghai', { reminderLeadHours: 72 });
    const m = campaignMoments(s, 0, ms('2023-07-22T00:00:00+08:00'));
    expect(m.every((x) => x.at >= ms('2023-07-12T00:00:00+08:00'))).toBe(true);
    expect(locals(m, 'reminder')).toEqual(['2023-07-18T12:00:00+08:00']);
    expect(m.find((x) => x.kind === 'reminder')?.cycle).toBe(1);
  });
});

describe('dekad dispatch (旬调度) and monthly inspection (月督查)', () => {
  it('a campaign starting mid-dekad (2023-07-14) gets the dispatch on 07-20 and 07-31 09:00 and the inspection on 07-31 17:00', () => {
    const s = settings('2023-07-14');
    const m = campaignMoments(s, ms('2023-07-01T00:00:00+08:00'), ms('2023-08-01T00:00:00+08:00'));
    expect(locals(m, 'dispatch')).toEqual(['2023-07-20T09:00:00+08:00', '2023-07-31T09:00:00+08:00']);
    expect(locals(m, 'inspection')).toEqual(['2023-07-31T17:00:00+08:00']);
    const d = m.find((x) => x.kind === 'dispatch');
    expect(d).toEqual({ at: ms('2023-07-20T09:00:00+08:00'), local: '2023-07-20T09:00:00+08:00', kind: 'dispatch', key: 'dispatch:2023-07-20T09:00:00+08:00' });
    expect(m.every((x) => x.at >= ms('2023-07-14T00:00:00+08:00'))).toBe(true);
  });

  it('uses the last day of February in a leap year', () => {
    const s = settings('2024-01-01');
    const m = campaignMoments(s, ms('2024-02-01T00:00:00+08:00'), ms('2024-03-01T00:00:00+08:00'));
    // 02-10 is a Saturday: the dispatch goes to Monday 02-12
    expect(locals(m, 'dispatch')).toEqual(['2024-02-12T09:00:00+08:00', '2024-02-20T09:00:00+08:00', '2024-02-29T09:00:00+08:00']);
    expect(locals(m, 'inspection')).toEqual(['2024-02-29T17:00:00+08:00']);
    const common = campaignMoments(settings('2023-01-01'), ms('2023-02-01T00:00:00+08:00'), ms('2023-03-01T00:00:00+08:00'));
    expect(locals(common, 'inspection')).toEqual(['2023-02-28T17:00:00+08:00']);
  });

  it('gives one inspection and three dispatches a month over a year, sorted by time then kind', () => {
    const s = settings('2023-01-01');
    // until 2024-01-03: the dispatch of Sunday 2023-12-31 is on Monday 2024-01-01
    const m = campaignMoments(s, 0, ms('2024-01-03T00:00:00+08:00'));
    expect(locals(m, 'inspection')).toHaveLength(12);
    expect(locals(m, 'dispatch')).toHaveLength(36);
    for (let i = 1; i < m.length; i++) expect(m[i].at).toBeGreaterThanOrEqual(m[i - 1].at);
    expect(new Set(m.map((x) => x.key)).size).toBe(m.length);
  });

  it('orders moments at the same instant reminder, summary, dispatch, inspection', () => {
    // due Friday 09:00 with a 24 h lead: the reminder is Thursday 2023-07-20 09:00, as is the dispatch;
    // summary 8 h after a Monday 09:00 due ... use inspection at the summary time of Monday 2023-07-31
    const s = settings('2023-07-03', 'Asia/Shanghai', { weeklyDue: { weekday: 5, time: '09:00' }, inspectionTime: '11:00', summaryDelayHours: 2 });
    const a = campaignMoments(s, ms('2023-07-20T00:00:00+08:00'), ms('2023-07-21T00:00:00+08:00'));
    expect(a.map((x) => x.kind)).toEqual(['reminder', 'dispatch']);
    const s2 = settings('2023-07-03', 'Asia/Shanghai', { weeklyDue: { weekday: 1, time: '09:00' }, inspectionTime: '11:00', dispatchTime: '11:00' });
    const b = campaignMoments(s2, ms('2023-07-31T10:00:00+08:00'), ms('2023-08-01T00:00:00+08:00'));
    expect(b.map((x) => x.kind)).toEqual(['summary', 'dispatch', 'inspection']);
    expect(new Set(b.map((x) => x.at)).size).toBe(1);
  });
});

describe('itemMoments', () => {
  const seed = settings('2023-07-10');
  const item = { deadline: '2023-09-30', milestones: [{ date: '2023-08-15' }, { date: '2023-09-10' }] };
  const all = itemMoments(seed, item, LADDER, 0, ms('2024-01-01T00:00:00+08:00'));

  it('puts followups N working days after each due time, on working days, with N in the key', () => {
    const f = all.filter((m) => m.kind === 'followup');
    expect(f[0]).toEqual({
      at: ms('2023-07-19T12:00:00+08:00'), local: '2023-07-19T12:00:00+08:00', kind: 'followup', key: 'followup+3:2023-07-19T12:00:00+08:00', cycle: 0,
      days: 3, workingDays: true,
    });
    const dues = all.filter((m) => m.kind === 'due');
    // every due has its followup, except the last one (2023-12-29), whose followup is on 2024-01-03
    expect(dues[dues.length - 1].local).toBe('2023-12-29T12:00:00+08:00');
    expect(f.map((m) => m.cycle)).toEqual(dues.slice(0, -1).map((m) => m.cycle));
    for (const m of f) {
      const local = DateTime.fromMillis(m.at, { zone: 'Asia/Shanghai' });
      expect(isWorkingDay(local, CADENCE)).toBe(true);
      expect(local.weekday).toBe(3); // Friday + 3 working days = Wednesday
      expect(/[+-](\d+):/.exec(m.key)?.[1]).toBe('3'); // the key keeps N, as recorded histories have it
      expect(momentNumber(m)).toEqual({ days: 3, workingDays: true });
    }
    expect(dues[0]).toMatchObject({ kind: 'due', cycle: 0, local: '2023-07-14T12:00:00+08:00', key: 'due:2023-07-14T12:00:00+08:00' });
  });

  it('gives one followup per distinct N and none without such a rung', () => {
    const two: Rung[] = [...LADDER, { id: 'sup2', level: 'supervision', notice: 'x', when: { missedForWorkingDays: 5 }, to: ['leader'] },
      { id: 'dup', level: 'supervision', notice: 'y', when: { missedForWorkingDays: 3 }, to: ['leader'] }];
    const m = itemMoments(seed, item, two, ms('2023-07-14T00:00:00+08:00'), ms('2023-07-22T00:00:00+08:00'));
    expect(m.filter((x) => x.kind === 'followup').map((x) => x.key)).toEqual(['followup+3:2023-07-19T12:00:00+08:00', 'followup+5:2023-07-21T12:00:00+08:00']);
    const none = itemMoments(seed, item, LADDER.filter((r) => r.when.missedForWorkingDays === undefined), 0, ms('2024-01-01T00:00:00+08:00'));
    expect(none.some((x) => x.kind === 'followup')).toBe(false);
  });

  it('returns a followup whose due time is before fromMs', () => {
    const m = itemMoments(seed, item, LADDER, ms('2023-07-18T00:00:00+08:00'), ms('2023-07-20T00:00:00+08:00'));
    expect(m.map((x) => x.key)).toEqual(['followup+3:2023-07-19T12:00:00+08:00']);
    expect(m[0].cycle).toBe(0);
  });

  it('has deadline warning, deadline (00:00 after the deadline day) and late moments', () => {
    const d = all.filter((m) => m.kind.startsWith('deadline'));
    expect(d.map((m) => m.key)).toEqual([
      'deadlineWarning-7:2023-09-22T12:00:00+08:00', // 09-23 is a Saturday: the Friday before
      // the deadline passes at 00:00 on Sunday 10-01: its notice goes out on Monday's working morning
      'deadline:2023-10-02T08:30:00+08:00',
      // count from Monday 10-02, + 10 working days, at the working morning
      'deadlineLate+10:2023-10-16T08:30:00+08:00',
    ]);
    expect(/[+-](\d+):/.exec(d[0].key)?.[1]).toBe('7');
    expect(d[1].at).toBe(localDay('2023-10-02', 'Asia/Shanghai').plus({ hours: 8, minutes: 30 }).toMillis());
    expect(d.every((m) => m.cycle === undefined && m.milestone === undefined)).toBe(true);
  });

  it('carries each trigger moment\'s N as fields, and reads it back the same from the key alone (old histories)', () => {
    const wide: Rung[] = [...LADDER,
      { id: 'wd', level: 'reminder', notice: '提醒', when: { beforeDeadlineWorkingDays: 4 }, to: ['contact'] },
      { id: 'mwd', level: 'reminder', notice: '提醒', when: { beforeMilestoneWorkingDays: 2 }, to: ['contact'] }];
    const moments = itemMoments(seed, item, wide, 0, ms('2024-01-01T00:00:00+08:00'));
    const numbered = moments.filter((m) => m.days !== undefined);
    expect(new Set(numbered.map((m) => m.kind))).toEqual(new Set(['followup', 'deadlineWarning', 'deadlineLate', 'milestoneWarning']));
    for (const m of moments) {
      const { days: _days, workingDays: _wd, ...legacy } = m;
      expect([m.key, momentNumber(legacy)?.days, momentNumber(legacy)?.workingDays])
        .toEqual([m.key, m.days ?? momentNumber(legacy)?.days, m.workingDays ?? momentNumber(legacy)?.workingDays]);
      if (m.days !== undefined) expect(m.key.includes('w:') || m.key.includes('w#')).toBe(m.workingDays && m.kind.endsWith('Warning'));
    }
    expect(numbered.find((m) => m.key.startsWith('deadlineWarning-4w:'))).toMatchObject({ days: 4, workingDays: true });
    expect(numbered.find((m) => m.key.startsWith('deadlineWarning-7:'))).toMatchObject({ days: 7, workingDays: false });
    expect(numbered.find((m) => m.key.startsWith('deadlineLate+10:'))).toMatchObject({ days: 10, workingDays: true });
  });

  it('has milestone warnings and milestones with their index', () => {
    const m = all.filter((x) => x.kind.startsWith('milestone'));
    expect(m.map((x) => [x.key, x.milestone])).toEqual([
      // 08-12 is a Saturday: the warning comes on Friday; milestone notices at the working morning
      ['milestoneWarning-3:2023-08-11T12:00:00+08:00#0', 0],
      ['milestone:2023-08-16T08:30:00+08:00#0', 0],
      ['milestoneWarning-3:2023-09-07T12:00:00+08:00#1', 1],
      ['milestone:2023-09-11T08:30:00+08:00#1', 1],
    ]);
  });

  it('shares the campaign\'s inspection instants', () => {
    const campaign = campaignMoments(seed, 0, ms('2024-01-01T00:00:00+08:00')).filter((m) => m.kind === 'inspection');
    const own = all.filter((m) => m.kind === 'inspection');
    expect(own).toEqual(campaign);
    expect(own[0].local).toBe('2023-07-31T17:00:00+08:00');
  });

  it('is sorted, has unique keys and nothing before the campaign start', () => {
    for (let i = 1; i < all.length; i++) expect(all[i].at).toBeGreaterThanOrEqual(all[i - 1].at);
    expect(new Set(all.map((m) => m.key)).size).toBe(all.length);
    const early = itemMoments(settings('2023-09-27'), item, LADDER, 0, ms('2023-10-20T00:00:00+08:00'));
    expect(early.some((m) => m.kind === 'deadlineWarning')).toBe(false); // 09-23 is before the start
    expect(early.some((m) => m.kind.startsWith('milestone'))).toBe(false);
    expect(early.every((m) => m.at >= ms('2023-09-27T00:00:00+08:00'))).toBe(true);
    expect(early.some((m) => m.kind === 'deadline')).toBe(true);
  });

  it('keeps 12:00 local for an item in Europe/London across DST', () => {
    const london = settings('2026-03-02', 'Europe/London');
    const m = itemMoments(london, { deadline: '2026-04-30', milestones: [] }, LADDER, ms('2026-03-25T00:00:00Z'), ms('2026-04-09T00:00:00Z'));
    expect(m.map((x) => x.key)).toEqual([
      'followup+3:2026-03-25T12:00:00+00:00',
      'due:2026-03-27T12:00:00+00:00',
      'inspection:2026-03-31T17:00:00+01:00',
      'followup+3:2026-04-01T12:00:00+01:00',
      'due:2026-04-03T12:00:00+01:00',
      'followup+3:2026-04-08T12:00:00+01:00',
    ]);
  });
});

describe('planShare (序时进度)', () => {
  const s = settings('2023-07-10');
  const start = ms('2023-07-10T00:00:00+08:00');
  const end = ms('2023-07-20T00:00:00+08:00'); // deadline 07-19, fully usable

  it('is 0 at (and before) the start, 1 at and after the deadline moment, linear in between', () => {
    expect(planShare(s, '2023-07-19', start)).toBe(0);
    expect(planShare(s, '2023-07-19', start - 3600_000)).toBe(0);
    expect(planShare(s, '2023-07-19', end)).toBe(1);
    expect(planShare(s, '2023-07-19', end + 86400_000 * 30)).toBe(1);
    expect(planShare(s, '2023-07-19', ms('2023-07-15T00:00:00+08:00'))).toBeCloseTo(0.5, 10);
    expect(planShare(s, '2023-07-19', end - 1)).toBeLessThan(1);
  });

  it('is monotonic and within 0..1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: start - 5 * 86400_000, max: end + 5 * 86400_000 }),
        fc.integer({ min: 0, max: 20 * 86400_000 }),
        (a, d) => {
          const x = planShare(s, '2023-07-19', a);
          const y = planShare(s, '2023-07-19', a + d);
          expect(x).toBeGreaterThanOrEqual(0);
          expect(y).toBeLessThanOrEqual(1);
          expect(y).toBeGreaterThanOrEqual(x);
        },
      ),
    );
  });
});

// ---------------------------------------------------------------------------
// On the official Chinese calendar (holidays and 调休 from the package data)

describe('properties on the official calendar (法定节假日、调休)', () => {
  const CN = buildWorkingCalendar(CADENCE, officialYears());
  const zones = ['Asia/Shanghai', 'UTC', 'Europe/Berlin', 'America/New_York'];
  /** A day from 2020-01-01 to 2026-12-31: the years the data covers. */
  const dayArb = fc.integer({ min: 0, max: DateTime.utc(2026, 12, 31).diff(DateTime.utc(2020, 1, 1), 'days').days });
  const dayOf = (offset: number): string => DateTime.utc(2020, 1, 1).plus({ days: offset }).toISODate()!;
  const clockArb = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  const cadenceArb = fc.record({
    weeklyDue: fc.record({ weekday: fc.integer({ min: 1, max: 7 }), time: clockArb }),
    reminderLeadHours: fc.integer({ min: 1, max: 72 }),
    summaryDelayHours: fc.integer({ min: 0, max: 30 }),
    dispatchTime: clockArb,
    inspectionTime: clockArb,
    onDayOff: fc.record({ weeklyDue: fc.constantFrom('previous', 'next'), dispatch: fc.constantFrom('previous', 'next'), inspection: fc.constantFrom('previous', 'next'), warning: fc.constantFrom('previous', 'next') } as const),
  });
  const HOURS = { start: 8 * 60 + 30, end: 18 * 60 };

  it('property: no moment is on a day off or outside working hours, in any zone, for any cadence', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 7, max: 70 }), fc.constantFrom(...zones), cadenceArb, fc.integer({ min: 0, max: 80 }),
        (offset, span, zone, over, deadlineAfter) => {
          const start = dayOf(offset);
          const s: CalendarSettings = { timeZone: zone, start, cadence: { ...CADENCE, ...over }, calendar: CN };
          const from = localDay(start, zone).toMillis();
          const until = localDay(start, zone).plus({ days: span }).toMillis();
          const deadline = dayOf(Math.min(offset + deadlineAfter, DateTime.utc(2026, 12, 20).diff(DateTime.utc(2020, 1, 1), 'days').days));
          const moments = [
            ...campaignMoments(s, from, until),
            ...itemMoments(s, { deadline, milestones: [{ date: deadline }] }, LADDER, from, until),
          ];
          for (const m of moments) {
            const at = DateTime.fromMillis(m.at, { zone });
            if (Number(m.local.slice(0, 4)) > 2026) continue; // past the data: placed by weekends alone
            expect([m.key, isWorkingDay(at, CN)]).toEqual([m.key, true]);
            const minutes = at.hour * 60 + at.minute;
            expect([m.key, minutes >= HOURS.start && minutes < HOURS.end]).toEqual([m.key, true]);
            expect(m.local).toBe(formatLocal(m.at, zone));
          }
          // campaign and item both have the inspection; every other key is unique
          const own = moments.filter((m) => m.kind !== 'inspection').map((m) => m.key);
          expect(new Set(own).size).toBe(own.length);
        }),
      { numRuns: 300 },
    );
  });

  it('property: what a range holds does not depend on the range asked before (moments are kept per whole day)', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 40 * 86400_000 }), fc.integer({ min: 1, max: 60 * 86400_000 }), fc.constantFrom(...zones), cadenceArb,
        fc.integer({ min: 0, max: 20 * 86400_000 }), fc.integer({ min: 0, max: 20 * 86400_000 }),
        (offset, into, span, zone, over, before, after) => {
          const start = dayOf(Math.min(offset, DateTime.utc(2026, 10, 1).diff(DateTime.utc(2020, 1, 1), 'days').days));
          const cadence = { ...CADENCE, ...over };
          const item = { deadline: dayOf(offset + 50), milestones: [{ date: dayOf(offset + 20) }] };
          const from = localDay(start, zone).toMillis() + into;
          const until = from + span;
          // A wider range first (its whole days are kept), then the range: the same as on a calendar never asked.
          const wide = itemMoments({ timeZone: zone, start, cadence, calendar: CN }, item, LADDER, from - before, until + after);
          const cut = itemMoments({ timeZone: zone, start, cadence, calendar: CN }, item, LADDER, from, until);
          const fresh = itemMoments({ timeZone: zone, start, cadence, calendar: buildWorkingCalendar(CADENCE, officialYears()) }, item, LADDER, from, until);
          expect(cut).toEqual(fresh);
          expect(wide.filter((m) => m.at >= from && m.at < until)).toEqual(fresh);
        }),
      { numRuns: 150 },
    );
  });

  it('property: N working days forward then back returns to the start (a working day)', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 1, max: 60 }), fc.constantFrom(...zones), (offset, n, zone) => {
        let start = DateTime.fromISO(`${dayOf(offset)}T10:00`, { zone });
        while (!isWorkingDay(start, CN)) start = start.plus({ days: 1 });
        if (start.year > 2026) return;
        const there = addWorkingDays(start, n, CN);
        expect(isWorkingDay(there, CN)).toBe(true);
        expect(addWorkingDays(there, -n, CN).toMillis()).toBe(start.toMillis());
        expect(addWorkingDays(addWorkingDays(start, -n, CN), n, CN).toMillis()).toBe(start.toMillis());
      }),
      { numRuns: 500 },
    );
  });

  it('property: shifting is stable and idempotent (a moment on a working day in working hours does not move)', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 24 * 4 - 1 }), fc.constantFrom('previous', 'next') as fc.Arbitrary<'previous' | 'next'>, fc.constantFrom(...zones),
        (offset, quarter, dir, zone) => {
          const at = localDay(dayOf(offset), zone).plus({ minutes: quarter * 15 });
          const onDay = onWorkingDay(at, dir, CN, zone);
          expect(isWorkingDay(onDay.at, CN)).toBe(true);
          if (isWorkingDay(at, CN)) expect(onDay).toEqual({ at });
          else expect(onDay.moved?.to).toBe(dir);
          expect(onWorkingDay(onDay.at, dir, CN, zone).at.toMillis()).toBe(onDay.at.toMillis());
          const placed = inWorkingTime(onDay, CADENCE, CN, zone);
          const minutes = placed.at.hour * 60 + placed.at.minute;
          expect(isWorkingDay(placed.at, CN) && minutes >= HOURS.start && minutes < HOURS.end).toBe(true);
          expect(inWorkingTime({ at: placed.at }, CADENCE, CN, zone)).toEqual({ at: placed.at });
          if (placed.at.toMillis() !== at.toMillis()) expect(placed.moved).toBeDefined();
        }),
      { numRuns: 1000 },
    );
  });

  it('property: the three dekads of every month from 2020 to 2030 tile the month exactly, and each dekad\'s dispatch is placed once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2020, max: 2030 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const ds = dekadsOf(year, month);
        const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
        const covered: number[] = ds.flatMap((d) => Array.from({ length: d.lastDay - d.firstDay + 1 }, (_, i) => d.firstDay + i));
        expect(covered).toEqual(Array.from({ length: last }, (_, i) => i + 1));
        expect(ds[0].firstDay).toBe(1);
        for (let i = 1; i < 3; i++) expect(ds[i].firstDay).toBe(ds[i - 1].lastDay + 1);
        // every dekad end gives exactly one dispatch, moved or not
        const first = DateTime.fromObject({ year, month, day: 1 }, { zone: 'Asia/Shanghai' });
        const s: CalendarSettings = { timeZone: 'Asia/Shanghai', start: first.minus({ months: 1 }).toISODate()!, cadence: CADENCE, calendar: CN };
        const m = campaignMoments(s, first.minus({ days: 20 }).toMillis(), first.plus({ months: 2 }).toMillis()).filter((x) => x.kind === 'dispatch');
        const ofMonth = m.filter((x) => (x.moved?.from ?? x.local).slice(0, 7) === first.toFormat('yyyy-MM'));
        expect(ofMonth.map((x) => Number((x.moved?.from ?? x.local).slice(8, 10)))).toEqual(ds.map((d) => d.lastDay));
      }),
      { numRuns: 132 },
    );
  });
});
