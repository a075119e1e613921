/**
 * 红黄绿灯 and 序时进度 (share of the item's time passed), as tables.
 *
 * Every row is one item on one day: an item that started on day 0 and is due on day 100, seen on day 50 at 50 %
 * unless the row says otherwise; the yellow window is the schema's default of 7 days.
 */
import { behindPlanBy, lightOf, planShareAt, type LightInput } from '../../domain/rules';
import { planShare } from '../../domain/calendar';
import type { Light } from '../../domain/types';
import { at, CADENCE, DAY_MS, settings } from './support';

const day = (n: number): number => n * DAY_MS;

const ON_PLAN: LightInput = {
  state: 'inProgress', now: day(50), startAt: day(0), deadlineAt: day(100), openMilestones: [],
  missedInARow: 0, percent: 50, yellowWindowMs: CADENCE.yellowWindowDays * DAY_MS,
};

describe('lightOf: the colour of an item', () => {
  test.each<[string, Partial<LightInput>, Light]>([
    // Out of the count
    ['closed (已销号) → grey', { state: 'closed' }, 'grey'],
    ['closed even though its deadline passed → grey', { state: 'closed', now: day(120) }, 'grey'],
    ['kept up long-term (持续整改) → grey', { state: 'continuing' }, 'grey'],
    ['submitted for close-out (待验收) → green', { state: 'submitted' }, 'green'],
    ['submitted after missing two reports, deadline passed → still green (the submission stops the clock)', { state: 'submitted', now: day(120), missedInARow: 2 }, 'green'],
    // Red
    ['deadline passed → red', { now: day(101) }, 'red'],
    ['the deadline instant itself (00:00 after the deadline day) → red', { now: day(100) }, 'red'],
    ['deadline passed at 100 % but not submitted → red', { now: day(101), percent: 100 }, 'red'],
    ['a milestone passed undelivered → red', { openMilestones: [day(40)] }, 'red'],
    ['a milestone passed today at this instant → red', { openMilestones: [day(50)] }, 'red'],
    ['two reports missed in a row → red', { missedInARow: 2 }, 'red'],
    ['three reports missed in a row → red', { missedInARow: 3 }, 'red'],
    ['not started, two reports missed → red', { state: 'notStarted', percent: 0, missedInARow: 2 }, 'red'],
    ['returned, deadline passed → red', { state: 'returned', now: day(101) }, 'red'],
    // Yellow
    ['one report missed → yellow', { missedInARow: 1 }, 'yellow'],
    ['one report missed while ahead of plan → yellow', { missedInARow: 1, percent: 90 }, 'yellow'],
    ['deadline in 5 days and behind plan → yellow', { now: day(95), percent: 60 }, 'yellow'],
    ['deadline exactly 7 days away (the window\'s edge) and behind plan → yellow', { now: day(93), percent: 60 }, 'yellow'],
    ['milestone in 3 days and behind plan → yellow', { openMilestones: [day(53)], percent: 30 }, 'yellow'],
    ['a custom window of 14 days: deadline in 10 days and behind plan → yellow', { now: day(90), percent: 50, yellowWindowMs: 14 * DAY_MS }, 'yellow'],
    // Green
    ['on plan, nothing near → green', {}, 'green'],
    ['not started at 0 % on its first day → green', { state: 'notStarted', now: day(0), percent: 0 }, 'green'],
    ['behind plan but nothing near → green', { percent: 10 }, 'green'],
    ['deadline 8 days away (outside the window) and behind plan → green', { now: day(92), percent: 60 }, 'green'],
    ['deadline in 5 days, on plan → green', { now: day(95), percent: 95 }, 'green'],
    ['deadline in 5 days, ahead of plan → green', { now: day(95), percent: 99 }, 'green'],
    ['deadline in 5 days, work done (100 %) → green', { now: day(95), percent: 100 }, 'green'],
    ['deadline in 5 days, less than half a point behind (rounds to on plan) → green', { now: day(95.4), percent: 95 }, 'green'],
    ['milestone delivered, so no longer open, date passed → green', { openMilestones: [] }, 'green'],
    ['milestone in 3 days, on plan → green', { openMilestones: [day(53)], percent: 55 }, 'green'],
    ['returned (已退回), on plan → green', { state: 'returned' }, 'green'],
  ])('%s', (_case, change, light) => {
    expect(lightOf({ ...ON_PLAN, ...change })).toBe(light);
  });
});

describe('planShareAt: share of the item\'s time passed (序时进度), 0 to 1', () => {
  test.each<[string, number, number, number, number]>([
    ['before the start → 0', day(-5), day(0), day(100), 0],
    ['at the start → 0', day(0), day(0), day(100), 0],
    ['a quarter of the way → 0.25', day(25), day(0), day(100), 0.25],
    ['half-way → 0.5', day(50), day(0), day(100), 0.5],
    ['at the deadline → 1', day(100), day(0), day(100), 1],
    ['after the deadline → 1 (never more)', day(300), day(0), day(100), 1],
    ['deadline on the start (no time at all) → 1', day(0), day(10), day(10), 1],
    ['deadline before the start → 1', day(5), day(10), day(0), 1],
  ])('%s', (_case, now, startAt, deadlineAt, share) => {
    expect(planShareAt(now, startAt, deadlineAt)).toBeCloseTo(share, 12);
  });
});

describe('behindPlanBy: points behind the share of time passed', () => {
  test.each<[string, number, number, number]>([
    ['half the time gone, 20 % done → 30 points behind', day(50), 20, 30],
    ['half the time gone, 50 % done → on plan (0)', day(50), 50, 0],
    ['half the time gone, 80 % done → 30 points ahead (-30)', day(50), 80, -30],
    ['nothing done on the first day → 0', day(0), 0, 0],
    ['deadline passed at 70 % → 30 points behind', day(150), 70, 30],
    ['a third of the time gone, 0 % → 33 points (rounded)', day(100 / 3), 0, 33],
    ['two thirds gone, 0 % → 67 points (rounded up)', day(200 / 3), 0, 67],
  ])('%s', (_case, now, percent, points) => {
    expect(behindPlanBy({ now, startAt: day(0), deadlineAt: day(100), percent })).toBe(points);
  });
});

describe('planShare (calendar): from the campaign start to the end of the deadline day', () => {
  // A campaign starting 2026-03-02 00:00, deadline 2026-03-11: ten whole days, the deadline day included.
  const s = settings('2026-03-02');
  test.each<[string, string, number]>([
    ['before the campaign starts → 0', '2026-03-01 12:00', 0],
    ['at the start → 0', '2026-03-02 00:00', 0],
    ['after five of ten days → 0.5', '2026-03-07 00:00', 0.5],
    ['on the deadline day at noon → 0.95', '2026-03-11 12:00', 0.95],
    ['00:00 after the deadline day → 1', '2026-03-12 00:00', 1],
    ['a week after the deadline → 1', '2026-03-19 00:00', 1],
  ])('%s', (_case, when, share) => {
    expect(planShare(s, '2026-03-11', at(when))).toBeCloseTo(share, 12);
  });
});
