/**
 * 下次报送截止: the next weekly due time an item shows and a report made now counts for (nextDueMoment).
 *
 * The plan: weekly due times on Fridays 12:00 (cycles 0, 1, 2), with the reminder, follow-up and summary moments
 * around them that are not due times.
 */
import { nextDueMoment } from '../../domain/rules';
import { at, moment } from './support';

const PLAN = [
  moment('reminder', '2026-03-05 12:00', { cycle: 0 }),
  moment('due', '2026-03-06 12:00', { cycle: 0 }),
  moment('summary', '2026-03-06 14:00', { cycle: 0 }),
  moment('followup', '2026-03-11 12:00', { n: 3, cycle: 0 }),
  moment('due', '2026-03-13 12:00', { cycle: 1 }),
  moment('dispatch', '2026-03-20 09:00'),
  moment('due', '2026-03-20 12:00', { cycle: 2 }),
];

describe('nextDueMoment', () => {
  test.each<[string, string, number[] | undefined, number | undefined]>([
    ['Monday of the first week → this Friday\'s (cycle 0)', '2026-03-02 09:00', undefined, 0],
    ['at the reminder → this Friday\'s', '2026-03-05 12:00', undefined, 0],
    ['at the due time itself → that due time (a report at 12:00 sharp is on time)', '2026-03-06 12:00', undefined, 0],
    ['a minute after the due time → next Friday\'s (cycle 1)', '2026-03-06 12:01', undefined, 1],
    ['at the follow-up → next Friday\'s', '2026-03-11 12:00', undefined, 1],
    ['after the last planned due time → none', '2026-03-20 12:01', undefined, undefined],
    ['this week already reported → still this week\'s, when no reported cycles are given', '2026-03-04 09:00', undefined, 0],
    ['this week already reported → next week\'s (the next one still owed)', '2026-03-04 09:00', [0], 1],
    ['this and next week reported ahead → the week after', '2026-03-04 09:00', [0, 1], 2],
    ['a later week reported, not this one → this week\'s', '2026-03-04 09:00', [1], 0],
    ['nothing reported (empty list) → this week\'s', '2026-03-04 09:00', [], 0],
    ['every planned week reported → none', '2026-03-04 09:00', [0, 1, 2], undefined],
    ['an old week reported, now in cycle 1 → cycle 1', '2026-03-10 09:00', [0], 1],
  ])('%s', (_case, now, reported, cycle) => {
    const m = nextDueMoment(PLAN, at(now), reported);
    expect(m?.cycle).toBe(cycle);
    if (m) expect(m.kind).toBe('due');
  });

  it('an empty plan has no next due time', () => {
    expect(nextDueMoment([], at('2026-03-02 09:00'))).toBeUndefined();
  });
});
