/**
 * A campaign simulated across the 2026 Spring Festival (Feb 15 to 23 off,
 * Saturdays Feb 14 and 28 worked, per the State Council's notice) on the real
 * time-skipping server: no mail on a day off or at night, and the moved
 * moments show where they went.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { simulate, type SimulationResult } from '../runtime/simulation';
import { tinyPlan, UNTRACKED_LADDER } from './support/env';
import type { CampaignPlan } from '../domain/types';

/** The official 2026 arrangement around the Spring Festival, written out (not read from the package). */
const DAYS_OFF_2026 = ['2026-01-01', '2026-01-02', '2026-01-03', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23'];
const WORKED_2026 = ['2026-01-04', '2026-02-14', '2026-02-28'];
const isDayOff = (d: DateTime): boolean => {
  const iso = d.toISODate()!;
  if (WORKED_2026.includes(iso)) return false;
  return DAYS_OFF_2026.includes(iso) || d.weekday >= 6;
};

let plan: CampaignPlan;
let result: SimulationResult;
let before: string | undefined;

beforeAll(async () => {
  before = process.env.RECTIFY_DATA;
  process.env.RECTIFY_DATA = mkdtempSync(path.join(os.tmpdir(), 'rectify-sf-')); // no loaded years: the package's data
  // The ladder that mails each cause's notice in every cycle (what this test counts), as a campaign writing its own keeps it.
  const base = tinyPlan({ id: 'spring-festival', start: '2026-02-02', concentratedEnd: '2026-03-31', ladder: UNTRACKED_LADDER }, 2);
  // item (1): deadline on the first day of the holiday; item (2): a milestone inside it
  plan = {
    ...base,
    items: [
      { ...base.items[0], deadline: '2026-02-15' },
      { ...base.items[1], deadline: '2026-03-31', milestones: [{ date: '2026-02-18', deliverable: '方案' }] },
    ],
  };
  result = await simulate(plan, '2026-03-06');
}, 300000);

afterAll(() => {
  if (before === undefined) delete process.env.RECTIFY_DATA;
  else process.env.RECTIFY_DATA = before;
});

const at = (iso: string): DateTime => DateTime.fromISO(iso, { setZone: true }).setZone('Asia/Shanghai');

describe('a campaign across the 2026 Spring Festival', () => {
  test('sends no mail and fires nothing on a day off or outside 08:30-18:00', () => {
    expect(result.events.length).toBeGreaterThan(20);
    for (const e of result.events) {
      const t = at(e.at);
      expect([e.kind, e.at, isDayOff(t)]).toEqual([e.kind, e.at, false]);
      const minutes = t.hour * 60 + t.minute;
      expect([e.kind, e.at, minutes >= 8 * 60 + 30 && minutes < 18 * 60]).toEqual([e.kind, e.at, true]);
    }
    // nothing at all during the holiday
    expect(result.events.filter((e) => e.at >= '2026-02-15' && e.at < '2026-02-24')).toEqual([]);
  });

  test('the dispatch of the dekad ending on Feb 20 goes out on the next working day, the one of Feb 28 on the worked Saturday', () => {
    expect(result.events.filter((e) => e.kind === 'dispatch-sheet').map((e) => e.at)).toEqual([
      '2026-02-10T09:00:00+08:00', '2026-02-24T09:00:00+08:00', '2026-02-28T09:00:00+08:00',
    ]);
    expect(result.events.filter((e) => e.kind === 'inspection').map((e) => e.at)).toEqual(['2026-02-28T17:00:00+08:00']);
    // the moved moment says why
    expect(result.events.filter((e) => e.kind === 'dispatch-sheet').map((e) => e.placedBy)).toEqual([
      undefined, 'dispatch Fri 2026-02-20 09:00 is a day off (春节) → next working day', undefined,
    ]);
  });

  test('the week off has its report due after the holiday: chased on Tuesday Feb 24 at 12:00, reminded on the worked Saturday before', () => {
    const chases = result.events.filter((e) => e.kind === 'chase' && e.rung === 'chase' && e.item === '(2)').map((e) => e.at);
    expect(chases).toEqual([
      '2026-02-06T12:00:00+08:00', '2026-02-13T12:00:00+08:00', '2026-02-24T12:00:00+08:00', '2026-02-27T12:00:00+08:00', '2026-03-06T12:00:00+08:00',
    ]);
    const reminders = [...new Set(result.events.filter((e) => e.kind === 'reminder').map((e) => e.at))];
    expect(reminders).toContain('2026-02-14T12:00:00+08:00');
    expect(reminders.some((r) => r.startsWith('2026-02-23'))).toBe(false);
    // three working days after the Feb 13 due: Sat 14 (worked), Tue 24, Wed 25: the holiday burns no rung
    const supervision = result.events.filter((e) => e.rung === 'supervision' && e.item === '(2)').map((e) => e.at);
    expect(supervision).toContain('2026-02-25T12:00:00+08:00');
  });

  test('a deadline on a holiday is overdue from 00:00 but its notice waits for the first working morning', () => {
    const passed = result.events.filter((e) => e.rung === 'deadline-passed');
    expect(passed.map((e) => [e.item, e.at])).toEqual([['(1)', '2026-02-24T08:30:00+08:00']]);
    expect(passed[0].placedBy).toBe('deadline notice Mon 2026-02-16 00:00 is a day off (春节) → next working morning');
    const milestone = result.events.filter((e) => e.rung === 'milestone-missed');
    expect(milestone.map((e) => [e.item, e.at])).toEqual([['(2)', '2026-02-24T08:30:00+08:00']]);
    expect(result.items.find((i) => i.id === '(1)')?.overdue).toBe(true);
  });
});

describe('a campaign running into a year without official data', () => {
  test('the coordinators are told the year once, with the next dispatch sheet; the sheets themselves carry no such note', async () => {
    const base = tinyPlan({ id: 'new-year', start: '2026-12-14', concentratedEnd: '2027-03-31' }, 1);
    const run = await simulate({ ...base, items: [{ ...base.items[0], deadline: '2027-03-31' }] }, '2027-01-12');
    const sheets = run.mails.filter((m) => m.subject.includes('调度'));
    expect(sheets.length).toBeGreaterThanOrEqual(3);
    expect(sheets.filter((m) => m.text.includes('节假日安排尚未载入'))).toHaveLength(0);
    const warned = run.mails.filter((m) => m.text.includes('2027年的法定节假日安排尚未载入'));
    expect(warned).toHaveLength(1);
    expect(warned[0].subject).toBe('【专班办公室提示】示例整改：2027年节假日安排尚未载入');
  }, 300000);
});
